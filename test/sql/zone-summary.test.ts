// zone_summary on the small world, with hand-placed issues, markets, parking and a compound
// whose counts are known. Boundary rule: a point on a zone's edge counts for that zone
// (and for its neighbour across the edge); a compound counts where its point-on-surface lies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { boxWkt, buildSmallWorld, WORLD } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

describe.each(testBackends())('zone_summary on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await db.sql(`
      set search_path = public, extensions;
      insert into issue_categories values ('litter', '垃圾堆放', 'Litter', 24) on conflict do nothing; -- in the catalogue already
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id) values
        ('T1', 'litter', '西片 1', ST_SetSRID(ST_MakePoint(124.005, 47.31), 4326), now() - interval '10 days', now() - interval '10 days', now() - interval '9 days', now() - interval '9 days 12 hours', 'closed', 1),
        ('T2', 'litter', '西片 2', ST_SetSRID(ST_MakePoint(124.006, 47.31), 4326), now() - interval '8 days', now() - interval '8 days', now() - interval '7 days', now() - interval '7 days 12 hours', 'closed', 1),
        ('T3', 'litter', '西片 3', ST_SetSRID(ST_MakePoint(124.007, 47.31), 4326), now() - interval '6 days', now() - interval '6 days', now() - interval '5 days', now() - interval '4 days', 'closed', 1),
        ('T4', 'litter', '西片 逾期', ST_SetSRID(ST_MakePoint(124.008, 47.31), 4326), now() - interval '3 days', now() - interval '3 days', now() - interval '2 days', null, 'dispatched', 1),
        ('T5', 'litter', '西片 在办', ST_SetSRID(ST_MakePoint(124.009, 47.31), 4326), now() - interval '2 hours', now() - interval '2 hours', now() + interval '22 hours', null, 'accepted', 1),
        ('T6', 'litter', '边界上', ST_SetSRID(ST_MakePoint(124.02, 47.31), 4326), now() - interval '1 day', null, null, null, 'registered', null),
        ('T7', 'litter', '东片', ST_SetSRID(ST_MakePoint(124.03, 47.31), 4326), now() - interval '1 day', now() - interval '1 day', now() + interval '1 day', null, 'dispatched', 2);
      insert into markets (name, kind, stall_count, geom) values
        ('西片早市', 'morning', 40, ST_SetSRID(ST_MakePoint(124.01, 47.32), 4326)),
        ('边界摊区', 'stall_zone', 12, ST_SetSRID(ST_MakePoint(124.02, 47.315), 4326));
      insert into parking_lots (name, kind, capacity, new_spaces, geom) values
        ('东片停车场', 'public', 100, 20, ST_SetSRID(ST_MakePoint(124.03, 47.315), 4326));
      insert into compounds (name, project, phase, year, buildings, households, geom) values
        ('西片小区', '2024年老旧小区改造第一期', 1, 2024, 6, 240, ST_GeomFromText('${boxWkt([124.003, 47.322, 124.006, 47.324])}', 4326)),
        ('跨界小区', '2025年老旧小区改造第二期', 2, 2025, 4, 120, ST_GeomFromText('${boxWkt([124.0195, 47.312, 124.026, 47.314])}', 4326));
      reset search_path;`)
  })
  afterAll(() => db?.close())

  it('counts what is inside zone A1, boundary points included', async () => {
    const s = await db.rpc('zone_summary', { zone_id: 101 })
    expect(s.zone).toMatchObject({ id: 101, name: 'A1 西片', kind: 'area', version: 1 })
    expect(s.unit).toMatchObject({ name: '区城管执法局', leader_name: '王建国', leader_title: '局长' })
    expect(s.unit.officers.map((o: any) => o.name)).toEqual(['刘洋', '陈静'])
    expect(s.issues).toEqual({
      total: 6, open: 3, overdue: 1, closed: 3,
      by_status: { registered: 1, dispatched: 1, accepted: 1, handled: 0, verified: 0, closed: 3, returned: 0, rework: 0, deferred: 0, parked: 0 },
    })
    expect(s.markets).toEqual({ count: 2, stalls: 52 })
    expect(s.parking).toEqual({ count: 0, capacity: 0, new_spaces: 0 })
    // 跨界小区's point-on-surface is east of 124.02, so only 西片小区 is A1's
    expect(s.compounds).toEqual({ count: 1, buildings: 6, households: 240 })
    // closed T1, T2 in 12 h and T3 in 48 h: median 12 h; 3 of 6 closed
    expect(s.median_close_hours).toBe(12)
    expect(s.closed_share).toBe(0.5) // 办结占比 = closed ÷ received
    expect(s.overdue_issues.map((i: any) => i.code)).toEqual(['T4'])
    expect(s.trend).toHaveLength(12)
    expect(s.trend.reduce((n: number, w: any) => n + w.reported, 0)).toBe(6)
    expect(s.area_km2).toBeGreaterThan(4.9)
    expect(s.area_km2).toBeLessThan(5.1)
  })

  it('counts the boundary issue and stall zone for the neighbour too', async () => {
    const s = await db.rpc('zone_summary', { zone_id: 102 })
    expect(s.issues.total).toBe(2)
    expect(s.issues.by_status.registered).toBe(1)
    expect(s.markets).toEqual({ count: 1, stalls: 12 })
    expect(s.parking).toEqual({ count: 1, capacity: 100, new_spaces: 20 })
    expect(s.compounds.count).toBe(1)
  })

  it('counts an issue closed since the first of this month as closed this month, and one closed just before not', async () => {
    // a zone of its own in the gap, so the counts of A1 and B1 above stay as they are
    await db.sql(`
      set search_path = public, extensions;
      insert into zones (id, unit_id, name, kind, geom) overriding system value values (104, 3, 'G1 东北片', 'area', ST_GeomFromText('${boxWkt(WORLD.gap)}', 4326));
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, closed_at, status, unit_id)
      select code, 'litter', code, ST_SetSRID(ST_MakePoint(124.03, 47.325), 4326), m - interval '3 days', m - interval '3 days', m - interval '2 days', closed, 'closed', 3
      from (select date_trunc('month', now()) as m) month,
           lateral (values ('M1', greatest(m, now() - interval '1 minute')), ('M2', m - interval '1 minute')) as t(code, closed);
      reset search_path;`)
    const s = await db.rpc('zone_summary', { zone_id: 104 })
    expect(s.issues).toMatchObject({ total: 2, closed: 2, open: 0 })
    expect(s.closed_this_month).toBe(1)
  })

  it('says which zone does not exist', async () => {
    expect((await db.rpc('zone_summary', { zone_id: 999 }).catch(toApiError)).code).toBe('zone_not_found')
  })
})
