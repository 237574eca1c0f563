// The SQL every prepared database is built from (tests, bench, the app's demo database):
// the same migration files and seed Supabase uses.
import { readFileSync, readdirSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { MigrationFile } from '../src/lib/db/apply-migrations'

export const root = join(import.meta.dirname, '..')

export function migrationFiles(): MigrationFile[] {
  const dir = join(root, 'supabase', 'migrations')
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
}

export function seedSql(): string {
  return readFileSync(join(root, 'supabase', 'seed.sql'), 'utf8')
}

/** A short hash of everything a prepared database depends on, to name its cache. */
export function sqlFingerprint(withSeed: boolean): string {
  const h = createHash('sha256')
  for (const f of migrationFiles()) h.update(f.name).update(f.sql)
  if (withSeed) h.update(seedSql())
  return h.digest('hex').slice(0, 16)
}
