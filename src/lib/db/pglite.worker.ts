// The embedded database: PGlite with PostGIS in a Web Worker, so the map never freezes while
// PostGIS works. It applies the same supabase/migrations and seed as Supabase, keeps the
// data in IndexedDB (edits survive a reload), and answers API calls through callRpc, which
// applies the caller's role so Row Level Security holds as it does on Supabase.
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { callRpc, type SqlDatabase } from '../api/rpc'
import { applyMigrations, applySeed, type MigrationFile } from './apply-migrations'
import type { StartStage, WorkerMessage, WorkerRequest } from './worker-protocol'
import seedSql from '../../../supabase/seed.sql?raw'

const DATA_DIR = 'idb://gridgov'
const migrationSources = import.meta.glob('/supabase/migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const migrations: MigrationFile[] = Object.entries(migrationSources).map(([path, sql]) => ({ name: path.split('/').pop()!, sql }))

const post = (m: WorkerMessage) => self.postMessage(m)
const progress = (stage: StartStage, done = 0, total = 1) => post({ type: 'progress', stage, done, total })

async function open(): Promise<PGlite> {
  progress('loading_postgis')
  const db = await PGlite.create({ dataDir: DATA_DIR, extensions: { postgis }, relaxedDurability: true })
  progress('opening_database')
  await applyMigrations(db, migrations, (done, total) => progress('applying_migrations', done, total))
  const { rows } = await db.query<{ seeded: boolean }>('select exists (select 1 from public.districts) as seeded')
  if (!rows[0].seeded) {
    progress('loading_demo_data')
    await applySeed(db, seedSql)
  }
  progress('ready', 1, 1)
  return db
}

let ready = open()
ready.catch((err) => post({ type: 'fatal', message: String(err?.message ?? err) }))

const asSqlDatabase = (db: PGlite): SqlDatabase => ({
  transaction: (fn) => db.transaction((tx) => fn({ query: (q, p) => tx.query(q, p) as any })),
})

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const del = indexedDB.deleteDatabase(name)
    del.onsuccess = () => resolve()
    del.onerror = () => reject(del.error)
    del.onblocked = () => resolve()
  })
}

/** A PostgreSQL error has a SQLSTATE; anything else (a WASM abort) means PGlite is gone. */
const isDatabaseError = (err: any) => typeof err?.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const req = event.data
  try {
    if (req.type === 'reset') {
      const db = await ready.catch(() => null)
      await db?.close()
      // PGlite names its IndexedDB database after the data dir: delete every one that is ours.
      for (const info of await indexedDB.databases()) {
        if (info.name?.includes('gridgov')) await deleteDatabase(info.name)
      }
      ready = open()
      await ready
      post({ id: req.id, ok: true, result: null })
      return
    }
    const db = await ready
    const result = await callRpc(asSqlDatabase(db), req.name, req.args, req.userId)
    post({ id: req.id, ok: true, result })
  } catch (err: any) {
    const fatal = !isDatabaseError(err)
    post({ id: req.id, ok: false, error: { message: String(err?.message ?? err), detail: err?.detail, hint: err?.hint, fatal } })
    if (fatal && req.type === 'rpc') post({ type: 'fatal', message: String(err?.message ?? err) })
  }
}
