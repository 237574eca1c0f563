// The embedded database: PGlite with PostGIS in a Web Worker, so the map never freezes while
// PostGIS works. A first start loads the prepared demo database the app ships
// (demo-db.tar.gz: the same supabase/migrations and seed, applied at build time); if that
// cannot be had it applies them here (in one transaction). The data stays in IndexedDB
// (edits survive a reload; later starts apply only new migrations). API calls go through
// callRpc, which applies the caller's role so Row Level Security holds as on Supabase.
//
// Promises: every request gets exactly one answer. A failure that is not a PostgreSQL error
// is followed by a health probe; if the database no longer answers (an exception inside
// PostGIS can end PGlite, electric-sql/pglite#916) the worker posts 'fatal' and the app
// replaces it. A start that fails posts 'start_failed' once; requests then fail with it.
// Resetting the demo data is the app's job: it asks the worker to close, ends it, deletes
// the IndexedDB database and starts a new worker.
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { callRpc, type SqlDatabase } from '../api/rpc'
import { applyMigrations, applySeed, isFreshDatabase, setUpFreshDatabase, type MigrationFile } from './apply-migrations'
import type { StartReport, StartStage, WorkerMessage, WorkerRequest } from './worker-protocol'

/** PGlite keeps the data in the IndexedDB database '/pglite/gridgov'. */
const DATA_DIR = 'idb://gridgov'
const IDB_NAME = '/pglite/gridgov'
const PREPARED_URL = `${import.meta.env.BASE_URL}demo-db.tar.gz`
/** The seed is only needed when the prepared database is missing: a separate chunk. */
const loadSeed = () => import('../../../supabase/seed.sql?raw').then((m) => m.default as string)
const migrationSources = import.meta.glob('/supabase/migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const migrations: MigrationFile[] = Object.entries(migrationSources)
  .map(([path, sql]) => ({ name: path.split('/').pop()!, sql }))
  .sort((a, b) => a.name.localeCompare(b.name))

const post = (m: WorkerMessage) => self.postMessage(m)
let t0 = performance.now()
let timings: StartReport['timings'] = {}
function progress(stage: StartStage, done = 0, total = 1) {
  const elapsedMs = Math.round(performance.now() - t0)
  timings[stage] ??= elapsedMs
  post({ type: 'progress', stage, done, total, elapsedMs })
}

async function isSeeded(db: PGlite): Promise<boolean> {
  const { rows } = await db.query<{ seeded: boolean }>('select exists (select 1 from public.districts) as seeded')
  return rows[0].seeded
}

async function open(): Promise<PGlite> {
  t0 = performance.now()
  timings = {}
  progress('loading_postgis')
  const { db, prepared } = await createDatabase()
  const fresh = prepared || (await isFreshDatabase(db))
  let applied: string[]
  if (fresh && !prepared) {
    const n = migrations.length
    applied = await setUpFreshDatabase(db, migrations, await loadSeed(), (done, total) => {
      if (done < n) progress('creating_database', done, n)
      else progress('loading_demo_data', done === total ? 1 : 0, 1)
    })
  } else {
    progress('opening_database')
    applied = await applyMigrations(db, migrations, (done, total) => { if (total > 0) progress('applying_migrations', done, total) })
    if (!(await isSeeded(db))) {
      progress('loading_demo_data')
      await applySeed(db, await loadSeed())
    }
  }
  // A fresh or upgraded database is flushed before 'ready', so a reload right after start-up
  // finds it in IndexedDB instead of building it again.
  if (fresh || applied.length > 0) await flushToIndexedDb(db)
  progress('ready', 1, 1)
  post({ type: 'started', report: { fresh, prepared, timings: { ...timings }, applied } })
  return db
}

/**
 * Open the IndexedDB database; when there is none yet, create it from the prepared demo
 * database. PGlite can only load a data directory into an empty store, so look first.
 */
async function createDatabase(): Promise<{ db: PGlite; prepared: boolean }> {
  const options = { dataDir: DATA_DIR, extensions: { postgis }, relaxedDurability: true }
  if (!(await storedDatabaseExists())) {
    const dump = await fetchPrepared()
    if (dump) {
      progress('loading_demo_data')
      try {
        return { db: await PGlite.create({ ...options, loadDataDir: dump }), prepared: true }
      } catch (err) {
        console.warn('prepared database did not load; building it from the migrations', err)
      }
    }
  }
  return { db: await PGlite.create(options), prepared: false }
}

async function storedDatabaseExists(): Promise<boolean> {
  // without indexedDB.databases() we cannot tell; then never risk loading over data
  if (typeof indexedDB.databases !== 'function') return true
  return (await indexedDB.databases()).some((d) => d.name === IDB_NAME)
}

async function fetchPrepared(): Promise<Blob | null> {
  try {
    const res = await fetch(PREPARED_URL, { cache: 'no-cache' })
    return res.ok ? await res.blob() : null
  } catch {
    return null
  }
}

// With relaxedDurability PGlite flushes to IndexedDB in the background after each query and
// does not handle a failed flush (an Emscripten ErrnoError when a file vanished mid-flush).
// The next flush writes the difference again, so log it instead of an uncaught error.
self.addEventListener('unhandledrejection', (event) => {
  if (event.reason?.name !== 'ErrnoError') return
  event.preventDefault()
  console.warn('background IndexedDB flush failed; the next query flushes again', event.reason?.errno, event.reason?.message ?? '')
})

/** Wait until everything written so far is in IndexedDB (relaxedDurability does not wait). */
async function flushToIndexedDb(d: PGlite): Promise<void> {
  await (d as unknown as { fs: { syncToFs(relaxed?: boolean): Promise<void> } }).fs.syncToFs(false)
}

/** API functions that write (zone editing, dispatch); their answer waits until IndexedDB has the change. */
const WRITES = /^(save|delete|restore|dispatch)_/

let db: PGlite | null = null
let ready: Promise<PGlite> = start()

function start(): Promise<PGlite> {
  const opening = holdDatabaseLock().then(open).then((d) => (db = d))
  opening.catch((err) => post({ type: 'start_failed', message: messageOf(err) }))
  return opening
}

/**
 * One tab at a time: two tabs would each run their own PGlite over the same IndexedDB data,
 * neither seeing the other's writes, and the later flush would silently undo the earlier
 * tab's saves. The worker holds a Web Lock while the database is open; another tab waits
 * (and says so) until the first closes. A reload waits the moment the old page needs to go.
 */
let releaseLock: () => void = () => undefined
function holdDatabaseLock(): Promise<void> {
  if (!navigator.locks) return Promise.resolve()
  return new Promise((acquired) => {
    const waiting = setTimeout(() => post({ type: 'progress', stage: 'waiting_for_other_tab', done: 0, total: 1, elapsedMs: 0 }), 1500)
    void navigator.locks.request('gridgov-embedded-database', () => {
      clearTimeout(waiting)
      acquired()
      return new Promise<void>((release) => (releaseLock = release))
    })
  })
}

const asSqlDatabase = (d: PGlite): SqlDatabase => ({
  transaction: (fn) => d.transaction((tx) => fn({ query: (q, p) => tx.query(q, p) as any })),
})

const messageOf = (err: any) => String(err?.message ?? err)
/** A PostgreSQL error carries a five-character SQLSTATE. */
const isDatabaseError = (err: any) => typeof err?.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)

