// The analyses at city scale (issue 14, "analyses that stay interactive"): the seven SQL functions
// the pages and the wall call for a whole view, measured side by side on two PostgreSQL databases
// — the demo (×1, supabase/seed.sql) and a city (×100, scripts/generate-demo.ts --scale 100) —
// in rounds that alternate between the two, each call as the app makes it (callRpc: role
// authenticated with the demo leader's JWT claims, the role's settings, one transaction), on one
// warm connection per database as PostgREST's pool holds them. One row per function: the p95 at
// the big scale, the same call at ×1 beside it, and the growth.
//
//   npx tsx scripts/bench-analyses.ts --small postgres://…/db_x1 --big postgres://…/db_x100 [--rounds 15]
import { callRpc } from '../src/lib/db/rpc'
import { percentile, type BenchRow } from './bench-row'
import { databaseAt } from './bench-server'

/** The demo's leader (a signed-in reader), as scripts/bench.ts calls. */
const LEADER = '00000000-0000-4000-8000-000000000002'

type Db = ReturnType<typeof databaseAt> & { zoneId: number; district: string }

export interface AnalysisCase {
  name: string; fn: string; args: (db: Db) => Record<string, unknown>; targetMs: number
  /** untimed, before each call: e.g. make a kept answer stale, to time the computation itself */
  before?: (db: Db) => Promise<unknown>
}

/**
 * The kept hotspot answer for a window dropped, as a new issue makes it stale
 * (*_hotspot_results.sql) — only that one, so the other rows' kept answers stay as the app finds them.
 */
const hotspotsStale = (days: number) => (db: Db) =>
  db.query(`delete from public.hotspot_results where filters = jsonb_build_object('days', $1::int)`, [days])

export const ANALYSES: AnalysisCase[] = [
  { name: 'zone_summary (one zone)', fn: 'zone_summary', args: (db) => ({ zone_id: db.zoneId }), targetMs: 100 },
  // kept answers (*_hotspot_results.sql): given again until an issue is filed, moved or
  // recategorised, at most 10 minutes; the second row times the answer computed afresh
  { name: 'issue_hotspots (365 days)', fn: 'issue_hotspots', args: () => ({ filters: { days: 365 } }), targetMs: 100 },
  { name: 'issue_hotspots (365 days) computed afresh', fn: 'issue_hotspots', args: () => ({ filters: { days: 365 } }), targetMs: 100,
    before: hotspotsStale(365) },
  { name: 'unit_ranking (this month)', fn: 'unit_ranking', args: () => ({}), targetMs: 100 },
  { name: 'unit_indicators (this month)', fn: 'unit_indicators', args: () => ({}), targetMs: 100 },
  { name: 'wall_summary (with hotspots)', fn: 'wall_summary', args: () => ({ with_hotspots: true }), targetMs: 100 },
  { name: 'wall_summary (with hotspots) after a new issue', fn: 'wall_summary', args: () => ({ with_hotspots: true }), targetMs: 100,
    before: hotspotsStale(30) },
  { name: 'layer_catalog', fn: 'layer_catalog', args: () => ({}), targetMs: 100 },
  { name: 'coverage_report (the district)', fn: 'coverage_report', args: (db) => ({ district_code: db.district }), targetMs: 300 },
]

async function open(url: string): Promise<Db> {
  const db = databaseAt(url, 1)
  // the middle area zone by id (as scripts/bench.ts picks it) and the district
  const zones = (await db.query<{ id: string }>(`select id from public.zones where kind = 'area' order by id`)).rows
  const [{ code }] = (await db.query<{ code: string }>(`select code from public.districts order by code limit 1`)).rows
  return { ...db, zoneId: Number(zones[Math.floor(zones.length / 2)].id), district: code }
}

/** p95 of each analysis on both databases, `rounds` rounds alternating which goes first, after a warm-up round. */
export async function analysesBench(opts: { smallUrl: string; bigUrl: string; rounds: number }): Promise<BenchRow[]> {
  const dbs = [await open(opts.smallUrl), await open(opts.bigUrl)]
  try {
    const times: number[][][] = ANALYSES.map(() => [[], []])
    // a call that fails (the API role's statement timeout) counts with the time it took, and the row fails
    const failed: string[][] = ANALYSES.map(() => [])
    const timed = async (ci: number, i: number) => {
      const c = ANALYSES[ci]
      await c.before?.(dbs[i])
      const t0 = performance.now()
      try {
        await callRpc(dbs[i], c.fn, c.args(dbs[i]), LEADER)
      } catch (err) {
        failed[ci].push(`${i ? 'big' : '×1'}: ${(err as Error).message.slice(0, 60)}`)
      }
      return performance.now() - t0
    }
    for (const ci of ANALYSES.keys()) for (const i of [0, 1]) await timed(ci, i) // warm-up
    for (let r = 0; r < opts.rounds; r++) {
      for (const ci of ANALYSES.keys()) {
        for (const i of r % 2 ? [1, 0] : [0, 1]) times[ci][i].push(await timed(ci, i))
      }
    }
    return ANALYSES.map((c, ci) => {
      const small = percentile(times[ci][0], 95), big = percentile(times[ci][1], 95)
      const ratio = big / small
      const errors = failed[ci].length ? ` (${failed[ci].length} calls failed: ${failed[ci][0]})` : ''
      return {
        group: 'sql',
        measure: `${c.name} p95 at ×100${errors}`,
        value: round(big),
        unit: 'ms' as const,
        competitor: { name: 'same call at ×1', value: round(small) },
        ratio: round(ratio, 2),
        target: `≤ ${c.targetMs} ms, growth ≤ 5×`,
        ok: !errors && big <= c.targetMs && ratio <= 5,
      }
    })
  } finally {
    for (const db of dbs) await db.end()
  }
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined }
  const smallUrl = arg('small'), bigUrl = arg('big')
  if (!smallUrl || !bigUrl) throw new Error('usage: bench-analyses.ts --small <url ×1> --big <url ×100> [--rounds 15]')
  const rows = await analysesBench({ smallUrl, bigUrl, rounds: Number(arg('rounds') ?? 15) })
  console.log('| function | ×1 p95 (ms) | big p95 (ms) | growth | target | ok |')
  console.log('| --- | ---: | ---: | ---: | --- | --- |')
  for (const r of rows) console.log(`| ${r.measure} | ${r.competitor!.value} | ${r.value} | ${r.ratio} | ${r.target} | ${r.ok ? 'yes' : 'no'} |`)
}
