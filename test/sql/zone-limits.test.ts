// The zone limits have one definition: zone_limits() in SQL. The app's constants
// (src/lib/geo/zone-limits.ts, and what the drawing checks and the importer take from it) are
// the same numbers, and the SQL itself — the zones table's constraints and the checks of
// validate_zone / save_zone — reads them from zone_limits(), so changing a limit is one edit
// in SQL and one here, which this test ties together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { toApiError } from '../../src/lib/api/errors'
import { ZONE_LIMITS, MAX_NAME_LENGTH } from '../../src/lib/geo/zone-limits'
import { MIN_AREA_M2, MIN_LENGTH_M } from '../../src/lib/geo/shape-check'
import { IMPORT_LIMITS } from '../../src/lib/zones-io/limits'
import { zhCN } from '../../src/lib/i18n/zh-CN'
import { en } from '../../src/lib/i18n/en'

/** A polygon around a point inside the district with exactly `positions` positions (the ring closed). */
const polygonSql = (positions: number) => `
  (select ST_MakePolygon(ST_AddPoint(l, ST_StartPoint(l))) from (
     select ST_MakeLine(array(select ST_SetSRID(ST_MakePoint(ST_X(p) + 0.002 * cos(2 * pi() * i / ${positions - 1}),
                                                             ST_Y(p) + 0.002 * sin(2 * pi() * i / ${positions - 1})), 4326)
                              from generate_series(0, ${positions - 2}) i order by i)) as l
     from (select ST_PointOnSurface(geom) as p from public.districts order by code limit 1) c) s)`

describe('the client takes its zone limits from one module', () => {
  it('the drawing checks and the importer use ZONE_LIMITS', () => {
    expect(MIN_AREA_M2).toBe(ZONE_LIMITS.min_area_m2)
    expect(MIN_LENGTH_M).toBe(ZONE_LIMITS.min_length_m)
    expect(IMPORT_LIMITS.maxVertices).toBe(ZONE_LIMITS.max_vertices)
  })
  it('the words that quote a limit take it from there (a parameter, not a number in the text)', () => {
    const quoting = { 'edit.live.too_small': '{min}', 'edit.live.too_short': '{min}', 'error.too_small': '{min_area}', 'error.too_many_vertices': '{max_vertices}' } as const
    for (const [key, param] of Object.entries(quoting) as [keyof typeof zhCN, string][]) {
      for (const words of [zhCN, en]) {
        expect(words[key], key).toContain(param)
        expect(words[key], key).not.toMatch(/\b(50|5|5,?000)\b/)
      }
    }
  })
})

describe.each(testBackends())('zone_limits() on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'demo') })
  afterAll(() => db?.close())

  it('returns exactly the limits the client holds, to a signed-in user', async () => {
    expect(await db.rpc('zone_limits')).toEqual(ZONE_LIMITS)
  })

  it('answers no one before sign-in', async () => {
    const err = await db.rpc('zone_limits', {}, null).then(() => null, (e) => toApiError(e))
    expect(err?.code).toBe('not_signed_in')
  })

  it('is what the zones table checks: the vertex cap and the name length, read from zone_limits()', async () => {
    const defs = await db.sql<{ def: string }>(`select pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = 'public.zones'::regclass and conname in ('zones_vertex_cap', 'zones_name_check') order by conname`)
    expect(defs).toHaveLength(2)
    for (const d of defs) expect(d.def).toContain('zone_limits()')
    const insert = (positions: number, name = '上限测试') =>
      db.sql(`set search_path = public, extensions; insert into public.zones (unit_id, name, kind, geom) select 1, '${name}', 'area', ${polygonSql(positions)} returning ST_NPoints(geom) as n`)
    expect(await insert(ZONE_LIMITS.max_vertices)).toEqual([{ n: ZONE_LIMITS.max_vertices }])
    await expect(insert(ZONE_LIMITS.max_vertices + 1)).rejects.toThrow(/zones_vertex_cap/)
    await expect(insert(20, 'x'.repeat(MAX_NAME_LENGTH + 1))).rejects.toThrow(/zones_name_check/)
  })

  it('is what validate_zone and zone_name_problems quote', async () => {
    const [{ g }] = await db.sql<{ g: any }>(`set search_path = public, extensions; select ST_AsGeoJSON(ST_Buffer(ST_PointOnSurface(geom)::geography, 3, 8)::geometry, 7)::jsonb as g
      from public.districts order by code limit 1`)
    const problems = await db.rpc<any[]>('validate_zone', { geom: g, unit_id: 1, zone_id: null })
    expect(problems.find((p) => p.code === 'too_small')).toMatchObject({ min_area_m2: ZONE_LIMITS.min_area_m2 })
    const [tooLong] = await db.rpc<any[]>('zone_name_problems', { name: '名'.repeat(ZONE_LIMITS.max_name_length + 1) })
    expect(tooLong).toMatchObject({ code: 'invalid_name', reason: 'length', max: ZONE_LIMITS.max_name_length })
    expect(await db.rpc('zone_name_problems', { name: '名'.repeat(ZONE_LIMITS.max_name_length) })).toEqual([])
    const tooMany = await db.rpc<any[]>('validate_zone', { geom: { type: 'LineString', coordinates: Array.from({ length: ZONE_LIMITS.max_vertices + 1 }, (_, i) => [123.9 + i * 1e-6, 47.3]) }, unit_id: 1, zone_id: null })
    expect(tooMany.map((p) => p.code)).toEqual(['too_many_vertices'])
  })

  it('is read, not restated, by the SQL that checks zones', async () => {
    const rows = await db.sql<{ name: string; src: string }>(`select proname as name, prosrc as src from pg_proc
      where pronamespace = 'public'::regnamespace
        and proname in ('geojson_shape_problems', 'zone_problems', 'clip_zone', 'clean_zone_name', 'zone_name_problems') order by proname`)
    expect(rows).toHaveLength(5)
    for (const r of rows) {
      expect(r.src, r.name).toContain('zone_limits()')
      for (const n of [ZONE_LIMITS.max_vertices, ZONE_LIMITS.max_name_length]) expect(r.src, `${r.name} restates ${n}`).not.toMatch(new RegExp(`\\b${n}\\b`))
    }
  })
})
