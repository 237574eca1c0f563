// The PostgreSQL 15 + PostGIS server `npm run bench` measures on: BENCH_PG_URL (or TEST_PG_URL)
// when set, else a cluster of its own in /var/tmp/gridgov-bench-pg on port 55477. Its data
// directory outlives the run, so the city's databases (×100 takes minutes to generate and load)
// are loaded once and reused while the SQL and the generator are unchanged (scripts/city-db.ts
// names them by fingerprint). PostgreSQL refuses to run as root: as root the cluster runs as the
// `postgres` user, as `npm test`'s does.
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import pg from 'pg'
import type { SqlDatabase } from '../src/lib/db/rpc'

const PGBIN = '/usr/lib/postgresql/15/bin'
const DIR = process.env.GRIDGOV_BENCH_PG_DIR ?? '/var/tmp/gridgov-bench-pg'
const PORT = Number(process.env.GRIDGOV_BENCH_PG_PORT ?? 55477)

const asPg = (cmd: string) =>
  process.getuid?.() === 0 ? execFileSync('su', ['postgres', '-s', '/bin/bash', '-c', cmd], { stdio: 'pipe' }) : execSync(cmd, { stdio: 'pipe' })

export interface BenchServer { url: string; stop(): void }

export function benchServer(): BenchServer {
  const given = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL
  if (given) return { url: given, stop: () => undefined }
  if (!existsSync(`${PGBIN}/initdb`) || !existsSync('/usr/share/postgresql/15/extension/postgis.control'))
    throw new Error('the bench needs postgresql-15-postgis-3 (npm test installs it), or BENCH_PG_URL')
  if (!existsSync(`${DIR}/data/PG_VERSION`)) {
    mkdirSync(DIR, { recursive: true })
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', DIR])
    asPg(`${PGBIN}/initdb -D ${DIR}/data -A trust -U postgres >/dev/null`)
  }
  let started = false
  try { asPg(`${PGBIN}/pg_ctl -D ${DIR}/data status >/dev/null`) } catch {
    // settings for a benchmark of reads on a 2-core, 24 GB machine: durability off for the load
    asPg(`${PGBIN}/pg_ctl -D ${DIR}/data -w -l ${DIR}/log -o "-p ${PORT} -k ${DIR} -c listen_addresses=127.0.0.1 -c fsync=off ` +
      `-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB ` +
      `-c max_wal_size=8GB -c effective_cache_size=12GB -c max_connections=40" start >/dev/null`)
    started = true
  }
  return {
    url: `postgres://postgres@127.0.0.1:${PORT}/postgres`,
    stop: () => { if (started) asPg(`${PGBIN}/pg_ctl -D ${DIR}/data -m fast stop >/dev/null`) },
  }
}

/** A database on the bench's server: callRpc's transactions (as the JWT's user) and plain queries as the owner. */
export function benchDatabase(url: string, database: string, max = 6) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return databaseAt(u.toString(), max)
}

/** The same for a database's own URL; `max` connections (1: one warm session, as a PostgREST pool holds it). */
export function databaseAt(url: string, max = 6) {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', () => undefined)
  const db: SqlDatabase & { query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>; end(): Promise<void> } = {
    async transaction(fn) {
      const c = await pool.connect()
      try {
        await c.query('begin')
        const out = await fn({ query: (q, p) => c.query(q, p as any[]) as any })
        await c.query('commit')
        return out
      } catch (e) {
        await c.query('rollback').catch(() => undefined)
        throw e
      } finally { c.release() }
    },
    query: (q, p) => pool.query(q, p as any[]) as any,
    end: () => pool.end(),
  }
  return db
}
