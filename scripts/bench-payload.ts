// npm run bench's payload part: the bytes the map loads for the default view — the calls the
// client makes at start (src/lib/state/map-data.svelte.ts): the district whole, then each default
// layer by view (layer_view over the district's extent at the default zoom, the box padded and
// snapped as view-loading.ts does, issues with the default 365-day filter) — beside the same
// layers as plain GeoJSON (layer_geojson whole, as the app fetched them before: 6 decimals, every
// property, every feature). And a street view (zoom 16, 1,280 × 720 px around the busiest place)
// beside layer_geojson for the same box. Bytes are the JSON text's (octet_length on the server,
// so a 100 MB competitor is not shipped to Node), in MB of 10^6 bytes.
//
// Run on a database someone else owns (the ×100 city): only reads. When that database predates
// layer_view (its migration 20261209002300_layers_by_view.sql), the bench applies the migration
// inside one transaction and rolls it back at the end, so nothing is left there.
//
//   npx tsx scripts/bench-payload.ts <postgres url> <database> [label]
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { percentile, type BenchRow } from './bench-row'
import { root } from './sql-files'
import { loadBox, zoomBucket } from '../src/lib/state/view-loading'

/** The demo's leader: a signed-in reader (anon may call nothing but sign-in's). */
const LEADER = '00000000-0000-4000-8000-000000000002'
const MIGRATION = join(root, 'supabase', 'migrations', '20261209002300_layers_by_view.sql')
/** The layers the catalogue shows by default, the district (held whole) apart. */
const DEFAULT_LAYERS = ['streets', 'grids', 'zones', 'compounds', 'issues', 'markets', 'parking']
/** The app's default issue filter (url-state.ts issueFilters of the defaults). */
const FILTERS = { category: null, state: null, days: 365, from: null, to: null }
/** The viewport the default zoom is computed for (the e2e tests' window), with fitBounds' padding. */
const VIEWPORT = { width: 1280, height: 720, padding: 40 }
const MB = (b: number) => Math.round(b / 1e4) / 100

export async function payloadBench(opts: { pgUrl: string; database: string; label: string }): Promise<BenchRow[]> {
  const url = new URL(opts.pgUrl)
  url.pathname = `/${opts.database}`
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    await client.query('begin')
    const [{ has }] = (await client.query(`select to_regprocedure('public.layer_view(text, double precision[], double precision, jsonb)') is not null as has`)).rows
    // a database from before layer_view: apply its migration in this transaction (rolled back below)
    if (!has) await client.query(readFileSync(MIGRATION, 'utf8'))
    await client.query(`set local search_path = public, extensions`)
    return await measure(client, opts.label, !has)
  } finally {
    await client.query('rollback').catch(() => undefined)
    await client.end()
  }
}

/** The bytes of one API call's JSON as the leader would get it (a savepoint each, so the role does not stay). */
async function bytesOf(client: pg.Client, fn: string, args: unknown[]): Promise<{ bytes: number; ms: number }> {
  await client.query('savepoint call')
  try {
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: LEADER, role: 'authenticated' })])
    const params = args.map((_, i) => `$${i + 1}`).join(', ')
    const t0 = performance.now()
    const { rows } = await client.query(`select coalesce(octet_length(public.${fn}(${params})::text), 0)::bigint as n`, args.map((a) => (a !== null && typeof a === 'object' && !Array.isArray(a) ? JSON.stringify(a) : a)))
    return { bytes: Number(rows[0].n), ms: performance.now() - t0 }
  } finally {
    await client.query('rollback to savepoint call')
  }
}

/** MapLibre's fitBounds zoom for a box in the viewport (Web Mercator). */
function fitZoom([w, s, e, n]: number[]): number {
  const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * (180 / Math.PI)
  const zx = Math.log2(((VIEWPORT.width - 2 * VIEWPORT.padding) * 360) / (512 * (e - w)))
  const zy = Math.log2(((VIEWPORT.height - 2 * VIEWPORT.padding) * 360) / (512 * (mercY(n) - mercY(s))))
  return Math.min(zx, zy)
}

