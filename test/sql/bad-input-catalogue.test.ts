// The bad-input catalogue: malformed and hostile inputs to validate_zone, save_zone and the
// zone importers. Each gets its own specific error code, and the stored zones and their
// history are byte-for-byte what they were before (zonesFingerprint).
// Importer cases run the whole import path an officer's file takes: readZoneFile → local
// checks → validate_zone (real PostGIS) → and, where a feature got that far, save_zone, which
// must refuse it too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Api } from '../../src/lib/api/api'
import { toApiError } from '../../src/lib/api/errors'
import { ImportFileError } from '../../src/lib/zones-io/candidates'
import { readZoneFile } from '../../src/lib/zones-io/read-file'
import { saveCandidates, validateCandidates } from '../../src/lib/state/zone-import-save'
import { openTestDb, USERS, type TestDb } from '../helpers/db'
import { fileOf, zip, zippedShapefile } from '../helpers/shapefile-writer'
import { boxGeoJson, buildSmallWorld, zonesFingerprint } from '../helpers/small-world'

// Small world (test/helpers/small-world.ts): district 124.00–124.04 × 47.30–47.33; zone 101 of
// unit 1 in the west, 102 of unit 2 in the south-east; the north-east quarter is a gap.
const GAP = [124.025, 47.321, 124.035, 47.329] as const
const gapBox = boxGeoJson(GAP)
const ring = (g: { coordinates: number[][][] }) => g.coordinates[0] as [number, number][]
const bowTie = { type: 'Polygon', coordinates: [[[124.03, 47.321], [124.035, 47.325], [124.035, 47.321], [124.03, 47.325], [124.03, 47.321]]] }
const circle = (n: number) => {
  const pts = Array.from({ length: n }, (_, i) => [124.03 + 0.004 * Math.cos((2 * Math.PI * i) / n), 47.325 + 0.003 * Math.sin((2 * Math.PI * i) / n)])
  return { type: 'Polygon', coordinates: [[...pts, pts[0]]] }
}
const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })
const feature = (name: string, geometry: unknown, props: Record<string, unknown> = {}) => ({ type: 'Feature', properties: { name, ...props }, geometry })

type Outcome = string // the error code a user is shown
interface Case { title: string; expected: Outcome; run: () => Promise<Outcome> }

