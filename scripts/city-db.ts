// A city's database on a PostgreSQL 15 server: the migrations and the demo data at --scale N
// (scripts/generate-demo.ts), loaded once and reused while nothing it is built from changes.
//
//   npx tsx scripts/city-db.ts --scale 100 [--pg postgres://…]     (default: $TEST_PG_URL)
//
// prints { database, loadSeconds, generateSeconds, reused, counts } as JSON. The database is
// `city_x<scale>_<fingerprint>` (the migrations and the generator's sources): when it exists and
// its comment says it is complete, it is reused as it is; otherwise it is (re)built: the seed is
// generated (cached under node_modules/.cache/gridgov/, keyed by the generator's source hash),
// the database set up as a hosted Supabase project is (test/supabase-shape/hosted-project.sql,
// then the migrations as the tests' PostgreSQL backend applies them), the seed streamed in
// statement by statement on one connection (its temp tables live in that session), `vacuum
// analyze`, and the comment written last. Triggers and constraints stay on: they are the data's
// integrity.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { applyMigrations } from '../src/lib/db/apply-migrations'
import { migrationFiles, root } from './sql-files'

const cacheDir = join(root, 'node_modules', '.cache', 'gridgov')
const COMPLETE = 'gridgov city database: complete'

/** The generator's sources (scripts/generate-demo.ts, scripts/demo/*, the boundary): what a seed at a scale is made from. */
export function generatorHash(): string {
  const h = createHash('sha256')
  const files = [join(root, 'scripts', 'generate-demo.ts'), join(root, 'data', 'heilongjiang-seed-districts.geojson'),
    ...readdirSync(join(root, 'scripts', 'demo')).sort().map((f) => join(root, 'scripts', 'demo', f))]
  for (const f of files) h.update(f.slice(root.length)).update(readFileSync(f))
  return h.digest('hex').slice(0, 16)
}

/** The seed SQL file at a scale: generated once per version of the generator. */
export function citySeedFile(scale: number): { file: string; generateSeconds: number } {
  const file = join(cacheDir, `seed-x${scale}-${generatorHash()}.sql`)
  if (existsSync(file)) return { file, generateSeconds: 0 }
  mkdirSync(cacheDir, { recursive: true })
  const partial = `${file}.${process.pid}.partial`
  const t0 = performance.now()
  execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'scripts/generate-demo.ts', '--scale', String(scale), '--out', partial],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  renameSync(partial, file)
  return { file, generateSeconds: (performance.now() - t0) / 1000 }
}

/**
 * The statements of a SQL script, read as a stream: split at the semicolons outside quotes,
 * comments and dollar quotes, each with the comments before it.
 */
export async function* sqlStatements(file: string): AsyncGenerator<string> {
  let buf = '', i = 0, start = 0
  let state: 'code' | 'quote' | 'ident' | 'line' | 'block' | 'dollar' = 'code'
  let dollarTag = ''
  const scan = function* (end: number) {
    for (; i < end; i++) {
      const c = buf.charCodeAt(i)
      if (state === 'code') {
        if (c === 39) state = 'quote'
        else if (c === 34) state = 'ident'
        else if (c === 45 && buf.charCodeAt(i + 1) === 45) { state = 'line'; i++ }
        else if (c === 47 && buf.charCodeAt(i + 1) === 42) { state = 'block'; i++ }
        else if (c === 36) {
          const m = /^\$[A-Za-z_]*\$/.exec(buf.slice(i, i + 64))
          if (m) { state = 'dollar'; dollarTag = m[0]; i += m[0].length - 1 }
        } else if (c === 59) {
          const stmt = buf.slice(start, i + 1).trim()
          if (stmt) yield stmt
          start = i + 1
        }
      } else if (state === 'quote') { if (c === 39) state = 'code' }
      else if (state === 'ident') { if (c === 34) state = 'code' }
      else if (state === 'line') { if (c === 10) state = 'code' }
      else if (state === 'block') { if (c === 42 && buf.charCodeAt(i + 1) === 47) { state = 'code'; i++ } }
      else if (buf.startsWith(dollarTag, i)) { state = 'code'; i += dollarTag.length - 1 }
    }
  }
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
    // drop what is done, keep the statement under way (already scanned up to i)
    buf = buf.slice(start) + chunk
    i -= start
    start = 0
    yield* scan(buf.length - 64) // look-ahead (--, /*, $tag$) never runs past the text read
  }
  yield* scan(buf.length)
  const rest = buf.slice(start).trim()
  if (rest && !/^(--[^\n]*(\n\s*|$))*$/.test(rest)) yield rest
}

const HOSTED_PROJECT_SQL = () => readFileSync(join(root, 'test', 'supabase-shape', 'hosted-project.sql'), 'utf8')

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** A short label for a statement: its first words (what it creates or fills). */
const label = (stmt: string) => stmt.replace(/^(--[^\n]*\n\s*)*/, '').slice(0, 60).replace(/\s+/g, ' ')

/**
 * Streams the seed into the database on one connection: statements sent one at a time, many
 * to a transaction (about `chunkBytes` of SQL), so a million issues are a few hundred commits,
 * not one transaction holding everything nor a commit per statement.
 */
