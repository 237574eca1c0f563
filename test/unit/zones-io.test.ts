// The importers without a database: which GeoJSON forms and Shapefiles become which candidate
// zones (name, kind, unit, geometry), before validate_zone sees them.
import { describe, expect, it } from 'vitest'
import { readZoneFile } from '../../src/lib/zones-io/read-file'
import { jsonErrorPlace } from '../../src/lib/zones-io/geojson'
import type { ImportFileError } from '../../src/lib/zones-io/candidates'
import { zhCN } from '../../src/lib/i18n/zh-CN'
import { en } from '../../src/lib/i18n/en'
import { fileOf, zip, zippedShapefile } from '../helpers/shapefile-writer'

const square = { type: 'Polygon', coordinates: [[[124.03, 47.32], [124.031, 47.32], [124.031, 47.321], [124.03, 47.321], [124.03, 47.32]]] }
const read = (name: string, content: string | Uint8Array, defaultUnit: number | null = 7) => readZoneFile(fileOf(name, content), { defaultUnit })
/** What the import dialog shows for a refused file, as t() fills the locale text. */
const shown = (e: ImportFileError, texts: Record<string, string>) =>
  texts[e.messageKey].replace(/\{(\w+)\}/g, (m, k) => (k in e.vars ? String(e.vars[k]) : m))
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('accepted') }, (e) => e as ImportFileError)

describe('zone importers', () => {
  it('reads a FeatureCollection: names from the usual property names, unit from unit_id or the default, kind from the geometry', async () => {
    const cs = await read('zones.geojson', JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: '北片', unit_id: 3 }, geometry: square },
      { type: 'Feature', properties: { 名称: '中山路段' }, geometry: { type: 'LineString', coordinates: [[124.03, 47.32], [124.04, 47.32]] } },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [124.03, 47.32] } },
    ] }))
    expect(cs.map((c) => [c.index, c.name, c.kind, c.unit_id, c.problems.length])).toEqual([
      [1, '北片', 'area', 3, 0], [2, '中山路段', 'road', 7, 0], [3, 'zones #3', 'point', 7, 0],
    ])
  })

  it('reads a single Feature and a bare geometry, and unwraps a one-part MultiPolygon (dropping bbox)', async () => {
    expect((await read('one.json', JSON.stringify({ type: 'Feature', properties: { NAME: 'A' }, geometry: square })))[0]).toMatchObject({ name: 'A', kind: 'area' })
    const [bare] = await read('bare.geojson', JSON.stringify({ type: 'MultiPolygon', bbox: [0, 0, 1, 1], coordinates: [square.coordinates] }))
    expect(bare.geom).toEqual(square)
  })

  it('reads a zipped Shapefile with its .prj: Chinese names from the .dbf, lon/lat coordinates', async () => {
    const bytes = zippedShapefile('责任区', [{ name: '建华北片', ring: square.coordinates[0] as [number, number][] }, { name: '建华南片', ring: [[124.03, 47.31], [124.031, 47.31], [124.031, 47.311], [124.03, 47.31]] }])
    const cs = await read('from-department.zip', bytes)
    expect(cs.map((c) => [c.name, c.kind, c.geom?.type])).toEqual([['建华北片', 'area', 'Polygon'], ['建华南片', 'area', 'Polygon']])
    const [x, y] = (cs[0].geom as any).coordinates[0][0]
    expect(x).toBeCloseTo(124.03, 9)
    expect(y).toBeCloseTo(47.32, 9)
  })

  it('reprojects a Shapefile in a projected CRS (Web Mercator) through its .prj', async () => {
    const merc = ([lon, lat]: number[]) => [lon * 20037508.34 / 180, Math.log(Math.tan((90 + lat) * Math.PI / 360)) * 6378137]
    const prj = 'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]'
    const ring = square.coordinates[0].map(merc) as [number, number][]
    const [c] = await read('merc.zip', zippedShapefile('merc', [{ name: '墨卡托', ring }], { prj }))
    const [x, y] = (c.geom as any).coordinates[0][0]
    expect(x).toBeCloseTo(124.03, 6)
    expect(y).toBeCloseTo(47.32, 6)
  })

  it('says where broken JSON goes wrong, by line and column, in the user\'s language and without the engine\'s English', async () => {
    const text = '{\n  "type": "FeatureCollection",\n  features: []\n}' // property name not quoted on line 3
    const e = await refusal(read('zones.geojson', text))
    expect(e.code).toBe('broken_json')
    expect(e.vars).toEqual({ line: 3, column: 3 })
    expect(shown(e, zhCN)).toBe('文件不是有效的 JSON：第 3 行第 3 列附近有格式错误')
    expect(shown(e, en)).toBe('The file is not valid JSON: there is a syntax error near line 3, column 3')

    const cut = await refusal(read('zones.geojson', '{"type": "FeatureCollection",\n"features": ['))
    expect(cut.vars).toEqual({ line: 2, column: 14, end: 1 })
    expect(shown(cut, zhCN)).toBe('文件不是有效的 JSON：内容在第 2 行第 14 列意外结束，文件可能不完整')
    for (const msg of [shown(e, zhCN), shown(cut, zhCN)]) expect(msg.replace('JSON', '')).not.toMatch(/[A-Za-z]/) // no parser English
  })

  it('reads the place from other browsers\' parser messages, and says only "not valid JSON" where none is given', () => {
    const text = '{\n  "a": 1,\n  b: 2\n}'
    expect(jsonErrorPlace(text, 'Expected double-quoted property name in JSON at position 14 (line 3 column 3)')).toEqual({ line: 3, column: 3 })
    expect(jsonErrorPlace(text, 'Expected double-quoted property name in JSON at position 14')).toEqual({ line: 3, column: 3 })
    expect(jsonErrorPlace(text, 'JSON.parse: expected double-quoted property name at line 3 column 3 of the JSON data')).toEqual({ line: 3, column: 3 })
    expect(jsonErrorPlace('[1,', 'JSON.parse: unexpected end of data at line 1 column 4 of the JSON data')).toEqual({ line: 1, column: 4, end: 1 })
    expect(jsonErrorPlace(text, "JSON Parse error: Expected '}'")).toEqual({}) // Safari names no place
    const noPlace = { code: 'broken_json', vars: {}, messageKey: 'import.error.broken_json' } as unknown as ImportFileError
    expect(shown(noPlace, zhCN)).toBe('文件不是有效的 JSON，无法读取（请检查引号、逗号和括号是否成对）')
  })

  it('tells a zip without a Shapefile from a Shapefile without .prj', async () => {
    await expect(read('a.zip', zip({ 'notes.txt': 'hi' }))).rejects.toMatchObject({ code: 'shapefile_missing_shp' })
    await expect(read('a.zip', zippedShapefile('z', [{ name: 'x', ring: square.coordinates[0] as [number, number][] }], { prj: null }))).rejects.toMatchObject({ code: 'shapefile_no_prj', vars: { layer: 'z' } })
  })
})
