// The embedded backend: API calls go to PGlite + PostGIS in a Web Worker (../db/pglite.worker.ts)
// over a small request/answer protocol (../db/worker-protocol.ts).
//
// Promises:
// - Every call settles. If the worker dies (a WASM abort inside PostGIS can end PGlite), goes
//   silent for WATCHDOG_MS with calls pending, or reports 'fatal', the calls in flight fail with
//   ApiError('backend_unavailable') and a fresh worker starts on the same IndexedDB data.
// - A worker that never started is not restarted in a loop: start-up failures are reported
//   once (onProgress listeners get stage 'failed' via onStartError) and calls fail with them.
// - Other tabs share one database (../db/shared-tabs.ts); onChange hears which layer they wrote.
// - reset() closes the database, deletes its IndexedDB copy and resolves when a fresh
//   database (migrations + demo seed) is ready.
import type { Backend } from './backend'
import { ApiError, toApiError } from './errors'
import { isWrite, layersWrittenBy } from './writes'
import type { StartReport, StartStage, WorkerMessage, WorkerRequest } from '../db/worker-protocol'

/** A request without its id (Omit distributed over the union). */
type Unsent = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never
type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; timedOut?: boolean }
type ProgressListener = (stage: StartStage, done: number, total: number, elapsedMs: number) => void

/** No word from a busy worker for this long means it hangs (a slow SQL call takes seconds). */
const WATCHDOG_MS = 120_000
/**
 * A call's own limit, as Supabase's statement timeout for signed-in users (8 s): PGlite has
 * no working statement_timeout (one WASM thread, no timer signal), so the caller is answered
 * with a clear 'timeout' instead of waiting for the watchdog. The engine may still be busy
 * with it; later calls queue behind it until it ends (or the watchdog replaces the worker).
 */
export const CALL_TIMEOUT_MS = 8_000
/** A call waits behind the calls sent before it (the worker answers one at a time): at most this long in all. */
export const QUEUED_CALL_LIMIT_MS = 60_000
/** A start without a word (progress) for this long has stalled; the longest quiet stage takes ~30 s. */
const START_SILENCE_MS = 150_000
/** At most this many automatic restarts in RESTART_WINDOW_MS; then calls just fail. */
const MAX_RESTARTS = 3
const RESTART_WINDOW_MS = 60_000
/** PGlite's IndexedDB database for dataDir 'idb://gridgov' is '/pglite/gridgov'. */
const IDB_NAME_PART = 'gridgov'
const WORKER_NAME = 'gridgov-db'

export interface PgliteBackend extends Backend {
  /** What the last successful start did and how long each stage took. */
  readonly startReport: StartReport | null
  onStartError(listener: (message: string) => void): void
}

