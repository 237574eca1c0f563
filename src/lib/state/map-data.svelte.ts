// What the map shows: the layer catalogue, each visible layer's features for the current view,
// visibility and opacity, the issue filters and the hotspot analysis — loaded through the data
// module, held raw (big GeoJSON stays out of deep proxies), and mirrored to the URL by the app.
//
// Loading by view (issue 14): the map reports its view when it stops moving; each visible layer
// is asked for that view (layer_view: simplified and slim for the zoom, aggregates when zoomed
// out), debounced, with stale answers dropped, and answers cached per (layer, zoom bucket, box,
// data version, filters) — see view-loading.ts. Hidden layers are not fetched until shown. A
// write (api.onLayerChanged → reloadLayer) drops that layer's cache and reloads its view before
// the write resolves, so a save is drawn at once. The district is held whole (the first view is
// its extent; the zone panel tells "outside the district" by it); anything that needs a layer
// whole or exact (names for a list, a unit's zones, a zone to edit) asks for it (wholeLayer).
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Api, IssueCounts, ViewCollection } from '../api/api'
import type { LayerInfo } from '../api/types'
import { LAYER, type LayerId } from '../api/layer-ids'
import { toApiError } from '../api/errors'
import { issueFilters, type ViewState } from './url-state'
import { AnswerCache, cacheKey, contains, EXACT_ZOOM, loadBox, zoomBucket, type MapView } from './view-loading'
import type { Bbox } from '../geo/bbox'

export interface Filters {
  categories: string[]
  states: ('open' | 'overdue' | 'closed')[]
  days: number | null
  from: string | null
  to: string | null
}

/** A view's load waits this long after the map stops, so a burst of moves costs one load. */
const DEBOUNCE_MS = 120
/** Layers held whole rather than by view. */
const WHOLE = new Set<string>([LAYER.district])

/** What was loaded for a layer: reused while the view stays inside its box at the same bucket. */
interface Loaded { key: string; bucket: number; box: Bbox; version: number; filters: string }

export class MapData {
  catalog = $state.raw<LayerInfo[]>([])
  /** the district, whole (6 decimals) */
  district = $state.raw<FeatureCollection | null>(null)
  /** each layer as drawn now: the answer for the current view (layer_view), the district whole */
  drawn = $state.raw<Record<string, ViewCollection | FeatureCollection>>({})
  visible = $state<string[]>([])
  opacity = $state<Record<string, number>>({})
  filters = $state<Filters>({ categories: [], states: [], days: 365, from: null, to: null })
  hotspots = $state.raw<FeatureCollection | null>(null)
  /** the issues matching the filters in the whole district, by state (the legend's 全区 counts) */
  issueCounts = $state.raw<IssueCounts | null>(null)
  categories = $state.raw<{ code: string; zh: string; en: string; glyph: string | null }[]>([])
  loadingIssues = $state(false)
  /** the last 1,000 layer_view calls, in order (tests: hidden layers are not fetched, a pan inside the box asks nothing; capped for the wall, which runs for days) */
  readonly loadLog: { layer: string; bucket: number; box: Bbox }[] = []
  /**
   * The wall: each layer is loaded for the first view (the whole district: aggregates) and kept
   * while the tour flies from place to place; a change reloads it for that view. A tour stop
   * every few seconds would otherwise ask for every layer each time.
   */
  pinned = false
  #pinnedView: MapView | null = null
  #issueRequest = 0
  #view: MapView | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #waiting: (() => void)[] = []
  #pending = new Set<Promise<unknown>>()
  #cache = new AnswerCache<ViewCollection>()
  #loaded = new Map<string, Loaded>()
  #seq = new Map<string, number>()
  #version = new Map<string, number>()
  #whole = new Map<string, Promise<FeatureCollection>>()

  constructor(private api: Api) {}

  /** Each category's character on the map's dots and the filter chips (the catalogue's data). */
  get glyphs(): Record<string, string> {
    return Object.fromEntries(this.categories.filter((c) => c.glyph).map((c) => [c.code, c.glyph!]))
  }

  /**
   * Start: the catalogue, the categories, the district whole and the issue counts; the layers
   * follow once the map reports its first view (setView), and the hotspots after them
   * (loadHotspots). Visibility and filters from the URL
   * or the defaults. A cold database on a slow machine may pass the per-call limit once: the
   * start tries again before it gives up (the first try's query finishes meanwhile and warms the cache).
   */
  async init(view: ViewState) {
    try { await this.#init(view) } catch (e) {
      if (toApiError(e).code !== 'timeout') throw e
      await this.#init(view)
    }
  }

