// The production backend: the same SQL functions through Supabase's PostgREST (`rpc`).
// Identity comes from the Supabase Auth session; RLS applies there.
import { createClient } from '@supabase/supabase-js'
import type { Backend } from './backend'
import { toApiError } from './errors'

export function createSupabaseBackend(url: string, anonKey: string): Backend {
  const client = createClient(url, anonKey)
  return {
    kind: 'supabase',
    async rpc<T>(name: string, args: Record<string, unknown>): Promise<T> {
      const { data, error } = await client.rpc(name, args)
      if (error) throw toApiError(error)
      return data as T
    },
    setUser: () => { /* Supabase Auth owns the session */ },
  }
}
