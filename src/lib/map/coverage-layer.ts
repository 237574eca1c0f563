// The coverage view's map layers: the gaps and overlaps of coverage_report drawn over the
// district, each with a numbered badge (空n / 叠n) so the list and the map name the same
// place, and the selected one outlined thick. Owns its sources and layers (ids `coverage-…`)
// and removes them on destroy; MapView knows nothing of it.
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl'
import type { Feature } from 'geojson'
import type { CoverageReport } from '../api/types'

export const COVERAGE_COLOURS = { gap: '#f59e0b', overlap: '#dc2626' } as const
export type CoverageItem = { type: 'gap' | 'overlap'; n: number; feature: Feature }

const EMPTY = { type: 'FeatureCollection' as const, features: [] }

export function coverageItems(report: CoverageReport): CoverageItem[] {
  return [
    ...report.gaps.features.map((feature, i) => ({ type: 'gap' as const, n: i + 1, feature })),
    ...report.overlaps.features.map((feature, i) => ({ type: 'overlap' as const, n: i + 1, feature })),
  ]
}

/** `labels` is read on every show, so a language switch re-labels the badges. */
export function createCoverageLayer(map: MapLibreMap, labels: () => { gap: string; overlap: string }) {
  const markers: Marker[] = []
  for (const type of ['gap', 'overlap'] as const) {
    const colour = COVERAGE_COLOURS[type]
    map.addSource(`coverage-${type}s`, { type: 'geojson', data: EMPTY })
    map.addLayer({ id: `coverage-${type}-fill`, type: 'fill', source: `coverage-${type}s`, paint: { 'fill-color': colour, 'fill-opacity': 0.55 } })
    map.addLayer({ id: `coverage-${type}-line`, type: 'line', source: `coverage-${type}s`, paint: { 'line-color': colour, 'line-width': 2 } })
    map.addLayer({ id: `coverage-${type}-selected`, type: 'line', source: `coverage-${type}s`, filter: ['==', ['get', 'n'], -1],
      paint: { 'line-color': '#111827', 'line-width': 4 } })
  }

  function clearMarkers() {
    for (const m of markers.splice(0)) m.remove()
  }

  return {
    show(items: CoverageItem[], onpick: (item: CoverageItem) => void) {
      clearMarkers()
      for (const type of ['gap', 'overlap'] as const) {
        const features = items.filter((i) => i.type === type).map((i) => ({ ...i.feature, properties: { ...i.feature.properties, n: i.n } }))
        ;(map.getSource(`coverage-${type}s`) as GeoJSONSource).setData({ type: 'FeatureCollection', features })
      }
      for (const item of items) {
        const el = document.createElement('button')
        el.className = `coverage-badge ${item.type}`
        el.dataset.testid = `coverage-badge-${item.type}-${item.n}`
        el.textContent = `${labels()[item.type]}${item.n}`
        el.style.cssText = `background:${COVERAGE_COLOURS[item.type]};color:#fff;border:2px solid #fff;border-radius:10px;padding:1px 7px;font:600 15px/1.4 sans-serif;cursor:pointer;box-shadow:0 1px 3px rgba(0,0,0,.4)`
        el.addEventListener('click', (e) => { e.stopPropagation(); onpick(item) })
        const p = item.feature.properties ?? {}
        const at: [number, number] = [Number(p.label_lon), Number(p.label_lat)]
        if (at.every(Number.isFinite)) markers.push(new Marker({ element: el }).setLngLat(at).addTo(map))
      }
    },
    select(item: CoverageItem | null) {
      for (const type of ['gap', 'overlap'] as const) {
        map.setFilter(`coverage-${type}-selected`, ['==', ['get', 'n'], item?.type === type ? item.n : -1])
      }
    },
    destroy() {
      clearMarkers()
      for (const type of ['gap', 'overlap'] as const) {
        for (const suffix of ['selected', 'line', 'fill']) if (map.getLayer(`coverage-${type}-${suffix}`)) map.removeLayer(`coverage-${type}-${suffix}`)
        if (map.getSource(`coverage-${type}s`)) map.removeSource(`coverage-${type}s`)
      }
    },
  }
}
export type CoverageLayer = ReturnType<typeof createCoverageLayer>
