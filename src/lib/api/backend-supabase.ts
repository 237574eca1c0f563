// The production backend: the same SQL functions through Supabase's PostgREST (`rpc`).
// Identity comes from the Supabase Auth session (src/lib/auth/supabase-session.svelte.ts);
// RLS applies there. supabase-js is loaded only when this backend is configured, so the
// embedded default does not ship it up front.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from './backend'
import { toApiError } from './errors'
import { SupabaseSession } from './supabase-session.svelte'

/**
 * A call refused for want of a valid session: PostgREST answers 401 for an expired or bad JWT
 * (PGRST301/PGRST303) and for a function anon may not execute; our functions raise
 * not_signed_in when they find no user (supabase-js fell back to the anon key).
 */
function unauthenticated(status: number, error: { code?: string; hint?: string | null; message?: string }): boolean {
  return status === 401 || /^PGRST30[123]$/.test(error.code ?? '') || error.hint === 'not_signed_in'
}

export function createSupabaseBackend(url: string, anonKey: string): Backend {
  let client: Promise<SupabaseClient> | null = null
  let session: SupabaseSession | null = null
  const connect = () => (client ??= import('@supabase/supabase-js').then(({ createClient }) =>
    createClient(url, anonKey, { auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true } })))
  /** One call, no recovery (the sign-in screen's own calls, before anyone is signed in). */
  const rawRpc = async <T>(name: string, args: Record<string, unknown> = {}) => {
    const c = await connect()
    const { data, error, status } = await c.rpc(name, args)
    return { data: data as T, error, status }
  }
  return {
    kind: 'supabase',
    async rpc<T>(name: string, args: Record<string, unknown>): Promise<T> {
      // an expired session: wait for a refresh or a new sign-in, then retry the same call
      for (let attempt = 0; ; attempt++) {
        const { data, error, status } = await rawRpc<T>(name, args)
        if (!error) return data
        const retry = attempt < 3 && session?.canRecover && unauthenticated(status, error)
          && (error.hint !== 'not_signed_in' || !(await session.hasSession()))
        if (!retry) throw toApiError(error)
        await session!.recover(attempt > 0)
      }
    },
    setUser: () => { /* Supabase Auth owns the session */ },
    async startSession() {
      session ??= new SupabaseSession(await connect(), async (name) => {
        const { data, error } = await rawRpc(name)
        if (error) throw toApiError(error)
        return data as any
      }, `${url}/auth/v1/settings`, anonKey)
      return session
    },
    // Realtime: zones and issues are in the supabase_realtime publication (migration *_realtime.sql);
    // one subscriber per screen, so postgres_changes is enough (Broadcast is for many viewers)
    onChange(listener) {
      void connect().then((c) => {
        const channel = c.channel('gridgov-layer-changes')
        for (const table of ['zones', 'issues'] as const) channel.on('postgres_changes', { event: '*', schema: 'public', table }, () => listener(table))
        channel.subscribe()
      })
    },
  }
}
