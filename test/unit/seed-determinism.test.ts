// The generator (scripts/generate-demo.ts) at its defaults writes supabase/seed.sql byte for
// byte: the seed is committed, and a faster generator must not change a single vertex of it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

describe('the demo generator', () => {
  it('writes supabase/seed.sql again, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridgov-seed-'))
    try {
      const out = join(dir, 'seed.sql')
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-demo.ts', '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
      const made = readFileSync(out), committed = readFileSync(join(root, 'supabase', 'seed.sql'))
      expect(made.length).toBe(committed.length)
      expect(made.equals(committed)).toBe(true)
    } finally { rmSync(dir, { recursive: true, force: true }) }
  }, 120_000)
})
