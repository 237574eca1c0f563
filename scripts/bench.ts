// npm run bench — the SQL API's speed at the demo scale and at 10× the demo data, measured
// side by side in one run (the machine is shared and noisy: rounds alternate between the
// two databases, and the figures that matter are the ratios); then the command-centre wall's
// soak run in Chromium (scripts/bench-wall.ts: ~15 min with its build).
//
//   npx tsx scripts/bench.ts [--rounds 7] [--scale 10] [--postgres]   (--postgres needs TEST_PG_URL)
//   npm run bench -- --only sql | --only wall-soak                    (one of the two)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import Flatbush from 'flatbush'
import { area, bbox as turfBbox, booleanPointInPolygon } from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { postgis } from '@electric-sql/pglite-postgis'
import { applyMigrations, applySeed } from '../src/lib/db/apply-migrations'
import { callRpc, type SqlDatabase } from '../src/lib/db/rpc'
import { migrationFiles, root, sqlFingerprint } from './sql-files'
import { citySeedFile, generatorHash } from './city-db'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const ROUNDS = arg('rounds', 7)
const BIG = arg('scale', 10)
const cache = join(root, 'node_modules', '.cache', 'gridgov')

/** The seed SQL at a scale: scale 1 is the committed seed, others are generated. */
function seedAt(scale: number): string {
  if (scale === 1) return readFileSync(join(root, 'supabase', 'seed.sql'), 'utf8')
  return readFileSync(citySeedFile(scale).file, 'utf8') // generated once per version of the generator
}

async function pgliteAt(scale: number): Promise<SqlDatabase & { query: PGlite['query'] }> {
  const dump = join(cache, `bench-x${scale}-${sqlFingerprint(true)}${scale === 1 ? '' : `-${generatorHash()}`}.tar.gz`)
  let db: PGlite
  if (existsSync(dump)) {
    db = await PGlite.create({ extensions: { postgis }, loadDataDir: new Blob([readFileSync(dump)]), relaxedDurability: true })
  } else {
    process.stderr.write(`preparing PGlite at ×${scale} (once; cached)…\n`)
    db = await PGlite.create({ extensions: { postgis }, relaxedDurability: true })
    await applyMigrations(db, migrationFiles())
    await applySeed(db, seedAt(scale))
    await db.exec('vacuum analyze')
    mkdirSync(cache, { recursive: true })
    writeFileSync(dump, Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer()))
  }
  return { query: db.query.bind(db), transaction: (fn) => db.transaction((tx) => fn({ query: (q, p) => tx.query(q, p) as any })) }
}

interface Case { name: string; run: (db: SqlDatabase, ctx: Ctx) => Promise<unknown> }
type AreaZone = Feature<Polygon | MultiPolygon, { id: number; unit_id: number }>
interface Ctx { zones: number[]; points: [number, number][]; areas: AreaZone[]; index: Flatbush }
/** The calls are made as the demo's leader (a signed-in reader): anon may call nothing but sign-in's. */
const LEADER = '00000000-0000-4000-8000-000000000002'

/** "Who is responsible here?" answered in the browser: Turf over every area zone, smallest first (zone_at's rule). */
function turfLookup(areas: AreaZone[], [lon, lat]: [number, number]) {
  return areas.find((z) => booleanPointInPolygon([lon, lat], z)) ?? null
}
/** The same through a static R-tree of the zones' boxes (flatbush): only the few candidates are tested. */
function indexedLookup(c: Ctx, [lon, lat]: [number, number]) {
  const hits = c.index.search(lon, lat, lon, lat).sort((a, b) => a - b) // indexes follow the smallest-first order
  for (const i of hits) if (booleanPointInPolygon([lon, lat], c.areas[i])) return c.areas[i]
  return null
}

const CASES: Case[] = [
  { name: 'zone_summary (one zone)', run: (db, c) => callRpc(db, 'zone_summary', { zone_id: c.zones[0] }, LEADER) },
  // "PostGIS or a client-side index?" for hover and click: 100 look-ups four ways
  { name: 'zone_at (100 points, a call each)', run: async (db, c) => { for (const [lon, lat] of c.points) await callRpc(db, 'zone_at', { lon, lat }, LEADER) } },
  { name: 'zone_at_batch (100 points, one call)', run: (db, c) => callRpc(db, 'zone_at_batch', { points: c.points }, LEADER) },
  { name: 'Turf loop in JS (100 points)', run: async (_db, c) => { for (const p of c.points) turfLookup(c.areas, p) } },
  { name: 'flatbush index in JS (100 points)', run: async (_db, c) => { for (const p of c.points) indexedLookup(c, p) } },
  { name: 'layer_geojson grids', run: (db) => callRpc(db, 'layer_geojson', { layer_id: 'grids' }, LEADER) },
  { name: 'layer_geojson issues (30 days)', run: (db) => callRpc(db, 'layer_geojson', { layer_id: 'issues', filters: { days: 30 } }, LEADER) },
  { name: 'issue_hotspots (365 days)', run: (db) => callRpc(db, 'issue_hotspots', { filters: { days: 365 } }, LEADER) },
  { name: 'coverage_report', run: (db) => callRpc(db, 'coverage_report', { district_code: '230203' }, LEADER) },
  { name: 'unit_ranking', run: (db) => callRpc(db, 'unit_ranking', {}, LEADER) },
]

