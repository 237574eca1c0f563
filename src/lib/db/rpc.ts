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

import { refuseOversizedArguments } from './request-limits'

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

/**
 * Objects go as JSON text (the server casts them to json/jsonb), arrays of scalars stay arrays
 * (bigint[] / text[] parameters), and arrays holding arrays or objects go as JSON too: no
 * parameter of ours is a multi-dimensional SQL array, and node-postgres would send
 * [[lon, lat], …] as an array literal that a jsonb parameter refuses (PostgREST sends JSON).
 */
function toParam(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value)
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) return JSON.stringify(value)
  return value
}

/**
 * The role's own settings (`alter role … set statement_timeout`), applied for this
 * transaction as PostgREST applies them when it switches to the role — so a migration's
 * timeouts hold on plain PostgreSQL as they do on Supabase.
 */
const ROLE_SETTINGS = `select set_config(split_part(s, '=', 1), substr(s, strpos(s, '=') + 1), true)
  from pg_catalog.pg_db_role_setting d, unnest(d.setconfig) s
  where d.setrole = (select oid from pg_catalog.pg_roles where rolname = $1)
    and d.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))`

/** Run an API function as the given user (null = anonymous: before sign-in). */
export async function callRpc<T>(db: SqlDatabase, name: string, args: Record<string, unknown>, userId: string | null): Promise<T> {
  refuseOversizedArguments(args)
  const { sql, params } = rpcStatement(name, args)
  const role = userId ? 'authenticated' : 'anon'
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
      role, JSON.stringify(userId ? { sub: userId, role: 'authenticated' } : { role: 'anon' }),
    ])
    await tx.query(ROLE_SETTINGS, [role])
    const { rows } = await tx.query<{ result: T }>(sql, params)
    // `select fn(…)` gives exactly one row. None means PGlite's PostGIS failed inside GEOS
    // without raising (see DESIGN.md): say so, never pass "nothing" on as an answer.
    if (rows.length !== 1) throw engineError(name)
    return rows[0].result ?? (null as T)
  })
}

function engineError(name: string) {
  return Object.assign(new Error(`engine_error: 空间计算失败（${name} 没有返回结果），未保存任何内容；请检查图形后重试`), { hint: 'engine_error' })
}
