// Realtime on Supabase: the realtime migration puts zones and issues in the
// supabase_realtime publication when there is one (Supabase), and does nothing elsewhere.
// Here the publication is dropped, or made by hand as Supabase makes it, and the migration run again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { migrationFiles } from '../helpers/sql-files'

const realtime = migrationFiles().find((f) => f.name.endsWith('_realtime.sql'))!
const published = (db: TestDb) =>
  db.sql<{ tablename: string }>(`select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by tablename`)

describe.each(testBackends())('realtime publication on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'empty') })
  afterAll(() => db?.close())

  it('publishes nothing where Supabase\'s publication does not exist', async () => {
    // the Supabase-shaped PostgreSQL has the publication (test/supabase-shape); plain PostgreSQL has not
    await db.sql('drop publication if exists supabase_realtime')
    await db.sql(realtime.sql)
    expect(await published(db)).toEqual([])
  })

  it('adds zones and issues to supabase_realtime, once however often it runs', async () => {
    await db.sql('create publication supabase_realtime')
    await db.sql(realtime.sql)
    await db.sql(realtime.sql)
    expect((await published(db)).map((r) => r.tablename)).toEqual(['issues', 'zones'])
  })
})
