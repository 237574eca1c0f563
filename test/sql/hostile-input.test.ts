// Hostile input refused fast (issue 10), timed: long texts, huge arrays and jsonb, tiny cells,
// a million vertices, shapes that make GEOS throw. Each case is answered with its own code in
// under a second, on PGlite and on PostgreSQL, on the demo district, and leaves the stored
// zones as they were. (Before: a 100,000-character search ran 16–36 s, 50 m hotspot cells
// 27–54 s, 10,000 categories 6–17 s, and the bow-tie's impact was computed anyway.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toApiError } from '../../src/lib/api/errors'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { boxGeoJson, zonesFingerprint } from '../helpers/small-world'

// 建华区: a free spot north of the centre and a bow-tie there
const FREE = [124.01, 47.385, 124.012, 47.387]
const bowTie = { type: 'Polygon', coordinates: [[[124.0, 47.38], [124.02, 47.40], [124.02, 47.38], [124.0, 47.40], [124.0, 47.38]]] }
const circle = (n: number) => {
  const pts = Array.from({ length: n }, (_, i) => [124.01 + 0.01 * Math.cos((2 * Math.PI * i) / n), 47.39 + 0.007 * Math.sin((2 * Math.PI * i) / n)])
  return { type: 'Polygon', coordinates: [[...pts, pts[0]]] }
}
const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i))

interface Case { title: string; fn: string; args: () => Record<string, unknown>; user?: string | null; code: string; asProblem?: boolean }

