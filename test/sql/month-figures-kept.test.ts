// The month's figures at city scale (*_month_figures_kept.sql, *_issue_areas.sql): an ended month's figures are
// kept once read (每月一评 publishes them once), a step taken now on one of its issues does not
// rewrite them, and a write dated inside the month (an import, a correction) does — also when it
// commits while another connection is computing the month. This month's figures, read from the
// issues as they are, equal the same figures read from their steps; each issue's street and
// community follow the areas.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { buildSmallWorld } from '../helpers/small-world'

const POINT = `extensions.ST_SetSRID(extensions.ST_MakePoint(124.005, 47.31), 4326)`

/** A closed issue of unit 1 reported in March 2025 (closed the same day, on time), with its steps. */
async function marchIssue(db: { sql: (q: string, p?: unknown[]) => Promise<unknown> }, code: string, day: number) {
  const d = `2025-03-${String(day).padStart(2, '0')}`
  await db.sql(`
    with i as (
      insert into public.issues (code, category, description, geom, reported_at, dispatched_at, deadline, accepted_at, handled_at,
                                 verified_at, closed_at, status, unit_id)
      values ($1, 'litter', $1, ${POINT}, $2::timestamptz + interval '8 hours', $2::timestamptz + interval '9 hours',
              $2::timestamptz + interval '33 hours', $2::timestamptz + interval '10 hours', $2::timestamptz + interval '12 hours',
              $2::timestamptz + interval '13 hours', $2::timestamptz + interval '14 hours', 'closed', 1)
      returning id, reported_at)
    insert into public.issue_events (issue_id, at, actor_name, action, from_status, to_status, unit_id)
    select i.id, i.reported_at + s.h * interval '1 hour', '测试', s.action, s.from_status, s.to_status, 1
    from i, (values (0, 'register', null, 'registered'), (1, 'dispatch', 'registered', 'dispatched'), (2, 'accept', 'dispatched', 'accepted'),
                    (4, 'handle', 'accepted', 'handled'), (5, 'verify', 'handled', 'verified'), (6, 'close', 'verified', 'closed')) s(h, action, from_status, to_status)`,
  [code, `${d}T00:00:00Z`])
}

const unit1March = async (db: TestDb) =>
  (await db.rpc<any[]>('unit_indicators', { month: '2025-03-15' }, USERS.leader)).find((u) => u.unit_id === 1)

describe.each(testBackends())('an ended month\'s figures on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await marchIssue(db, 'K1', 3)
    await marchIssue(db, 'K2', 5)
  })
  afterAll(() => db?.close())

  it('keeps March once read, and a step taken now on a March issue does not rewrite it', async () => {
    expect(await unit1March(db)).toMatchObject({ month: '2025-03', filed: 2, due: 2, closed: 2 })
    const [{ kept }] = await db.sql(`select count(*)::int as kept from public.month_figures_months where month_start = '2025-03-01T00:00:00Z' and per = 'unit'`)
    expect(kept).toBe(1)
    // K2 is sent back now (返工 after its close, as a later check would): its closed_at is gone
    await db.sql(`update public.issues set status = 'rework', closed_at = null, verified_at = null where code = 'K2'`)
    await db.sql(`insert into public.issue_events (issue_id, actor_name, action, from_status, to_status, unit_id)
                  select id, '测试', 'rework', 'closed', 'rework', 1 from public.issues where code = 'K2'`)
    // computed afresh, March would now count K2 as not closed; as published, it stays closed
    const [live] = await db.sql(`select closed::int from public.month_figures_live('2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z', 'unit') where key = '1'`)
    expect(live.closed).toBe(1)
    expect(await unit1March(db)).toMatchObject({ filed: 2, closed: 2 })
  })

  it('recomputes March after a write dated inside it (an import of a March issue)', async () => {
    await marchIssue(db, 'K3', 7)
    expect(await unit1March(db)).toMatchObject({ filed: 3 })
    // the ranking reads the same kept counts
    const ranking = await db.rpc('unit_ranking', { month: '2025-03-15' }, USERS.leader)
    expect(ranking.units.find((u: any) => u.unit_id === 1)).toMatchObject({ reported: 3 })
  })

  it('refuses a bad kind of key and a month out of range, with codes', async () => {
    await expect(db.rpc('freeze_month_figures', { month: '2025-03-01', per: 'grid' }, USERS.leader)).rejects.toMatchObject({ hint: 'invalid_input' })
    await expect(db.rpc('freeze_month_figures', { month: '1900-03-01', per: 'unit' }, USERS.leader)).rejects.toMatchObject({ hint: 'invalid_input' })
    await expect(db.rpc('freeze_month_figures', { month: '2025-03-01', per: 'unit' }, null)).rejects.toThrow()
  })
})