/** Does the database still answer? A dead PGlite throws or never settles. */
async function healthy(d: PGlite): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))
  return Promise.race([d.query('select 1').then(() => true, () => false), timeout])
}

/** Close the database (flushes to IndexedDB, releases it so the app can delete it). */
async function close(): Promise<void> {
  const d = await ready.catch(() => null)
  await d?.close().catch(() => undefined)
  releaseLock()
  db = null
  ready = Promise.reject(new Error('database closed'))
  ready.catch(() => undefined)
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const req = event.data
  try {
    if (req.type === 'close') {
      await close()
      post({ id: req.id, ok: true, result: null })
      return
    }
    const d = await ready
    if (req.type === 'sql') {
      // the embedded database is the user's own, as psql on a server is its owner's
      const results = await d.exec(req.sql)
      await flushToIndexedDb(d)
      post({ id: req.id, ok: true, result: results.at(-1)?.rows ?? [] })
      return
    }
    const result = await callRpc(asSqlDatabase(d), req.name, req.args, req.userId)
    // a saved zone must survive a reload right after the save: flush writes before answering
    if (WRITES.test(req.name)) await flushToIndexedDb(d)
    post({ id: req.id, ok: true, result })
  } catch (err: any) {
    const fatal = !isDatabaseError(err) && db !== null && !(await healthy(db))
    post({ id: req.id, ok: false, error: { message: messageOf(err), detail: err?.detail, hint: err?.hint, code: err?.code, fatal } })
    if (fatal) post({ type: 'fatal', message: messageOf(err) })
  }
}