async function measure(client: pg.Client, label: string, applied: boolean): Promise<BenchRow[]> {
  const q = async (sql: string) => (await client.query(sql)).rows
  const [d] = await q(`select ST_XMin(e) w, ST_YMin(e) s, ST_XMax(e) e, ST_YMax(e) n from (select ST_Extent(geom)::geometry e from districts) x`)
  const district = [d.w, d.s, d.e, d.n].map(Number) as [number, number, number, number]
  const zoom = fitZoom(district)
  const bucket = zoomBucket(zoom)
  const box = loadBox(district, bucket)
  const note = applied ? ' (layer_view applied in a rolled-back transaction)' : ''

  // the default view: the district whole, then each default layer for the view
  const start = [await bytesOf(client, 'layer_geojson', ['district', null, null])]
  const perLayer: Record<string, number> = {}
  for (const id of DEFAULT_LAYERS) {
    const r = await bytesOf(client, 'layer_view', [id, box, bucket, id === 'issues' ? FILTERS : null])
    perLayer[id] = r.bytes
    start.push(r)
  }
  const viewBytes = start.reduce((a, r) => a + r.bytes, 0)
  const viewMs = start.reduce((a, r) => a + r.ms, 0)
  let plain = (await bytesOf(client, 'layer_geojson', ['district', null, null])).bytes
  for (const id of DEFAULT_LAYERS) plain += (await bytesOf(client, 'layer_geojson', [id, null, id === 'issues' ? FILTERS : null])).bytes

  // a street view: zoom 16, 1,280 × 720 px around the 500 m cell with the most issues of the year
  const [c] = await q(`select avg(ST_X(geom)) x, avg(ST_Y(geom)) y from issues where reported_at >= now() - interval '365 days'
    group by floor(ST_X(geom) / 0.005), floor(ST_Y(geom) / 0.005) order by count(*) desc limit 1`)
  const halfW = (VIEWPORT.width * 360) / (512 * 2 ** 16) / 2
  const halfH = ((VIEWPORT.height * 360) / (512 * 2 ** 16)) * Math.cos((Number(c.y) * Math.PI) / 180) / 2
  const street = [Number(c.x) - halfW, Number(c.y) - halfH, Number(c.x) + halfW, Number(c.y) + halfH] as [number, number, number, number]
  const streetBox = loadBox(street, 16)
  let streetBytes = 0, streetPlain = 0
  const streetMs: number[] = []
  for (const id of DEFAULT_LAYERS) {
    const r = await bytesOf(client, 'layer_view', [id, streetBox, 16, id === 'issues' ? FILTERS : null])
    streetBytes += r.bytes; streetMs.push(r.ms)
    streetPlain += (await bytesOf(client, 'layer_geojson', [id, streetBox, id === 'issues' ? FILTERS : null])).bytes
  }

  const rows: BenchRow[] = [
    { group: 'payload', measure: `default view at ${label}: district + ${DEFAULT_LAYERS.length} layers by view, zoom ${zoom.toFixed(2)} (bucket ${bucket})${note}`,
      value: MB(viewBytes), unit: 'MB', competitor: { name: 'plain GeoJSON', value: MB(plain) }, ratio: Math.round((viewBytes / plain) * 1000) / 1000,
      target: '≤ 5 MB and ≤ 1/5 of plain GeoJSON', ok: viewBytes <= 5e6 && viewBytes * 5 <= plain },
    { group: 'payload', measure: `street view at ${label}: ${DEFAULT_LAYERS.length} layers by view, zoom 16, 1,280 × 720 px at the busiest place`,
      value: MB(streetBytes), unit: 'MB', competitor: { name: 'plain GeoJSON (layer_geojson, same box)', value: MB(streetPlain) },
      ratio: Math.round((streetBytes / streetPlain) * 1000) / 1000, target: '≤ 5 MB', ok: streetBytes <= 5e6 },
    { group: 'payload', measure: `default view at ${label}: the layer calls' time, one after another`, value: Math.round(viewMs), unit: 'ms' },
    { group: 'payload', measure: `street view at ${label}: slowest layer_view call`, value: Math.round(percentile(streetMs, 100)), unit: 'ms' },
    ...DEFAULT_LAYERS.map((id): BenchRow => ({ group: 'payload', measure: `default view at ${label}: ${id}`, value: Math.round(perLayer[id] / 100) / 10, unit: 'KB' })),
  ]
  return rows
}

// run alone: npx tsx scripts/bench-payload.ts <url> <database> [label]
if (import.meta.url === `file://${process.argv[1]}`) {
  const [pgUrl, database, label = database] = process.argv.slice(2)
  if (!pgUrl || !database) throw new Error('usage: npx tsx scripts/bench-payload.ts <postgres url> <database> [label]')
  const rows = await payloadBench({ pgUrl, database, label })
  console.table(rows.map((r) => ({ measure: r.measure, value: `${r.value} ${r.unit}`, competitor: r.competitor ? `${r.competitor.name}: ${r.competitor.value}` : '', ratio: r.ratio ?? '', target: r.target ?? '', ok: r.ok ?? '' })))
}
