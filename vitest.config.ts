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
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
})
