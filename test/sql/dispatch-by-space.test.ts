// Dispatch by space (吹哨报到, *_issues.sql): who is responsible at a point — a road segment
// within its tolerance, a point zone within its radius, else the area zone; a border point and
// two overlapping zones give several candidates and leave the issue for the command centre; a
// gap gives none and marks the issue as having no responsible unit. Then nearby open issues
// for a second report. Distances are in metres on the ground (geography), so the test points
// are placed by metres too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { buildSmallWorld } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

// metres to degrees around the small world (47.3°N); the tests keep well clear of the rounding
const M_LAT = 1 / 111_200
const mLon = (lat: number) => 1 / (111_320 * Math.cos((lat * Math.PI) / 180))
const east = (p: { lon: number; lat: number }, m: number) => ({ lon: p.lon + m * mLon(p.lat), lat: p.lat })
const north = (p: { lon: number; lat: number }, m: number) => ({ lon: p.lon, lat: p.lat + m * M_LAT })

// zones of the small world: A1 (unit 1) 124.00–124.02 × 47.30–47.33, B1 (unit 2) 124.02–124.04 × 47.30–47.32,
// C1 (unit 3) 124.015–124.025 × 47.300–47.305 overlapping both, the north-east 124.02–124.04 × 47.32–47.33 nobody's
const ROAD = { id: 201, unit: 3, from: { lon: 124.004, lat: 47.315 }, to: { lon: 124.012, lat: 47.315 } } // inside A1
const MARKET = { id: 202, unit: 2, at: { lon: 124.01, lat: 47.325 }, radius: 40 } // inside A1, its own radius
const SQUARE = { id: 203, unit: 3, at: { lon: 124.004, lat: 47.325 } } // inside A1, the default radius (50 m)

