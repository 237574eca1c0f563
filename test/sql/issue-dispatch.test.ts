// dispatch_issue: an issue is handed to the unit whose zone covers its point at that moment,
// and keeps that zone's id, unit and version when the boundary later moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { boxGeoJson, buildSmallWorld } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

// on A1's side of the A1 | B1 border (124.02), 100 m west of it
const NEAR_BORDER = { lon: 124.019, lat: 47.31 }

describe.each(testBackends())('dispatch_issue on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await db.sql(`insert into public.issue_categories values ('stall', '占道经营', 'Street stalls', 24) on conflict do nothing`)
  })
  afterAll(() => db?.close())

  const dispatch = (args: Record<string, unknown>, user: string | null = USERS.officerA) =>
    db.rpc('dispatch_issue', { lon: NEAR_BORDER.lon, lat: NEAR_BORDER.lat, category: 'stall', description: '路边摆摊', ...args }, user)
  const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e) => toApiError(e).code)
  const issueCount = async () => Number((await db.sql(`select count(*) as n from public.issues`))[0].n)

  it('keeps the zone version and unit it was dispatched under after the boundary moves', async () => {
    const first = await dispatch({})
    expect(first).toMatchObject({ status: 'dispatched', zone_id: 101, unit_id: 1, zone_version: 1, unit_name: '区城管执法局' })
    expect(first.deadline).toBeTruthy()

    // unit 1 gives the strip 124.018–124.02 to unit 2: A1 shrinks, then B1 grows into it
    const a1 = await db.rpc('save_zone', { zone: { id: 101, unit_id: 1, name: 'A1 西片', kind: 'area', version: 1, geom: boxGeoJson([124.0, 47.3, 124.018, 47.33]) } }, USERS.officerA)
    const b1 = await db.rpc('save_zone', { zone: { id: 102, unit_id: 2, name: 'B1 东南片', kind: 'area', version: 1, geom: boxGeoJson([124.018, 47.3, 124.04, 47.32]) } }, USERS.officerB)
    expect([a1.version, b1.version]).toEqual([2, 2])

    const [kept] = await db.sql(`select unit_id::int, zone_id::int, zone_version, status from public.issues where id = $1`, [first.id])
    expect(kept).toEqual({ unit_id: 1, zone_id: 101, zone_version: 1, status: 'dispatched' })
    // the version it names is the shape that covered the point then, not the zone's shape now
    const [then] = await db.sql(`select extensions.ST_Covers(h.geom, i.geom) as covered_then, extensions.ST_Covers(z.geom, i.geom) as covered_now
      from public.issues i join public.zone_history h on h.zone_id = i.zone_id and h.version = i.zone_version
      join public.zones z on z.id = i.zone_id where i.id = $1`, [first.id])
    expect(then).toEqual({ covered_then: true, covered_now: false })

    // a new issue at the same point goes to the new owner, under its new version
    const second = await dispatch({ description: '又有人摆摊' })
    expect(second).toMatchObject({ status: 'dispatched', zone_id: 102, unit_id: 2, zone_version: 2 })
  })

  it('registers an issue in a coverage gap without inventing a unit', async () => {
    const r = await dispatch({ lon: 124.03, lat: 47.325 })
    expect(r).toMatchObject({ status: 'registered', unit_id: null, zone_id: null, zone_version: null, dispatched_at: null })
  })

  it('refuses callers who may not dispatch, and bad input, writing nothing', async () => {
    const before = await issueCount()
    expect(await refusal(dispatch({}, null))).toBe('not_signed_in')
    expect(await refusal(dispatch({}, USERS.wall))).toBe('forbidden')
    expect(await refusal(dispatch({}, USERS.leader))).toBe('forbidden')
    expect(await refusal(dispatch({ category: 'nope' }))).toBe('unknown_category')
    expect(await refusal(dispatch({ description: '   ' }))).toBe('invalid_input')
    expect(await refusal(dispatch({ source: 'rumour' }))).toBe('invalid_input')
    expect(await refusal(dispatch({ lon: 'NaN' }))).toBe('invalid_coordinates')
    expect(await refusal(dispatch({ lon: 200 }))).toBe('invalid_coordinates')
    expect(await refusal(dispatch({ lon: 124.1, lat: 47.31 }))).toBe('outside_district')
    expect(await issueCount()).toBe(before)
  })

  // 案卷编号 without gaps: an auditor reads a missing number as a deleted case. The id's sequence
  // may skip (PostgreSQL logs 32 values ahead; a reload of the embedded database skips them).
  it('numbers the year\'s cases without gaps: a refused filing and a rolled-back one take no number', async () => {
    const number = (code: string) => Number(code.match(/^JH\d{4}-(\d{6})$/)![1])
    const a = await dispatch({ description: '编号一' })
    expect(await refusal(dispatch({ category: 'nope' }))).toBe('unknown_category')
    // a filing whose transaction is rolled back afterwards (the caller's connection failed)
    await db.asUser(USERS.officerA, async (tx) => {
      await tx.query(`select public.dispatch_issue(124.019, 47.31, 'stall', '回滚的登记')`)
      throw new Error('rolled back')
    }).catch((e) => expect((e as Error).message).toBe('rolled back'))
    // and the sequence behind the ids jumps, as after a crash
    await db.sql(`select setval(pg_get_serial_sequence('public.issues', 'id'), (select max(id) + 32 from public.issues))`)
    const b = await dispatch({ description: '编号二' })
    expect(number(b.code)).toBe(number(a.code) + 1)
    expect(b.code.slice(0, 7)).toBe(`JH${new Date().getFullYear()}-`)
  })

  it('cannot be bypassed by writing issues directly as an officer (RLS)', async () => {
    const r = await db.asUser(USERS.officerA, (tx) => tx.query(
      `update public.issues set unit_id = 2 where zone_id = 101 returning id`)).catch((e) => e)
    expect(Array.isArray(r) ? r.length : (r as any).rows?.length ?? 0).toBe(0)
  })
})
