// The map's one owner: it creates the MapLibre map (with the deck.gl issues overlay and, when
// first needed, terra-draw), draws the catalogue's layers, and routes every click and key to
// the interaction state, which decides what they mean. Overlays (src/lib/map/overlays/) get
// the owner from the Svelte context and add their own prefixed layers through `maplibre`;
// stores get it as a MapPort (src/lib/state/map-port.ts) and never see MapLibre.
import { getContext, setContext } from 'svelte'
import { Map as MapLibreMap, Popup, setWorkerUrl, type MapMouseEvent } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import type { Geometry, Polygon } from 'geojson'
import type { MapData } from '../state/map-data.svelte'
import type { Interaction } from '../state/interaction.svelte'
import type { FitClearance, MapPort, MapPosition, MapSnapshot, ShapeEditor, ShapeEditorHooks } from '../state/map-port'
import { FEATURES_ZOOM, type MapView } from '../state/view-loading'
import { bboxOf, type Bbox } from '../geo/bbox'
import { formatDate, formatNumber, i18n, t } from '../i18n/i18n.svelte'
import { basemapFromEnv, resolveBaseStyle } from './style'
import { CatalogueLayers, type Hit } from './catalogue-layers'
import { StaticOutline } from './static-outline'
import { earlyOutline } from './early-outline'
import { testSurface } from './test-surface'
import { canvasSnapshot } from './canvas-snapshot'
import { STREET_ZOOM } from './issues-overlay'
import { describe, popupElement } from './popup'
import { paddingFor, PHONE_WIDTH, ZONE_PANEL_CLEARANCE } from './fit-padding'
import { HOTSPOTS, LAYER } from '../api/layer-ids'

setWorkerUrl(workerUrl)

const CONTEXT = Symbol('map-owner')
/** Layers whose click opens the zone panel rather than a popup. */
const NO_POPUP = new Set<string>([LAYER.grids, LAYER.zones, LAYER.communities])

export class MapOwner implements MapPort {
  /** The catalogue's layers are drawn (the database answered): overlays and panels may use the map. */
  ready = $state(false)
  /** The map exists (its style loaded), with the static outline on it while the database starts. */
  loaded = $state(false)
  basemapFailed = $state(false)
  tooltip = $state<{ x: number; y: number; text: string } | null>(null)
  #map: MapLibreMap | null = null
  #catalogue: CatalogueLayers | null = null
  #zoneDraw: { shape(): Geometry | null } | null = null
  #outline: StaticOutline | null = null
  /** the view was fitted to the district (from the outline, else from the layers) */
  #fitted = false

  constructor(private store: MapData, private interaction: Interaction) {}

