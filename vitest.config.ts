// Tests: SQL functions on real PostGIS (test/sql), the data module's contract with the
// migrated database (test/contract), and the built app in Chromium (test/e2e).
// PostGIS start-up costs seconds, so timeouts are generous and fixtures are prepared once.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // expect.poll's own default (1 s) is shorter than a redraw the app debounces by design
    // (another tab's save is drawn within a second, then loaded) on 2 cores under a load of 13;
    // a poll still fails as soon as its time is up, so a broken redraw is still caught
    expect: { poll: { timeout: 10_000, interval: 100 } },
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
})