  async #init(view: ViewState) {
    this.filters = { categories: view.categories, states: view.states, days: view.days ?? (view.from || view.to ? null : 365), from: view.from, to: view.to }
    let district: FeatureCollection
    ;[this.catalog, this.categories, district, this.issueCounts] = await Promise.all([this.api.layerCatalog(),
      this.api.issueCategoryList().then((cs) => cs.map((c) => ({ code: c.code, zh: c.name_zh, en: c.name_en, glyph: c.glyph }))),
      this.api.layerGeojson(LAYER.district), this.api.issueCounts(this.#issueFilters())])
    const known = new Set(this.catalog.map((l) => l.id))
    this.visible = view.layers ? view.layers.filter((id) => known.has(id)) : this.catalog.filter((l) => l.default_visible).map((l) => l.id)
    this.opacity = view.opacity
    this.district = district
    this.drawn = { ...this.drawn, [LAYER.district]: district }
  }

  /** The map stopped at a view: load what it shows, after a short pause. Returns when loaded. */
  setView(view: MapView, { now = false } = {}): Promise<void> {
    this.#view = view
    if (this.pinned) this.#pinnedView ??= view
    if (this.#timer) clearTimeout(this.#timer)
    // a view that replaces one still waiting answers for both: every caller resolves once the newest is loaded
    const done = new Promise<void>((resolve) => this.#waiting.push(resolve))
    this.#timer = setTimeout(() => {
      this.#timer = null
      const waiting = this.#waiting.splice(0)
      const settle = () => waiting.forEach((resolve) => resolve())
      void this.#loadVisible().then(settle, settle)
    }, now ? 0 : DEBOUNCE_MS)
    return this.#track(done)
  }

  /** Resolves once no view load is waiting or under way (the map's settled(), tests). */
  async whenLoaded(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending])
  }

