// Messages between the app and the database worker. Requests carry an id; the worker
// answers each exactly once (ok + result, or an error), and reports start-up progress as it
// goes. A 'fatal' message means the database is gone: the app restarts the worker.

export type WorkerRequest =
  | { id: number; type: 'rpc'; name: string; args: Record<string, unknown>; userId: string | null }
  | { id: number; type: 'close' }
  /** SQL as the owner of the embedded database (its admin console: new layers, data fixes). */
  | { id: number; type: 'sql'; sql: string }
  /** How many other tabs of this browser have the app open (a reset must wait for them to close). */
  | { id: number; type: 'tabs' }

/**
 * Start-up stages, in order. A first start goes loading_postgis → loading_demo_data (the
 * prepared database) → opening_database (→ applying_migrations) → ready; without the
 * prepared database it goes loading_postgis → creating_database → loading_demo_data → ready.
 * A database kept in IndexedDB goes loading_postgis → opening_database
 * (→ applying_migrations when the app brings new ones) → ready. A tab that finds the
 * database open in another tab goes joining_other_tab → started (shared).
 */
export type StartStage = 'loading_postgis' | 'creating_database' | 'opening_database' | 'applying_migrations' | 'loading_demo_data' | 'ready'
  /** another tab of this browser has the embedded database open; this one connects to it */
  | 'joining_other_tab'

export interface StartReport {
  /** true when this start created the database (first start, or after a reset) */
  fresh: boolean
  /** true when a first start loaded the prepared demo database shipped with the app */
  prepared: boolean
  /** ms since the worker started at which each stage began; `ready` = total start-up time */
  timings: Partial<Record<StartStage, number>>
  /** migration files applied by this start */
  applied: string[]
  /** true when this tab uses the database another tab has open (see ../db/shared-tabs.ts) */
  shared?: boolean
}

export type WorkerMessage =
  | { type: 'progress'; stage: StartStage; done: number; total: number; elapsedMs: number }
  | { type: 'started'; report: StartReport }
  | { type: 'start_failed'; message: string }
  | { type: 'fatal'; message: string }
  /** another tab wrote through the shared database (`name`: the API function, or 'sql') */
  | { type: 'changed'; name: string }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; detail?: string; hint?: string; code?: string; fatal?: boolean } }