const CASES: Case[] = [
  { title: 'a 100,000-character search', fn: 'search_places', args: () => ({ q: '建华'.repeat(50_000) }), code: 'input_too_long' },
  { title: 'a 101-character search', fn: 'search_places', args: () => ({ q: 'x'.repeat(101) }), code: 'input_too_long' },
  { title: '50 m hotspot cells', fn: 'issue_hotspots', args: () => ({ cell_m: 50 }), code: 'invalid_cell_size' },
  { title: '100 m hotspot cells (over 10,000 cells for the district)', fn: 'issue_hotspots', args: () => ({ cell_m: 100 }), code: 'invalid_cell_size' },
  { title: 'hotspot cells of 10¹² m', fn: 'issue_hotspots', args: () => ({ cell_m: 1e12 }), code: 'invalid_cell_size' },
  { title: 'a million recurring weeks', fn: 'issue_hotspots', args: () => ({ recurring_weeks: 1_000_000 }), code: 'invalid_recurring_weeks' },
  { title: 'hotspots filtered by 10,000 categories', fn: 'issue_hotspots', args: () => ({ filters: { category: many(10_000, (i) => `c${i}`) } }), code: 'invalid_filters' },
  { title: 'the issues layer filtered by 10,000 categories', fn: 'layer_geojson', args: () => ({ layer_id: 'issues', filters: { category: many(10_000, (i) => `c${i}`) } }), code: 'invalid_filters' },
  { title: 'a filter date that is no date', fn: 'layer_geojson', args: () => ({ layer_id: 'issues', filters: { from: "2026-13-45'; drop table issues; --" } }), code: 'invalid_filters' },
  { title: 'a filter of 10¹² days', fn: 'layer_geojson', args: () => ({ layer_id: 'issues', filters: { days: 1e12 } }), code: 'invalid_filters' },
  { title: 'a filter object with 5,000 unknown keys', fn: 'layer_geojson', args: () => ({ layer_id: 'issues', filters: Object.fromEntries(many(5000, (i) => [`k${i}`, i])) }), code: 'invalid_filters' },
  { title: 'a zones-layer filter of 100,000 characters', fn: 'layer_geojson', args: () => ({ layer_id: 'zones', filters: { unit_id: 'x'.repeat(100_000) } }), code: 'invalid_filters' },
  { title: 'a bbox of 100,000 numbers', fn: 'layer_geojson', args: () => ({ layer_id: 'grids', bbox: many(100_000, (i) => i % 90) }), code: 'invalid_bbox' },
  { title: 'a 10,000-character layer id', fn: 'layer_geojson', args: () => ({ layer_id: 'a'.repeat(10_000) }), code: 'input_too_long' },
  { title: 'validating 1,000,000 vertices', fn: 'validate_zone', args: () => ({ geom: circle(1_000_000), unit_id: 1 }), code: 'request_too_large' },
  { title: 'saving 1,000,000 vertices', fn: 'save_zone', args: () => ({ zone: { unit_id: 1, name: '巨', kind: 'area', geom: circle(1_000_000) } }), user: USERS.officerA, code: 'request_too_large' },
  { title: 'a 500,000-character zone name', fn: 'save_zone', args: () => ({ zone: { unit_id: 1, name: '名'.repeat(500_000), kind: 'area', geom: boxGeoJson(FREE) } }), user: USERS.officerA, code: 'invalid_name' },
  { title: 'a unit id of 10³⁰', fn: 'save_zone', args: () => ({ zone: { unit_id: 1e30, name: '甲', kind: 'area', geom: boxGeoJson(FREE) } }), user: USERS.officerA, code: 'invalid_input' },
  { title: 'an issue description of 400,000 characters', fn: 'dispatch_issue', args: () => ({ lon: 124.011, lat: 47.386, category: 'street_stall', description: '摊'.repeat(400_000) }), user: USERS.officerA, code: 'invalid_input' },
  { title: 'merging 10,000 grids', fn: 'grids_union', args: () => ({ grid_codes: many(10_000, (i) => String(230203002001000 + i)) }), user: USERS.officerA, code: 'too_many_grids' },
  { title: 'a 50,000-character area code', fn: 'admin_area_summary', args: () => ({ level: 'street', code: '2'.repeat(50_000) }), code: 'input_too_long' },
  { title: 'a 50,000-character district code for coverage', fn: 'coverage_report', args: () => ({ district_code: '2'.repeat(50_000) }), code: 'input_too_long' },
  { title: 'a point at longitude 10³⁰⁰', fn: 'zone_at', args: () => ({ lon: 1e300, lat: 47.39 }), code: 'invalid_coordinates' },
  { title: '100,000 points to look up at once', fn: 'zone_at_batch', args: () => ({ points: Array.from({ length: 100_000 }, () => [123.95, 47.35]) }), code: 'invalid_input' },
  { title: 'a batch point given as text', fn: 'zone_at_batch', args: () => ({ points: [[123.95, 47.35], ['123.95; drop table zones', 47.35]] }), code: 'invalid_input' },
  { title: 'a batch point at latitude 91', fn: 'zone_at_batch', args: () => ({ points: [[123.95, 91]] }), code: 'invalid_coordinates' },
  // shapes that make GEOS throw (TopologyException on a self-intersecting ring; on PGlite it
  // fails without an error): refused before any overlay is computed
  { title: 'a bow-tie saved', fn: 'save_zone', args: () => ({ zone: { unit_id: 1, name: '蝶形', kind: 'area', geom: bowTie } }), user: USERS.officerA, code: 'self_intersection' },
  { title: 'a bow-tie validated', fn: 'validate_zone', args: () => ({ geom: bowTie, unit_id: 1 }), code: 'self_intersection', asProblem: true },
  { title: 'a bow-tie clipped', fn: 'clip_zone', args: () => ({ geom: bowTie }), user: USERS.officerA, code: 'self_intersection' },
  { title: "a bow-tie's impact", fn: 'zone_change_impact', args: () => ({ geom: bowTie, unit_id: 1 }), user: USERS.officerA, code: 'self_intersection' },
  { title: 'a bow-tie summarised', fn: 'area_summary', args: () => ({ geom: bowTie }), code: 'self_intersection' },
  { title: 'a map read before sign-in', fn: 'layer_geojson', args: () => ({ layer_id: 'zones' }), user: null, code: 'not_signed_in' },
  // the issue loop (issue 12)
  { title: 'a step with a note of 400,000 characters', fn: 'advance_issue', args: () => ({ issue_id: 1, action: 'accept', note: '注'.repeat(400_000) }), user: USERS.officerA, code: 'input_too_long' },
  { title: 'a step named with 100,000 characters', fn: 'advance_issue', args: () => ({ issue_id: 1, action: 'a'.repeat(100_000) }), user: USERS.officerA, code: 'input_too_long' },
  { title: 'a step on issue 10¹⁸', fn: 'advance_issue', args: () => ({ issue_id: '1000000000000000000', action: 'accept' }), user: USERS.officerA, code: 'issue_not_found' },
  { title: 'an extra report of 400,000 characters', fn: 'attach_issue_report', args: () => ({ issue_id: 1, note: '报'.repeat(400_000) }), user: USERS.officerA, code: 'input_too_long' },
  { title: 'a follow-up satisfaction of 100,000 characters', fn: 'follow_up_issue', args: () => ({ issue_id: 1, satisfaction: 's'.repeat(100_000) }), user: USERS.admin, code: 'input_too_long' },
  { title: 'a ledger filtered by 10,000 statuses', fn: 'issue_ledger', args: () => ({ filters: { status: many(10_000, () => 'closed') } }), code: 'invalid_filters' },
  { title: 'a ledger filter object with 5,000 unknown keys', fn: 'issue_ledger', args: () => ({ filters: Object.fromEntries(many(5000, (i) => [`k${i}`, i])) }), code: 'invalid_filters' },
  { title: 'a ledger searched for 100,000 characters', fn: 'issue_ledger', args: () => ({ filters: { q: '%'.repeat(100_000) } }), code: 'invalid_filters' },
  { title: 'a ledger sorted by an expression', fn: 'issue_ledger', args: () => ({ sort: '(select pg_sleep(10))' }), code: 'invalid_sort' },
  { title: 'a ledger page of a million rows', fn: 'issue_ledger', args: () => ({ page_size: 1_000_000 }), code: 'invalid_input' },
  { title: 'nearby issues within 10¹² m', fn: 'nearby_open_issues', args: () => ({ lon: 124.01, lat: 47.39, radius_m: 1e12 }), code: 'invalid_input' },
  { title: 'dispatch candidates for a 100,000-character category', fn: 'dispatch_candidates', args: () => ({ lon: 124.01, lat: 47.39, category: 'c'.repeat(100_000) }), code: 'input_too_long' },
  { title: 'indicators for the year 200000', fn: 'unit_indicators', args: () => ({ month: '200000-01-01' }), code: 'invalid_input' },
  { title: 'a bulletin for the year 200000', fn: 'monthly_bulletin', args: () => ({ month: '200000-01-01' }), code: 'invalid_input' },
  // 问效 (effect tasks): refused before the hotspot analysis runs
  { title: 'an effect task with a note of 400,000 characters', fn: 'create_effect_task', args: () => ({ cell: '0:0', category: 'litter', note: '注'.repeat(400_000) }), user: USERS.dispatcher, code: 'input_too_long' },
  { title: 'an effect task for a cell that is no cell', fn: 'create_effect_task', args: () => ({ cell: "1:2' or '1'='1", category: 'litter' }), user: USERS.dispatcher, code: 'invalid_cell' },
  { title: 'an effect task in 10 m cells', fn: 'create_effect_task', args: () => ({ cell: '0:0', category: 'litter', cell_m: 10 }), user: USERS.dispatcher, code: 'invalid_cell_size' },
]

