// What the map shows: the layer catalogue, each layer's features, visibility and opacity,
// the issue filters and the hotspot analysis — loaded through the data module, held raw
// (big GeoJSON stays out of deep proxies), and mirrored to the URL by the app.
import type { FeatureCollection } from 'geojson'
import type { Api } from '../api/api'
import type { LayerInfo } from '../api/types'
import { LAYER, type LayerId } from '../api/layer-ids'
import { toApiError } from '../api/errors'
import { issueFilters, type ViewState } from './url-state'

export interface Filters {
  categories: string[]
  states: ('open' | 'overdue' | 'closed')[]
  days: number | null
  from: string | null
  to: string | null
}

export class MapData {
  catalog = $state.raw<LayerInfo[]>([])
  data = $state.raw<Record<string, FeatureCollection>>({})
  visible = $state<string[]>([])
  opacity = $state<Record<string, number>>({})
  filters = $state<Filters>({ categories: [], states: [], days: 365, from: null, to: null })
  hotspots = $state.raw<FeatureCollection | null>(null)
  categories = $state.raw<{ code: string; zh: string; en: string; glyph: string | null }[]>([])
  loadingIssues = $state(false)
  #issueRequest = 0

  constructor(private api: Api) {}

  /** Each category's character on the map's dots and the filter chips (the catalogue's data). */
  get glyphs(): Record<string, string> {
    return Object.fromEntries(this.categories.filter((c) => c.glyph).map((c) => [c.code, c.glyph!]))
  }

  /**
   * Load the catalogue and every layer; visibility and filters from the URL or the defaults.
   * A cold database on a slow machine may pass the per-call limit once: the start tries again
   * before it gives up (the first try's query finishes meanwhile and warms the cache).
   */
  async init(view: ViewState) {
    try { await this.#init(view) } catch (e) {
      if (toApiError(e).code !== 'timeout') throw e
      await this.#init(view)
    }
  }

  async #init(view: ViewState) {
    ;[this.catalog, this.categories] = await Promise.all([this.api.layerCatalog(),
      this.api.issueCategoryList().then((cs) => cs.map((c) => ({ code: c.code, zh: c.name_zh, en: c.name_en, glyph: c.glyph })))])
    const known = new Set(this.catalog.map((l) => l.id))
    this.visible = view.layers ? view.layers.filter((id) => known.has(id)) : this.catalog.filter((l) => l.default_visible).map((l) => l.id)
    this.opacity = view.opacity
    this.filters = { categories: view.categories, states: view.states, days: view.days ?? (view.from || view.to ? null : 365), from: view.from, to: view.to }
    const ids = this.catalog.map((l) => l.id).filter((id) => id !== LAYER.issues)
    const fcs = await Promise.all(ids.map((id) => this.api.layerGeojson(id)))
    this.data = Object.fromEntries(ids.map((id, i) => [id, fcs[i]]))
    await this.reloadIssues()
  }

  /** The issues and hotspots for the current filters: one SQL filter for map, legend and list. */
  async reloadIssues() {
    const mine = ++this.#issueRequest
    this.loadingIssues = true
    const filters = issueFilters(this.filters)
    // the hotspot analysis is an extra: when it fails the issues still show, without hotspots
    const [issues, hotspots] = await Promise.all([this.api.layerGeojson(LAYER.issues, null, filters), this.api.issueHotspots(filters).catch(() => ({ cells: null }))])
    if (mine !== this.#issueRequest) return
    this.data = { ...this.data, issues }
    this.hotspots = hotspots.cells
    this.loadingIssues = false
  }

  async reloadLayer(id: LayerId) {
    if (id === LAYER.issues) return this.reloadIssues()
    this.data = { ...this.data, [id]: await this.api.layerGeojson(id) }
  }

  isVisible = (id: LayerId) => this.visible.includes(id)
  toggle(id: LayerId) {
    this.visible = this.isVisible(id) ? this.visible.filter((v) => v !== id) : [...this.visible, id]
  }
  opacityOf = (id: LayerId) => (this.opacity[id] ?? 100) / 100
  /** Features in a layer: what is loaded (whole layers, so a save shows at once), else the catalogue's count. */
  count(id: string): number {
    return this.data[id]?.features.length ?? this.catalog.find((l) => l.id === id)?.feature_count ?? 0
  }
  setFilters(patch: Partial<Filters>) {
    this.filters = { ...this.filters, ...patch }
    void this.reloadIssues()
  }
}
