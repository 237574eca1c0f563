// validate_zone and save_zone: every problem code, and a refused save leaves the stored
// zones exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { boxGeoJson, buildSmallWorld, zonesFingerprint } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

const bowTie = { type: 'Polygon', coordinates: [[[124.03, 47.321], [124.035, 47.325], [124.035, 47.321], [124.03, 47.325], [124.03, 47.321]]] }
const inGap = boxGeoJson([124.025, 47.321, 124.035, 47.329])
const overlappingA = boxGeoJson([124.015, 47.321, 124.03, 47.329]) // crosses into A1 (west of 124.02)

describe.each(testBackends())('validate_zone and save_zone on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db)
  })
  afterAll(() => db?.close())

  const codes = async (geom: unknown, unit = 2, zone: number | null = null) =>
    (await db.rpc<{ code: string }[]>('validate_zone', { geom, unit_id: unit, zone_id: zone })).map((p) => p.code)

  it('accepts a zone in the free area', async () => {
    expect(await codes(inGap)).toEqual([])
  })

  it('finds the self-intersection of a bow-tie and where it is', async () => {
    const [p] = await db.rpc('validate_zone', { geom: bowTie, unit_id: 2 })
    expect(p.code).toBe('self_intersection')
    expect(p.location.type).toBe('Point')
    expect(p.location.coordinates[0]).toBeCloseTo(124.0325, 6)
    expect(p.location.coordinates[1]).toBeCloseTo(47.323, 6)
    expect(p.message_zh).toMatch(/自相交/)
    expect(p.message_en).toMatch(/crosses itself/)
  })

  it('reports an overlap with the other zone, its unit and the shared area', async () => {
    const problems = await db.rpc('validate_zone', { geom: overlappingA, unit_id: 2 })
    expect(problems).toHaveLength(1)
    const [p] = problems
    expect(p.code).toBe('overlaps_zone')
    expect(p.zone_id).toBe(101)
    expect(p.unit_name).toBe('区城管执法局')
    expect(p.message_zh).toContain('区城管执法局')
    // the overlap is lon 124.015–124.02 × lat 47.321–47.329: about 376 m × 890 m
    expect(p.area_m2).toBeGreaterThan(330_000)
    expect(p.area_m2).toBeLessThan(340_000)
    expect(p.location.type).toBe('Polygon')
  })

  it('does not count the zone being edited as overlapping itself', async () => {
    expect(await codes(boxGeoJson([124.0, 47.3, 124.019, 47.33]), 1, 101)).toEqual(['overlaps_zone']) // still overlaps C1
    expect(await codes(boxGeoJson([124.0, 47.306, 124.02, 47.33]), 1, 101)).toEqual([])
  })

  it.each([
    ['outside_district', boxGeoJson([124.035, 47.325, 124.05, 47.329])],
    ['too_small', boxGeoJson([124.03, 47.322, 124.03005, 47.32205])],
    ['too_many_vertices', { type: 'Polygon', coordinates: [Array.from({ length: 6001 }, (_, i) => i === 6000 ? [124.03, 47.322] : [124.03 + Math.cos(i / 1000) * 0.001, 47.322 + Math.sin(i / 1000) * 0.001])] }],
    ['unclosed_ring', { type: 'Polygon', coordinates: [[[124.03, 47.322], [124.035, 47.322], [124.035, 47.326], [124.03, 47.326]]] }],
    ['too_few_points', { type: 'Polygon', coordinates: [[[124.03, 47.322], [124.035, 47.322], [124.03, 47.322]]] }],
    ['invalid_coordinates', { type: 'Polygon', coordinates: [[[124.03, 47.322], [null, 47.322], [124.035, 47.326], [124.03, 47.322]]] }],
    ['invalid_coordinates', { type: 'Polygon', coordinates: [[[124.03, 47.322], [400, 47.322], [124.035, 47.326], [124.03, 47.322]]] }],
    ['swapped_coordinates', { type: 'Polygon', coordinates: [[[47.322, 124.03], [47.322, 124.035], [47.326, 124.035], [47.322, 124.03]]] }],
    ['wrong_geometry_type', { type: 'MultiPolygon', coordinates: [boxGeoJson([124.025, 47.321, 124.03, 47.325]).coordinates, boxGeoJson([124.032, 47.321, 124.035, 47.325]).coordinates] }],
    ['invalid_geojson', { type: 'Circle', center: [124.03, 47.32] }],
    ['invalid_geojson', 42],
    ['invalid_geojson', { type: 'Polygon' }],
    ['invalid_geometry', { type: 'Polygon', coordinates: [[[124.03, 47.322], [124.035, 47.322], [124.035, 47.322], [124.03, 47.322]]] }],
  ])('reports %s', async (code, geom) => {
    expect((await codes(geom))[0]).toBe(code)
  })

  it('tells a zone entirely outside the district (in Beijing) from one partly outside', async () => {
    const [far] = await db.rpc('validate_zone', { geom: boxGeoJson([116.39, 39.9, 116.4, 39.906]), unit_id: 2 })
    expect(far.code).toBe('outside_district')
    expect(far.entirely).toBe(true)
    expect(far.outside_m2).toBe(far.area_m2) // none of it is inside
    expect(far.message_zh).toContain('完全位于辖区之外')
    expect(far.message_zh).not.toContain('部分')
    expect(far.message_en).toMatch(/entirely outside/)
    expect(far.message_zh).toMatch(/\d{1,3}(,\d{3})+ 平方米/) // ~570,000 m², grouped as the app writes numbers

    // lon 124.035–124.05 × lat 47.325–47.329: the district ends at 124.04, so two thirds are outside
    const [part] = await db.rpc('validate_zone', { geom: boxGeoJson([124.035, 47.325, 124.05, 47.329]), unit_id: 2 })
    expect(part.code).toBe('outside_district')
    expect(part.entirely).toBe(false)
    expect(part.outside_m2 / part.area_m2).toBeCloseTo(2 / 3, 1)
    expect(part.message_zh).toMatch(/^部分位于辖区之外（约 \d{1,3}(,\d{3})* 平方米）$/)
    expect(part.message_en).toMatch(/^Part of it lies outside the district/)
  })

  it('quotes a too-small area with its unit and the minimum', async () => {
    const [p] = await db.rpc('validate_zone', { geom: boxGeoJson([124.03, 47.322, 124.03005, 47.32205]), unit_id: 2 })
    expect(p.code).toBe('too_small')
    expect(p.area_m2).toBeGreaterThan(10)
    expect(p.area_m2).toBeLessThan(50)
    expect(p.min_area_m2).toBe(50)
    expect(p.message_zh).toBe(`面积太小：约 ${p.area_m2.toFixed(1)} 平方米（片区至少 50 平方米）`)
    expect(p.message_en).toBe(`Too small: about ${p.area_m2.toFixed(1)} m² (an area needs at least 50 m²)`)
  })

  it('reports an unknown unit', async () => {
    expect(await codes(inGap, 999)).toContain('unknown_unit')
  })

  it('saves an acceptable zone as version 1 and records it in history', async () => {
    const saved = await db.rpc('save_zone', { zone: { unit_id: 2, name: '东北角新区', kind: 'area', geom: inGap } }, USERS.officerB)
    expect(saved).toMatchObject({ unit_id: 2, name: '东北角新区', version: 1, updated_by_name: '孙磊' })
    const hist = await db.sql('select version, operation from public.zone_history where zone_id = $1', [saved.id])
    expect(hist).toEqual([{ version: 1, operation: 'create' }])
    await db.sql('delete from public.zone_history where zone_id = $1; ', [saved.id]).catch(() => undefined)
    await db.sql(`alter table public.zones disable trigger zones_history; delete from public.zones where id = ${saved.id}; alter table public.zones enable trigger zones_history; delete from public.zone_history where zone_id = ${saved.id}`)
  })

  it.each([
    ['self_intersection', bowTie],
    ['overlaps_zone', overlappingA],
  ])('refuses to save a zone with %s and changes nothing', async (code, geom) => {
    const before = await zonesFingerprint(db)
    const err = await db.rpc('save_zone', { zone: { unit_id: 2, name: '新责任区', kind: 'area', geom } }, USERS.officerB).catch(toApiError)
    expect(err.code).toBe(code)
    expect(err.message).toContain(code)
    expect(err.problems[0].code).toBe(code)
    expect(await zonesFingerprint(db)).toBe(before)
  })

  it('refuses a stale save, keeps the newer version, and says who saved it', async () => {
    const first = await db.rpc('save_zone', { zone: { id: 102, version: 1, unit_id: 2, name: 'B1 东南片', kind: 'area', geom: boxGeoJson([124.025, 47.3, 124.04, 47.319]) } }, USERS.officerB)
    expect(first.version).toBe(2)
    const before = await zonesFingerprint(db)
    const err = await db.rpc('save_zone', { zone: { id: 102, version: 1, unit_id: 2, name: 'B1 东南片', kind: 'area', geom: boxGeoJson([124.025, 47.3, 124.04, 47.318]) } }, USERS.officerB).catch(toApiError)
    expect(err.code).toBe('stale_version')
    expect(err.message).toContain('孙磊')
    expect((err.detail as any).version).toBe(2)
    expect(await zonesFingerprint(db)).toBe(before)
    const versions = await db.rpc('zone_versions', { zone_id: 102 })
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]) // the refused save left no trace
    expect(versions[1].geom.coordinates[0][0]).toEqual([124.02, 47.3]) // the original shape is kept
  })

  it('refuses names with markup, and stores SQL-looking names verbatim', async () => {
    const err = await db.rpc('save_zone', { zone: { unit_id: 2, name: '<img src=x onerror=alert(1)>', kind: 'area', geom: inGap } }, USERS.officerB).catch(toApiError)
    expect(err.code).toBe('invalid_name')
    const name = "东片'); drop table zones; --"
    const saved = await db.rpc('save_zone', { zone: { unit_id: 2, name, kind: 'area', geom: inGap } }, USERS.officerB)
    expect(saved.name).toBe(name)
    expect((await db.sql('select count(*)::int n from public.zones'))[0].n).toBeGreaterThan(3)
  })

  it('needs a signed-in editor', async () => {
    for (const user of [null, USERS.leader, USERS.wall]) {
      const err = await db.rpc('save_zone', { zone: { unit_id: 1, name: 'x', kind: 'area', geom: inGap } }, user).catch(toApiError)
      expect(['not_signed_in', 'forbidden']).toContain(err.code)
    }
  })
})
