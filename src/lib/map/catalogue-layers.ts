// The catalogue's layers on the map: one GeoJSON source `src:<id>` per catalogued layer with
// the layers layersFor() designs for it, the hotspot cells, the issues drawn by deck.gl, and
// HTML labels for street names and grid codes (no glyph server needed). Each source holds what
// the store loaded for the view (layer_view); the map draws what came: issue bins as the
// heatmap (weighted by each bin's count), issue features as deck.gl dots, grids as single
// grids or, zoomed out, their communities' outlines (the same colours, by community). It knows which
// MapLibre layer draws which catalogue layer, so clicks, tooltips and counts speak in catalogue
// ids ('zones', 'grids', …), never in MapLibre layer ids.
import { Marker, type GeoJSONSource, type LayerSpecification, type Map as MapLibreMap, type PointLike } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import type { MapData } from '../state/map-data.svelte'
import { drawsCounts, layersFor, opacityPaint, OVERLAY_LAYERS } from './layers'
import { createIssuesOverlay, type IssuesOverlay } from './issues-overlay'
import { HOTSPOTS, LAYER, type LayerId } from '../api/layer-ids'

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
/** Which layer answers a click when several are under the pointer. */
const CLICK_ORDER: string[] = [LAYER.markets, LAYER.parking, LAYER.zones, LAYER.compounds, HOTSPOTS, LAYER.grids, LAYER.communities]
const GRID_LABEL_ZOOM = 15
/** A grid gets its code's label when it is at least this wide on screen (the label is ~45 px). */
const GRID_LABEL_PX = 48

export interface Hit { layer: string; props: Record<string, any> }

export class CatalogueLayers {
  /** MapLibre layer ids → the catalogue layer they draw. */
  #owner = new Map<string, string>()
  /** The layers as first added, so opacity always scales the designed value, never a scaled one. */
  #specs = new Map<string, LayerSpecification>()
  #issues: IssuesOverlay
  /** what each source was last given */
  #shown = new Map<string, FeatureCollection>()
  #streetLabels: Marker[] = []
  #gridLabels = new Map<string, Marker>()

