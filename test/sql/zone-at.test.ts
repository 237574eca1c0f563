// zone_at agrees with an independent point-in-polygon computation (Turf, in JavaScript) for
// thousands of random points over the demo district, overlaps and gaps included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf'
import type { Feature, FeatureCollection, Polygon } from 'geojson'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { toApiError } from '../../src/lib/api/errors'

/** mulberry32: a small seeded PRNG, so the points are the same on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe.each(testBackends())('zone_at on the demo district (%s)', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'demo') })
  afterAll(() => db?.close())

  it('matches Turf point-in-polygon for 3,000 random points', async () => {
    const zones = (await db.rpc<FeatureCollection>('layer_geojson', { layer_id: 'zones' })).features
      .filter((f) => f.properties!.kind === 'area') as Feature<Polygon>[]
    const district = (await db.rpc<FeatureCollection>('layer_geojson', { layer_id: 'district' })).features[0]
    const [w, s, e, n] = turfBbox(district)
    const rand = prng(20261125)
    const lons: number[] = [], lats: number[] = []
    for (let i = 0; i < 3000; i++) { lons.push(w + rand() * (e - w)); lats.push(s + rand() * (n - s)) }

    // as a signed-in reader calls it (the function applies the read policy itself)
    const answers = await db.asUser(USERS.leader, async (tx) => (await tx.query<{ z: any }>(
      `select public.zone_at(lon, lat) as z from unnest($1::float8[], $2::float8[]) with ordinality as p(lon, lat, i) order by i`,
      [lons, lats])).rows)
    let covered = 0, gaps = 0, overlaps = 0
    answers.forEach(({ z }, i) => {
      const expected = zones.filter((f) => booleanPointInPolygon([lons[i], lats[i]], f)).map((f) => Number(f.properties!.id)).sort((a, b) => a - b)
      const got = z ? [z.id, ...z.also].map(Number).sort((a: number, b: number) => a - b) : []
      expect(got, `point ${lons[i]},${lats[i]}`).toEqual(expected)
      if (expected.length === 0) gaps++
      else covered++
      if (expected.length > 1) overlaps++
    })
    // the demo has zones over most of its bbox, and deliberate gaps and overlaps
    expect(covered).toBeGreaterThan(1000)
    expect(gaps).toBeGreaterThan(0)
    expect(overlaps).toBeGreaterThan(0)
  })

  it('names the unit and the grid under a point', async () => {
    const [g] = await db.sql<{ lon: number; lat: number; code: string; unit: string }>(`
      select extensions.ST_X(p) lon, extensions.ST_Y(p) lat, g.code, u.name unit
      from public.grids g cross join lateral (select extensions.ST_PointOnSurface(g.geom) p) s
      join public.zones z on z.kind = 'area' and extensions.ST_Covers(z.geom, s.p)
      join public.units u on u.id = z.unit_id
      where (select count(*) from public.zones z2 where z2.kind = 'area' and extensions.ST_Covers(z2.geom, s.p)) = 1
      order by g.code limit 1`)
    const z = await db.rpc('zone_at', { lon: g.lon, lat: g.lat })
    expect(z.unit_name).toBe(g.unit)
    expect(z.grid.code).toBe(g.code)
    expect(z.also).toEqual([])
  })

  it('answers a batch of 2,000 points in one call exactly as zone_at answers each, in order', async () => {
    const district = (await db.rpc<FeatureCollection>('layer_geojson', { layer_id: 'district' })).features[0]
    const [w, s, e, n] = turfBbox(district)
    const rand = prng(20261207)
    const points: [number, number][] = Array.from({ length: 2000 }, () => [w + rand() * (e - w), s + rand() * (n - s)])
    const batch = await db.rpc<({ id: number; unit_id: number; unit_name: string } | null)[]>('zone_at_batch', { points })
    const one = await db.asUser(USERS.leader, async (tx) => (await tx.query<{ z: any }>(
      `select public.zone_at(lon, lat) as z from unnest($1::float8[], $2::float8[]) with ordinality as p(lon, lat, i) order by i`,
      [points.map((p) => p[0]), points.map((p) => p[1])])).rows)
    expect(batch).toHaveLength(points.length)
    expect(batch.map((b) => b && { id: Number(b.id), unit_id: Number(b.unit_id), unit_name: b.unit_name }))
      .toEqual(one.map(({ z }) => z && { id: Number(z.id), unit_id: Number(z.unit_id), unit_name: z.unit_name }))
    expect(batch.filter(Boolean).length).toBeGreaterThan(500)
    expect(await db.rpc('zone_at_batch', { points: [[0, 0]] })).toEqual([null]) // no zone covers it
  })

  it('returns null outside every zone and refuses non-coordinates', async () => {
    expect(await db.rpc('zone_at', { lon: 0, lat: 0 })).toBeNull()
    const err = await db.rpc('zone_at', { lon: 200, lat: 47 }).catch(toApiError)
    expect(err.code).toBe('invalid_coordinates')
  })
})
