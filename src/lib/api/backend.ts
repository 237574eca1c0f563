// The one interface both transports implement: call an SQL API function by name with named
// arguments, as a user. Everything above it (api.ts) is the same for Supabase and PGlite.
import type { StartStage } from '../db/worker-protocol'

export interface Backend {
  readonly kind: 'pglite' | 'supabase'
  rpc<T>(name: string, args: Record<string, unknown>): Promise<T>
  /** The demo sign-in (embedded mode); Supabase uses its own Auth session. */
  setUser(userId: string | null): void
  /** Delete local data and start again from the demo seed (embedded mode only). */
  reset?(): Promise<void>
  /** Start-up progress, for the loading screen. */
  onProgress?(listener: (stage: StartStage, done: number, total: number) => void): void
}