describe.each(testBackends())('dispatch by space on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: true })
    await db.sql(`
      insert into public.app_users values ('${USERS.dispatcher}', '指挥中心调度员', 'dispatcher', null);
      insert into public.zones (id, unit_id, name, kind, geom, radius_m) overriding system value values
        (${ROAD.id}, ${ROAD.unit}, '龙华路西段', 'road', extensions.ST_GeomFromText('LINESTRING(${ROAD.from.lon} ${ROAD.from.lat}, ${ROAD.to.lon} ${ROAD.to.lat})', 4326), null),
        (${MARKET.id}, ${MARKET.unit}, '西片早市', 'point', extensions.ST_SetSRID(extensions.ST_MakePoint(${MARKET.at.lon}, ${MARKET.at.lat}), 4326), ${MARKET.radius}),
        (${SQUARE.id}, ${SQUARE.unit}, '站前广场', 'point', extensions.ST_SetSRID(extensions.ST_MakePoint(${SQUARE.at.lon}, ${SQUARE.at.lat}), 4326), null)`)
  })
  afterAll(() => db?.close())

  const candidates = (p: { lon: number; lat: number }, category: string | null = null) =>
    db.rpc<any[]>('dispatch_candidates', { lon: p.lon, lat: p.lat, category }, USERS.leader)
  const brief = (cs: any[]) => cs.map((c) => `${c.reason} ${c.unit_id}/${c.zone_id}${c.contender ? ' *' : ''}`)
  const dispatch = (p: { lon: number; lat: number }, user: string = USERS.officerA) =>
    db.rpc('dispatch_issue', { lon: p.lon, lat: p.lat, category: 'street_stall', description: '占道经营' }, user)
  const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e) => toApiError(e).code)

  it('reads its tolerances from one place', async () => {
    expect(await db.sql(`select public.dispatch_rules() as r`)).toEqual([{ r: { road_tolerance_m: 20, point_radius_m: 50, border_m: 5, max_nearby_radius_m: 500 } }])
  })

  it('gives a point well inside one area zone to that zone\'s unit, at once', async () => {
    const p = { lon: 124.008, lat: 47.305 }
    expect(brief(await candidates(p))).toEqual(['area 1/101 *'])
    // the app is told before filing which unit it will go to
    expect((await candidates(p)).map((c) => c.clear)).toEqual([true])
    const r = await dispatch(p)
    expect(r).toMatchObject({ status: 'dispatched', unit_id: 1, zone_id: 101, zone_version: 1, dispatch_reason: 'area', no_responsible_unit: false })
    const events = await db.rpc<any[]>('issue_events', { issue_id: r.id })
    expect(events.map((e) => [e.action, e.to_status, e.note])).toEqual([
      ['register', 'registered', null], ['dispatch', 'dispatched', '在责任区「A1 西片」内，责任单位：区城管执法局']])
  })

  it('gives a point on a road segment, within its 20 m tolerance, to the road\'s unit — and one 30 m off to the area', async () => {
    const onRoad = north({ lon: 124.008, lat: ROAD.from.lat }, 12)
    const cs = await candidates(onRoad)
    expect(brief(cs)).toEqual(['road 3/201 *', 'area 1/101'])
    expect(cs.map((c) => c.clear)).toEqual([true, false])
    expect(cs[0].distance_m).toBeCloseTo(12, 0)
    const r = await dispatch(onRoad)
    expect(r).toMatchObject({ status: 'dispatched', unit_id: 3, zone_id: 201, dispatch_reason: 'road' })
    expect((await db.rpc<any[]>('issue_events', { issue_id: r.id }))[1].note).toMatch(/^距路段「龙华路西段」12(\.\d)? 米（容差 20 米），责任单位：区住建局$/)
    // beyond the road's end by 15 m: still within the tolerance (distance to the segment)
    expect(brief(await candidates(east(ROAD.to, 15)))).toEqual(['road 3/201 *', 'area 1/101'])
    const off = north({ lon: 124.008, lat: ROAD.from.lat }, 30)
    expect(brief(await candidates(off))).toEqual(['area 1/101 *'])
    expect(await dispatch(off)).toMatchObject({ unit_id: 1, dispatch_reason: 'area' })
  })

  it('gives a point within a point zone\'s radius to its unit: the zone\'s own radius, else 50 m', async () => {
    expect(brief(await candidates(east(MARKET.at, 30)))).toEqual(['point 2/202 *', 'area 1/101'])
    expect(await dispatch(east(MARKET.at, 30))).toMatchObject({ status: 'dispatched', unit_id: 2, zone_id: 202, dispatch_reason: 'point' })
    expect(brief(await candidates(east(MARKET.at, 45)))).toEqual(['area 1/101 *']) // beyond its 40 m
    expect(brief(await candidates(north(SQUARE.at, 45)))).toEqual(['point 3/203 *', 'area 1/101'])
    expect(brief(await candidates(north(SQUARE.at, 55)))).toEqual(['area 1/101 *'])
  })

  it('leaves a point a few metres from another unit\'s zone for the command centre, with both candidates', async () => {
    const nearBorder = east({ lon: 124.02, lat: 47.31 }, -3) // in A1, 3 m west of B1
    const cs = await candidates(nearBorder)
    expect(brief(cs)).toEqual(['area 1/101 *', 'border 2/102 *'])
    expect(cs.map((c) => c.clear)).toEqual([false, false]) // the command centre decides
    expect(cs[1].distance_m).toBeCloseTo(3, 0)
    const r = await dispatch(nearBorder)
    expect(r).toMatchObject({ status: 'registered', unit_id: null, zone_id: null, dispatched_at: null, deadline: null,
                              dispatch_reason: 'ambiguous', no_responsible_unit: false })
    expect(brief(r.candidates)).toEqual(brief(cs))
    expect((await db.rpc<any[]>('issue_events', { issue_id: r.id })).map((e) => [e.action, e.note])).toEqual([['register', '有 2 个可能的责任单位，待指挥中心确认']])
    // the command centre confirms one of them
    expect(await db.rpc('advance_issue', { issue_id: r.id, action: 'dispatch', unit_id: 2 }, USERS.dispatcher))
      .toMatchObject({ status: 'dispatched', unit_id: 2, zone_id: 102, dispatch_reason: 'manual' })
    // 8 m from the border is clear again; exactly on it, both zones cover the point (the smaller, B1, first)
    expect(brief(await candidates(east({ lon: 124.02, lat: 47.31 }, -8)))).toEqual(['area 1/101 *'])
    expect(brief(await candidates({ lon: 124.02, lat: 47.31 }))).toEqual(['area 2/102 *', 'area 1/101 *'])
  })

  it('leaves a point in two units\' overlapping zones for the command centre, the smaller zone first', async () => {
    const p = { lon: 124.017, lat: 47.302 } // in A1 and C1
    expect(brief(await candidates(p))).toEqual(['area 3/103 *', 'area 1/101 *'])
    expect(await dispatch(p, USERS.dispatcher)).toMatchObject({ status: 'registered', dispatch_reason: 'ambiguous', unit_id: null })
  })

  it('marks a point nobody is responsible for as such, and one just outside a zone as the command centre\'s to confirm', async () => {
    const gap = { lon: 124.03, lat: 47.326 }
    expect(await candidates(gap)).toEqual([])
    const r = await dispatch(gap)
    expect(r).toMatchObject({ status: 'registered', unit_id: null, dispatch_reason: 'no_zone', no_responsible_unit: true, candidates: [] })
    expect(await db.rpc('issue_detail', { issue_id: r.id })).toMatchObject({ no_responsible_unit: true, candidates: [] })
    expect(await refusal(db.rpc('advance_issue', { issue_id: r.id, action: 'dispatch' }, USERS.dispatcher))).toBe('unit_required')
    const justOutside = north({ lon: 124.03, lat: 47.32 }, 3) // 3 m north of B1, in the gap
    expect(brief(await candidates(justOutside))).toEqual(['border 2/102 *'])
    expect((await candidates(justOutside)).map((c) => c.clear)).toEqual([false])
    expect(await dispatch(justOutside)).toMatchObject({ status: 'registered', dispatch_reason: 'ambiguous', no_responsible_unit: false })
  })

  it('lets the command centre register too, and refuses the readers and bad input to the candidates', async () => {
    expect(await dispatch({ lon: 124.008, lat: 47.306 }, USERS.dispatcher)).toMatchObject({ status: 'dispatched', unit_id: 1 })
    expect(await refusal(dispatch({ lon: 124.008, lat: 47.306 }, USERS.wall))).toBe('forbidden')
    expect(await refusal(candidates({ lon: 124.008, lat: 47.306 }, 'nope'))).toBe('unknown_category')
    expect(await refusal(candidates({ lon: 124.008, lat: 47.306 }, 'x'.repeat(65)))).toBe('input_too_long')
    expect(await refusal(candidates({ lon: 500, lat: 47.306 }))).toBe('invalid_coordinates')
    expect(await refusal(db.rpc('dispatch_candidates', { lon: 124.008, lat: 47.306 }, null))).toBe('not_signed_in')
  })

  it('offers the open issues within 50 m of the same category, nearest first, and takes a second report on one', async () => {
    const here = { lon: 124.006, lat: 47.318 }
    const first = await dispatch(here)
    const later = await dispatch(east(here, 20))
    const closedOne = await dispatch(east(here, 10))
    await db.sql(`update public.issues set status = 'closed', closed_at = now() where id = $1`, [closedOne.id])
    const far = await dispatch(east(here, 80))
    const other = await db.rpc('dispatch_issue', { ...east(here, 5), category: 'litter', description: '垃圾' }, USERS.officerA)
    const near = await db.rpc<any[]>('nearby_open_issues', { lon: here.lon, lat: here.lat, category: 'street_stall' }, USERS.officerA)
    expect(near.map((n) => n.id)).toEqual([first.id, later.id])
    expect(near[1]).toMatchObject({ code: later.code, category: 'street_stall', status: 'dispatched', report_count: 1 })
    expect(near[1].distance_m).toBeCloseTo(20, 0)
    expect(Date.parse(near[0].reported_at)).toBeGreaterThan(Date.now() - 600e3)
    const any = await db.rpc<any[]>('nearby_open_issues', { lon: here.lon, lat: here.lat, radius_m: 100 }, USERS.officerA)
    expect(any.map((n) => n.id)).toEqual([first.id, other.id, later.id, far.id])
    expect(await refusal(db.rpc('nearby_open_issues', { lon: here.lon, lat: here.lat, radius_m: 5000 }, USERS.officerA))).toBe('invalid_input')
    expect(await refusal(db.rpc('nearby_open_issues', { lon: here.lon, lat: here.lat, radius_m: 0 }, USERS.officerA))).toBe('invalid_input')
    const attached = await db.rpc('attach_issue_report', { issue_id: first.id, note: '同一处又有摊贩' }, USERS.officerB)
    expect(attached.report_count).toBe(2)
    expect((await db.rpc<any[]>('nearby_open_issues', { lon: here.lon, lat: here.lat, category: 'street_stall' }, USERS.officerA))[0].report_count).toBe(2)
  })
})
