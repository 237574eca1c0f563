// The embedded database: PGlite with PostGIS in a Web Worker, so the map never freezes while
// PostGIS works. A first start loads the prepared demo database the app ships
// (demo-db.tar.gz: the same supabase/migrations and seed, applied at build time); if that
// cannot be had it applies them here (in one transaction). The data stays in IndexedDB
// (edits survive a reload; later starts apply only new migrations). API calls go through
// callRpc, which applies the caller's role so Row Level Security holds as on Supabase.
// Other tabs of the same browser use this tab's database instead of opening their own
// (./shared-tabs.ts).
//
// Promises: every request gets exactly one answer. A failure that is not a PostgreSQL error
// is followed by a health probe; if the database no longer answers (an exception inside
// PostGIS can end PGlite, electric-sql/pglite#916) the worker posts 'fatal' and the app
// replaces it. A start that fails posts 'start_failed' once; requests then fail with it.
// Resetting the demo data is the app's job: it asks the worker to close, ends it, deletes
// the IndexedDB database and starts a new worker.
import { PGlite, type Extension } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { callRpc, type SqlDatabase } from './rpc'
import { applyMigrations, applySeed, isFreshDatabase, setUpFreshDatabase, type MigrationFile } from './apply-migrations'
import type { StartReport, StartStage, WorkerMessage, WorkerRequest } from './worker-protocol'
import { SharedTabs, type Answer, type Call, type WireError } from './shared-tabs'
import { watchEngineFiles } from './start-failure'

/** PGlite keeps the data in the IndexedDB database '/pglite/gridgov'. */
const DATA_DIR = 'idb://gridgov'
const IDB_NAME = '/pglite/gridgov'
const PREPARED_URL = `${import.meta.env.BASE_URL}demo-db.tar.gz`
/**
 * PostGIS from the app's own cut of the extension bundle (scripts/postgis-bundle.ts: PostGIS,
 * its install script and PROJ's database — 7.5 MB instead of the package's 19.7 MB, 34 MB
 * unpacked into memory on every start instead of 91 MB); the package sets up the rest.
 */
const POSTGIS_BUNDLE_URL = new URL(`${import.meta.env.BASE_URL}postgis.tar.gz`, self.location.href)
const slimPostgis: Extension = {
  name: 'postgis',
  setup: async (pg, emscriptenOpts) => ({ ...(await postgis.setup(pg, emscriptenOpts)), bundlePath: POSTGIS_BUNDLE_URL }),
}
/** `?db=naive` (see workerName in ../api/backend-pglite.ts): build a first database here, without the prepared one. */
const NAIVE = self.name.endsWith(':naive')
/** The seed is only needed when the prepared database is missing: a separate chunk. */
const loadSeed = () => import('../../../supabase/seed.sql?raw').then((m) => m.default as string)
const migrationSources = import.meta.glob('/supabase/migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const migrations: MigrationFile[] = Object.entries(migrationSources)
  .map(([path, sql]) => ({ name: path.split('/').pop()!, sql }))
  .sort((a, b) => a.name.localeCompare(b.name))

const post = (m: WorkerMessage) => self.postMessage(m)
// an engine file (wasm, data, PostGIS bundle) that fails to load ends the start with its name, instead of a start that never ends
watchEngineFiles((message) => post({ type: 'start_failed', message }))
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
  progress('ready', 1, 1)
  post({ type: 'started', report: { fresh, prepared, timings: { ...timings }, applied } })
  // A fresh or upgraded database is written to IndexedDB after 'ready': the map's first
  // queries need not wait for ~60 MB to be stored. The write is one IndexedDB transaction, so
  // a reload during it finds an empty store, which storedDatabaseExists treats as none.
  if (fresh || applied.length > 0) flushToIndexedDb(db).catch((err) => console.warn('first write to IndexedDB failed; the next write retries', err))
  return db
}

/**
 * Open the IndexedDB database; when there is none yet, create it from the prepared demo
 * database. PGlite can only load a data directory into an empty store, so look first.
 */