  /** For overlays in src/lib/map only: the MapLibre map, once ready. */
  get maplibre(): MapLibreMap {
    if (!this.#map || !this.ready) throw new Error('map not ready')
    return this.#map
  }
  get catalogue(): CatalogueLayers { return this.#catalogue! }

  /** Make this owner the one the overlays below a component find. */
  provide() { setContext(CONTEXT, this) }
  static current(): MapOwner { return getContext(CONTEXT) }

  /** Create the map in `container`; returns the cleanup. */
  mount(container: HTMLElement, initial: MapPosition | null, onmove: (p: MapPosition) => void): () => void {
    let cancelled = false
    const onKey = (e: KeyboardEvent) => this.interaction.key(e)
    window.addEventListener('keydown', onKey)
    resolveBaseStyle(basemapFromEnv(import.meta.env)).then(({ style, failed }) => {
      if (cancelled) return
      this.basemapFailed = failed
      const m = new MapLibreMap({ container, style, center: initial ? [initial.lon, initial.lat] : [123.95, 47.35], zoom: initial?.zoom ?? 11, attributionControl: false, fadeDuration: 0 })
      this.#map = m
      m.on('error', (e) => console.warn('map:', e.error?.message)) // a failing base tile must not stop our layers
      earlyOutline()?.place(container.getBoundingClientRect(), paddingFor('district', container.clientWidth, container.clientHeight))
      m.on('load', () => {
        // the district and its streets from the static file, before the database is ready
        this.#outline = new StaticOutline(m)
        void this.#outline.draw().then((bbox) => {
          if (!bbox) return
          if (!initial && !this.#fitted) { this.fit(bbox, { animate: false, clear: 'district' }); this.#fitted = true }
          m.once('idle', () => { performance.mark('gridgov:outline-drawn'); earlyOutline()?.remove(); document.body.dataset.outlineDrawn = 'true' }) // the SVG drawn before MapLibre goes
        })
        if (initial) this.#fitted = true
        this.loaded = true
      })
      // a gesture belongs to the mode it began in (see interaction.svelte.ts)
      for (const press of ['mousedown', 'touchstart'] as const) m.on(press, () => this.interaction.press())
      m.on('click', (e) => this.#click(e))
      m.on('mousemove', (e) => this.#hover(e))
      m.on('mouseout', () => (this.tooltip = null))
      m.on('moveend', () => { onmove(this.position()); if (this.#catalogue) void this.store.setView(this.#view()) })
    })
    return () => {
      cancelled = true; earlyOutline()?.remove()
      window.removeEventListener('keydown', onKey)
      this.#catalogue?.destroy()
      this.#map?.remove()
    }
  }

  /** The database answered: draw the first view's layers, then the hotspots; then the map is ready and the static outline goes. Again: no-op. */
  showLayers() {
    // `loaded` first: an effect calling this before the map exists must depend on it
    if (!this.loaded) return
    const m = this.#map
    if (!m || this.#catalogue) return
    this.#catalogue = new CatalogueLayers(m, this.store)
    if (!this.#fitted) { this.#fitDistrict(); this.#fitted = true }
    void this.store.setView(this.#view(), { now: true }).then(async () => {
      this.#catalogue?.showData()
      this.#catalogue?.showVisibility()
      // the hotspot cells (drawn with the issues) now: the map draws the layers while the database computes them
      await this.store.loadHotspots()
      this.#catalogue?.showData()
      m.once('idle', () => {
        this.#outline?.remove(); earlyOutline()?.remove()
        this.ready = true
        document.body.dataset.mapReady = 'true'; performance.mark('gridgov:map-ready')
        // the issue dots' deck.gl (unseen at district zoom) starts once this view is on screen
        setTimeout(() => this.#catalogue?.startIssues(), 0)
      })
      m.triggerRepaint()
    })
  }

  /**
   * What the map shows now, for the store to load (MapLibre's bounds, clamped to the world). A map
   * without a size (hidden, or mid-resize) has NaN bounds and MapLibre throws: the last view stands.
   */
  #view(): MapView {
    const m = this.#map!, clamp = (v: number, lim: number) => Math.max(-lim, Math.min(lim, v))
    try {
      const b = m.getBounds(), bbox = [clamp(b.getWest(), 180), clamp(b.getSouth(), 85), clamp(b.getEast(), 180), clamp(b.getNorth(), 85)] as Bbox
      if (bbox.every(Number.isFinite)) this.#lastView = { bbox, zoom: m.getZoom() }
    } catch { /* the last view stands */ }
    return this.#lastView ?? { bbox: bboxOf(this.store.district) ?? [-180, -85, 180, 85], zoom: m.getZoom() }
  }
  #lastView: MapView | null = null

  // --- MapPort ---
  position(): MapPosition {
    const m = this.#map
    if (!m) return { lon: 123.95, lat: 47.35, zoom: 11 }
    const c = m.getCenter()
    return { lon: c.lng, lat: c.lat, zoom: m.getZoom() }
  }
  jumpTo(p: MapPosition) { this.#map?.jumpTo({ center: [p.lon, p.lat], zoom: p.zoom }) }
  flyTo(lon: number, lat: number, zoom = 15) { this.#map?.flyTo({ center: [lon, lat], zoom, duration: 800 }) }
  fit([w, s, e, n]: Bbox, { animate = true, clear = 'panels' as FitClearance | 'district' } = {}) {
    const m = this.#map
    if (!m) return
    const { clientWidth, clientHeight } = m.getCanvas()
    m.fitBounds([[w, s], [e, n]], { padding: paddingFor(clear, clientWidth, clientHeight), duration: animate ? 700 : 0, maxZoom: 16 })
  }
  #popups: Popup[] = []
  closePopups() { for (const p of this.#popups.splice(0)) p.remove() }
  keepInView(lon: number, lat: number) {
    const m = this.#map
    if (!m) return
    const p = m.project([lon, lat])
    const { clientWidth, clientHeight } = m.getCanvas()
    // a phone: the panel is a sheet over the lower 55 %: keep the point above it
    if (clientWidth <= PHONE_WIDTH) {
      if (p.y > clientHeight * 0.4) m.panBy([0, p.y - clientHeight * 0.3], { duration: 400 })
      return
    }
    const limit = clientWidth - ZONE_PANEL_CLEARANCE
    if (p.x > limit) m.panBy([p.x - limit + 40, 0], { duration: 400 })
  }
  drawArea(shape: 'polygon' | 'circle', ondone: (geom: Polygon) => void): () => void {
    let cancel: (() => void) | null = null
    let cancelled = false
    void import('./area-draw').then(({ drawArea }) => { if (!cancelled && this.#map) cancel = drawArea(this.#map, shape, ondone) })
    return () => { cancelled = true; cancel?.() }
  }
  async shapeEditor(hooks: ShapeEditorHooks): Promise<ShapeEditor> {
    const { ZoneDraw } = await import('./zone-draw')
    return this.#zoneDraw = new ZoneDraw(this.maplibre, {
      shapeOf: (layerId, props) => hooks.shapeOf(layerId.startsWith(LAYER.grids) ? LAYER.grids : LAYER.zones, props),
      ignoreZoneId: hooks.ignoreZoneId, onshape: hooks.onshape, onhistory: hooks.onhistory,
    })
  }
  async snapshot(bbox: Bbox | null): Promise<MapSnapshot | null> {
    const m = this.#map
    if (!m) return null
    const before = this.position()
    if (bbox) this.fit(bbox, { animate: false, clear: 'print' })
    await new Promise<void>((r) => { m.once('idle', () => r()); m.triggerRepaint(); setTimeout(r, 8000) })
    const shot = await canvasSnapshot(m)
    this.jumpTo(before) // the user's own view comes back when the report closes
    return shot
  }

  // --- for tests and the wall's self-check ---
  /** What the e2e tests may ask of the map (window.__gridgov.map()): see test-surface.ts. */
  testSurface() {
    return testSurface({
      map: () => this.#map, catalogue: () => this.#catalogue, store: this.store,
      editorShape: () => this.#zoneDraw?.shape() ?? null, outline: () => this.#outline?.rendered() ?? 0,
      drawn: (overlay, what) => this.drawnCount(overlay, what),
      position: () => this.position(), jumpTo: (p) => this.jumpTo(p), settled: () => this.settled(),
    })
  }
  #counters = new Map<string, (what: string) => number>()
  /** An overlay says how many of its items it draws (the canvas cannot be read back as text). */
  registerCounter(overlay: string, count: (what: string) => number) {
    this.#counters.set(overlay, count)
    return () => { this.#counters.delete(overlay) }
  }
  drawnCount(overlay: string, what: string) { return this.#counters.get(overlay)?.(what) ?? 0 }
  /**
   * Once the view's layers are loaded, the map has drawn what changed (idle) and, at street zoom,
   * the issue dots can be drawn and picked; or 10 s on a busy machine.
   */
  settled(): Promise<void> {
    const m = this.#map
    if (!m) return Promise.resolve()
    const drawn = async () => {
      await this.store.whenLoaded()
      if (m.getZoom() >= STREET_ZOOM) await this.#catalogue?.issuesLoaded()
      await new Promise<void>((r) => { m.once('idle', () => r()); m.triggerRepaint() })
    }
    return Promise.race([drawn(), new Promise<void>((r) => setTimeout(r, 10_000))])
  }
  /** Reactive wiring, called from the component that owns the map (effects need a component). */
  showData() { this.#titles.clear(); if (this.ready) this.#catalogue?.showData() }
  showVisibility() { if (this.ready) this.#catalogue?.showVisibility() }
  showSelectedZone(id: number | null) { if (this.ready) this.#catalogue?.showSelectedZone(id) }
  applyModeGestures(boxZoom: boolean) {
    if (!this.#map) return
    if (boxZoom) this.#map.boxZoom.enable()
    else this.#map.boxZoom.disable()
  }

  #fitDistrict() {
    const bbox = bboxOf(this.store.district)
    if (bbox) this.fit(bbox, { animate: false, clear: 'district' })
  }

  #text(hit: Hit) {
    if (hit.layer === HOTSPOTS) {
      // a hot or recurring cell says where it is (issue_hotspots names its street, community and grid)
      const where = [hit.props.street_name, hit.props.community_name, hit.props.grid_name].filter(Boolean).join(' · ')
      return { title: t('hotspot.cell', { count: hit.props.count }), rows: [...(where ? [[t('hotspot.where'), where]] : []), [t('hotspot.z'), String(hit.props.z)]] as [string, string][] }
    }
    return describe(hit.layer, this.#withCategory(hit.layer, hit.props), t, (n) => formatNumber(n), (s) => formatDate(s), i18n.locale)
  }

  /** An issue's slim properties carry its category's code: its names come from the catalogue's categories. */
  #withCategory(layer: string, p: Record<string, any>) {
    if (layer !== LAYER.issues || p.category_zh) return p
    const c = this.store.categories.find((x) => x.code === p.category)
    return { ...p, category_zh: c?.zh ?? p.category, category_en: c?.en ?? p.category }
  }

  /**
   * A popup's rows need every property; the map holds layer_view's slim ones, so a click asks
   * for the feature whole (layer_feature, within a few pixels of the click). Layers whose
   * properties are all on the map (view_properties null) need no call.
   */
  async #details(hit: Hit, e: MapMouseEvent): Promise<Hit> {
    const id = hit.props.id ?? hit.props.code
    if (hit.layer === HOTSPOTS || id == null) return hit
    const m = this.#map!
    const a = m.unproject([e.point.x - 12, e.point.y + 12]), b = m.unproject([e.point.x + 12, e.point.y - 12])
    const full = await this.store.details(hit.layer, String(id), [a.lng, a.lat, b.lng, b.lat]).catch(() => null)
    return full?.properties ? { layer: hit.layer, props: full.properties } : hit
  }

  #hover(e: MapMouseEvent) {
    if (e.originalEvent.buttons || this.#map!.isMoving()) { if (this.tooltip) this.tooltip = null; return } // a drag: no tooltip, no hit test per frame
    const hit = this.#catalogue?.hitAt(e.point) ?? null
    // registering an issue: the next click is its point
    this.#map!.getCanvas().style.cursor = this.interaction.mode === 'pick-point' ? 'crosshair' : hit ? 'pointer' : ''
    this.tooltip = hit ? { x: e.point.x, y: e.point.y, text: this.#titleOf(hit, e) } : null
  }

  /** Titles asked for on hover, per layer and id (forgotten when the map's data change). */
  #titles = new Map<string, string>()
  /**
   * A feature's title for the tooltip. Zoomed out, the map's zones, markets, car parks and
   * compounds carry no names (layer_view): a hovered one's is asked for once (layer_feature)
   * and shown when it comes, if the pointer is still there.
   */
  #titleOf(hit: Hit, e: MapMouseEvent): string {
    const title = this.#text(hit).title
    if (title && title !== 'undefined') return title
    const key = `${hit.layer}:${hit.props.id ?? hit.props.code}`
    const known = this.#titles.get(key)
    if (known !== undefined) return known || '…'
    this.#titles.set(key, '')
    void this.#details(hit, e).then((full) => {
      const text = this.#text(full).title
      this.#titles.set(key, text)
      if (this.tooltip && this.#catalogue?.hitAt({ x: this.tooltip.x, y: this.tooltip.y } as any)?.props.id === hit.props.id) this.tooltip = { ...this.tooltip, text }
    })
    return '…'
  }

  #click(e: MapMouseEvent) {
    const hit = this.#catalogue?.hitAt(e.point) ?? null
    // a count (a zoomed-out city's zones, markets…; above the grids' backdrop): inspecting or choosing a zone to edit, a click zooms in to its features
    if ((!hit || hit.layer === LAYER.grids || hit.layer === LAYER.communities) && ['inspect', 'edit'].includes(this.interaction.mode) && this.#catalogue?.countAt(e.point)) return void this.#map!.easeTo({ center: e.lngLat, zoom: Math.max(this.#map!.getZoom() + 2, FEATURES_ZOOM), duration: 500 })
    const point = { x: e.point.x, y: e.point.y }
    const popup = hit && !NO_POPUP.has(hit.layer) ? () => {
      this.closePopups()
      const shown = new Popup({ maxWidth: '320px' }).setLngLat(e.lngLat).setDOMContent(popupElement(this.#text(hit).title, [])).addTo(this.#map!)
      this.#popups.push(shown)
      // the title at once, the rows when the feature's details come
      void this.#details(hit, e).then((full) => {
        if (!shown.isOpen()) return
        const { title, rows } = this.#text(full)
        shown.setDOMContent(popupElement(title, rows))
      })
    } : undefined
    this.interaction.click({
      lon: e.lngLat.lng, lat: e.lngLat.lat, shift: e.originalEvent.shiftKey,
      features: (layer, slop = 0) => this.#catalogue?.propsAt(layer, point, slop) ?? [],
    }, popup)
  }
}
