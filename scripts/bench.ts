// npm run bench — GridGov's speed at the demo's scale and a city's, every figure beside a competitor
// measured in the same run (this machine has 2 shared cores and is noisy: rounds alternate between
// the two sides, and the figures that matter are the ratios). Prints one table and writes it as
// JSON to bench-results.json. The parts, in order (each returns rows: scripts/bench-row.ts):
//
//   load      the city's data: the generator at ×1, ×10 and ×100 and the load into PostgreSQL 15
//             (scripts/city-db.ts; reused while the SQL and the generator are unchanged)
//   sql       the analyses on PostgreSQL at ×100 beside ×1, p95 (scripts/bench-analyses.ts)
//   lookup    "who is responsible here?" for 100 points four ways at ×1, ×10, ×100: zone_at a call
//             each, zone_at_batch in one call, a Turf loop and a flatbush R-tree in JS
//   embedded  the same API on PGlite (the browser's database) at ×1 and ×10
//   payload   the default view's bytes at ×100 beside the same features as plain GeoJSON (scripts/bench-payload.ts)
//   beyond    bytes per issue at ×1, ×10, ×100, each index's size and write cost, and issues partitioned
//             by month beside one table (scripts/bench-beyond.ts): the README's "Beyond one database"
//   start     cold, warm and naive starts in Chromium, bytes transferred (scripts/bench-start.ts)
//   frames    frame time panning with every layer on, ×100 beside ×1 (scripts/bench-frames.ts)
//   wall-soak the command-centre wall touring for 10 minutes (scripts/bench-wall.ts)
//
//   npm run bench                                  (everything: about an hour here, the first time longer)
//   npm run bench -- --only sql,lookup --rounds 15 (some parts)   --skip wall-soak   --scale 100
//   npm run bench -- --print                       (the table of bench-results.json as it stands)
// PostgreSQL: BENCH_PG_URL, else a cluster of the bench's own (scripts/bench-server.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import Flatbush from 'flatbush'
import { area, bbox as turfBbox, booleanPointInPolygon } from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { applyMigrations, applySeed } from '../src/lib/db/apply-migrations'
import { callRpc, type SqlDatabase } from '../src/lib/db/rpc'
import { percentile, type BenchRow } from './bench-row'
import { benchDatabase, benchServer } from './bench-server'
import { cityDatabase, citySeedFile, generatorHash } from './city-db'
import { migrationFiles, root, sqlFingerprint } from './sql-files'

const PARTS = ['load', 'sql', 'lookup', 'embedded', 'payload', 'beyond', 'start', 'frames', 'wall-soak'] as const
type Part = (typeof PARTS)[number]
const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined }
const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [])
for (const p of [...list(arg('only')), ...list(arg('skip'))]) if (!PARTS.includes(p as Part)) throw new Error(`unknown part ${p}: ${PARTS.join(', ')}`)
const only = list(arg('only')), skip = list(arg('skip'))
const runs = (p: Part) => (only.length ? only.includes(p) : true) && !skip.includes(p)
const ROUNDS = Number(arg('rounds') ?? 11)
const CITY = Number(arg('scale') ?? 100)
const cache = join(root, 'node_modules', '.cache', 'gridgov')
/** The calls are made as the demo's leader (a signed-in reader): anon may call nothing but sign-in's. */
const LEADER = '00000000-0000-4000-8000-000000000002'
type Db = SqlDatabase & { query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> }

// --- "PostGIS or a client-side index?" ---------------------------------------------------------
type AreaZone = Feature<Polygon | MultiPolygon, { id: number; unit_id: number }>
interface Lookup { points: [number, number][]; areas: AreaZone[]; index: Flatbush }

/** "Who is responsible here?" answered in the browser: Turf over every area zone, smallest first (zone_at's rule). */
function turfLookup(areas: AreaZone[], [lon, lat]: [number, number]) {
  return areas.find((z) => booleanPointInPolygon([lon, lat], z)) ?? null
}
/** The same through a static R-tree of the zones' boxes (flatbush): only the few candidates are tested. */
function indexedLookup(c: Lookup, [lon, lat]: [number, number]) {
  const hits = c.index.search(lon, lat, lon, lat).sort((a, b) => a - b) // indexes follow the smallest-first order
  for (const i of hits) if (booleanPointInPolygon([lon, lat], c.areas[i])) return c.areas[i]
  return null
}

