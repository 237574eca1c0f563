// The leaders' map layers (issue 5), owned here so MapView stays free of them:
// - `leaders-area-*`: the outline of the area being inspected (an administrative area or a
//   drawn one), from its own source `leaders:area`;
// - `leaders-unit-*`: every zone of one unit highlighted, a filter over the shared `src:zones`.
// Geometry only; the figures always come from SQL.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { INSPECT_AREA_COLOURS } from './style'

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const NONE = ['==', ['get', 'unit_id'], -1] as const

export type Bbox = [number, number, number, number]

export interface LeadersLayers {
  showArea(geom: Geometry | Feature | FeatureCollection | null): void
  highlightUnit(unitId: number | null): void
  fitTo(bbox: Bbox, animate?: boolean, left?: number): void
  destroy(): void
}

/** Padding that keeps a fitted area clear of the layer panel (left) and the inspect panel (right). */
export const FIT_PADDING = { top: 60, bottom: 60, left: 340, right: 420 }

export function createLeadersLayers(map: MapLibreMap): LeadersLayers {
  map.addSource('leaders:area', { type: 'geojson', data: EMPTY })
  map.addLayer({ id: 'leaders-area-fill', type: 'fill', source: 'leaders:area', paint: { 'fill-color': INSPECT_AREA_COLOURS.fill, 'fill-opacity': 0.12 } })
  map.addLayer({ id: 'leaders-area-line', type: 'line', source: 'leaders:area', paint: { 'line-color': INSPECT_AREA_COLOURS.line, 'line-width': 3 } })
  if (map.getSource('src:zones')) {
    map.addLayer({ id: 'leaders-unit-fill', type: 'fill', source: 'src:zones', filter: NONE as any, paint: { 'fill-color': '#f59e0b', 'fill-opacity': 0.35 } })
    map.addLayer({ id: 'leaders-unit-line', type: 'line', source: 'src:zones', filter: NONE as any, paint: { 'line-color': '#b45309', 'line-width': 3.5 } })
  }
  const has = (id: string) => Boolean(map.getLayer(id))

  return {
    showArea(geom) {
      const data: FeatureCollection = !geom ? EMPTY
        : geom.type === 'FeatureCollection' ? geom
        : geom.type === 'Feature' ? { type: 'FeatureCollection', features: [geom] }
        : { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: geom, properties: {} }] }
      ;(map.getSource('leaders:area') as GeoJSONSource | undefined)?.setData(data)
    },
    highlightUnit(unitId) {
      const filter = ['==', ['get', 'unit_id'], unitId ?? -1]
      for (const id of ['leaders-unit-fill', 'leaders-unit-line']) if (has(id)) map.setFilter(id, filter as any)
    },
    fitTo([w, s, e, n], animate = true, left = FIT_PADDING.left) {
      map.fitBounds([[w, s], [e, n]], { padding: { ...FIT_PADDING, left }, duration: animate ? 700 : 0, maxZoom: 16 })
    },
    destroy() {
      for (const id of ['leaders-unit-line', 'leaders-unit-fill', 'leaders-area-line', 'leaders-area-fill']) if (has(id)) map.removeLayer(id)
      if (map.getSource('leaders:area')) map.removeSource('leaders:area')
    },
  }
}

/** The bounding box of some GeoJSON features (for fitting the map to a unit's zones). */
export function bboxOf(features: Feature[]): Bbox | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (c: any): void => {
    if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]) } else c.forEach(visit)
  }
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates)
  return Number.isFinite(w) ? [w, s, e, n] : null
}
