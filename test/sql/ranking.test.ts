// unit_ranking (每月一评) on a hand-built month: ranks, figures and red/blue flags, with the
// targets read from the monthly_targets table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { buildSmallWorld } from '../helpers/small-world'

describe.each(testBackends())('unit_ranking on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await db.sql(`
      set search_path = public, extensions;
      insert into issue_categories values ('litter', '垃圾堆放', 'Litter', 24) on conflict do nothing; -- in the catalogue already
      -- unit 1: four issues in March 2025, dispatched after 1 h, all closed within the month
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id)
      select 'A' || k, 'litter', 'a', ST_SetSRID(ST_MakePoint(124.005, 47.31), 4326),
             timestamptz '2025-03-02 08:00+08' + make_interval(days => k), timestamptz '2025-03-02 09:00+08' + make_interval(days => k),
             timestamptz '2025-03-03 09:00+08' + make_interval(days => k), timestamptz '2025-03-02 20:00+08' + make_interval(days => k), 'closed', 1
      from generate_series(1, 4) k;
      -- unit 2: four issues, dispatched after 3 h; two closed, two still open past their deadline
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id)
      select 'B' || k, 'litter', 'b', ST_SetSRID(ST_MakePoint(124.03, 47.31), 4326),
             timestamptz '2025-03-10 08:00+08' + make_interval(days => k), timestamptz '2025-03-10 11:00+08' + make_interval(days => k),
             timestamptz '2025-03-11 11:00+08' + make_interval(days => k),
             case when k <= 2 then timestamptz '2025-03-10 18:00+08' + make_interval(days => k) end,
             case when k <= 2 then 'closed' else 'dispatched' end, 2
      from generate_series(1, 4) k;
      -- unit 1 again, in April: must not count for March
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, status, unit_id)
      values ('A-apr', 'litter', 'a', ST_SetSRID(ST_MakePoint(124.005, 47.31), 4326), '2025-04-02 08:00+08', '2025-04-02 09:00+08', '2025-04-03 09:00+08', 'dispatched', 1);
      reset search_path;`)
  })
  afterAll(() => db?.close())

  it('ranks units by due closure rate, overdue and response time, with flags from the standing targets', async () => {
    const r = await db.rpc('unit_ranking', { month: '2025-03-15' })
    expect(r.month).toBe('2025-03')
    expect(r.targets).toEqual({ min_due_closure_rate: 0.85, max_overdue: 3, max_response_hours: 24 })
    // rate = closed / (closed + overdue); a unit with nothing due has none and misses no target:
    // red flags first, and among them no rate after a rate
    expect(r.units.map((u: any) => [u.rank, u.unit_name, u.reported, u.closed, u.pending, u.due_closure_rate, u.overdue, u.response_hours, u.flag])).toEqual([
      [1, '区城管执法局', 4, 4, 0, 1, 0, 1, 'red'],
      [2, '区住建局', 0, 0, 0, null, 0, null, 'red'],
      [3, '区市场监管局', 4, 2, 0, 0.5, 2, 3, 'blue'],
    ])
  })

  it('counts an issue not yet due as pending, not against the unit, in a month still under way', async () => {
    await db.sql(`
      insert into public.issues (code, category, description, geom, reported_at, dispatched_at, deadline, status, unit_id)
      select 'C-now', 'litter', 'c', extensions.ST_SetSRID(extensions.ST_MakePoint(124.017, 47.302), 4326), r, r, r + interval '1 day', 'dispatched', 3
      from (select greatest(date_trunc('month', now()), now() - interval '1 hour') as r) t`)
    const r = await db.rpc('unit_ranking', { month: null })
    expect(r.units.find((u: any) => u.unit_id === 3)).toMatchObject({ reported: 1, closed: 0, pending: 1, overdue: 0, due_closure_rate: null, flag: 'red' })
  })

  it('takes a month\'s own targets from the table', async () => {
    await db.sql(`insert into public.monthly_targets (month, min_due_closure_rate, max_overdue, max_response_hours) values ('2025-03-01', 0.5, 2, 4)`)
    const r = await db.rpc('unit_ranking', { month: '2025-03-01' })
    expect(r.targets).toEqual({ min_due_closure_rate: 0.5, max_overdue: 2, max_response_hours: 4 })
    expect(r.units.find((u: any) => u.unit_id === 2).flag).toBe('red')
    const stricter = await db.rpc('unit_ranking', { month: '2025-04-01' })
    expect(stricter.targets.min_due_closure_rate).toBe(0.85)
    expect(stricter.units.find((u: any) => u.unit_id === 1)).toMatchObject({ reported: 1, closed: 0, pending: 0, overdue: 1, due_closure_rate: 0, flag: 'blue' })
  })

  it('has two rates under two names: 办结占比 closed_share = closed ÷ received, 结案率 due_closure_rate = closed ÷ (closed + overdue)', async () => {
    const [r] = await db.sql(`select public.closed_share(3, 4) as a, public.due_closure_rate(3, 1) as b, public.due_closure_rate(3, 0) as c,
      public.closed_share(0, 0) as d, public.due_closure_rate(0, 0) as e`)
    expect([r.a, r.b, r.c, r.d, r.e].map((x) => (x == null ? null : Number(x)))).toEqual([0.75, 0.75, 1, null, null])
    // an issue not yet due lowers the area's closure rate but not the unit's due closure rate
    const [{ g }] = await db.sql(`select extensions.ST_AsGeoJSON(extensions.ST_Expand(extensions.ST_SetSRID(extensions.ST_MakePoint(124.017, 47.302), 4326), 0.0005), 7)::jsonb as g`)
    const area = await db.rpc('area_summary', { geom: g })
    expect(area).toHaveProperty('closed_share', 0)
    expect(area).not.toHaveProperty('resolution_rate')
    expect(area).not.toHaveProperty('closure_rate') // that name is unit_indicators' 结案率 (closed ÷ due)
    const month = await db.rpc('unit_ranking', { month: null })
    const unit3 = month.units.find((u: any) => u.unit_id === 3)
    expect(unit3).toMatchObject({ pending: 1, due_closure_rate: null })
    expect(unit3).not.toHaveProperty('resolution_rate')
  })
})