/** 100 points spread over the grids, and the area zones as the map holds them with their R-tree. */
async function lookupContext(db: Db): Promise<Lookup> {
  const pts = (await db.query<{ x: number; y: number }>(
    `select extensions.ST_X(p) x, extensions.ST_Y(p) y from (select extensions.ST_PointOnSurface(geom) p from public.grids order by code) s`)).rows
  const step = Math.max(1, Math.floor(pts.length / 100))
  const fc = await callRpc<FeatureCollection>(db, 'layer_geojson', { layer_id: 'zones' }, LEADER)
  const areas = (fc.features as AreaZone[]).filter((f) => (f.properties as any).kind === 'area')
    .sort((a, b) => area(a) - area(b) || a.properties.id - b.properties.id)
  const index = new Flatbush(Math.max(1, areas.length))
  for (const z of areas) { const [w, s, e, n] = turfBbox(z); index.add(w, s, e, n) }
  index.finish()
  return { points: pts.filter((_, i) => i % step === 0).slice(0, 100).map((p) => [p.x, p.y]), areas, index }
}

const LOOKUPS: { name: string; run: (db: Db, c: Lookup) => Promise<unknown> }[] = [
  { name: 'zone_at, a call per point', run: async (db, c) => { for (const [lon, lat] of c.points) await callRpc(db, 'zone_at', { lon, lat }, LEADER) } },
  { name: 'zone_at_batch, one call', run: (db, c) => callRpc(db, 'zone_at_batch', { points: c.points }, LEADER) },
  { name: 'Turf loop in JS', run: async (_db, c) => { for (const p of c.points) turfLookup(c.areas, p) } },
  { name: 'flatbush R-tree in JS', run: async (_db, c) => { for (const p of c.points) indexedLookup(c, p) } },
]

/** Alternating rounds over the sides; median ms of each case on each side. */
async function sideBySide<S>(sides: S[], cases: { run: (s: S) => Promise<unknown> }[], rounds: number): Promise<number[][][]> {
  const times = cases.map(() => sides.map(() => [] as number[]))
  for (const c of cases) for (const s of sides) await c.run(s) // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [ci, c] of cases.entries()) {
      const order = sides.map((_, i) => i)
      if (r % 2) order.reverse()
      for (const i of order) {
        const t0 = performance.now()
        await c.run(sides[i])
        times[ci][i].push(performance.now() - t0)
      }
    }
  }
  return times
}

async function lookupBench(dbs: { label: string; db: Db }[]): Promise<BenchRow[]> {
  const ctxs = await Promise.all(dbs.map((d) => lookupContext(d.db)))
  // the four must give the same answers, or the comparison means nothing
  for (const [i, { label, db }] of dbs.entries()) {
    const c = ctxs[i]
    const batch = await callRpc<({ id: number } | null)[]>(db, 'zone_at_batch', { points: c.points }, LEADER)
    const differ = c.points.filter((p, k) => {
      const ids = [batch[k]?.id ?? null, turfLookup(c.areas, p)?.properties.id ?? null, indexedLookup(c, p)?.properties.id ?? null].map((x) => (x == null ? null : Number(x)))
      return ids[0] !== ids[1] || ids[1] !== ids[2]
    }).length
    if (differ) throw new Error(`${label}: ${differ} of ${c.points.length} points answered differently by SQL, Turf and the index`)
  }
  const sides = dbs.map((d, i) => ({ db: d.db, c: ctxs[i] }))
  const times = await sideBySide(sides, LOOKUPS.map((l) => ({ run: (s: (typeof sides)[number]) => l.run(s.db, s.c) })), ROUNDS)
  const rows: BenchRow[] = []
  for (const [si, d] of dbs.entries()) {
    const turf = percentile(times[2][si], 50)
    for (const [li, l] of LOOKUPS.entries()) {
      const v = percentile(times[li][si], 50)
      rows.push({ group: 'lookup', measure: `${l.name}, 100 points, ${d.label} (${ctxs[si].areas.length} area zones)`, value: v, unit: 'ms',
        ...(li === 2 ? {} : { competitor: { name: 'Turf loop in JS', value: turf }, ratio: v / turf }) })
    }
  }
  return rows
}

