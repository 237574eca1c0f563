// The migration runner (src/lib/db/apply-migrations.ts) on a migrated database: every file is
// recorded where the Supabase CLI records it, a second run applies nothing, and a database that
// records a migration these files do not have (built from other SQL, such as the chain before
// the migrations were folded by topic) is refused with migrations_unknown before anything runs,
// as `supabase db push` refuses such a remote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { applyMigrations, migrationVersion, type ExecDatabase } from '../../src/lib/db/apply-migrations'
import { migrationFiles } from '../helpers/sql-files'

describe.each(testBackends())('the migration runner on %s', (kind) => {
  let db: TestDb
  let exec: ExecDatabase
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    exec = { exec: (s) => db.sql(s), query: async (q, p) => ({ rows: await db.sql(q, p) }) }
  })
  afterAll(() => db?.close())

  it('recorded every migration file, and a second run applies none', async () => {
    const rows = await db.sql<{ version: string; name: string }>('select version, name from supabase_migrations.schema_migrations order by version')
    expect(rows.map((r) => r.name)).toEqual(migrationFiles().map((f) => f.name))
    expect(rows.map((r) => r.version)).toEqual(migrationFiles().map((f) => migrationVersion(f.name)))
    expect(await applyMigrations(exec, migrationFiles())).toEqual([])
  })

  it('refuses a database that records a migration the files do not have, and runs nothing', async () => {
    await db.sql(`insert into supabase_migrations.schema_migrations (version, name) values ('20261125000100', '20261125000100_platform.sql')`)
    const files = [...migrationFiles(), { name: '20991231000100_new.sql', sql: 'create table public.should_not_exist (id int);' }]
    await expect(applyMigrations(exec, files)).rejects.toThrow(/^migrations_unknown: .*20261125000100/)
    expect(await db.sql(`select to_regclass('public.should_not_exist')::text as t`)).toEqual([{ t: null }])
  })
})