  /**
   * The hotspot analysis for the current filters, at start: asked for once the first view's layers
   * have come, so that the map draws them while the database computes it (the embedded database
   * answers one call at a time, and on a start the analysis took seconds). A filter change
   * meanwhile (reloadIssues) wins. It is an extra: when it fails the issues still show, without hotspots.
   */
  loadHotspots(): Promise<void> {
    const mine = this.#issueRequest
    return this.#track(this.api.issueHotspots(this.#issueFilters()).then((h) => h.cells, () => null).then((cells) => {
      if (mine === this.#issueRequest) this.hotspots = cells
    }))
  }

  /** The issues, their counts and hotspots for the current filters: one SQL filter for map, legend and list. */
  async reloadIssues() {
    const mine = ++this.#issueRequest
    this.loadingIssues = true
    const filters = this.#issueFilters()
    this.#cache.drop(LAYER.issues)
    this.#loaded.delete(LAYER.issues)
    // the hotspot analysis is an extra: when it fails the issues still show, without hotspots
    const [counts, hotspots] = await Promise.all([this.api.issueCounts(filters), this.api.issueHotspots(filters).catch(() => ({ cells: null })),
      this.#track(this.#loadLayer(LAYER.issues))])
    if (mine !== this.#issueRequest) return
    this.issueCounts = counts
    this.hotspots = hotspots.cells
    this.loadingIssues = false
  }

  /** A layer's data changed: forget what was loaded of it and load the view again (a save is drawn before it resolves). */
  async reloadLayer(id: LayerId) {
    this.#version.set(id, (this.#version.get(id) ?? 0) + 1)
    this.#cache.drop(id)
    this.#loaded.delete(id)
    this.#whole.delete(id)
    // the legend's counts are the catalogue's: they follow the change
    const catalog = this.api.layerCatalog().then((c) => { this.catalog = c }, () => {})
    if (id === LAYER.issues) await this.reloadIssues()
    else if (WHOLE.has(id)) this.#setDrawn(id, await this.wholeLayer(id))
    else await this.#track(this.#loadLayer(id))
    await catalog
  }

  /**
   * A layer whole, every property, 6 decimals (layer_geojson), fetched once and kept until the
   * layer changes: for what needs more than the view (the ledger's street and community names,
   * the units that have zones). Not for the grids or issues of a city: ask by box instead.
   */
  wholeLayer(id: LayerId): Promise<FeatureCollection> {
    let p = this.#whole.get(id)
    if (!p) {
      p = this.api.layerGeojson(id)
      p.catch(() => this.#whole.delete(id))
      this.#whole.set(id, p)
    }
    return p
  }

  /** A layer's features in a box, whole and exact (layer_geojson): a grid under a click, an area's shape. */
  featuresIn(id: LayerId, bbox: Bbox, filters: Record<string, unknown> | null = null): Promise<FeatureCollection> {
    return this.api.layerGeojson(id, bbox, filters)
  }

  /** A zone whole and exact (its unit's zones, layer_geojson): what an edit starts from, whatever the zoom. */
  async exactZone(id: number, unitId: number): Promise<Feature | null> {
    const fc = await this.featuresIn(LAYER.zones, [-180, -90, 180, 90], { unit_id: unitId })
    return fc.features.find((f) => Number(f.properties?.id) === id) ?? null
  }

  /** A zone as the map holds it when that is exact (from zoom 15 layer_view sends layer_geojson's shapes), else null: no call needed. */
  exactZoneInView(id: number): Geometry | null {
    const fc = this.drawn.zones
    if (!fc || !('zoom' in fc) || fc.zoom < EXACT_ZOOM) return null
    return (fc.features.find((f) => Number(f.properties?.id) === id)?.geometry as Geometry | undefined) ?? null
  }

  /** A unit's name, from the zones whole (the map's zones carry only unit_id). */
  async unitName(unitId: number): Promise<string | null> {
    const fc = await this.wholeLayer(LAYER.zones).catch(() => null)
    return (fc?.features.find((f) => Number(f.properties?.unit_id) === unitId)?.properties?.unit_name as string) ?? null
  }

  /** One feature with every property (a click's popup; the map holds slim ones). */
  details(id: LayerId, featureId: string, bbox: Bbox) {
    return this.api.layerFeature(id, featureId, bbox)
  }

  isVisible = (id: LayerId) => this.visible.includes(id)
  toggle(id: LayerId) {
    this.visible = this.isVisible(id) ? this.visible.filter((v) => v !== id) : [...this.visible, id]
  }
  /**
   * Load the visible layers not yet loaded for this view: the map calls it whenever `visible`
   * changes (a toggle, the URL, a panel that quieted layers), so a layer shown is fetched then.
   */
  loadVisible(): Promise<void> { return this.#track(this.#loadVisible()) }
  opacityOf = (id: LayerId) => (this.opacity[id] ?? 100) / 100
  /** The legend's count of a layer, for the whole district: the issues matching the filters, else the catalogue's count. */
  count(id: string): number {
    if (id === LAYER.issues && this.issueCounts) return this.issueCounts.total
    return this.catalog.find((l) => l.id === id)?.feature_count ?? 0
  }
  setFilters(patch: Partial<Filters>) {
    this.filters = { ...this.filters, ...patch }
    void this.reloadIssues()
  }

  #issueFilters() { return issueFilters(this.filters) }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#pending.add(p)
    const forget = () => { this.#pending.delete(p) }
    p.then(forget, forget)
    return p
  }

  /** Each visible catalogue layer (the wall lists the hotspots among them: not a layer to load); a layer that fails is tried again at the next view. */
  async #loadVisible() {
    const layers = this.visible.filter((id) => this.catalog.some((l) => l.id === id))
    await Promise.all(layers.map((id) => this.#loadLayer(id).catch((e) => console.warn(`layer ${id}:`, toApiError(e).code))))
  }

  /** Load one layer for the current view unless what is loaded covers it; the newest request wins. */
  async #loadLayer(id: string) {
    const view = this.pinned ? this.#pinnedView ?? this.#view : this.#view
    if (!view || WHOLE.has(id) || !this.isVisible(id)) return
    const bucket = zoomBucket(view.zoom)
    const version = this.#version.get(id) ?? 0
    const filters = id === LAYER.issues ? this.#issueFilters() : null
    const filtersKey = JSON.stringify(filters)
    const had = this.#loaded.get(id)
    if (had && had.bucket === bucket && had.version === version && had.filters === filtersKey && contains(had.box, view.bbox)) return
    const box = loadBox(view.bbox, bucket)
    const key = cacheKey(id, bucket, box, version, filters)
    const mine = (this.#seq.get(id) ?? 0) + 1
    this.#seq.set(id, mine)
    let fc = this.#cache.get(key)
    if (!fc) {
      this.loadLog.push({ layer: id, bucket, box })
      if (this.loadLog.length > 1000) this.loadLog.shift()
      fc = await this.api.layerView(id, box, bucket, filters)
      // a layer that changed meanwhile is not cached under its new version
      if ((this.#version.get(id) ?? 0) === version) this.#cache.set(key, fc)
    }
    if (this.#seq.get(id) !== mine) return // a newer view or change asked meanwhile
    this.#loaded.set(id, { key, bucket, box, version, filters: filtersKey })
    this.#setDrawn(id, fc)
  }

  #setDrawn(id: string, fc: FeatureCollection) { this.drawn = { ...this.drawn, [id]: fc } }
}