async function createDatabase(): Promise<{ db: PGlite; prepared: boolean }> {
  const options = { dataDir: DATA_DIR, extensions: { postgis: slimPostgis }, relaxedDurability: true }
  if (!NAIVE && !(await storedDatabaseExists())) {
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

/** PGlite's IndexedDB store of files (Emscripten's IDBFS). */
const IDB_STORE = 'FILE_DATA'

async function storedDatabaseExists(): Promise<boolean> {
  // without indexedDB.databases() we cannot tell; then never risk loading over data
  if (typeof indexedDB.databases !== 'function') return true
  if (!(await indexedDB.databases()).some((d) => d.name === IDB_NAME)) return false
  // a first start's write to IndexedDB is one transaction: a reload during it leaves the store
  // empty, and an empty store holds no database to keep
  return new Promise((resolve) => {
    const req = indexedDB.open(IDB_NAME)
    req.onerror = () => resolve(true)
    req.onsuccess = () => {
      const idb = req.result
      const done = (exists: boolean) => { idb.close(); resolve(exists) }
      if (!idb.objectStoreNames.contains(IDB_STORE)) return done(false)
      const count = idb.transaction(IDB_STORE, 'readonly').objectStore(IDB_STORE).count()
      count.onsuccess = () => done(count.result > 0)
      count.onerror = () => done(true)
    }
  })
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
const isWrite = (call: Call) => call.type === 'sql' || WRITES.test(call.name)

/** Runs a call for tab `by`: on this tab's own database, or through the tab that holds it. */
type Runner = (call: Call, by: string) => Promise<unknown>

const tabs = new SharedTabs()
tabs.onChanged = (name) => post({ type: 'changed', name })
let db: PGlite | null = null
let forwarding = false
let ready: Promise<Runner> = start()
ready.catch((err) => post({ type: 'start_failed', message: messageOf(err) }))

/**
 * The first tab takes the database lock and opens the database; a tab that finds the lock
 * taken uses the serving tab's database (see ./shared-tabs.ts) and waits in line for the lock,
 * so that it carries on by itself when that tab closes.
 */
async function start(): Promise<Runner> {
  if (!navigator.locks || (await requestLock(true))) return openHere()
  progress('joining_other_tab')
  const mine = requestLock(false)
  if ((await Promise.race([mine.then(() => 'mine'), tabs.findServer().then(() => 'theirs')])) === 'mine') return openHere()
  forwarding = true
  post({ type: 'started', report: { fresh: false, prepared: false, shared: true, timings: { ...timings }, applied: [] } })
  mine.then(takeOver, () => undefined) // rejected only when this tab closes the database (a reset)
  return (call) => (forwarding ? tabs.forward(call) : ready.then((run) => run(call, tabs.tab)))
}

async function openHere(): Promise<Runner> {
  db = await open()
  tabs.serve((call, by) => answer(call, by))
  return execute
}

/**
 * The serving tab closed and this one holds the lock now: open the database here. Reads that
 * tab never answered run again here; a write may or may not have gone through before it
 * closed, so it fails with a message that says to look and try again.
 */
function takeOver() {
  forwarding = false
  const unanswered = tabs.stopForwarding()
  ready = openHere()
  ready.catch((err) => post({ type: 'start_failed', message: messageOf(err) }))
  for (const f of unanswered) {
    if (isWrite(f.call)) f.reject({ message: 'backend_unavailable: the tab that held the database closed during this save', hint: 'backend_unavailable' })
    else ready.then((run) => run(f.call, tabs.tab)).then(f.resolve, (err) => f.reject(wireError(err, false)))
  }
}

async function execute(call: Call, by: string): Promise<unknown> {
  const d = db!
  let result: unknown
  if (call.type === 'sql') {
    // the embedded database is the user's own, as psql on a server is its owner's
    result = (await d.exec(call.sql)).at(-1)?.rows ?? []
  } else {
    result = await callRpc(asSqlDatabase(d), call.name, call.args, call.userId)
  }
  if (isWrite(call)) {
    // a saved zone must survive a reload right after the save: flush writes before answering
    await flushToIndexedDb(d)
    tabs.changed(call.type === 'sql' ? 'sql' : call.name, by)
  }
  return result
}

/**
 * Run a call and turn the outcome into an answer (for this tab's app or another tab). A
 * failure that is not a PostgreSQL error is followed by a health probe: a database that no
 * longer answers is fatal, and the app replaces this worker (which frees the lock).
 */
async function answer(call: Call, by: string): Promise<Answer> {
  try {
    const run = await ready
    return { ok: true, result: await run(call, by) }
  } catch (err: any) {
    const fatal = !isDatabaseError(err) && db !== null && !(await healthy(db))
    if (fatal) post({ type: 'fatal', message: messageOf(err) })
    return { ok: false, error: wireError(err, fatal) }
  }
}

const wireError = (err: any, fatal: boolean): WireError =>
  ({ message: messageOf(err), detail: err?.detail, hint: err?.hint, code: err?.code, fatal: fatal || err?.fatal === true })

let releaseLock: () => void = () => undefined
let stopWaiting = new AbortController()
/**
 * The database lock (a Web Lock), held while this worker has the database open. With
 * `ifAvailable` it resolves false at once when another tab holds it; otherwise it waits.
 */
function requestLock(ifAvailable: boolean): Promise<boolean> {
  return new Promise((acquired, failed) => {
    const options: LockOptions = ifAvailable ? { ifAvailable } : { signal: stopWaiting.signal }
    navigator.locks.request('gridgov-embedded-database', options, (lock) => {
      if (!lock) return acquired(false)
      acquired(true)
      return new Promise<void>((release) => (releaseLock = release))
    }).catch(failed)
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
  stopWaiting.abort()
  tabs.close()
  const d = db
  db = null
  await d?.close().catch(() => undefined)
  releaseLock()
  ready = Promise.reject(new Error('database closed'))
  ready.catch(() => undefined)
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const req = event.data
  if (req.type === 'close') {
    await close()
    post({ id: req.id, ok: true, result: null })
  } else if (req.type === 'tabs') {
    post({ id: req.id, ok: true, result: await tabs.countOthers() })
  } else {
    post({ id: req.id, ...(await answer(req, tabs.tab)) })
  }
}