describe('bad-input catalogue (validate_zone, save_zone, importers) on pglite', () => {
  let db: TestDb
  let officerB: Api // officer of unit 2
  beforeAll(async () => {
    db = await openTestDb('pglite', 'empty')
    await buildSmallWorld(db, { overlap: false })
    officerB = createApi({ kind: 'pglite', rpc: (name, args) => db.rpc(name, args, USERS.officerB), setUser: () => {} })
  })
  afterAll(() => db?.close())

  /** validate_zone's first problem code, for unit 2. */
  const validate = async (geom: unknown): Promise<Outcome> =>
    (await officerB.validateZone(geom as any, 2, null))[0]?.code ?? 'accepted'
  /** save_zone's refusal code as `user` (unit 2 by default). */
  const save = (zone: Record<string, unknown>, user: string | null = USERS.officerB): Promise<Outcome> =>
    db.rpc('save_zone', { zone: { unit_id: 2, name: '测试区块', kind: 'area', geom: gapBox, ...zone } }, user)
      .then(() => 'accepted', (e) => toApiError(e).code)
  /**
   * A file through the importer: a file-level refusal's code, or the first feature's first
   * problem — and then save_zone is asked to save every feature anyway and must refuse them all.
   */
  const importFile = async (name: string, content: Uint8Array | string | { size: number; name: string; arrayBuffer: () => Promise<ArrayBuffer> }): Promise<Outcome> => {
    try {
      const file = typeof content === 'object' && 'arrayBuffer' in content ? content : fileOf(name, content)
      const candidates = await validateCandidates(officerB, await readZoneFile(file, { defaultUnit: 2 }), { canEdit: (u) => u === 2 })
      const outcomes = await saveCandidates(officerB, candidates)
      const saved = outcomes.filter((o) => 'saved' in o)
      if (saved.length) return `saved ${saved.length}`
      return candidates[0].problems[0]?.code ?? 'accepted'
    } catch (e) {
      if (e instanceof ImportFileError) return e.code
      throw e
    }
  }

  const CASES: Case[] = [
    // validate_zone and save_zone, straight
    { title: 'self-intersecting bow-tie', expected: 'self_intersection', run: () => validate(bowTie) },
    { title: 'bow-tie saved anyway', expected: 'self_intersection', run: () => save({ geom: bowTie }) },
    { title: 'unclosed ring', expected: 'unclosed_ring', run: () => save({ geom: { type: 'Polygon', coordinates: [ring(gapBox).slice(0, 4)] } }) },
    { title: 'fewer than 4 positions', expected: 'too_few_points', run: () => validate({ type: 'Polygon', coordinates: [[[124.03, 47.321], [124.035, 47.325], [124.03, 47.321]]] }) },
    { title: 'NaN coordinate (as the string JSON carries)', expected: 'invalid_coordinates', run: () => save({ geom: { type: 'Polygon', coordinates: [[[124.03, 'NaN'], ...ring(gapBox).slice(1, 4), [124.03, 'NaN']]] } }) },
    { title: 'Infinity coordinate (JSON sends null)', expected: 'invalid_coordinates', run: () => validate({ type: 'Polygon', coordinates: [[[Infinity, 47.321], ...ring(gapBox).slice(1, 4), [Infinity, 47.321]]] }) },
    { title: 'longitude out of range', expected: 'invalid_coordinates', run: () => validate({ type: 'Point', coordinates: [500, 47.32] }) },
    { title: 'latitude and longitude swapped', expected: 'swapped_coordinates', run: () => save({ geom: { type: 'Polygon', coordinates: [ring(gapBox).map(([x, y]) => [y, x])] } }) },
    { title: 'MultiPolygon of two parts where a Polygon is expected', expected: 'wrong_geometry_type', run: () => save({ geom: { type: 'MultiPolygon', coordinates: [gapBox.coordinates, boxGeoJson([124.001, 47.301, 124.002, 47.302]).coordinates] } }) },
    { title: 'a Point saved as an area zone', expected: 'wrong_geometry_type', run: () => save({ geom: { type: 'Point', coordinates: [124.03, 47.325] } }) },
    { title: 'an unknown zone kind', expected: 'wrong_geometry_type', run: () => save({ kind: 'circle' }) },
    { title: 'geometry that is a string', expected: 'invalid_geojson', run: () => save({ geom: 'POLYGON((124 47, 124.1 47, 124 47.1, 124 47))' }) },
    { title: '100,000-vertex polygon', expected: 'too_many_vertices', run: () => save({ geom: circle(100_000) }) },
    { title: 'a zone outside the district', expected: 'outside_district', run: () => save({ geom: boxGeoJson([124.1, 47.4, 124.11, 47.41]) }) },
    { title: 'a 1 m² sliver', expected: 'too_small', run: () => validate(boxGeoJson([124.03, 47.325, 124.03001, 47.32501])) },
    { title: 'overlapping the neighbour unit', expected: 'overlaps_zone', run: () => save({ geom: boxGeoJson([124.015, 47.321, 124.03, 47.329]) }) },
    { title: 'a unit that does not exist', expected: 'unknown_unit', run: async () => (await officerB.validateZone(gapBox as any, 999, null))[0]?.code },
    { title: 'name with HTML', expected: 'invalid_name', run: () => save({ name: '<img src=x onerror=alert(1)>' }) },
    { title: 'name with SQL injection, on an overlapping shape', expected: 'overlaps_zone', run: () => save({ name: "x'); delete from public.zones; --", geom: boxGeoJson([124.015, 47.321, 124.03, 47.329]) }) },
    { title: 'a stale version', expected: 'stale_version', run: () => save({ id: 102, version: 0, name: 'B1 东南片', geom: boxGeoJson([124.02, 47.3, 124.04, 47.319]) }) },
    { title: "another unit's zone", expected: 'forbidden', run: () => save({ id: 101, unit_id: 1, version: 1, name: 'A1 西片', geom: boxGeoJson([124.0, 47.3, 124.019, 47.33]) }) },
    { title: "moving another unit's zone into one's own unit", expected: 'forbidden', run: () => save({ id: 101, unit_id: 2, version: 1, name: 'A1 西片' }) },
    { title: 'the wall display saving', expected: 'forbidden', run: () => save({}, USERS.wall) },
    { title: 'an anonymous save', expected: 'not_signed_in', run: () => save({}, null) },

    // the importers
    { title: 'broken JSON', expected: 'broken_json', run: () => importFile('zones.geojson', '{"type": "FeatureCollection", "features": [') },
    { title: 'NaN in a GeoJSON file (not JSON)', expected: 'broken_json', run: () => importFile('zones.geojson', '{"type": "Point", "coordinates": [NaN, 47.3]}') },
    { title: 'JSON that is not GeoJSON', expected: 'not_geojson', run: () => importFile('zones.json', '{"zones": []}') },
    { title: 'an empty FeatureCollection', expected: 'empty_collection', run: () => importFile('zones.geojson', fc()) },
    { title: 'an empty file', expected: 'empty_file', run: () => importFile('zones.geojson', '') },
    { title: 'a file over the size cap', expected: 'file_too_large', run: () => importFile('big.geojson', { name: 'big.geojson', size: 25 * 1048576, arrayBuffer: async () => { throw new Error('must not be read') } }) },
    { title: '501 features', expected: 'too_many_features', run: () => importFile('many.geojson', fc(...Array.from({ length: 501 }, (_, i) => feature(`f${i}`, gapBox)))) },
    { title: 'a feature with no geometry', expected: 'no_geometry', run: () => importFile('zones.geojson', fc(feature('空', null))) },
    { title: 'a 100,000-vertex feature in a file', expected: 'too_many_vertices', run: () => importFile('zones.geojson', fc(feature('圆', circle(100_000)))) },
    { title: 'a file feature with HTML in its name', expected: 'invalid_name', run: () => importFile('zones.geojson', fc(feature('<script>alert(1)</script>', gapBox))) },
    { title: "a file feature of another unit", expected: 'forbidden', run: () => importFile('zones.geojson', fc(feature('别人的', gapBox, { unit_id: 1 }))) },
    { title: 'a file feature with swapped coordinates', expected: 'swapped_coordinates', run: () => importFile('zones.geojson', fc(feature('颠倒', { type: 'Polygon', coordinates: [ring(gapBox).map(([x, y]) => [y, x])] }))) },
    { title: 'a file feature overlapping a neighbour', expected: 'overlaps_zone', run: () => importFile('zones.geojson', fc(feature('越界', boxGeoJson([124.015, 47.321, 124.03, 47.329])))) },
    { title: 'a Shapefile without .prj', expected: 'shapefile_no_prj', run: () => importFile('zones.zip', zippedShapefile('zones', [{ name: '无坐标系', ring: ring(gapBox) }], { prj: null })) },
    { title: 'a Shapefile with a .prj nobody can read', expected: 'shapefile_bad_prj', run: () => importFile('zones.zip', zippedShapefile('zones', [{ name: '坏坐标系', ring: ring(gapBox) }], { prj: 'PROJCS["nonsense' })) },
    { title: 'a zip that is not a Shapefile', expected: 'shapefile_missing_shp', run: () => importFile('zones.zip', zip({ 'readme.txt': '这不是 Shapefile' })) },
    { title: 'a .zip that is not a zip', expected: 'not_a_zip', run: () => importFile('zones.zip', 'PK? no, plain text') },
    { title: 'a bare .shp without its companions', expected: 'shapefile_not_zipped', run: () => importFile('zones.shp', new Uint8Array([0, 0, 0x27, 0x0a, 1, 2, 3])) },
    { title: 'a Shapefile whose polygon lies outside the district', expected: 'outside_district', run: () => importFile('zones.zip', zippedShapefile('zones', [{ name: '外面', ring: ring(boxGeoJson([124.1, 47.4, 124.11, 47.41])) }])) },
  ]

  it(`has at least 20 cases, each with its own expected code (${CASES.length} cases)`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20)
  })

  it.each(CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const before = await zonesFingerprint(db)
    expect(await c.run()).toBe(c.expected)
    expect(await zonesFingerprint(db)).toBe(before)
  }, 60_000)

  it('reports which features were saved and which refused when two features of one file overlap each other', async () => {
    // each is fine against the stored zones, so validate_zone passes both; the second save then
    // meets the first and is refused on its own, with nothing of it written
    const file = fileOf('pair.geojson', fc(feature('甲', boxGeoJson([124.021, 47.3205, 124.03, 47.3245])), feature('乙', boxGeoJson([124.028, 47.3205, 124.035, 47.3245]))))
    const candidates = await validateCandidates(officerB, await readZoneFile(file, { defaultUnit: 2 }))
    expect(candidates.map((c) => c.problems.length)).toEqual([0, 0])
    const history = Number((await db.sql(`select count(*) as n from public.zone_history`))[0].n)
    const outcomes = await saveCandidates(officerB, candidates)
    expect(outcomes.map((o) => ('saved' in o ? 'saved' : o.error.code))).toEqual(['saved', 'overlaps_zone'])
    expect((await db.sql(`select name from public.zones where name in ('甲', '乙')`)).map((r) => r.name)).toEqual(['甲'])
    expect(Number((await db.sql(`select count(*) as n from public.zone_history`))[0].n)).toBe(history + 1)
    await db.sql(`delete from public.zones where name = '甲'`)
  })

  it('stores an injection-looking name as plain text, and a good file feature is saved (the catalogue can tell success apart)', async () => {
    const name = "x'); delete from public.zones; --"
    expect(await importFile('ok.geojson', fc(feature(name, gapBox)))).toBe('saved 1')
    const rows = await db.sql(`select name from public.zones where name = $1`, [name])
    expect(rows).toHaveLength(1)
    expect(Number((await db.sql(`select count(*) as n from public.zones`))[0].n)).toBe(3)
  })
})
