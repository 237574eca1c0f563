// What the editor shows on the map besides the shape being drawn: problem locations (a ring
// at a self-intersection, the overlap filled and labelled with the other unit, the part
// outside the district), the clip result, the other version in a conflict, a past version,
// grids picked for "build from grids", and the features a change moves between units.
// One GeoJSON source; each feature carries a `role` and the layers filter on it. Labels are
// HTML markers (no glyph server needed). Layer ids start with `officers-`.
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, Geometry } from 'geojson'
import { centroid } from '@turf/turf'

export type OverlayRole = 'problem' | 'clip' | 'theirs' | 'history' | 'grid' | 'impact'
export interface OverlayItem { geometry: Geometry; label?: string }

const SOURCE = 'officers-overlay'
const role = (r: OverlayRole) => ['==', ['get', 'role'], r] as any
const polygons = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false] as any
const points = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false] as any

export class EditOverlay {
  #items = new Map<OverlayRole, OverlayItem[]>()
  #labels: Marker[] = []

  constructor(private map: MapLibreMap) {
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    const add = (spec: any) => map.addLayer({ source: SOURCE, ...spec })
    add({ id: 'officers-grid-fill', type: 'fill', filter: ['all', role('grid'), polygons], paint: { 'fill-color': '#2563eb', 'fill-opacity': 0.35 } })
    add({ id: 'officers-grid-line', type: 'line', filter: role('grid'), paint: { 'line-color': '#1d4ed8', 'line-width': 2.5 } })
    add({ id: 'officers-history-line', type: 'line', filter: role('history'), paint: { 'line-color': '#7c3aed', 'line-width': 3, 'line-dasharray': [2, 1.5] } })
    add({ id: 'officers-theirs-fill', type: 'fill', filter: ['all', role('theirs'), polygons], paint: { 'fill-color': '#0ea5e9', 'fill-opacity': 0.15 } })
    add({ id: 'officers-theirs-line', type: 'line', filter: role('theirs'), paint: { 'line-color': '#0369a1', 'line-width': 3, 'line-dasharray': [2, 1] } })
    add({ id: 'officers-clip-fill', type: 'fill', filter: ['all', role('clip'), polygons], paint: { 'fill-color': '#16a34a', 'fill-opacity': 0.25 } })
    add({ id: 'officers-clip-line', type: 'line', filter: role('clip'), paint: { 'line-color': '#15803d', 'line-width': 3, 'line-dasharray': [2, 1] } })
    add({ id: 'officers-problem-fill', type: 'fill', filter: ['all', role('problem'), polygons], paint: { 'fill-color': '#dc2626', 'fill-opacity': 0.45 } })
    add({ id: 'officers-problem-line', type: 'line', filter: ['all', role('problem'), ['!', points]], paint: { 'line-color': '#b91c1c', 'line-width': 2.5 } })
    add({ id: 'officers-problem-point', type: 'circle', filter: ['all', role('problem'), points], paint: { 'circle-color': 'rgba(220,38,38,0.25)', 'circle-radius': 14, 'circle-stroke-color': '#b91c1c', 'circle-stroke-width': 3 } })
    add({ id: 'officers-impact-point', type: 'circle', filter: ['all', role('impact'), points], paint: { 'circle-color': '#facc15', 'circle-radius': 7, 'circle-stroke-color': '#713f12', 'circle-stroke-width': 2 } })
  }

  set(r: OverlayRole, items: OverlayItem[]) {
    this.#items.set(r, items)
    this.#render()
  }

  clear(...roles: OverlayRole[]) {
    for (const r of roles.length ? roles : [...this.#items.keys()]) this.#items.delete(r)
    this.#render()
  }

  /** How many items of a role are drawn (for tests). */
  count(r: OverlayRole) { return this.#items.get(r)?.length ?? 0 }

  destroy() {
    this.#labels.forEach((m) => m.remove())
    for (const l of this.map.getStyle().layers.filter((l) => l.id.startsWith('officers-') && !l.id.startsWith('officers-td'))) this.map.removeLayer(l.id)
    this.map.removeSource(SOURCE)
  }

  #render() {
    const features: Feature[] = []
    for (const [r, items] of this.#items) for (const it of items) {
      // points of a MultiPoint each get their own ring
      const geoms = it.geometry.type === 'MultiPoint' ? it.geometry.coordinates.map((c) => ({ type: 'Point', coordinates: c }) as Geometry) : [it.geometry]
      for (const g of geoms) features.push({ type: 'Feature', geometry: g, properties: { role: r } })
    }
    ;(this.map.getSource(SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features })
    this.#labels.forEach((m) => m.remove())
    this.#labels = []
    for (const [r, items] of this.#items) for (const it of items) {
      if (!it.label) continue
      const el = document.createElement('div')
      el.className = `officers-label officers-label-${r}`
      el.textContent = it.label
      const at = it.geometry.type === 'Point' ? it.geometry.coordinates : centroid(it.geometry as any).geometry.coordinates
      this.#labels.push(new Marker({ element: el, anchor: it.geometry.type === 'Point' ? 'left' : 'center', offset: it.geometry.type === 'Point' ? [18, 0] : [0, 0] }).setLngLat(at as [number, number]).addTo(this.map))
    }
  }
}