// --- the embedded database: PGlite at ×1 and ×10 ----------------------------------------------------
async function pgliteAt(scale: number): Promise<Db> {
  const dump = join(cache, `bench-x${scale}-${sqlFingerprint(true)}${scale === 1 ? '' : `-${generatorHash()}`}.tar.gz`)
  let db: PGlite
  if (existsSync(dump)) {
    db = await PGlite.create({ extensions: { postgis }, loadDataDir: new Blob([readFileSync(dump)]), relaxedDurability: true })
  } else {
    process.stderr.write(`preparing PGlite at ×${scale} (once; cached)…\n`)
    db = await PGlite.create({ extensions: { postgis }, relaxedDurability: true })
    await applyMigrations(db, migrationFiles())
    await applySeed(db, scale === 1 ? readFileSync(join(root, 'supabase', 'seed.sql'), 'utf8') : readFileSync(citySeedFile(scale).file, 'utf8'))
    await db.exec('vacuum analyze')
    mkdirSync(cache, { recursive: true })
    writeFileSync(dump, Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer()))
  }
  return { query: db.query.bind(db) as Db['query'], transaction: (fn) => db.transaction((tx) => fn({ query: (q, p) => tx.query(q, p) as any })) }
}

const EMBEDDED: { name: string; run: (db: Db, zone: number) => Promise<unknown> }[] = [
  { name: 'zone_summary (one zone)', run: (db, z) => callRpc(db, 'zone_summary', { zone_id: z }, LEADER) },
  { name: 'layer_catalog', run: (db) => callRpc(db, 'layer_catalog', {}, LEADER) },
  { name: 'issue_hotspots (365 days)', run: (db) => callRpc(db, 'issue_hotspots', { filters: { days: 365 } }, LEADER) },
  { name: 'coverage_report', run: (db) => callRpc(db, 'coverage_report', { district_code: '230203' }, LEADER) },
  { name: 'unit_ranking', run: (db) => callRpc(db, 'unit_ranking', {}, LEADER) },
  { name: 'wall_summary', run: (db) => callRpc(db, 'wall_summary', {}, LEADER) },
]

async function embeddedBench(): Promise<BenchRow[]> {
  const sides = await Promise.all([1, 10].map(async (scale) => {
    const db = await pgliteAt(scale)
    const [{ id }] = (await db.query<{ id: number }>(`select id from public.zones where kind = 'area' order by id offset (select count(*) / 2 from public.zones where kind = 'area') limit 1`)).rows
    return { db, zone: Number(id) }
  }))
  const times = await sideBySide(sides, EMBEDDED.map((c) => ({ run: (s: (typeof sides)[number]) => c.run(s.db, s.zone) })), ROUNDS)
  return EMBEDDED.map((c, ci) => {
    const a = percentile(times[ci][0], 50), b = percentile(times[ci][1], 50)
    return { group: 'embedded', measure: `${c.name} on PGlite (WASM) at ×10, median`, value: b, unit: 'ms', competitor: { name: 'same call at ×1', value: a }, ratio: b / a } satisfies BenchRow
  })
}

// --- the table -----------------------------------------------------------------------------------
const fmt = (v: number, unit: string) => (unit === 'count' ? String(v) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2))

function printTable(rows: BenchRow[], meta: Record<string, unknown>, parts: Record<string, { date: string; command: string }>) {
  console.log(`\nGridGov bench — ${meta.machine}; the city is ×${meta.city}`)
  for (const [g, p] of Object.entries(parts)) console.log(`  ${g}: ${p.date.slice(0, 16).replace('T', ' ')} UTC, \`${p.command}\``)
  console.log('\n| part | measure | value | competitor (same run) | ratio | target | met |')
  console.log('| --- | --- | ---: | --- | ---: | --- | :---: |')
  for (const r of rows) {
    const comp = r.competitor ? `${r.competitor.name}: ${fmt(r.competitor.value, r.unit)} ${r.unit}` : ''
    console.log(`| ${r.group} | ${r.measure} | ${fmt(r.value, r.unit)} ${r.unit} | ${comp} | ${r.ratio == null ? '' : r.ratio.toFixed(2)} | ${r.target ?? ''} | ${r.ok == null ? '' : r.ok ? 'yes' : '**no**'} |`)
  }
}