  constructor(private map: MapLibreMap, private store: MapData) {
    for (const info of store.catalog) {
      map.addSource(`src:${info.id}`, { type: 'geojson', data: EMPTY })
      for (const layer of layersFor(info)) { map.addLayer(layer); this.#owner.set(layer.id, info.id); this.#specs.set(layer.id, layer) }
    }
    map.addSource('src:hotspots', { type: 'geojson', data: EMPTY })
    for (const layer of OVERLAY_LAYERS) { map.addLayer(layer); this.#owner.set(layer.id, HOTSPOTS) }
    this.#issues = createIssuesOverlay(map)
    map.on('moveend', () => map.once('idle', () => this.#updateGridLabels()))
  }

  /** Data → sources. */
  showData() {
    for (const [id, fc] of Object.entries(this.store.drawn)) {
      if (this.#shown.get(id) === fc) continue // unchanged: MapLibre would re-tile it for nothing
      this.#shown.set(id, fc)
      ;(this.map.getSource(`src:${id}`) as GeoJSONSource | undefined)?.setData(fc)
    }
    ;(this.map.getSource('src:hotspots') as GeoJSONSource | undefined)?.setData(this.store.hotspots ?? EMPTY)
    if (this.store.drawn.streets) this.#setStreetLabels(this.store.drawn.streets)
    this.map.once('idle', () => this.#updateGridLabels())
  }

  /** Visibility and opacity → layout and paint. */
  showVisibility() {
    const s = this.store
    const issues = s.drawn.issues as (FeatureCollection & { aggregate?: string | null }) | undefined
    const bins = issues?.aggregate === 'bins'
    for (const [layerId, owner] of this.#owner) {
      // the heatmap (below street zoom) or count dots (from it) draw issue bins; single issues are deck.gl's dots
      const visible = owner === HOTSPOTS ? s.isVisible(LAYER.issues) : layerId === 'issues-heat' || layerId === 'issues-counts' ? s.isVisible(owner) && bins : s.isVisible(owner)
      this.map.setLayoutProperty(layerId, 'visibility', visible ? 'visible' : 'none')
      const spec = this.#specs.get(layerId)
      if (spec && visible) for (const [prop, value] of opacityPaint(spec, s.opacityOf(owner))) this.map.setPaintProperty(layerId, prop, value)
    }
    this.#issues.update(bins ? null : issues ?? null, s.isVisible(LAYER.issues), s.opacityOf(LAYER.issues), s.glyphs)
    for (const marker of this.#streetLabels) marker.getElement().style.display = s.isVisible(LAYER.streets) ? '' : 'none'
  }

  showSelectedZone(id: number | null) {
    const z = id ?? -1
    this.map.setFilter('selected-fill', ['all', ['==', ['get', 'id'], z], ['==', ['get', 'kind'], 'area']])
    this.map.setFilter('selected-outline', ['==', ['get', 'id'], z])
  }

  /** The topmost feature under a point that has a tooltip (issues first: deck.gl draws them above). */
  hitAt(point: PointLike & { x: number; y: number }): Hit | null {
    const issue = this.#issues.pick(point.x, point.y)
    if (issue) return { layer: LAYER.issues, props: issue.properties }
    const layers = [...this.#owner.keys()].filter((id) => !id.startsWith('district') && !id.startsWith('streets') && !drawsCounts(id) && this.#visible(id))
    const hits = this.map.queryRenderedFeatures(point, { layers })
      .map((f) => ({ layer: this.#owner.get(f.layer.id)!, props: f.properties }))
      // a zoomed-out view's issue bin (a count, no code) is not an issue: nothing to name or open
      .filter((h) => h.layer !== LAYER.issues || h.props.code != null)
      .sort((a, b) => (CLICK_ORDER.indexOf(a.layer) + 1 || 0.5) - (CLICK_ORDER.indexOf(b.layer) + 1 || 0.5))
    return hits[0] ?? null
  }

  /** Is a zoomed-out city's count (layer_view's counts) drawn within a few px of a point? */
  countAt(point: { x: number; y: number }): boolean {
    const layers = [...this.#owner.keys()].filter((id) => drawsCounts(id) && this.#visible(id))
    const box: [[number, number], [number, number]] = [[point.x - 4, point.y - 4], [point.x + 4, point.y + 4]]
    return layers.length > 0 && this.map.queryRenderedFeatures(box, { layers }).length > 0
  }

  /** Properties of one catalogue layer's features within `slop` px of a point. */
  propsAt(layer: LayerId, point: { x: number; y: number }, slop = 0): Record<string, any>[] {
    const layers = this.#layersOf(layer)
    if (!layers.length) return []
    const box: [[number, number], [number, number]] = [[point.x - slop, point.y - slop], [point.x + slop, point.y + slop]]
    return this.map.queryRenderedFeatures(box, { layers }).map((f) => f.properties)
  }

  /** How many features of a catalogue layer are drawn on screen now (tests; the wall's self-check). */
  renderedCount(id: string): number { return this.renderedProps(id).length }

  /** The properties of those features (tests: which issues, which zones a user sees). */
  renderedProps(id: string): Record<string, any>[] {
    if (id === 'issues') return this.#issues.pickAll().map((f) => f.properties)
    const layers = this.#layersOf(id).filter((l) => this.#visible(l))
    return layers.length ? this.map.queryRenderedFeatures({ layers } as any).map((f) => f.properties) : []
  }

  /** deck.gl for the issue dots: started after the first view is drawn (issues-overlay.ts), and when it can pick. */
  startIssues() { this.#issues.start() }
  issuesLoaded() { return this.#issues.loaded() }

  /** deck.gl's layers now, sublayers included (the wall's soak bench). */
  deckLayerCount() { return this.#issues.deckLayerCount() }

  /** The MapLibre layers a catalogue layer draws (for snapping onto them). */
  layerIds(id: string) { return this.#layersOf(id) }

  destroy() {
    this.#issues.destroy()
    this.#streetLabels.forEach((m) => m.remove())
    this.#gridLabels.forEach((m) => m.remove())
  }

  /** (its features' layers: a zoomed-out city's counts are not features to click, snap to or count) */
  #layersOf(id: string) { return [...this.#owner].filter(([, owner]) => owner === id).map(([l]) => l).filter((l) => !drawsCounts(l) && this.map.getLayer(l)) }
  #visible(layerId: string) { return this.map.getLayoutProperty(layerId, 'visibility') !== 'none' }

  /** A label per street, added as streets come into a loaded view (kept: a street's label does not move). */
  #setStreetLabels(fc: FeatureCollection) {
    for (const f of fc.features) {
      const code = String(f.properties?.code ?? '')
      const at: [number, number] = [Number(f.properties?.label_lon), Number(f.properties?.label_lat)]
      // a street served without its label point (a slimmer view) gets its label from a later view
      if (!at.every(Number.isFinite) || this.#streetLabels.some((m) => m.getElement().dataset.code === code)) continue
      const el = document.createElement('div')
      el.className = 'street-label'
      el.dataset.code = code
      el.textContent = String(f.properties?.name ?? '')
      el.style.display = this.store.isVisible(LAYER.streets) ? '' : 'none'
      this.#streetLabels.push(new Marker({ element: el }).setLngLat(at).addTo(this.map))
    }
  }

  /**
   * Grid codes at street zoom, as HTML labels at the grids' centres — only on grids wide enough on
   * screen to hold one: a city's grids are a few dozen pixels wide at zoom 15, where hundreds of
   * overlapping labels would be unreadable and each one a DOM node moved on every frame of a pan.
   */
  #updateGridLabels() {
    const m = this.map
    const show = m.getZoom() >= GRID_LABEL_ZOOM && this.store.isVisible(LAYER.grids)
    const wanted = new Map<string, [number, number]>()
    if (show) {
      const pxPerDegree = (512 * 2 ** m.getZoom()) / 360
      // (a zoomed-out view's community outlines, still drawn while a zoom-in loads, have no code: no label)
      const byCode = new Map((this.store.drawn.grids?.features ?? []).filter((g) => g.properties?.code != null).map((g) => [String(g.properties!.code), g]))
      for (const f of m.queryRenderedFeatures({ layers: ['grids-fill'] } as any)) {
        if (f.properties.code == null) continue
        const code = String(f.properties.code)
        if (wanted.has(code) || wanted.size >= 200) continue
        const g = byCode.get(code)
        // the outer ring's mean point: a Polygon's first ring, or a MultiPolygon's first polygon's (layer_view
        // sends a simplified grid as either); a label without a finite place is left out
        const c = (g?.geometry as any)?.coordinates
        const ring = (g?.geometry.type === 'MultiPolygon' ? c?.[0]?.[0] : c?.[0]) as number[][] | undefined
        if (!ring?.length) continue
        const xs = ring.map((p) => p[0])
        if ((Math.max(...xs) - Math.min(...xs)) * pxPerDegree < GRID_LABEL_PX) continue
        const at: [number, number] = [ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length]
        if (at.every(Number.isFinite)) wanted.set(code, at)
      }
    }
    for (const [code, marker] of this.#gridLabels) if (!wanted.has(code)) { marker.remove(); this.#gridLabels.delete(code) }
    for (const [code, at] of wanted) {
      if (this.#gridLabels.has(code)) continue
      const el = document.createElement('div')
      el.className = 'grid-label'
      el.textContent = code.slice(-6)
      el.title = code
      this.#gridLabels.set(code, new Marker({ element: el }).setLngLat(at).addTo(m))
    }
  }
}
