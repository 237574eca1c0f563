// The leaders' map layers (issue 5), owned here so MapView stays free of them:
// - `leaders-area-*`: the outline of the area being inspected (an administrative area or a
//   drawn one), from its own source `leaders:area`;
// - `leaders-unit-*`: every zone of one unit highlighted, a filter over the shared `src:zones`.
// Geometry only; the figures always come from SQL.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { INSPECT_AREA_COLOURS } from './style'

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const NONE = ['==', ['get', 'unit_id'], -1] as const

export interface LeadersLayers {
  showArea(area: FeatureCollection | null): void
  highlightUnit(unitId: number | null): void
  destroy(): void
}

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
    showArea(area) {
      ;(map.getSource('leaders:area') as GeoJSONSource | undefined)?.setData(area ?? EMPTY)
    },
    highlightUnit(unitId) {
      const filter = ['==', ['get', 'unit_id'], unitId ?? -1]
      for (const id of ['leaders-unit-fill', 'leaders-unit-line']) if (has(id)) map.setFilter(id, filter as any)
    },
    destroy() {
      for (const id of ['leaders-unit-line', 'leaders-unit-fill', 'leaders-area-line', 'leaders-area-fill']) if (has(id)) map.removeLayer(id)
      if (map.getSource('leaders:area')) map.removeSource('leaders:area')
    },
  }
}