async function main() {
  const server = (['load', 'sql', 'lookup', 'payload', 'beyond', 'frames'] as const).some(runs) ? benchServer() : null
  const rows: BenchRow[] = []
  const meta = { date: new Date().toISOString(), machine: `${(await import('node:os')).cpus().length} cores, node ${process.version}`, rounds: ROUNDS, city: CITY, command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim() }
  // Parts run alone replace their own rows in bench-results.json and keep the others', so the
  // table is always whole; each part's rows say when and by which command they were made.
  const out = join(root, 'bench-results.json')
  const earlier: { rows: BenchRow[]; parts: Record<string, { date: string; command: string }> } =
    existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { rows: [], parts: {} }
  const parts: Record<string, { date: string; command: string }> = { ...earlier.parts }
  const save = () => {
    const ran = new Set(rows.map((r) => r.group))
    const all = [...earlier.rows.filter((r) => !ran.has(r.group)), ...rows]
      .sort((a, b) => PARTS.indexOf(a.group as Part) - PARTS.indexOf(b.group as Part))
    for (const g of ran) parts[g] = { date: meta.date, command: meta.command }
    writeFileSync(out, JSON.stringify({ machine: meta.machine, parts, rows: all }, null, 2) + '\n')
    return all
  }
  const part = async (p: Part, fn: () => Promise<BenchRow[]>) => {
    if (!runs(p)) return
    process.stderr.write(`\n== ${p} ==\n`)
    const t0 = Date.now()
    try { rows.push(...await fn()) } catch (e) {
      // one part failing does not lose the others' figures; the table says what failed
      rows.push({ group: p, measure: `FAILED: ${(e as Error).message.split('\n')[0].slice(0, 200)}`, value: 0, unit: 'count', ok: false })
      process.exitCode = 1
    }
    process.stderr.write(`== ${p}: ${((Date.now() - t0) / 1000).toFixed(0)} s ==\n`)
    save()
  }
  try {
    const dbs: Record<number, { database: string; db: Db }> = {}
    const city = async (scale: number) => {
      if (!dbs[scale]) { const c = await cityDatabase(server!.url, scale); dbs[scale] = { database: c.database, db: benchDatabase(server!.url, c.database) } }
      return dbs[scale]
    }
    await part('load', async () => {
      const r: BenchRow[] = []
      for (const scale of new Set([1, 10, CITY])) {
        const c = await cityDatabase(server!.url, scale)
        const n = c.counts
        r.push({ group: 'load', measure: `×${scale}: generate and load into PostgreSQL 15 (${Object.entries(n).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')})${c.reused ? `, as loaded earlier${c.upgradeSeconds && c.upgradeSeconds > 1 ? ` (new migrations applied in ${c.upgradeSeconds.toFixed(0)} s)` : ''}` : ''}`,
          value: c.generateSeconds + c.loadSeconds, unit: 's', competitor: { name: 'of which generating', value: c.generateSeconds } })
      }
      return r
    })
    if (runs('sql')) {
      const { analysesBench } = await import('./bench-analyses')
      await part('sql', async () => analysesBench({ smallUrl: dbUrl(server!.url, (await city(1)).database), bigUrl: dbUrl(server!.url, (await city(CITY)).database), rounds: Math.max(ROUNDS, 20) }))
    }
    await part('lookup', async () => lookupBench(await Promise.all([...new Set([1, 10, CITY])].map(async (s) => ({ label: `×${s}`, db: (await city(s)).db })))))
    await part('embedded', embeddedBench)
    if (runs('payload')) {
      const { payloadBench } = await import('./bench-payload')
      await part('payload', async () => [
        ...await payloadBench({ pgUrl: server!.url, database: (await city(1)).database, label: '×1' }),
        ...await payloadBench({ pgUrl: server!.url, database: (await city(CITY)).database, label: `×${CITY}` }),
      ])
    }
    if (runs('beyond')) {
      const { beyondBench } = await import('./bench-beyond')
      await part('beyond', async () => beyondBench({ pgUrl: server!.url, rounds: ROUNDS,
        databases: await Promise.all([...new Set([1, 10, CITY])].map(async (s) => ({ label: `×${s}`, database: (await city(s)).database }))) }))
    }
    if (runs('start')) {
      const { startBench } = await import('./bench-start')
      await part('start', () => startBench({ rounds: Math.max(1, Math.min(ROUNDS, 5)) }))
    }
    if (runs('frames')) {
      const { framesBench } = await import('./bench-frames')
      await part('frames', async () => framesBench({ pgUrl: server!.url, small: (await city(1)).database, big: (await city(CITY)).database, bigLabel: `×${CITY}`, rounds: Math.max(1, Math.min(ROUNDS, 4)) }))
    }
    if (runs('wall-soak')) {
      const { wallSoak } = await import('./bench-wall')
      await part('wall-soak', wallSoak)
    }
    await Promise.all(Object.values(dbs).map((d) => (d.db as any).end?.()))
  } finally {
    server?.stop()
  }
  printTable(save(), meta, parts)
  console.log(`\nwritten to ${out}`)
}

function dbUrl(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

if (process.argv.includes('--print')) {
  // the table of the last runs, as the README quotes it, without measuring anything
  const r = JSON.parse(readFileSync(join(root, 'bench-results.json'), 'utf8'))
  printTable(r.rows, { machine: r.machine, city: CITY }, r.parts)
} else await main()