describe.runIf(testBackends().includes('postgres'))('a write dated inside a month while another connection keeps it, on postgres', () => {
  let db: TestDb
  let a: pg.Client
  beforeAll(async () => {
    db = await openTestDb('postgres', 'empty')
    await buildSmallWorld(db, { overlap: false })
    await marchIssue(db, 'C1', 3)
    a = new pg.Client({ connectionString: db.connectionString })
    await a.connect()
  })
  afterAll(async () => { await a?.end(); await db?.close() })

  it('does not keep a month computed without a March issue that committed meanwhile', async () => {
    // connection a imports a March issue and holds its transaction open
    await a.query('begin')
    await marchIssue({ sql: (q, p) => a.query(q, p as any[]) }, 'C2', 9)
    // meanwhile the leader reads March on another connection: computed without C2 (not committed), and kept
    expect(await unit1March(db)).toMatchObject({ filed: 1 })
    await a.query('commit')
    // the kept month was computed under the version before a's import: not used, computed again
    expect(await unit1March(db)).toMatchObject({ filed: 2 })
  })
})

describe.each(testBackends())('this month and the areas on the demo, on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'demo') })
  afterAll(() => db?.close())

  it('counts this month from the issues as they are exactly as from their steps', async () => {
    for (const per of ['unit', 'street', 'community', 'district']) {
      // until now: read from the issues; until a microsecond before now (nothing happened in
      // between): read from the steps
      const rows = await db.sql(`
        select count(*)::int as keys, count(*) filter (where row(a.filed, a.due, a.closed, a.closed_on_time, a.deferred, a.parked,
                 a.reworked, a.handled, a.response_due, a.responded, a.hotline_filed, a.followed_up, a.satisfied)
               is distinct from row(b.filed, b.due, b.closed, b.closed_on_time, b.deferred, b.parked, b.reworked, b.handled,
                 b.response_due, b.responded, b.hotline_filed, b.followed_up, b.satisfied))::int as different,
               sum(a.filed)::int as filed, sum(a.reworked)::int as reworked
        from public.month_figures_live(date_trunc('month', now() - interval '20 days'), now(), $1) a
        join public.month_figures_live(date_trunc('month', now() - interval '20 days'), now() - interval '1 microsecond', $1) b using (key)`, [per])
      expect(rows[0].keys).toBeGreaterThan(0)
      expect(rows[0].filed).toBeGreaterThan(0)
      expect(rows[0]).toMatchObject({ different: 0 })
    }
  })

  it('gives every issue the street and community covering it, and follows a street\'s new border', async () => {
    const check = `
      select count(*)::int as wrong from public.issues i cross join lateral public.areas_at(i.geom) a
      where (i.street_code, i.community_code) is distinct from (a.street_code, a.community_code)`
    expect((await db.sql(check))[0].wrong).toBe(0)
    const [{ with_street }] = await db.sql(`select count(*)::int as with_street from public.issues where street_code is not null`)
    expect(with_street).toBeGreaterThan(0)
    // the first street shrinks to a tenth of its area around its centre: its issues outside move on
    const [{ before }] = await db.sql(`select count(*)::int as before from public.issues where street_code = (select min(code) from public.streets)`)
    await db.sql(`update public.streets set geom = extensions.ST_Multi(extensions.ST_Intersection(geom,
                    extensions.ST_Buffer(extensions.ST_Centroid(geom), sqrt(extensions.ST_Area(geom) / 10 / pi()))))
                  where code = (select min(code) from public.streets)`)
    const [{ after }] = await db.sql(`select count(*)::int as after from public.issues where street_code = (select min(code) from public.streets)`)
    expect(after).toBeLessThan(before)
    expect((await db.sql(check))[0].wrong).toBe(0)
  })
})