export async function loadSeed(client: pg.Client, file: string, opts: { chunkBytes?: number; timings?: Map<string, number> } = {}) {
  const chunkBytes = opts.chunkBytes ?? 64 << 20
  let inTx = 0
  await client.query('begin')
  for await (const stmt of sqlStatements(file)) {
    const t0 = performance.now()
    await client.query(stmt)
    if (opts.timings) { const k = label(stmt); opts.timings.set(k, (opts.timings.get(k) ?? 0) + performance.now() - t0) }
    inTx += stmt.length
    if (inTx >= chunkBytes) { await client.query('commit'); await client.query('begin'); inTx = 0 }
  }
  await client.query('commit')
  await client.query('reset search_path')
}

const COUNTED = ['streets', 'communities', 'grids', 'units', 'unit_officers', 'zones', 'issues', 'issue_events', 'markets', 'parking_lots', 'compounds'] as const

async function countRows(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query(`select ${COUNTED.map((t) => `(select count(*) from public.${t})::bigint as ${t}`).join(', ')}`)
  return Object.fromEntries(COUNTED.map((t) => [t, Number(rows[0][t])]))
}

export interface CityDatabase { database: string; loadSeconds: number; generateSeconds: number; reused: boolean; upgradeSeconds?: number; counts: Record<string, number> }

/**
 * The database `city_x<scale>_<generator hash>` on the server at `pgUrl`, built if missing or
 * incomplete. A complete one made by the same generator under older migrations is brought up to
 * date as a deployed database would be (the pending migrations, then `vacuum analyze`), not
 * reloaded: at ×100 a load takes most of an hour here, an upgrade minutes (`upgradeSeconds`).
 */
export async function cityDatabase(pgUrl: string, scale: number, log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<CityDatabase> {
  const database = `city_x${scale}_${generatorHash().slice(0, 12)}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  try {
    // the comment marks a complete load and keeps how long it took, for a later run to report
    const note = async () => (await admin.query(
      `select shobj_description(oid, 'pg_database') as note from pg_database where datname = $1`, [database])).rows[0]?.note as string | undefined
    const complete = async () => (await note())?.startsWith(COMPLETE) ?? false
    const open = async () => {
      const c = new pg.Client({ connectionString: withDatabase(pgUrl, database) })
      await c.connect()
      return c
    }
    const reuse = async (): Promise<CityDatabase> => {
      const c = await open()
      try {
        const t0 = performance.now()
        const exec = { exec: (s: string) => c.query(s), query: (q: string, p?: unknown[]) => c.query(q, p as any[]) } as any
        const applied = await applyMigrations(exec, migrationFiles())
        if (applied.length) {
          await c.query('vacuum analyze')
          log(`${database}: ${applied.length} new migration(s) applied in ${((performance.now() - t0) / 1000).toFixed(0)} s (${applied.join(', ')})`)
        }
        const took = JSON.parse((await note())!.slice(COMPLETE.length).trim() || '{}')
        return { database, loadSeconds: took.loadSeconds ?? 0, generateSeconds: took.generateSeconds ?? 0, reused: true, upgradeSeconds: (performance.now() - t0) / 1000, counts: await countRows(c) }
      } finally { await c.end() }
    }
    if (await complete()) return await reuse()
    // one builder per database at a time (another process may be building it: wait, then reuse)
    const lock = Number.parseInt(createHash('sha256').update(database).digest('hex').slice(0, 12), 16) % 2 ** 31
    await admin.query('select pg_advisory_lock($1)', [lock])
    try {
      if (await complete()) return await reuse()
      const { file, generateSeconds } = citySeedFile(scale)
      log(`loading ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) into ${database}…`)
      const t0 = performance.now()
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.query(`create database ${database}`)
      const c = await open()
      try {
        await c.query(HOSTED_PROJECT_SQL())
        const exec = { exec: (s: string) => c.query(s), query: (q: string, p?: unknown[]) => c.query(q, p as any[]) } as any
        await applyMigrations(exec, migrationFiles())
        const migrated = performance.now()
        // the data is rebuilt from scratch on any failure: no need to wait for each commit's flush
        await c.query('set synchronous_commit = off')
        const timings = process.env.CITY_DB_TIMINGS ? new Map<string, number>() : undefined
        await loadSeed(c, file, { timings })
        if (timings) for (const [k, ms] of [...timings].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`${(ms / 1000).toFixed(1).padStart(8)} s  ${k}`)
        const loaded = performance.now()
        await c.query('vacuum analyze')
        log(`migrations ${((migrated - t0) / 1000).toFixed(1)} s, seed ${((loaded - migrated) / 1000).toFixed(1)} s, vacuum analyze ${((performance.now() - loaded) / 1000).toFixed(1)} s`)
        const counts = await countRows(c)
        const loadSeconds = (performance.now() - t0) / 1000
        await admin.query(`comment on database ${database} is '${COMPLETE} ${JSON.stringify({ loadSeconds, generateSeconds })}'`)
        return { database, loadSeconds, generateSeconds, reused: false, counts }
      } finally { await c.end() }
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [lock]).catch(() => undefined)
    }
  } finally {
    await admin.end()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined }
  const scale = Number(arg('scale') ?? 100)
  const url = arg('pg') ?? process.env.TEST_PG_URL
  if (!url) throw new Error('--pg postgres://… or TEST_PG_URL: the PostgreSQL 15 server to build on')
  if (!Number.isInteger(scale) || scale < 1) throw new Error('--scale must be a positive integer')
  const result = await cityDatabase(url, scale)
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}
