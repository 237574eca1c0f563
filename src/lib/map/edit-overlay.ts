// What the editor shows on the map besides the shape being drawn: problem locations (a ring
// at a self-intersection, the overlap filled and labelled with the other unit, the part
// outside the district), the clip result, the other version in a conflict, a past version,
// grids picked for "build from grids", and the features a change moves between units.
// One GeoJSON source; each feature carries a `role` and the layers filter on it. Labels are
// HTML markers (no glyph server needed), wrapped to a few lines and kept in the part of the map
// no panel covers (the edit panel on the right, the layer panel on the left): a polygon's label sits
// in its visible part, a point's label flips to the left. Layer ids start with `officers-`.
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, Geometry } from 'geojson'
import { bboxClip, booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf'

export type OverlayRole = 'problem' | 'clip' | 'theirs' | 'history' | 'grid' | 'impact'
export interface OverlayItem { geometry: Geometry; label?: string }

const SOURCE = 'officers-overlay'
const role = (r: OverlayRole) => ['==', ['get', 'role'], r] as any
const polygons = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false] as any
const points = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false] as any

/** A label's marker and what it labels, to place it again when the map moves. */
interface Label { marker: Marker; el: HTMLElement; geometry: Geometry }
/** Px between a label and a panel's edge. */
const AIR = 8

export class EditOverlay {
  #items = new Map<OverlayRole, OverlayItem[]>()
  #labels: Marker[] = []
  #placed: Label[] = []
  #replace = () => this.#placed.forEach((l) => this.#place(l))

  constructor(private map: MapLibreMap) {
    map.on('moveend', this.#replace)
    map.on('resize', this.#replace)
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
    this.map.off('moveend', this.#replace)
    this.map.off('resize', this.#replace)
    this.#labels.forEach((m) => m.remove())
    this.#placed = []
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
    this.#placed = []
    for (const [r, items] of this.#items) for (const it of items) {
      // what changes unit gets a DOM ring: the issue dots (deck.gl) are drawn above MapLibre's layers
      if (r === 'impact' && it.geometry.type === 'Point') {
        const ring = document.createElement('div')
        ring.className = 'officers-ring'
        this.#labels.push(new Marker({ element: ring }).setLngLat(it.geometry.coordinates as [number, number]).addTo(this.map))
      }
      if (!it.label) continue
      const el = document.createElement('div')
      el.className = `officers-label officers-label-${r}`
      el.textContent = it.label
      // long names wrap instead of running under a panel (the class sets nowrap)
      Object.assign(el.style, { whiteSpace: 'normal', maxWidth: '16em', width: 'max-content', textAlign: it.geometry.type === 'Point' ? 'left' : 'center' })
      const at = it.geometry.type === 'Point' ? it.geometry.coordinates : centroid(it.geometry as any).geometry.coordinates
      const marker = new Marker({ element: el, anchor: it.geometry.type === 'Point' ? 'left' : 'center', offset: it.geometry.type === 'Point' ? [18, 0] : [0, 0] }).setLngLat(at as [number, number]).addTo(this.map)
      this.#labels.push(marker)
      const label = { marker, el, geometry: it.geometry }
      this.#placed.push(label)
      this.#place(label)
    }
    // the panel may grow with what this render reports (its problems list): place again once it has
    if (this.#placed.length) requestAnimationFrame(this.#replace)
  }

  /** The panels over the map (asides and sections beside it), in canvas px. */
  #covers(): { left: number; top: number; right: number; bottom: number }[] {
    const canvas = this.map.getContainer().getBoundingClientRect()
    const host = this.map.getContainer().parentElement
    if (!host) return []
    return [...host.querySelectorAll(':scope > aside, :scope > section')].map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left - canvas.left, top: r.top - canvas.top, right: r.right - canvas.left, bottom: r.bottom - canvas.top }))
  }

  /** Put a label where no panel covers it: a polygon's in the visible part of the shape, a point's on its free side. */
  #place({ marker, el, geometry }: Label) {
    const covers = this.#covers()
    const { clientWidth: width, clientHeight: height } = this.map.getContainer()
    const [w, h] = [el.offsetWidth, el.offsetHeight]
    const hidden = (x0: number, y0: number, x1: number, y1: number) => x0 < 0 || x1 > width ||
      covers.some((c) => x0 < c.right + AIR && x1 > c.left - AIR && y0 < c.bottom + AIR && y1 > c.top - AIR)
    if (geometry.type === 'Point') {
      const p = this.map.project(geometry.coordinates as [number, number])
      const right = !hidden(p.x + 18, p.y - h / 2, p.x + 18 + w, p.y + h / 2)
      marker.setOffset(right || hidden(p.x - 18 - w, p.y - h / 2, p.x - 18, p.y + h / 2) ? [18, 0] : [-18 - w, 0])
      return
    }
    const home = centroid(geometry as any).geometry.coordinates as [number, number]
    const p = this.map.project(home)
    if (!hidden(p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2)) { marker.setLngLat(home); return }
    // the free band between the panels on the left and on the right, narrowed by half the label
    let [left, right] = [0, width]
    for (const c of covers) {
      if (c.bottom < p.y - h / 2 || c.top > p.y + h / 2) continue
      if (c.left + c.right > width) right = Math.min(right, c.left - AIR)
      else left = Math.max(left, c.right + AIR)
    }
    const x0 = left + w / 2, x1 = right - w / 2
    if (x1 <= x0) { marker.setLngLat(home); return }
    const corners = [[x0, h / 2], [x1, h / 2], [x0, height - h / 2], [x1, height - h / 2]].map(([x, y]) => this.map.unproject([x, y]))
    const bbox = [Math.min(...corners.map((c) => c.lng)), Math.min(...corners.map((c) => c.lat)), Math.max(...corners.map((c) => c.lng)), Math.max(...corners.map((c) => c.lat))] as [number, number, number, number]
    let at: [number, number] | null = null
    try {
      const part = bboxClip(geometry as any, bbox)
      const coords = (part.geometry as any).coordinates as unknown[]
      if (coords.length && (coords as any[]).flat(3).length) {
        const c = centroid(part).geometry.coordinates as [number, number]
        const inside = part.geometry.type === 'Polygon' || part.geometry.type === 'MultiPolygon' ? booleanPointInPolygon(c, part as any) : true
        at = inside ? c : (pointOnFeature(part).geometry.coordinates as [number, number])
      }
    } catch { at = null }
    // no part of the shape is free (a small shape by the panel): beside it, just clear of the panel
    marker.setLngLat(at ?? this.map.unproject([Math.min(Math.max(p.x, x0), x1), p.y]).toArray() as [number, number])
  }
}
