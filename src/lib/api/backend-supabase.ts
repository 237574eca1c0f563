// The production backend: the same SQL functions through Supabase's PostgREST (`rpc`).
// Identity comes from the Supabase Auth session; RLS applies there. supabase-js is loaded
// only when this backend is configured, so the embedded default does not ship it up front.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from './backend'
import { toApiError } from './errors'

export function createSupabaseBackend(url: string, anonKey: string): Backend {
  let client: Promise<SupabaseClient> | null = null
  const connect = () => (client ??= import('@supabase/supabase-js').then(({ createClient }) => createClient(url, anonKey)))
  return {
    kind: 'supabase',
    async rpc<T>(name: string, args: Record<string, unknown>): Promise<T> {
      const { data, error } = await (await connect()).rpc(name, args)
      if (error) throw toApiError(error)
      return data as T
    },
    setUser: () => { /* Supabase Auth owns the session */ },
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
