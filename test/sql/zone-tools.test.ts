// Officers' tools: zones from grids, the clip fix for overlaps, the impact preview of a
// boundary change, and restoring an earlier version from history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { area, bbox } from '@turf/turf'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { boxGeoJson, boxWkt, buildSmallWorld, zonesFingerprint } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

describe.each(testBackends())('zone tools on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await db.sql(`
      set search_path = public, extensions;
      insert into streets values ('230299001', '230299', '测试街道', ST_Multi(ST_GeomFromText('${boxWkt([124.0, 47.3, 124.04, 47.33])}', 4326)));
      insert into communities values ('230299001001', '230299001', '测试社区', ST_Multi(ST_GeomFromText('${boxWkt([124.0, 47.3, 124.04, 47.33])}', 4326)));
      insert into grids (code, community_code, name, geom) values
        ('230299001001001', '230299001001', '第1网格', ST_Multi(ST_GeomFromText('${boxWkt([124.02, 47.32, 124.03, 47.33])}', 4326))),
        ('230299001001002', '230299001001', '第2网格', ST_Multi(ST_GeomFromText('${boxWkt([124.03, 47.32, 124.04, 47.33])}', 4326))),
        ('230299001001003', '230299001001', '第3网格', ST_Multi(ST_GeomFromText('${boxWkt([124.0, 47.3, 124.01, 47.31])}', 4326)));
      insert into issue_categories values ('litter', '垃圾堆放', 'Litter', 24) on conflict do nothing; -- in the catalogue already
      insert into issues (code, category, description, geom, reported_at, status, unit_id) values
        ('GAP1', 'litter', '缺口处', ST_SetSRID(ST_MakePoint(124.035, 47.325), 4326), now(), 'registered', null),
        ('A-EDGE', 'litter', 'A 片东缘', ST_SetSRID(ST_MakePoint(124.019, 47.31), 4326), now(), 'registered', 1),
        ('A-EDGE2', 'litter', 'A 片东缘', ST_SetSRID(ST_MakePoint(124.0185, 47.311), 4326), now(), 'registered', 1);
      insert into issues (code, category, description, geom, reported_at, closed_at, status, unit_id) values
        ('A-DONE', 'litter', '已办结', ST_SetSRID(ST_MakePoint(124.019, 47.311), 4326), now() - interval '1 day', now(), 'closed', 1);
      insert into markets (name, kind, stall_count, geom) values ('缺口早市', 'morning', 30, ST_SetSRID(ST_MakePoint(124.025, 47.325), 4326));
      reset search_path;`)
  })
  afterAll(() => db?.close())

  it('builds one polygon from adjacent grids and refuses grids that do not touch', async () => {
    const g = await db.rpc('grids_union', { grid_codes: ['230299001001001', '230299001001002'] })
    expect(g.type).toBe('Polygon')
    expect(bbox(g)).toEqual([124.02, 47.32, 124.04, 47.33])
    const err = await db.rpc('grids_union', { grid_codes: ['230299001001001', '230299001001003'] }).catch(toApiError)
    expect(err.code).toBe('wrong_geometry_type')
    expect((await db.rpc('grids_union', { grid_codes: ['nope'] }).catch(toApiError)).code).toBe('unknown_grid')
  })

  it('clips an overlapping drawing to the free area, which then validates clean', async () => {
    const drawn = boxGeoJson([124.015, 47.321, 124.03, 47.329])
    const clip = await db.rpc('clip_zone', { geom: drawn })
    const [w, s, e, n] = bbox(clip.geom)
    expect(w).toBeCloseTo(124.02, 9)
    expect([s, e, n]).toEqual([47.321, 124.03, 47.329])
    // the overlap is the strip of A1 in the drawing: 124.015–124.02 × 47.321–47.329 (Turf's sphere vs PostGIS's ellipsoid: 0.5 %)
    const strip = area(boxGeoJson([124.015, 47.321, 124.02, 47.329]) as any)
    expect(Math.abs(clip.overlap_m2 - strip) / strip).toBeLessThan(0.005)
    expect(clip.dropped_m2).toBe(0)
    expect(clip.removed_m2).toBeCloseTo(clip.overlap_m2, 0)
    expect(await db.rpc('validate_zone', { geom: clip.geom, unit_id: 2 })).toEqual([])
  })

  it('clips a drawing that overlaps a neighbour AND sticks out of the district to the part inside and free, which saves', async () => {
    // A1's strip 124.015–124.02 on the west, and 124.04–124.05 beyond the district's east edge
    const drawn = boxGeoJson([124.015, 47.321, 124.05, 47.329])
    const clip = await db.rpc('clip_zone', { geom: drawn })
    const [w, s, e, n] = bbox(clip.geom)
    expect(w).toBeCloseTo(124.02, 9)
    expect(e).toBeCloseTo(124.04, 9) // before the fix: 124.05, the part outside the district kept
    expect([s, n]).toEqual([47.321, 47.329])
    const outside = area(boxGeoJson([124.04, 47.321, 124.05, 47.329]) as any)
    const strip = area(boxGeoJson([124.015, 47.321, 124.02, 47.329]) as any)
    expect(Math.abs(clip.outside_m2 - outside) / outside).toBeLessThan(0.005)
    expect(Math.abs(clip.overlap_m2 - strip) / strip).toBeLessThan(0.005)
    expect(clip.removed_m2).toBeCloseTo(clip.outside_m2 + clip.overlap_m2, 0)
    expect(await db.rpc('validate_zone', { geom: clip.geom, unit_id: 2 })).toEqual([])
    const saved = await db.rpc('save_zone', { zone: { unit_id: 2, name: '裁剪后的缺口片', kind: 'area', geom: clip.geom } }, USERS.officerB)
    expect(saved.version).toBe(1)
    expect(bbox(saved.geom)[2]).toBeCloseTo(124.04, 9)
    await db.rpc('delete_zone', { zone_id: saved.id, version: 1 }, USERS.officerB)
  })

  it('says what is wrong with a name, by the rules save_zone applies', async () => {
    expect(await db.rpc('zone_name_problems', { name: '  建华北片  ' }, USERS.officerB)).toEqual([])
    const [empty] = await db.rpc('zone_name_problems', { name: '   ' }, USERS.officerB)
    expect(empty).toMatchObject({ code: 'invalid_name', reason: 'empty' })
    expect((await db.rpc('zone_name_problems', { name: 'x'.repeat(121) }, USERS.officerB))[0]).toMatchObject({ code: 'invalid_name', reason: 'length', max: 120 })
    expect((await db.rpc('zone_name_problems', { name: '<b>片区</b>' }, USERS.officerB))[0]).toMatchObject({ code: 'invalid_name', reason: 'characters' })
    expect((await db.rpc('zone_name_problems', { name: 'x'.repeat(100_000) }, USERS.officerB))[0]).toMatchObject({ reason: 'length' })
    // anonymous callers check nothing
    expect((await db.rpc('zone_name_problems', { name: 'x' }, null).catch(toApiError)).code).toBe('not_signed_in')
    // save_zone refuses exactly what zone_name_problems names
    const err = await db.rpc('save_zone', { zone: { unit_id: 2, name: '<b>片区</b>', kind: 'area', geom: boxGeoJson([124.03, 47.322, 124.035, 47.326]) } }, USERS.officerB).catch(toApiError)
    expect(err.code).toBe('invalid_name')
  })

  it('lists exactly what changes unit when B1 grows west and north', async () => {
    const grown = boxGeoJson([124.018, 47.3, 124.04, 47.33])
    const { changes } = await db.rpc('zone_change_impact', { geom: grown, unit_id: 2, zone_id: 102 })
    const summary = changes.map((c: any) => [c.kind, c.label.split(' ')[0], c.from_unit ?? null, c.to_unit])
      .sort((a: string[], b: string[]) => (a[0] + a[1]).localeCompare(b[0] + b[1]))
    expect(summary).toEqual([
      ['grid', '第1网格', null, '区市场监管局'],
      ['grid', '第2网格', null, '区市场监管局'],
      ['issue', 'A-EDGE', '区城管执法局', '区市场监管局'],
      ['issue', 'A-EDGE2', '区城管执法局', '区市场监管局'],
      ['issue', 'GAP1', null, '区市场监管局'],
      ['market', '缺口早市', null, '区市场监管局'],
    ])
  })

  it('restores an earlier version as a new version, recorded as a restore', async () => {
    const v2 = await db.rpc('save_zone', { zone: { id: 102, version: 1, unit_id: 2, name: 'B1 东南片', kind: 'area', geom: boxGeoJson([124.02, 47.3, 124.04, 47.315]) } }, USERS.officerB)
    expect(v2.version).toBe(2)
    const stale = await db.rpc('restore_zone', { zone_id: 102, to_version: 1, version: 1 }, USERS.officerB).catch(toApiError)
    expect(stale.code).toBe('stale_version')
    const before = await zonesFingerprint(db)
    const forbidden = await db.rpc('restore_zone', { zone_id: 102, to_version: 1, version: 2 }, USERS.officerA).catch(toApiError)
    expect(forbidden.code).toBe('forbidden')
    expect(await zonesFingerprint(db)).toBe(before)
    const v3 = await db.rpc('restore_zone', { zone_id: 102, to_version: 1, version: 2 }, USERS.officerB)
    expect(v3.version).toBe(3)
    expect(bbox(v3.geom)).toEqual([124.02, 47.3, 124.04, 47.32])
    const versions = await db.rpc('zone_versions', { zone_id: 102 })
    expect(versions.map((v: any) => [v.version, v.operation])).toEqual([[3, 'restore'], [2, 'update'], [1, 'create']])
  })

  it('brings a deleted zone back under its own id, with the same checks as a save', async () => {
    await db.rpc('delete_zone', { zone_id: 102, version: 3 }, USERS.officerB)
    expect(await db.sql('select 1 from public.zones where id = 102')).toEqual([])
    const before = await zonesFingerprint(db)
    const refused = [
      await db.rpc('restore_zone', { zone_id: 102, to_version: 2, version: 4 }, USERS.officerA).catch(toApiError), // another unit's
      await db.rpc('restore_zone', { zone_id: 102, to_version: 2, version: 3 }, USERS.officerB).catch(toApiError), // not the deletion it saw
      await db.rpc('restore_zone', { zone_id: 102, to_version: 2, version: 4 }, null).catch(toApiError),
    ]
    expect(refused.map((e) => e.code)).toEqual(['forbidden', 'stale_version', 'not_signed_in'])
    expect(await zonesFingerprint(db)).toBe(before)
    const back = await db.rpc('restore_zone', { zone_id: 102, to_version: 2, version: 4 }, USERS.officerB)
    expect([back.id, back.version]).toEqual([102, 5])
    expect(bbox(back.geom)).toEqual([124.02, 47.3, 124.04, 47.315])
    const versions = await db.rpc('zone_versions', { zone_id: 102 })
    expect(versions.map((v: any) => [v.version, v.operation]).slice(0, 2)).toEqual([[5, 'restore'], [4, 'delete']])
  })
})
