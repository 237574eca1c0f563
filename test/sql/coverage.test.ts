// coverage_report on the small world: the gap and the overlaps are where they were built,
// with areas that agree with an independent spherical computation (Turf).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { area, bboxPolygon } from '@turf/turf'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { buildSmallWorld, WORLD } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

const m2 = (b: readonly number[]) => area(bboxPolygon(b as [number, number, number, number]))

describe.each(testBackends())('coverage_report on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db)
  })
  afterAll(() => db?.close())

  it('finds the gap, the two overlaps and the share covered exactly once', async () => {
    const r = await db.rpc('coverage_report', { district_code: '230299' })
    const district = m2(WORLD.district)
    const gap = m2(WORLD.gap)
    const overlapA = m2([124.015, 47.3, 124.02, 47.305])
    const overlapB = m2([124.02, 47.3, 124.025, 47.305])
    expect(r.district_km2 * 1e6 / district).toBeCloseTo(1, 2) // spheroid (PostGIS) vs sphere (Turf): within 0.5%
    expect(r.gaps.features).toHaveLength(1)
    expect(r.gaps.features[0].properties.area_m2 / gap).toBeCloseTo(1, 2)
    expect(r.overlaps.features).toHaveLength(2)
    const pairs = r.overlaps.features.map((f: any) => f.properties.zone_ids.join('+')).sort()
    expect(pairs).toEqual(['101+103', '102+103'])
    expect(r.overlap_km2 * 1e6 / (overlapA + overlapB)).toBeCloseTo(1, 2)
    expect(r.share_covered_once).toBeCloseTo((district - gap - overlapA - overlapB) / district, 3)
  })

  it('answers from its cache only while zones, units and districts stand as they were (issue 14)', async () => {
    const first = await db.rpc('coverage_report', { district_code: '230299' })
    const cached = await db.rpc('coverage_report', { district_code: '230299' })
    expect(cached).toEqual(first)
    const [{ n }] = await db.sql(`select count(*)::int n from public.coverage_reports where district_code = '230299'`)
    expect(n).toBe(1)
    // a unit renamed: the overlaps name the units
    await db.sql(`update public.units set name = name || '（改）' where id = 3`)
    const renamed = await db.rpc('coverage_report', { district_code: '230299' })
    expect(renamed.overlaps.features[0].properties.unit_names.join()).toContain('（改）')
    // zone C1 (lying over A1 and B1) deleted by an administrator: no overlap left
    const [{ version }] = await db.sql(`select version from public.zones where id = 103`)
    await db.rpc('delete_zone', { zone_id: 103, version }, USERS.admin)
    const after = await db.rpc('coverage_report', { district_code: '230299' })
    expect(after.overlaps.features).toHaveLength(0)
    expect(after.overlap_km2).toBe(0)
    // and the cached answer is the computation's
    const fresh = await db.sql(`select public.coverage_report_unchecked('230299')::text as r`)
    expect(after).toEqual(JSON.parse(fresh[0].r))
  })

  it('says which district is unknown', async () => {
    const err = await db.rpc('coverage_report', { district_code: '999999' }).catch(toApiError)
    expect(err.code).toBe('unknown_district')
  })
})
