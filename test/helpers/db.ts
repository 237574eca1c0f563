// Real databases for the SQL tests: PGlite with PostGIS always, and PostgreSQL 15 with
// PostGIS when TEST_PG_URL names a server (CI starts one), set up as a hosted Supabase
// project is (test/supabase-shape/hosted-project.sql: its roles and its default privileges
// that grant the API roles everything) before the migrations run. A third kind, 'supabase',
// clones the databases the real Supabase CLI pushed to that server (scripts/supabase-push.sh,
// run by `npm test`): the security tests run there too. Each test file gets its own fresh
// database, either empty (migrations only, for hand-built cases) or with the demo data,
// cloned from a prepared copy so the migrations and seed run once per test run.
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { pgtap } from '@electric-sql/pglite-pgtap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { applyMigrations, applySeed } from '../../src/lib/db/apply-migrations'
import { preparedPgliteDump, type Fixture } from '../../scripts/prepared-db'
import { callRpc, type SqlDatabase, type SqlSession } from '../../src/lib/db/rpc'
import { migrationFiles, seedSql, sqlFingerprint } from './sql-files'

export type BackendKind = 'pglite' | 'postgres' | 'supabase'
export type { Fixture }
export { preparedPgliteDump }

export interface TestDb {
  kind: BackendKind
  /** PostgreSQL only: the URL of this test's database, for more connections. */
  connectionString?: string
  /** Run SQL as the database owner (superuser: bypasses RLS, for set-up and checks). */
  sql<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>
  /** Call an API function as Supabase would, as `userId` (null: anonymous; left out: the demo leader, a signed-in reader). */
  rpc<T = any>(name: string, args?: Record<string, unknown>, userId?: string | null): Promise<T>
  /** Run statements as `userId` under RLS (role authenticated/anon), in one transaction. */
  asUser<T>(userId: string | null, fn: (tx: SqlSession) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export const USERS = {
  admin: '00000000-0000-4000-8000-000000000001',
  leader: '00000000-0000-4000-8000-000000000002',
  officerA: '00000000-0000-4000-8000-000000000003',
  officerB: '00000000-0000-4000-8000-000000000004',
  wall: '00000000-0000-4000-8000-000000000005',
  /** the command centre (指挥中心): in the demo seed; hand-built worlds add it themselves */
  dispatcher: '00000000-0000-4000-8000-000000000006',
} as const

/** The backends this run tests on. */
export function testBackends(): BackendKind[] {
  return process.env.TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite']
}

/** The backends for the security tests: also the databases pushed by the real Supabase CLI. */
export function securityBackends(): BackendKind[] {
  return process.env.TEST_SUPABASE_PUSHED === '1' ? [...testBackends(), 'supabase'] : testBackends()
}

/** The databases scripts/supabase-push.sh made with `supabase db push` (with and without the seed). */
export const PUSHED_DATABASES: Record<Fixture, string> = { empty: 'gridgov_cli_empty', demo: 'gridgov_cli_demo' }

export const HOSTED_PROJECT_SQL = readFileSync(join(import.meta.dirname, '..', 'supabase-shape', 'hosted-project.sql'), 'utf8')

async function newPglite(loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({ extensions: { postgis, pgtap }, loadDataDir, relaxedDurability: true })
}

function pgliteDb(db: PGlite): SqlDatabase & { exec: PGlite['exec'] } {
  return {
    exec: (s) => db.exec(s),
    transaction: (fn) => db.transaction((tx) => fn({ query: (q, p) => tx.query(q, p) as any })),
  }
}

async function openPglite(fixture: Fixture): Promise<TestDb> {
  const file = await preparedPgliteDump(fixture)
  const db = await newPglite(new Blob([readFileSync(file)]))
  const handle = pgliteDb(db)
  return {
    kind: 'pglite',
    sql: async (text, params) => (params ? (await db.query(text, params)).rows : (await db.exec(text)).at(-1)?.rows ?? []) as any,
    rpc: (name, args = {}, userId = USERS.leader) => callRpc(handle, name, args, userId),
    asUser: (userId, fn) => handle.transaction(async (tx) => {
      await setIdentity(tx, userId)
      return fn(tx)
    }),
    close: () => db.close(),
  }
}

async function setIdentity(tx: SqlSession, userId: string | null) {
  await tx.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
    userId ? 'authenticated' : 'anon', JSON.stringify(userId ? { sub: userId, role: 'authenticated' } : { role: 'anon' }),
  ])
}