async function context(db: SqlDatabase & { query: PGlite['query'] }): Promise<Ctx> {
  const zones = (await db.query<{ id: number }>(`select id from public.zones where kind = 'area' order by id`)).rows.map((r) => Number(r.id))
  const pts = (await db.query<{ x: number; y: number }>(
    `select extensions.ST_X(p) x, extensions.ST_Y(p) y from (select extensions.ST_PointOnSurface(geom) p from public.grids order by code) s`)).rows
  const step = Math.max(1, Math.floor(pts.length / 100))
  // the area zones as the map holds them, smallest first (zone_at's order), and their R-tree
  const fc = await callRpc<FeatureCollection>(db, 'layer_geojson', { layer_id: 'zones' }, LEADER)
  const areas = (fc.features as AreaZone[]).filter((f) => (f.properties as any).kind === 'area')
    .sort((a, b) => area(a) - area(b) || a.properties.id - b.properties.id)
  const index = new Flatbush(Math.max(1, areas.length))
  for (const z of areas) { const [w, s, e, n] = turfBbox(z); index.add(w, s, e, n) }
  index.finish()
  return { zones: [zones[Math.floor(zones.length / 2)]], points: pts.filter((_, i) => i % step === 0).slice(0, 100).map((p) => [p.x, p.y]), areas, index }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const small = await pgliteAt(1)
  const big = await pgliteAt(BIG)
  const dbs = [small, big]
  const ctxs = [await context(small), await context(big)]
  const [{ n: grids1 }] = (await small.query<{ n: number }>('select count(*)::int n from public.grids')).rows
  const [{ n: grids10 }] = (await big.query<{ n: number }>('select count(*)::int n from public.grids')).rows
  const [{ n: issues1 }] = (await small.query<{ n: number }>('select count(*)::int n from public.issues')).rows
  const [{ n: issues10 }] = (await big.query<{ n: number }>('select count(*)::int n from public.issues')).rows
  // the four look-ups must give the same answers, or the comparison means nothing
  for (const [i, db] of dbs.entries()) {
    const c = ctxs[i]
    const batch = await callRpc<({ id: number } | null)[]>(db, 'zone_at_batch', { points: c.points }, LEADER)
    const differ = c.points.filter((p, k) => {
      const ids = [batch[k]?.id ?? null, turfLookup(c.areas, p)?.properties.id ?? null, indexedLookup(c, p)?.properties.id ?? null].map((x) => (x == null ? null : Number(x)))
      return ids[0] !== ids[1] || ids[1] !== ids[2]
    }).length
    if (differ) console.warn(`×${i ? BIG : 1}: ${differ} of ${c.points.length} points answered differently by SQL, Turf and the index`)
  }
  const times: number[][][] = CASES.map(() => [[], []])
  for (const c of CASES) for (const i of [0, 1]) await c.run(dbs[i], ctxs[i]) // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [ci, c] of CASES.entries()) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const t0 = performance.now()
        await c.run(dbs[i], ctxs[i])
        times[ci][i].push(performance.now() - t0)
      }
    }
  }
  console.log(`GridGov SQL API on PGlite ${'(PostGIS 3.6, WASM)'} — median of ${ROUNDS} alternating rounds`)
  console.log(`demo ×1: ${grids1} grids, ${issues1} issues   ×${BIG}: ${grids10} grids, ${issues10} issues\n`)
  console.log(`| function | ×1 (ms) | ×${BIG} (ms) | ×${BIG} / ×1 |`)
  console.log('| --- | ---: | ---: | ---: |')
  for (const [ci, c] of CASES.entries()) {
    const a = median(times[ci][0]), b = median(times[ci][1])
    console.log(`| ${c.name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)} |`)
  }
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null
if (only && !['sql', 'wall-soak'].includes(only)) throw new Error(`--only sql | wall-soak, not ${only}`)
if (!only || only === 'sql') await main()
if (!only || only === 'wall-soak') await (await import('./bench-wall')).wallSoak()