export function createPgliteBackend(): PgliteBackend {
  let worker: Worker
  let nextId = 1
  let userId: string | null = null
  let started = false
  let startError: string | null = null
  let startReport: StartReport | null = null
  let lastWord = Date.now()
  let restarts: number[] = []
  const pending = new Map<number, Pending>()
  const progressListeners: ProgressListener[] = []
  const errorListeners: ((message: string) => void)[] = []
  const changeListeners: ((layer: 'zones' | 'issues') => void)[] = []
  const startWaiters: Pending[] = []
  let last: Parameters<ProgressListener> = ['loading_postgis', 0, 1, 0]

  function failAll(message: string) {
    for (const p of pending.values()) p.reject(new ApiError('backend_unavailable', message))
    pending.clear()
  }

  function startFailed(message: string) {
    startError = message
    failAll(message)
    errorListeners.forEach((l) => l(message))
    startWaiters.splice(0).forEach((w) => w.reject(new ApiError('backend_unavailable', message)))
  }

  /** The worker is gone or unusable: fail what is in flight, then start again if allowed. */
  function replace(message: string) {
    worker.terminate()
    failAll(message)
    if (!started) return startFailed(message)
    const now = Date.now()
    restarts = restarts.filter((t) => now - t < RESTART_WINDOW_MS)
    if (restarts.length >= MAX_RESTARTS) return startFailed(message)
    restarts.push(now)
    spawn()
  }

  function onMessage(m: WorkerMessage) {
    lastWord = Date.now()
    if ('type' in m) {
      if (m.type === 'progress') {
        last = [m.stage, m.done, m.total, m.elapsedMs]
        progressListeners.forEach((l) => l(...last))
      } else if (m.type === 'started') {
        started = true
        startError = null
        startReport = m.report
        startWaiters.splice(0).forEach((w) => w.resolve(null))
      } else if (m.type === 'start_failed') {
        worker.terminate()
        startFailed(m.message)
      } else if (m.type === 'fatal') {
        replace(m.message)
      } else if (m.type === 'changed') {
        for (const layer of layersWrittenBy(m.name)) changeListeners.forEach((l) => l(layer))
      }
      return
    }
    const p = pending.get(m.id)
    pending.delete(m.id)
    if (!p) return
    if (m.ok) p.resolve(m.result)
    else if (m.error.fatal) p.reject(new ApiError('backend_unavailable', m.error.message))
    else if (startError) p.reject(new ApiError('backend_unavailable', startError))
    else p.reject(toApiError(m.error))
  }

  function spawn() {
    lastWord = Date.now()
    startError = null
    worker = new Worker(new URL('../db/pglite.worker.ts', import.meta.url), { type: 'module', name: workerName() })
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => onMessage(e.data)
    // coded for the loading screen (start-failure.ts): a worker that does not load or dies
    worker.onerror = (e) => { e.preventDefault(); replace(`worker_failed: ${e.message || 'the database worker did not load or stopped'}`) }
  }
  spawn()

  setInterval(() => {
    if (started && pending.size > 0 && Date.now() - lastWord > WATCHDOG_MS) replace('database did not answer')
    // a start that goes silent (no stage, no migration done) for this long will not finish
    if (!started && !startError && Date.now() - lastWord > START_SILENCE_MS) {
      worker.terminate()
      startFailed(`start_timeout: no word from the database for ${START_SILENCE_MS / 1000} s (last stage: ${last[0]})`)
    }
  }, 5_000)

  function send<T>(req: Unsent): Promise<T> {
    if (startError) return Promise.reject(new ApiError('backend_unavailable', startError))
    const id = nextId++
    if (pending.size === 0) lastWord = Date.now()
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      worker.postMessage({ ...req, id } as WorkerRequest)
      if (req.type !== 'rpc' || !started) return
      // the limit is the call's own: each call still waiting ahead of it adds one allowance
      // (a busy start sends a dozen at once; the last must not pay for the others' time)
      const ahead = [...pending.values()].filter((p) => !p.timedOut).length - 1
      const limitMs = Math.min(CALL_TIMEOUT_MS * (1 + Math.max(0, ahead)), QUEUED_CALL_LIMIT_MS)
      setTimeout(() => {
        // answered late is answered: the entry stays pending (the watchdog still sees a busy
        // worker and replaces a hung one) but its promise is settled now
        const p = pending.get(id)
        if (!p || p.timedOut) return
        p.timedOut = true
        p.reject(new ApiError('timeout', isWrite(req.name)
          ? `timeout: ${req.name} 超过 ${limitMs / 1000} 秒未完成；是否已保存未知，请稍后刷新查看`
          : `timeout: ${req.name} 超过 ${limitMs / 1000} 秒未完成，已停止等待`))
      }, limitMs)
    })
  }

  async function reset() {
    await Promise.race([send({ type: 'close' }).catch(() => undefined), new Promise((r) => setTimeout(r, 3000))])
    worker.terminate()
    failAll('the demo data is being reset')
    for (const info of await indexedDB.databases()) {
      if (info.name?.includes(IDB_NAME_PART)) await deleteDatabase(info.name)
    }
    started = false
    startReport = null
    restarts = []
    const fresh = new Promise((resolve, reject) => startWaiters.push({ resolve, reject }))
    spawn()
    await fresh
  }

  return {
    kind: 'pglite',
    // Arguments are JSON on every transport; a JSON copy also unwraps reactive proxies, which postMessage cannot clone.
    rpc: (name, args) => send({ type: 'rpc', name, args: JSON.parse(JSON.stringify(args)), userId }),
    setUser: (id) => { userId = id },
    reset,
    ownerSql: (sql) => send({ type: 'sql', sql }),
    onProgress: (l) => { progressListeners.push(l); l(...last) },
    onStartError: (l) => { errorListeners.push(l); if (startError) l(startError) },
    onChange: (l) => { changeListeners.push(l) },
    otherTabs: () => send<number>({ type: 'tabs' }),
    get startReport() { return startReport },
  }
}

/**
 * The worker's name carries the one start option the page gives it: `?db=naive` (the start
 * bench, scripts/bench-start.ts) builds a first database from the migrations and the seed in
 * the browser, as if the app shipped no prepared database.
 */
function workerName(): string {
  const search = typeof location === 'undefined' ? '' : location.search // no page: a unit test's worker stand-in
  return new URLSearchParams(search).get('db') === 'naive' ? `${WORKER_NAME}:naive` : WORKER_NAME
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const del = indexedDB.deleteDatabase(name)
    del.onsuccess = () => resolve()
    del.onerror = () => reject(del.error)
    del.onblocked = () => resolve()
  })
}
