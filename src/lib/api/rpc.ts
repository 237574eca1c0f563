// One way to call an SQL API function on a database we hold directly (PGlite in the
// worker, PostgreSQL or PGlite in tests), with the same semantics as Supabase's
// `supabase.rpc(name, args)`: named arguments, the result as JSON, and the caller's
// identity applied the way PostgREST applies it — `set local role` to anon or
// authenticated and the JWT claims in `request.jwt.claims` — so Row Level Security
// holds in the embedded database exactly as it does on Supabase.

export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
}
export interface SqlDatabase {
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>
}

const IDENT = /^[a-z_][a-z0-9_]*$/

/** The SQL for `select fn(a => $1, b => $2)`; names are checked, values are parameters. */
export function rpcStatement(name: string, args: Record<string, unknown>): { sql: string; params: unknown[] } {
  if (!IDENT.test(name)) throw new Error(`invalid function name: ${name}`)
  const entries = Object.entries(args).filter(([, v]) => v !== undefined)
  const params: unknown[] = []
  const named = entries.map(([key, value]) => {
    if (!IDENT.test(key)) throw new Error(`invalid argument name: ${key}`)
    params.push(toParam(value))
    return `${key} => $${params.length}`
  })
  return { sql: `select to_json(public.${name}(${named.join(', ')})) as result`, params }
}

/** Objects go as JSON text (the server casts them to json/jsonb), arrays stay arrays. */
function toParam(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value)
  return value
}

/** Run an API function as the given user (null = anonymous, as the wall display). */
export async function callRpc<T>(db: SqlDatabase, name: string, args: Record<string, unknown>, userId: string | null): Promise<T> {
  const { sql, params } = rpcStatement(name, args)
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
      userId ? 'authenticated' : 'anon',
      JSON.stringify(userId ? { sub: userId, role: 'authenticated' } : { role: 'anon' }),
    ])
    const { rows } = await tx.query<{ result: T }>(sql, params)
    return rows[0]?.result ?? (null as T)
  })
}