describe.each(testBackends())('hostile input on %s', (kind) => {
  let db: TestDb
  let before: string
  beforeAll(async () => {
    db = await openTestDb(kind, 'demo')
    before = await zonesFingerprint(db)
    await db.rpc('layer_catalog', {}) // warm up: the first call loads PostGIS
  })
  afterAll(() => db?.close())

  it('has at least 15 cases, each with its own code', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15)
    expect(new Set(CASES.map((c) => c.title)).size).toBe(CASES.length)
  })

  it.each(CASES)('$title → $code in under a second', async (c) => {
    const attempt = async () => {
      const args = c.args()
      const t0 = performance.now()
      const outcome = await db.rpc(c.fn, args, c.user === undefined ? USERS.leader : c.user).then(
        (r) => (c.asProblem ? (r as { code: string }[])[0]?.code : 'accepted'),
        (e) => toApiError(e).code,
      )
      return { outcome, ms: performance.now() - t0 }
    }
    // this machine has 2 shared cores: a refusal slower than the bar is asked once more and the
    // faster answer counts (both must be the same refusal) — a noisy neighbour is not the function's cost
    let { outcome, ms } = await attempt()
    expect(outcome).toBe(c.code)
    if (ms >= 1000) {
      const again = await attempt()
      expect(again.outcome).toBe(c.code)
      ms = Math.min(ms, again.ms)
    }
    expect(ms).toBeLessThan(1000)
  })

  it('left the stored zones and their history as they were', async () => {
    expect(await zonesFingerprint(db)).toBe(before)
  })

  it.runIf(kind === 'pglite')('turns a GEOS failure that PGlite swallows into engine_error, not an empty answer', async () => {
    // a function written as careless code would be (no validity check before the overlay):
    // on PGlite the statement silently returns no row; the transport must not pass that on
    await db.sql(`create function public.careless_overlap(g jsonb) returns json language sql stable as $$
      select json_agg(z.id) from public.zones z
      where z.geom operator(extensions.&&) extensions.ST_GeomFromGeoJSON(g::text)
        and extensions.ST_Area(extensions.ST_Intersection(z.geom, extensions.ST_SetSRID(extensions.ST_GeomFromGeoJSON(g::text), 4326))) > 0 $$`)
    const e = await db.rpc('careless_overlap', { g: bowTie }).catch(toApiError)
    expect(e.code).toBe('engine_error')
  })
})
