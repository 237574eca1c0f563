// unit_ranking (每月一评) on a hand-built month: ranks, figures and red/blue flags, with the
// targets read from the monthly_targets table; a unit with fewer than ranking_min_due() issues
// due gets no rate, rank or flag (样本不足), and a month without data flags nobody.
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
      -- unit 1: five issues in March 2025 (exactly the minimum), dispatched after 1 h, all closed within the month
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id)
      select 'A' || k, 'litter', 'a', ST_SetSRID(ST_MakePoint(124.005, 47.31), 4326),
             timestamptz '2025-03-02 08:00+08' + make_interval(days => k), timestamptz '2025-03-02 09:00+08' + make_interval(days => k),
             timestamptz '2025-03-03 09:00+08' + make_interval(days => k), timestamptz '2025-03-02 20:00+08' + make_interval(days => k), 'closed', 1
      from generate_series(1, 5) k;
      -- unit 2: six issues, dispatched after 3 h; three closed, three still open past their deadline
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id)
      select 'B' || k, 'litter', 'b', ST_SetSRID(ST_MakePoint(124.03, 47.31), 4326),
             timestamptz '2025-03-10 08:00+08' + make_interval(days => k), timestamptz '2025-03-10 11:00+08' + make_interval(days => k),
             timestamptz '2025-03-11 11:00+08' + make_interval(days => k),
             case when k <= 3 then timestamptz '2025-03-10 18:00+08' + make_interval(days => k) end,
             case when k <= 3 then 'closed' else 'dispatched' end, 2
      from generate_series(1, 6) k;
      -- unit 3: four issues, all closed: one short of the minimum, so no rate and no flag
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id)
      select 'D' || k, 'litter', 'd', ST_SetSRID(ST_MakePoint(124.03, 47.31), 4326),
             timestamptz '2025-03-20 08:00+08' + make_interval(days => k), timestamptz '2025-03-20 10:00+08' + make_interval(days => k),
             timestamptz '2025-03-21 10:00+08' + make_interval(days => k), timestamptz '2025-03-20 18:00+08' + make_interval(days => k), 'closed', 3
      from generate_series(1, 4) k;
      -- unit 1 again, in April: must not count for March
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, status, unit_id)
      values ('A-apr', 'litter', 'a', ST_SetSRID(ST_MakePoint(124.005, 47.31), 4326), '2025-04-02 08:00+08', '2025-04-02 09:00+08', '2025-04-03 09:00+08', 'dispatched', 1);
      reset search_path;`)
  })
  afterAll(() => db?.close())

  const row = (u: any) => [u.rank, u.unit_name, u.reported, u.due, u.closed, u.pending, u.due_closure_rate, u.overdue, u.response_hours, u.flag, u.rated]

  it('ranks units with enough cases by due closure rate, overdue and response time, with flags from the standing targets', async () => {
    const r = await db.rpc('unit_ranking', { month: '2025-03-15' })
    expect(r.month).toBe('2025-03')
    expect(r.has_data).toBe(true)
    expect(r.min_due).toBe(5)
    expect(r.targets).toEqual({ min_due_closure_rate: 0.85, max_overdue: 3, max_response_hours: 24 })
    // rate = closed / (closed + overdue), due = closed + overdue beside it; red flags first;
    // unit 3 has 4 due (< 5): listed after the ranked, no rank, no rate, no flag
    expect(r.units.map(row)).toEqual([
      [1, '区城管执法局', 5, 5, 5, 0, 1, 0, 1, 'red', true],
      [2, '区市场监管局', 6, 6, 3, 0, 0.5, 3, 3, 'blue', true],
      [null, '区住建局', 4, 4, 4, 0, null, 0, 2, null, false],
    ])
  })

  it('says a month without data has none, and flags nobody in it', async () => {
    const r = await db.rpc('unit_ranking', { month: '2024-06-01' })
    expect(r.has_data).toBe(false)
    expect(r.units).toHaveLength(3)
    for (const u of r.units) expect(u).toMatchObject({ rank: null, rated: false, flag: null, due: 0, reported: 0, due_closure_rate: null })
  })

  it('takes its rate and volume from the indicators (one count, one rate function) and its minimum from one constant', async () => {
    const r = await db.rpc('unit_ranking', { month: '2025-03-15' })
    const ind = await db.rpc<any[]>('unit_indicators', { month: '2025-03-15' })
    for (const u of r.units) {
      const i = ind.find((x) => x.unit_id === u.unit_id)
      expect([u.reported, u.due, u.closed, u.overdue]).toEqual([i.filed, i.due, i.closed, i.due - i.closed])
      if (u.rated) expect(u.due_closure_rate).toBe(i.closure_rate)
    }
    const [{ min_due, ranking, month_indicators }] = await db.sql(`select public.ranking_min_due() as min_due,
      pg_get_functiondef('public.unit_ranking_rows'::regproc) || pg_get_functiondef('public.unit_ranking'::regproc) as ranking, pg_get_functiondef('public.month_indicators'::regproc) as month_indicators`)
    expect(min_due).toBe(r.min_due)
    // the ranking counts nothing itself: its rows (unit_ranking_rows) read unit_month_figures and divide with due_closure_rate, as the indicators do
    expect(ranking).toMatch(/unit_month_figures\(month\)/)
    expect(ranking).toMatch(/due_closure_rate\(p\.closed, p\.overdue\)/)
    expect(ranking).not.toMatch(/count\(|from issues/)
    expect(month_indicators).toMatch(/'closure_rate', round\(due_closure_rate\(f\.closed, f\.due - f\.closed\), 4\)/)
  })

  it('counts an issue not yet due as pending, not against the unit, in a month still under way', async () => {
    await db.sql(`
      insert into public.issues (code, category, description, geom, reported_at, dispatched_at, deadline, status, unit_id)
      select 'C-now', 'litter', 'c', extensions.ST_SetSRID(extensions.ST_MakePoint(124.017, 47.302), 4326), r, r, r + interval '1 day', 'dispatched', 3
      from (select greatest(date_trunc('month', now()), now() - interval '1 hour') as r) t`)
    const r = await db.rpc('unit_ranking', { month: null })
    expect(r.has_data).toBe(true)
    expect(r.units.find((u: any) => u.unit_id === 3)).toMatchObject({ reported: 1, due: 0, closed: 0, pending: 1, overdue: 0, due_closure_rate: null, flag: null, rated: false })
  })

  it('takes a month\'s own targets from the table', async () => {
    await db.sql(`insert into public.monthly_targets (month, min_due_closure_rate, max_overdue, max_response_hours) values ('2025-03-01', 0.5, 3, 4)`)
    const r = await db.rpc('unit_ranking', { month: '2025-03-01' })
    expect(r.targets).toEqual({ min_due_closure_rate: 0.5, max_overdue: 3, max_response_hours: 4 })
    expect(r.units.find((u: any) => u.unit_id === 2)).toMatchObject({ rank: 2, flag: 'red' })
    // April: unit 1's one overdue issue is one case, not a rate of 0 % and a blue flag
    const april = await db.rpc('unit_ranking', { month: '2025-04-01' })
    expect(april.targets.min_due_closure_rate).toBe(0.85)
    expect(april.has_data).toBe(true)
    expect(april.units.find((u: any) => u.unit_id === 1)).toMatchObject({ reported: 1, due: 1, closed: 0, pending: 0, overdue: 1, due_closure_rate: null, flag: null, rated: false })
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
    expect(unit3).toMatchObject({ pending: 1, due_closure_rate: null, flag: null })
    expect(unit3).not.toHaveProperty('resolution_rate')
  })
})
