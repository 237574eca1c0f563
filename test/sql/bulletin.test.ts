// monthly_bulletin (月通报) on a small constructed month whose every figure is computed by hand:
// March 2025 in two streets — unit 1 in the west with six closed issues (one reworked once, one
// from 12345 with a satisfied follow-up), unit 2 in the east with three (one closed, one open long
// past its deadline: 查办, one handled two days late: 督办) — and a street stall in the west that
// came back in six distinct weeks of the 90 days before the month's end. Every part must be what
// the indicators, the ranking, the ledger and the hotspots say (the bulletin computes nothing twice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { boxWkt, buildSmallWorld } from '../helpers/small-world'

const WEST = [124.005, 47.31]
const EAST = [124.03, 47.31]
const STALL = [124.008, 47.326]

describe.each(testBackends())('monthly_bulletin on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    const poly = (b: number[]) => `ST_Multi(ST_GeomFromText('${boxWkt(b)}', 4326))`
    const pt = ([x, y]: number[]) => `ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326)`
    await db.sql(`
      set search_path = public, extensions;
      insert into streets values ('230299001', '230299', '西街道', ${poly([124.0, 47.3, 124.02, 47.33])}),
                                 ('230299002', '230299', '东街道', ${poly([124.02, 47.3, 124.04, 47.33])});
      insert into communities values ('230299001001', '230299001', '西社区', ${poly([124.0, 47.3, 124.02, 47.33])}),
                                     ('230299002001', '230299002', '东社区', ${poly([124.02, 47.3, 124.04, 47.33])});
      insert into grids (code, community_code, name, geom) values
        ('230299001001001', '230299001001', '西南网格', ${poly([124.0, 47.3, 124.02, 47.315])}),
        ('230299001001002', '230299001001', '西北网格', ${poly([124.0, 47.315, 124.02, 47.33])}),
        ('230299002001001', '230299002001', '东网格', ${poly([124.02, 47.3, 124.04, 47.33])});
      -- unit 1, west: W1–W6 reported on 2–7 March, dispatched after 1 h, accepted after 2 h, handled after 8 h
      -- (deadline 24 h), closed after 10 h; W5 from 12345, called back and satisfied; W6 reworked once
      insert into issues (code, category, description, source, geom, reported_at, dispatched_at, deadline, accepted_at,
                          handled_at, verified_at, closed_at, status, unit_id, satisfaction, followed_up_at)
      select 'W' || k, 'litter', '西' || k, case when k = 5 then 'hotline' else 'patrol' end, ${pt(WEST)},
             t, t + interval '1 hour', t + interval '25 hours', t + interval '2 hours', t + interval '8 hours',
             t + interval '9 hours', t + interval '10 hours', 'closed', 1,
             case when k = 5 then 'satisfied' end, case when k = 5 then t + interval '2 days' end
      from generate_series(1, 6) k, lateral (select timestamptz '2025-03-01 08:00Z' + make_interval(days => k) as t) x;
      insert into issue_events (issue_id, at, actor_name, action, from_status, to_status, unit_id, note)
      select i.id, i.reported_at + s.h * interval '1 hour', '测试', s.action, s.f, s.t, case when s.action <> 'register' then 1 end, s.note
      from issues i, (values (0, 'register', null, 'registered', null), (1, 'dispatch', 'registered', 'dispatched', null),
                             (2, 'accept', 'dispatched', 'accepted', null), (4, 'handle', 'accepted', 'handled', null),
                             (5, 'rework', 'handled', 'rework', '未清理干净'), (8, 'handle', 'rework', 'handled', '已清理'),
                             (9, 'verify', 'handled', 'verified', null), (10, 'close', 'verified', 'closed', null)) s(h, action, f, t, note)
      where i.code = 'W6';
      -- unit 2, east: E1 closed in time; E2 never handled (deadline 11 March: 查办 by now); E3 handled 48 h late (督办)
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, accepted_at, handled_at, closed_at, status, unit_id)
      values ('E1', 'litter', '东1', ${pt(EAST)}, '2025-03-10 08:00Z', '2025-03-10 09:00Z', '2025-03-11 09:00Z', '2025-03-10 10:00Z', '2025-03-10 15:00Z', '2025-03-10 17:00Z', 'closed', 2),
             ('E2', 'litter', '东2', ${pt(EAST)}, '2025-03-10 08:00Z', '2025-03-10 09:00Z', '2025-03-11 09:00Z', '2025-03-10 10:00Z', null, null, 'accepted', 2),
             ('E3', 'litter', '东3', ${pt(EAST)}, '2025-03-12 08:00Z', '2025-03-12 09:00Z', '2025-03-13 09:00Z', '2025-03-12 10:00Z', '2025-03-15 09:00Z', null, 'handled', 2);
      -- a stall at one place on a Tuesday in six weeks of January–February (registered, nobody's yet)
      insert into issues (code, category, description, geom, reported_at, status)
      select 'S' || w, 'street_stall', '摊' || w, ${pt(STALL)}, timestamptz '2025-01-07 09:00Z' + make_interval(weeks => w), 'registered'
      from generate_series(0, 5) w;
      reset search_path;`)
  })
  afterAll(() => db?.close())

  const bulletin = (month: string | null) => db.rpc<any>('monthly_bulletin', { month })
  const figures = (x: any) => [x.filed, x.due, x.closed, x.closure_rate, x.on_time_rate, x.reworked, x.rework_rate,
    x.hotline.filed, x.hotline.response_rate, x.hotline.solve_rate, x.hotline.satisfaction_rate]

  it('gives the month\'s figures for the district and per street, as computed by hand', async () => {
    const b = await bulletin('2025-03-20')
    expect([b.month, b.complete]).toEqual(['2025-03', true])
    expect(new Date(b.from).toISOString()).toBe('2025-03-01T00:00:00.000Z')
    expect(b.district).toMatchObject({ code: '230299', name: '测试区' })
    // 9 filed (W1–W6, E1–E3), all due; 7 closed; on time: W1–W6 and E1 → 7 / (9 − 0); handled: 6 + E1 + E3 = 8, reworked W6: 1 / 8
    // 12345: W5 alone — answered within its hour, closed, satisfied
    expect(figures(b.district)).toEqual([9, 9, 7, 0.7778, 0.7778, 1, 0.125, 1, 1, 1, 1])
    expect(b.streets.map((s: any) => [s.code, s.name, ...figures(s)])).toEqual([
      ['230299001', '西街道', 6, 6, 6, 1, 1, 1, 0.1667, 1, 1, 1, 1],
      ['230299002', '东街道', 3, 3, 1, 0.3333, 0.3333, 0, 0, 0, null, null, null],
    ])
  })

  it('ranks the units with their flags and figures as unit_ranking and unit_indicators do', async () => {
    const b = await bulletin('2025-03-01')
    expect(b.ranking).toMatchObject({ has_data: true, min_due: 5 })
    // unit 1: 6 due, all closed: ranked, red; unit 2: 3 due, too few for a rate or a flag; unit 3: none
    expect(b.units.map((u: any) => [u.rank, u.unit_name, u.due, u.due_closure_rate, u.flag, u.closure_rate, u.rework_rate])).toEqual([
      [1, '区城管执法局', 6, 1, 'red', 1, 0.1667],
      [null, '区市场监管局', 3, null, null, 0.3333, 0],
      [null, '区住建局', 0, null, null, null, null],
    ])
    const ranking = await db.rpc<any>('unit_ranking', { month: '2025-03-01' })
    const indicators = await db.rpc<any[]>('unit_indicators', { month: '2025-03-01' })
    expect(b.units.map((u: any) => [u.unit_id, u.rank, u.flag, u.due_closure_rate, u.overdue])).toEqual(
      ranking.units.map((u: any) => [u.unit_id, u.rank, u.flag, u.due_closure_rate, u.overdue]))
    for (const u of b.units) expect(u).toMatchObject(indicators.find((i) => i.unit_id === u.unit_id))
  })

  it('lists the escalated and the reworked cases of the month from the ledger', async () => {
    const b = await bulletin('2025-03-01')
    expect(b.escalated.total).toBe(2)
    expect(b.escalated.rows.map((r: any) => [r.code, r.escalation, r.unit_name, r.street_name, r.category_zh])).toEqual([
      ['E2', 3, '区市场监管局', '东街道', '垃圾堆放'], ['E3', 1, '区市场监管局', '东街道', '垃圾堆放'],
    ])
    const ledger = await db.rpc<any>('issue_ledger', { filters: { from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z', escalation: [1, 2, 3] } })
    expect(ledger.total).toBe(b.escalated.total)
    expect(b.reworked).toMatchObject({ total: 1, rows: [{ code: 'W6', reworks: 1, last_reason: '未清理干净', unit_name: '区城管执法局', street_name: '西街道', status: 'closed' }] })
    const notReworked = await db.rpc<any>('issue_ledger', { filters: { from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z', reworked: false } })
    expect(notReworked.total).toBe(8)
  })

  it('names the recurring places of the 90 days up to the month\'s end with their street, community and grid', async () => {
    const b = await bulletin('2025-03-01')
    expect(b.recurring).toMatchObject({ window_days: 90, recurring_weeks: 6 })
    expect(new Date(b.recurring.window_from).toISOString()).toBe('2025-01-01T00:00:00.000Z')
    expect(b.recurring.cells).toHaveLength(1)
    expect(b.recurring.cells[0]).toMatchObject({ count: 6, street_name: '西街道', community_name: '西社区', grid_code: '230299001001002', grid_name: '西北网格',
      categories: [{ category: 'street_stall', name_zh: '占道经营', weeks: 6, issues: 6 }] })
    // April's window (from 31 January) holds two of the six weeks: no recurring place then
    expect((await bulletin('2025-04-01')).recurring.cells).toEqual([])
  })

  it('says a month without data has none: no flags, empty lists', async () => {
    const b = await bulletin('2024-06-01')
    expect(b.ranking.has_data).toBe(false)
    expect(b.district).toMatchObject({ filed: 0, closure_rate: null })
    expect(b.units.every((u: any) => u.flag === null && u.rank === null)).toBe(true)
    expect([b.escalated.total, b.reworked.total, b.recurring.cells.length]).toEqual([0, 0, 0])
  })

  it('is a read for signed-in users: refuses anyone else and a month out of range', async () => {
    const anon = await db.rpc('monthly_bulletin', { month: '2025-03-01' }, null).catch((e) => e)
    expect(String(anon.message)).toMatch(/permission denied|not_signed_in/)
    const far = await bulletin('2300-01-01').catch((e) => e)
    expect(String(far.message)).toMatch(/invalid_input/)
    const [{ definer }] = await db.sql(`select prosecdef as definer from pg_proc where proname = 'monthly_bulletin'`)
    expect(definer).toBe(false)
  })
})