/** Template databases on the server, one per fixture, named by the SQL fingerprint. */
async function postgresTemplate(admin: pg.Client, fixture: Fixture): Promise<string> {
  const name = `gridgov_tpl_${fixture}_${sqlFingerprint(fixture === 'demo')}`
  const exists = () => admin.query('select 1 from pg_database where datname = $1', [name]).then((r) => !!r.rowCount)
  if (await exists()) return name
  // One builder at a time: the hosted-project set-up touches cluster-wide roles, and two workers
  // doing it at once fail with "tuple concurrently updated". The lock is on the admin database,
  // which every worker connects to; whoever waited finds the template built.
  await admin.query('select pg_advisory_lock(7419001)')
  try {
    if (await exists()) return name
    return await buildTemplate(admin, fixture, name)
  } finally {
    await admin.query('select pg_advisory_unlock(7419001)')
  }
}

async function buildTemplate(admin: pg.Client, fixture: Fixture, name: string): Promise<string> {
  const building = `${name}_building_${process.pid}`
  await admin.query(`create database ${building}`)
  const c = new pg.Client({ connectionString: withDatabase(building) })
  await c.connect()
  const exec = { exec: (s: string) => c.query(s), query: (q: string, p?: unknown[]) => c.query(q, p as any[]) } as any
  await c.query(HOSTED_PROJECT_SQL)
  await applyMigrations(exec, migrationFiles())
  if (fixture === 'demo') await applySeed(exec, seedSql())
  await c.query('vacuum analyze')
  await c.end()
  // Another worker may have finished first; the rename is the atomic step.
  await admin.query(`alter database ${building} rename to ${name}`).catch(async () => {
    await admin.query(`drop database if exists ${building}`)
  })
  return name
}

function withDatabase(database: string): string {
  const url = new URL(process.env.TEST_PG_URL!)
  url.pathname = `/${database}`
  return url.toString()
}

async function openPostgres(fixture: Fixture, pushed = false): Promise<TestDb> {
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL })
  await admin.connect()
  const template = pushed ? PUSHED_DATABASES[fixture] : await postgresTemplate(admin, fixture)
  const name = `gridgov_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  await admin.query(`create database ${name} template ${template}`)
  const pool = new pg.Pool({ connectionString: withDatabase(name), max: 2 })
  // Dropping the database at teardown ends idle connections server-side; that is expected,
  // not a test failure (without a listener, pg reports it as an uncaught error).
  pool.on('error', () => undefined)
  admin.on('error', () => undefined)
  const handle: SqlDatabase = {
    async transaction(fn) {
      const c = await pool.connect()
      try {
        await c.query('begin')
        const out = await fn({ query: (q, p) => c.query(q, p as any[]) as any })
        await c.query('commit')
        return out
      } catch (err) {
        await c.query('rollback').catch(() => undefined)
        throw err
      } finally {
        c.release()
      }
    },
  }
  return {
    kind: pushed ? 'supabase' : 'postgres',
    /** Another connection to the same database, for tests of concurrent writers. */
    connectionString: withDatabase(name),
    sql: async (text, params) => {
      const r = await pool.query(text, params as any[])
      return (Array.isArray(r) ? r.at(-1).rows : r.rows) as any
    },
    rpc: (n, args = {}, userId = USERS.leader) => callRpc(handle, n, args, userId),
    asUser: (userId, fn) => handle.transaction(async (tx) => {
      await setIdentity(tx, userId)
      return fn(tx)
    }),
    async close() {
      await pool.end()
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

export function openTestDb(kind: BackendKind, fixture: Fixture): Promise<TestDb> {
  return kind === 'pglite' ? openPglite(fixture) : openPostgres(fixture, kind === 'supabase')
}
