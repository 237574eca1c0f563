// wall_summary (指挥中心大屏): every figure is what the indicator functions, the ranking, the
// ledger and the hotspots say — on the seeded database and on a small constructed case whose
// day and escalation figures are known by hand (times are placed relative to now, inside today
// so far and the same hours of yesterday, so the case holds at any hour).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { buildSmallWorld } from '../helpers/small-world'

const month = (x: any) => ({ received: x.filed, due: x.due, closed: x.closed, overdue: x.due - x.closed,
  closure_rate: x.closure_rate, on_time_rate: x.on_time_rate, satisfaction_rate: x.hotline.satisfaction_rate })
const pick = (x: any) => Object.fromEntries(Object.keys(month({ hotline: {} })).map((k) => [k, x[k]]))

async function agreesWithTheIndicators(db: TestDb, w: any) {
  const [{ now, last }] = await db.sql(`select now()::date::text as now, (date_trunc('month', now()) - interval '1 day')::date::text as last`)
  const ind = async (m: string) => (await db.sql(`select indicators from public.month_indicators($1::date, 'district')`, [m]))[0].indicators
  expect(pick(w.month)).toEqual(month(await ind(now)))
  expect(pick(w.month.before)).toEqual(month(await ind(last)))
  // this month's ranking, or last month's while nobody is rated yet this month
  const now_ = await db.rpc<any>('unit_ranking', { month: null })
  const rated = now_.units.some((u: any) => u.flag)
  const ranking = rated ? now_ : await db.rpc<any>('unit_ranking', { month: last })
  expect(w.ranking.month).toBe(ranking.month)
  // the wall's ranking: the best and the worst 30 of the rated units, and how many are rated and too few
  const flagged = ranking.units.filter((u: any) => u.flag)
  expect(w.ranking.units.map((u: any) => [u.rank, u.unit_id, u.unit_name, u.flag, u.due_closure_rate])).toEqual(
    flagged.filter((_: any, i: number) => i < 30 || i >= flagged.length - 30).map((u: any) => [u.rank, u.unit_id, u.unit_name, u.flag, u.due_closure_rate]))
  expect([w.ranking.rated, w.ranking.too_few]).toEqual([flagged.length, ranking.units.length - flagged.length])
  // the escalations are the ledger's overdue issues, the latest first
  const ledger = await db.rpc<any>('issue_ledger', { filters: { overdue: true }, sort: 'deadline', page: 1, page_size: 30 })
  expect(w.escalations.total).toBe(ledger.total)
  expect(w.escalations.rows.map((r: any) => [r.code, r.level, r.unit_name, r.street_name, r.community_name])).toEqual(
    ledger.rows.map((r: any) => [r.code, r.escalation, r.unit_name, r.street_name, r.community_name]))
  for (const r of w.escalations.rows) expect(r.level).toBeGreaterThanOrEqual(1)
  // today's received: the ledger's issues reported since midnight
  const [{ midnight }] = await db.sql(`select date_trunc('day', $1::timestamptz)::text as midnight`, [w.as_of])
  const today = await db.rpc<any>('issue_ledger', { filters: { from: midnight, to: w.as_of }, page_size: 1 })
  expect(w.today.received).toBe(today.total)
  // the hot and recurring cells of the last 30 days, in issue_hotspots' order
  const hot = await db.rpc<any>('issue_hotspots', { filters: { days: 30 }, cell_m: 300, recurring_weeks: 6 })
  const cells = hot.cells.features.map((f: any) => f.properties).filter((p: any) => p.hot || p.recurring).slice(0, 30)
  expect(w.hotspots.map((h: any) => [h.cell, h.count, h.street_name, h.community_name, h.grid_name])).toEqual(
    cells.map((p: any) => [p.cell, p.count, p.street_name, p.community_name, p.grid_name]))
  // the newest steps
  const events = await db.sql(`select e.id::int as id, i.code from public.issue_events e join public.issues i on i.id = e.issue_id
                               order by e.at desc, e.id desc limit 30`)
  expect(w.latest.map((l: any) => [Number(l.event_id), l.code])).toEqual(events.map((e) => [e.id, e.code]))
}

