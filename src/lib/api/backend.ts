// The one interface both transports implement: call an SQL API function by name with named
// arguments, as a user. Everything above it (api.ts) is the same for Supabase and PGlite.
import type { StartReport, StartStage } from '../db/worker-protocol'
import type { SupabaseSession } from './supabase-session.svelte'

export interface Backend {
  readonly kind: 'pglite' | 'supabase'
  rpc<T>(name: string, args: Record<string, unknown>): Promise<T>
  /** The demo sign-in (embedded mode); Supabase uses its own Auth session. */
  setUser(userId: string | null): void
  /** Supabase mode: the Auth session (sign-in screen, re-sign-in, sign-out); embedded mode has none. */
  startSession?(): Promise<SupabaseSession>
  /** Delete local data and start again from the demo seed (embedded mode only); resolves when ready. */
  reset?(): Promise<void>
  /** SQL as the embedded database's owner (embedded mode only; Supabase has its own SQL editor). */
  ownerSql?(sql: string): Promise<unknown[]>
  /** Start-up progress, for the loading screen (embedded mode: seconds of PostGIS start-up). */
  onProgress?(listener: (stage: StartStage, done: number, total: number, elapsedMs: number) => void): void
  /** The database could not start (reported once per start). */
  onStartError?(listener: (message: string) => void): void
  /** Someone else changed a layer's data (another tab, or another user via Supabase Realtime): redraw it. */
  onChange?(listener: (layer: 'zones' | 'issues') => void): void
  /** How many other tabs of this browser share the embedded database (a reset needs none). */
  otherTabs?(): Promise<number>
  /** What the last start did and how long its stages took (embedded mode). */
  readonly startReport?: StartReport | null
}
