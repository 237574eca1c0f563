// The import preview's map layers: every candidate feature of the chosen file, green when it
// may be imported, red when it has problems, grey when left out, with its number from the
// list; problem locations (self-intersection point, overlap area, part outside the district)
// marked where validate_zone found them. Owns sources and layers `import-…`.
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl'
import { pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { ImportCandidate } from '../zones-io/candidates'

export const IMPORT_COLOURS = { ok: '#16a34a', problem: '#dc2626', skipped: '#6b7280' } as const
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const status = ['get', 'status']
const colour = ['match', status, 'ok', IMPORT_COLOURS.ok, 'problem', IMPORT_COLOURS.problem, IMPORT_COLOURS.skipped] as any

export function createImportLayer(map: MapLibreMap) {
  const markers: Marker[] = []
  map.addSource('import-candidates', { type: 'geojson', data: EMPTY })
  map.addSource('import-problems', { type: 'geojson', data: EMPTY })
  map.addLayer({ id: 'import-fill', type: 'fill', source: 'import-candidates', filter: ['==', ['get', 'role'], 'area'], paint: { 'fill-color': colour, 'fill-opacity': 0.35 } })
  map.addLayer({ id: 'import-casing', type: 'line', source: 'import-candidates', filter: ['==', ['get', 'role'], 'outline'], paint: { 'line-color': '#ffffff', 'line-width': 7 } })
  map.addLayer({ id: 'import-line', type: 'line', source: 'import-candidates', filter: ['==', ['get', 'role'], 'outline'], paint: { 'line-color': colour, 'line-width': 3.5 } })
  map.addLayer({ id: 'import-point', type: 'circle', source: 'import-candidates', filter: ['==', ['get', 'role'], 'point'], paint: { 'circle-color': colour, 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } })
  map.addLayer({ id: 'import-problem-fill', type: 'fill', source: 'import-problems', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': IMPORT_COLOURS.problem, 'fill-opacity': 0.6 } })
  map.addLayer({ id: 'import-problem-point', type: 'circle', source: 'import-problems', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': '#fff', 'circle-radius': 6, 'circle-stroke-color': IMPORT_COLOURS.problem, 'circle-stroke-width': 3 } })

  return {
    /** Draw the candidates; returns the bounding box of what could be drawn. */
    show(candidates: ImportCandidate[], selected: Set<number>): FeatureCollection {
      for (const m of markers.splice(0)) m.remove()
      const features: Feature[] = []
      const problems: Feature[] = []
      for (const c of candidates) {
        if (!c.geom || !validGeometry(c.geom)) continue
        const st = c.problems.length ? 'problem' : selected.has(c.index) ? 'ok' : 'skipped'
        const role = c.geom.type === 'Polygon' || c.geom.type === 'MultiPolygon' ? 'area' : c.geom.type.endsWith('Point') ? 'point' : 'outline'
        const f: Feature = { type: 'Feature', geometry: c.geom, properties: { index: c.index, status: st, role } }
        features.push(f)
        // outlines go as lines: MapLibre's tiler drops a polygon whose signed area is ~0, and a
        // symmetric bow-tie (the commonest broken shape) is exactly that — it must still show
        if (c.geom.type === 'Polygon') features.push({ type: 'Feature', geometry: { type: 'MultiLineString', coordinates: c.geom.coordinates }, properties: { index: c.index, status: st, role: 'outline' } })
        for (const p of c.problems) if (p.location) problems.push({ type: 'Feature', geometry: p.location as Geometry, properties: { index: c.index } })
        try {
          const at = pointOnFeature(f).geometry.coordinates as [number, number]
          const el = document.createElement('div')
          el.dataset.testid = `import-badge-${c.index}`
          el.textContent = String(c.index)
          el.style.cssText = `background:${IMPORT_COLOURS[st]};color:#fff;border:2px solid #fff;border-radius:50%;min-width:22px;height:22px;text-align:center;font:700 14px/18px sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.4)`
          // anchored beside the point, so a small shape or a problem mark under it stays visible
          markers.push(new Marker({ element: el, anchor: 'bottom-left', offset: [4, -4] }).setLngLat(at).addTo(map))
        } catch { /* a shape Turf cannot place a label on still draws */ }
      }
      ;(map.getSource('import-candidates') as GeoJSONSource).setData({ type: 'FeatureCollection', features })
      ;(map.getSource('import-problems') as GeoJSONSource).setData({ type: 'FeatureCollection', features: problems })
      return { type: 'FeatureCollection', features }
    },
    destroy() {
      for (const m of markers.splice(0)) m.remove()
      for (const id of ['import-problem-point', 'import-problem-fill', 'import-point', 'import-line', 'import-casing', 'import-fill']) if (map.getLayer(id)) map.removeLayer(id)
      for (const id of ['import-problems', 'import-candidates']) if (map.getSource(id)) map.removeSource(id)
    },
  }
}
export type ImportLayer = ReturnType<typeof createImportLayer>

/** Only coordinates MapLibre can draw: finite lon/lat in range (bad ones are listed, not drawn). */
function validGeometry(g: Geometry): boolean {
  const ok = (c: unknown): boolean => Array.isArray(c) && (typeof c[0] === 'number'
    ? Number.isFinite(c[0]) && Number.isFinite(c[1]) && Math.abs(c[0] as number) <= 180 && Math.abs(c[1] as number) <= 90
    : c.length > 0 && c.every(ok))
  return g.type !== 'GeometryCollection' && ok((g as { coordinates: unknown }).coordinates)
}
