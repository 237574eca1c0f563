// The layer catalogue and layer_geojson on the demo data: counts agree with the tables,
// coordinates carry at most 6 decimals, bbox and issue filters select what SQL says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coordAll } from '@turf/turf'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { toApiError } from '../../src/lib/api/errors'

const TABLES: Record<string, string> = {
  district: 'districts', streets: 'streets', communities: 'communities', grids: 'grids', zones: 'zones',
  issues: 'issues', markets: 'markets', parking: 'parking_lots', compounds: 'compounds',
}

describe.each(testBackends())('layers on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'demo') })
  afterAll(() => db?.close())

  it('catalogues every layer with its titles and the true feature count', async () => {
    const catalog = await db.rpc<any[]>('layer_catalog')
    expect(catalog.map((l) => l.id).sort()).toEqual(Object.keys(TABLES).sort())
    for (const layer of catalog) {
      const [{ n }] = await db.sql(`select count(*)::int n from public.${TABLES[layer.id]}`)
      expect(layer.feature_count, layer.id).toBe(n)
      expect(layer.title_zh).toMatch(/[\u4e00-\u9fff]/)
      expect(layer.title_en).toMatch(/^[A-Z]/)
    }
    expect(catalog.find((l) => l.id === 'grids').feature_count).toBe(840)
  })

  it('counts each layer as its serving function returns it (the issues and grids are counted on their tables)', async () => {
    const catalog = await db.rpc<any[]>('layer_catalog')
    for (const layer of catalog) {
      const [{ n }] = await db.sql(`select count(*)::int n from public.${layer.source_function}(null, null)`)
      expect(layer.feature_count, layer.id).toBe(n)
    }
  })

  it('serves GeoJSON with at most 6 decimals', async () => {
    const fc = await db.rpc('layer_geojson', { layer_id: 'grids' })
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(840)
    const decimals = Math.max(...coordAll(fc).flat().map((c) => (String(c).split('.')[1] ?? '').length))
    expect(decimals).toBeLessThanOrEqual(6)
    expect(fc.features[0].properties).toHaveProperty('community_name')
  })

  it('limits features to a bbox', async () => {
    const all = await db.rpc('layer_geojson', { layer_id: 'issues' })
    const [{ w, s, e, n }] = await db.sql(`select min(extensions.ST_X(geom)) w, min(extensions.ST_Y(geom)) s, avg(extensions.ST_X(geom)) e, avg(extensions.ST_Y(geom)) n from public.issues`)
    const some = await db.rpc('layer_geojson', { layer_id: 'issues', bbox: [w, s, e, n] })
    const [{ c }] = await db.sql(`select count(*)::int c from public.issues where extensions.ST_Intersects(geom, extensions.ST_MakeEnvelope($1, $2, $3, $4, 4326))`, [w, s, e, n])
    expect(some.features.length).toBe(c)
    expect(c).toBeGreaterThan(0)
    expect(c).toBeLessThan(all.features.length)
  })

  it('filters issues by category, state and time window as SQL counts them', async () => {
    const filters = { category: ['street_stall'], state: ['closed'], days: 30 }
    const fc = await db.rpc('layer_geojson', { layer_id: 'issues', filters })
    const [{ c }] = await db.sql(`select count(*)::int c from public.issues where category = 'street_stall' and status = 'closed' and reported_at >= now() - interval '30 days'`)
    expect(fc.features.length).toBe(c)
    expect(fc.features.every((f: any) => f.properties.category === 'street_stall' && f.properties.state === 'closed')).toBe(true)
    const overdue = await db.rpc('layer_geojson', { layer_id: 'issues', filters: { state: ['overdue'] } })
    // overdue: in the unit's hands (dispatched, accepted, rework) past the deadline; handled, deferred or parked ones are not
    const [{ o }] = await db.sql(`select count(*)::int o from public.issues where status in ('dispatched', 'accepted', 'rework') and deadline < now()`)
    expect(overdue.features.length).toBe(o)
    expect(o).toBeGreaterThan(0)
  })

  it('names an unknown layer and a malformed bbox', async () => {
    expect((await db.rpc('layer_geojson', { layer_id: 'nope' }).catch(toApiError)).code).toBe('unknown_layer')
    expect((await db.rpc('layer_geojson', { layer_id: 'grids', bbox: [1, 2, 3] }).catch(toApiError)).code).toBe('invalid_bbox')
    expect((await db.rpc('layer_geojson', { layer_id: 'grids', bbox: [5, 2, 3, 4] }).catch(toApiError)).code).toBe('invalid_bbox')
  })
})