describe.each(testBackends())('wall_summary on the seeded database (%s)', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'demo') })
  afterAll(() => db?.close())

  it('says what the indicators, the ranking, the ledger and the hotspots say', async () => {
    const t0 = performance.now()
    const w = await db.rpc<any>('wall_summary', {}, USERS.wall)
    console.log(`wall_summary on ${kind} (seeded): ${Math.round(performance.now() - t0)} ms`)
    expect(w.escalations.total).toBeGreaterThan(0)
    expect(w.ranking.units.length).toBeGreaterThan(0)
    expect(w.latest.length).toBe(30)
    expect(w.streets.length).toBeGreaterThan(0)
    await agreesWithTheIndicators(db, w)
    // between two full reads the wall asks without the hotspots: the rest is the same
    const t1 = performance.now()
    const light = await db.rpc<any>('wall_summary', { with_hotspots: false }, USERS.wall)
    console.log(`wall_summary without hotspots on ${kind} (seeded): ${Math.round(performance.now() - t1)} ms`)
    expect(light.hotspots).toBeNull()
    const codes = (x: any) => x.escalations.rows.map((r: any) => r.code)
    expect([light.today, light.month, light.ranking, light.streets, light.latest, codes(light)]).toEqual([w.today, w.month, w.ranking, w.streets, w.latest, codes(w)])
  })
})

describe.each(testBackends())('wall_summary on a constructed case (%s)', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await db.sql(`
      set search_path = public, extensions;
      insert into streets values ('230299001', '230299', '西街道', ST_Multi(ST_GeomFromText('POLYGON((124 47.3,124.04 47.3,124.04 47.33,124 47.33,124 47.3))', 4326)));
      create temp table t as select date_trunc('day', now()) as d, now() - date_trunc('day', now()) as so_far;
      -- today: T1 reported (registered), T2 reported and dispatched, T3 reported, dispatched and closed
      -- yesterday's same hours: Y1 reported and dispatched; Y2 reported after those hours (not counted)
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id)
      select x.code, 'litter', x.code, ST_SetSRID(ST_MakePoint(124.01, 47.31), 4326), t.d + x.rep * t.so_far + x.back,
             t.d + x.dis * t.so_far + x.back, t.d + interval '3 days', t.d + x.clo * t.so_far + x.back, x.status, x.unit
      from t, (values ('T1', 0.2, null, null, 'registered', null::bigint, interval '0'),
                      ('T2', 0.3, 0.4, null, 'dispatched', 1, interval '0'),
                      ('T3', 0.5, 0.6, 0.7, 'closed', 1, interval '0'),
                      ('Y1', 0.2, 0.3, null, 'dispatched', 2, interval '-1 day')) x(code, rep, dis, clo, status, unit, back);
      insert into issues (code, category, description, geom, reported_at, status)
      select 'Y2', 'litter', 'Y2', ST_SetSRID(ST_MakePoint(124.01, 47.31), 4326), now(), 'registered';
      -- a minute after the same hours (the call below comes within a minute, even on a loaded machine)
      update issues set reported_at = now() - interval '1 day' + interval '1 minute' where code = 'Y2';
      -- L1: in unit 2's hands 200 hours (催办 after 168) past its deadline; L2 handled late (its clock stopped: not on the wall)
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, handled_at, status, unit_id)
      values ('L1', 'litter', 'L1', ST_SetSRID(ST_MakePoint(124.03, 47.31), 4326), now() - interval '10 days', now() - interval '10 days',
              now() - interval '200 hours', null, 'accepted', 2),
             ('L2', 'litter', 'L2', ST_SetSRID(ST_MakePoint(124.03, 47.31), 4326), now() - interval '5 days', now() - interval '5 days',
              now() - interval '30 hours', now() - interval '2 hours', 'handled', 2);
      insert into issue_events (issue_id, at, actor_name, action, from_status, to_status, unit_id)
      select i.id, i.reported_at, '测试', 'register', null, 'registered', null from issues i where i.code in ('T1', 'L1');
      reset search_path;`)
  })
  afterAll(() => db?.close())

  it('counts today against the same hours of yesterday, and lists the issue past its deadline', async () => {
    const w = await db.rpc<any>('wall_summary', {}, USERS.wall)
    expect(w.today).toEqual({ received: 3, dispatched: 2, closed: 1, before: { received: 1, dispatched: 1, closed: 0 } })
    expect(w.escalations.total).toBe(1)
    const [e] = w.escalations.rows
    expect([e.code, e.unit_name, e.street_name, e.level]).toEqual(['L1', '区市场监管局', '西街道', 2])
    expect(e.hours_late).toBeGreaterThanOrEqual(200)
    expect(e.hours_late).toBeLessThan(200.1)
    expect(w.streets).toMatchObject([{ code: '230299001', name: '西街道', escalated: 1 }])
    expect(w.latest.map((l: any) => l.code).sort()).toEqual(['L1', 'T1'])
    await agreesWithTheIndicators(db, w)
  })

  it('is a read for signed-in users, not a definer function', async () => {
    const anon = await db.rpc('wall_summary', {}, null).catch((e) => e)
    expect(String(anon.message)).toMatch(/permission denied|not_signed_in/)
    const [{ definer }] = await db.sql(`select prosecdef as definer from pg_proc where proname = 'wall_summary'`)
    expect(definer).toBe(false)
  })
})
