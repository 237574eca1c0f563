// The view-dependent payload contract (issue 14): layer_view sends what a map at a zoom over a
// box can show. A zoomed-out view of the whole district gets aggregates — issue bins, grids as
// community outlines — and a zoomed-in view of a street gets single features with slim
// properties; both stay within a byte budget, far below layer_geojson's bytes for the same area.
// Guards answer with codes, fast. The budgets are for the demo data (×1): 840 grids, 98 zones,
// 1,900 issues (about 1,700 within 365 days).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coordAll } from '@turf/turf'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { toApiError } from '../../src/lib/api/errors'

/** What the app shows at start: the catalogue's default layers (the district is held whole, not by view). */
const DEFAULT_LAYERS = ['streets', 'grids', 'zones', 'compounds', 'issues', 'markets', 'parking']
const FILTERS = { days: 365 }
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v))
const decimals = (fc: any) => Math.max(0, ...coordAll(fc).flat().map((c) => (String(c).split('.')[1] ?? '').length))

describe.each(testBackends())('layers by view on %s', (kind) => {
  let db: TestDb
  let district: [number, number, number, number]
  let street: [number, number, number, number]
  beforeAll(async () => {
    db = await openTestDb(kind, 'demo')
    const [d] = await db.sql(`select extensions.ST_XMin(e) w, extensions.ST_YMin(e) s, extensions.ST_XMax(e) e, extensions.ST_YMax(e) n
      from (select extensions.ST_Extent(geom)::extensions.geometry e from public.districts) x`)
    district = [d.w, d.s, d.e, d.n]
    // a street view (zoom 16, ~1,280 × 720 px) around the busiest 300 m of the district
    const [c] = await db.sql(`select avg(extensions.ST_X(geom)) x, avg(extensions.ST_Y(geom)) y from public.issues
      where geom operator(extensions.&&) (select extensions.ST_Expand(geom, 0.003) from public.issues i2 group by geom order by (select count(*) from public.issues i3 where extensions.ST_DWithin(i3.geom, i2.geom, 0.003)) desc limit 1)`)
    street = [c.x - 0.0069, c.y - 0.0027, c.x + 0.0069, c.y + 0.0027]
  })
  afterAll(() => db?.close())

  const view = (layer_id: string, bbox: number[], zoom: number) =>
    db.rpc('layer_view', { layer_id, bbox, zoom, filters: layer_id === 'issues' ? FILTERS : null })
  const whole = (layer_id: string, bbox: number[] | null) =>
    db.rpc('layer_geojson', { layer_id, bbox, filters: layer_id === 'issues' ? FILTERS : null })

  it('gives a zoomed-out view of the whole district aggregates, within 250 KB and under a fifth of layer_geojson', async () => {
    const got: Record<string, any> = {}
    for (const id of DEFAULT_LAYERS) got[id] = await view(id, district, 11)
    // issues as bins: a point and a count, no single issue, every issue counted once
    expect(got.issues.aggregate).toBe('bins')
    expect(got.issues.features.every((f: any) => Object.keys(f.properties).join() === 'n' && f.geometry.type === 'Point')).toBe(true)
    const [{ n }] = await db.sql(`select count(*)::int n from public.issues where reported_at >= now() - interval '365 days'`)
    expect(got.issues.features.reduce((a: number, f: any) => a + f.properties.n, 0)).toBe(n)
    expect(got.issues.features.length).toBeLessThan(n / 2)
    // grids as community outlines, coloured by community
    expect(got.grids.aggregate).toBe('communities')
    expect(got.grids.features).toHaveLength(38)
    expect(got.grids.features.every((f: any) => /^\d{12}$/.test(f.properties.community_code) && !('code' in f.properties))).toBe(true)
    // zoomed out: 4 decimals, simplified, slim
    for (const id of DEFAULT_LAYERS) expect(decimals(got[id]), id).toBeLessThanOrEqual(4)
    // zoomed out: colour keys and the id (names and versions come on hover and click)
    expect(Object.keys(got.zones.features[0].properties).sort()).toEqual(['id', 'kind', 'unit_id'])
    expect(Object.keys(got.markets.features[0].properties).sort()).toEqual(['id', 'kind', 'stall_count'])
    const total = DEFAULT_LAYERS.reduce((a, id) => a + bytes(got[id]), 0)
    let plain = 0
    for (const id of DEFAULT_LAYERS) plain += bytes(await whole(id, null))
    console.info(`[layers-by-view ${kind}] district view at zoom 11: ${total} B (${DEFAULT_LAYERS.map((id) => `${id} ${bytes(got[id])}`).join(', ')}) vs layer_geojson ${plain} B`)
    expect(total).toBeLessThan(250_000)
    expect(total).toBeLessThan(plain / 5)
  })

  it('gives a zoomed-in street view single features with slim properties, within 60 KB and under half of layer_geojson', async () => {
    const got: Record<string, any> = {}
    for (const id of DEFAULT_LAYERS) got[id] = await view(id, street, 16)
    expect(got.issues.aggregate).toBeNull()
    expect(got.issues.features.length).toBeGreaterThan(10)
    for (const f of got.issues.features) expect(Object.keys(f.properties).sort()).toEqual(['category', 'code', 'id', 'state'])
    expect(got.grids.aggregate).toBeNull()
    expect(got.grids.features.length).toBeGreaterThan(0)
    for (const f of got.grids.features) expect(Object.keys(f.properties).sort()).toEqual(['code', 'community_code', 'name'])
    for (const f of got.zones.features) expect(Object.keys(f.properties).sort()).toEqual(['id', 'kind', 'name', 'unit_id', 'version'])
    // from zoom 15 the shapes are exact: the vertices officers snap to are layer_geojson's
    const exact = await whole('grids', street)
    expect(got.grids.features.map((f: any) => f.geometry)).toEqual(exact.features.map((f: any) => f.geometry))
    // as many issues as layer_geojson has in that box, fewer bytes each
    const plainIssues = await whole('issues', street)
    expect(got.issues.features.map((f: any) => f.properties.id).sort()).toEqual(plainIssues.features.map((f: any) => f.properties.id).sort())
    const total = DEFAULT_LAYERS.reduce((a, id) => a + bytes(got[id]), 0)
    let plain = 0
    for (const id of DEFAULT_LAYERS) plain += bytes(await whole(id, street))
    console.info(`[layers-by-view ${kind}] street view at zoom 16: ${total} B (${DEFAULT_LAYERS.map((id) => `${id} ${bytes(got[id])}`).join(', ')}) vs layer_geojson ${plain} B`)
    expect(total).toBeLessThan(60_000)
    expect(total).toBeLessThan(plain / 2)
  })

  it('serves single features from zoom 14 while a box holds at most 5,000 of them (the limits the client mirrors)', async () => {
    const [{ limits }] = await db.sql(`select public.layer_view_limits() limits`)
    expect(limits).toEqual({ features_zoom: 14, max_features: 5000, bin_px: 16, exact_zoom: 15, max_shapes: 1000, count_px: 32 })
    const grids = await view('grids', district, 14)
    expect(grids.aggregate).toBeNull()
    expect(grids.features).toHaveLength(840)
  })

  it('gives a clicked feature whole (layer_feature) and the legend its whole-district counts (issue_counts)', async () => {
    const issues = await view('issues', street, 16)
    const f = issues.features[0]
    const [lon, lat] = f.geometry.coordinates
    const full = await db.rpc('layer_feature', { layer_id: 'issues', feature_id: String(f.properties.id), bbox: [lon - 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4] })
    expect(full.properties).toMatchObject({ id: f.properties.id, code: f.properties.code, state: f.properties.state })
    expect(full.properties).toHaveProperty('description')
    expect(full.properties).toHaveProperty('category_zh')
    expect(await db.rpc('layer_feature', { layer_id: 'issues', feature_id: '-1', bbox: [lon - 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4] })).toBeNull()
    const counts = await db.rpc('issue_counts', { filters: FILTERS })
    const all = await whole('issues', null)
    for (const s of ['open', 'overdue', 'closed']) expect(counts[s], s).toBe(all.features.filter((x: any) => x.properties.state === s).length)
    expect(counts.total).toBe(all.features.length)
  })

  it('gives a zoomed-out layer of a city counts on a lattice, bounded by the screen, and features again from zoom 14', async () => {
    // a city's markets: 2,000 more in the district (the demo has 38), removed at the end
    await db.sql(`insert into public.markets (name, kind, stall_count, geom)
      select 'm' || i, 'morning', 10, extensions.ST_SetSRID(extensions.ST_MakePoint($1::float8 + ($3::float8 - $1::float8) * random(), $2::float8 + ($4::float8 - $2::float8) * random()), 4326)
      from generate_series(1, 2000) i`, district)
    try {
      const [{ n }] = await db.sql(`select count(*)::int n from public.markets`)
      const zoomedOut = await view('markets', district, 12)
      expect(zoomedOut.aggregate).toBe('counts')
      // a point and a count each, every market counted once, at most one mark per 32 px square of the view
      expect(zoomedOut.features.every((f: any) => Object.keys(f.properties).join() === 'n' && f.geometry.type === 'Point')).toBe(true)
      expect(zoomedOut.features.reduce((a: number, f: any) => a + f.properties.n, 0)).toBe(n)
      const cell = (360 / (512 * 2 ** 12)) * 32
      expect(zoomedOut.features.length).toBeLessThanOrEqual((Math.ceil((district[2] - district[0]) / cell) + 1) * (Math.ceil((district[3] - district[1]) / cell) + 1))
      expect(zoomedOut.features.length).toBeLessThan(n / 2)
      expect(bytes(zoomedOut)).toBeLessThan(120_000) // ~90 B a mark
      // the demo's own layers stay features zoomed out (what the app draws at ×1 is unchanged)
      expect((await view('zones', district, 12)).aggregate).toBeNull()
      // from features zoom they come as features, slim, however many
      const near = await view('markets', district, 14)
      expect(near.aggregate).toBeNull()
      expect(near.features).toHaveLength(n)
      for (const f of near.features) expect(Object.keys(f.properties).sort()).toEqual(['id', 'kind', 'name', 'stall_count'])
    } finally {
      await db.sql(`delete from public.markets where name ~ '^m[0-9]+$' and stall_count = 10 and kind = 'morning'`)
    }
  })

  it('refuses a bad bbox, zoom or filters with a code, fast', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ layer_id: 'grids', bbox: [1, 2, 3], zoom: 12 }, 'invalid_bbox'],
      [{ layer_id: 'grids', bbox: [5, 2, 3, 4], zoom: 12 }, 'invalid_bbox'],
      [{ layer_id: 'grids', bbox: null, zoom: 12 }, 'invalid_bbox'],
      [{ layer_id: 'grids', bbox: [0, 0, 200, 1], zoom: 12 }, 'invalid_bbox'],
      [{ layer_id: 'grids', bbox: Array.from({ length: 100_000 }, (_, i) => i % 90), zoom: 12 }, 'invalid_bbox'],
      [{ layer_id: 'grids', bbox: district, zoom: 25 }, 'invalid_zoom'],
      [{ layer_id: 'grids', bbox: district, zoom: -1 }, 'invalid_zoom'],
      [{ layer_id: 'grids', bbox: district, zoom: null }, 'invalid_zoom'],
      [{ layer_id: 'issues', bbox: district, zoom: 12, filters: { nope: 1 } }, 'invalid_filters'],
      [{ layer_id: 'issues', bbox: district, zoom: 12, filters: { category: 'x'.repeat(5000) } }, 'invalid_filters'],
      [{ layer_id: 'nope', bbox: district, zoom: 12 }, 'unknown_layer'],
    ]
    for (const [args, code] of cases) {
      const t0 = performance.now()
      const e = await db.rpc('layer_view', { filters: null, ...args }).catch(toApiError)
      expect(e.code, JSON.stringify(args).slice(0, 80)).toBe(code)
      expect(performance.now() - t0).toBeLessThan(1000)
    }
    expect((await db.rpc('layer_view', { layer_id: 'grids', bbox: district, zoom: 12 }, null).catch(toApiError)).code).toBe('not_signed_in')
  })
})
