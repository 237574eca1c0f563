// What a leader is inspecting (issue 5): an administrative area with its breadcrumb, a drawn
// or picked ad-hoc area, a unit highlighted from the ranking, the zones put side by side,
// and the report or monthly bulletin being printed. Every figure here is a SQL function's answer held as
// returned; this module only decides which question to ask and keeps the latest answer.
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { booleanPointInPolygon } from '@turf/turf'
import type { Api } from '../api/api'
import type { AdminAreaRef, AdminAreaReport, AdminLevel, AreaReport, LayerInfo, ZoneReport } from '../api/types'
import { errorText } from '../api/error-text'
import { toApiError } from '../api/errors'
import { t } from '../i18n/i18n.svelte'
import { bboxOf, type Bbox } from '../geo/bbox'
import type { MapData } from './map-data.svelte'
import type { Interaction } from './interaction.svelte'
import type { MapPort, MapSnapshot } from './map-port'
import type { Views } from './views.svelte'
import { adminTrail, LEVEL_LAYER } from './admin-trail'
import { LAYER } from '../api/layer-ids'

export type AreaView =
  | { kind: 'admin'; report: AdminAreaReport; trail: AdminAreaRef[] }
  | { kind: 'adhoc'; report: AreaReport; shape: 'polygon' | 'circle' | 'grids'; geom: Geometry; grids: string[] }

/** What a map click means for a leader now: inspect (open the zone panel), or part of drawing/picking an area. */
export type LeaderTool = 'inspect' | 'draw-polygon' | 'draw-circle' | 'pick-grids'

export interface PrintJob { title: string; subtitle: string; report: AreaReport; snapshot: MapSnapshot | null; legend: PrintLegend; unit?: ZoneReport['unit'] }
/** What the printed map's legend lists: the layers shown when it was taken, and how the report's own area is drawn. */
export interface PrintLegend { layers: Pick<LayerInfo, 'id' | 'title_zh' | 'title_en' | 'geometry_type' | 'style'>[]; outline: 'zone' | 'area' }

export class Leaders {
  area = $state.raw<AreaView | null>(null)
  areaLoading = $state(false)
  areaError = $state<string | null>(null)
  /** the outline drawn for the area being inspected (or the grids picked so far) */
  shownArea = $state.raw<FeatureCollection | null>(null)
  drawShape = $state<'polygon' | 'circle'>('polygon')
  pickedGrids = $state<string[]>([])
  pickError = $state<string | null>(null)
  highlightedUnit = $state<number | null>(null)
  compare = $state.raw<ZoneReport[]>([])
  print = $state.raw<PrintJob | null>(null)
  /** the month (YYYY-MM) whose bulletin (月通报) is open, over the app like the print view */
  bulletin = $state<string | null>(null)
  map: MapPort | null = null
  #request = 0
  #cancelDraw: (() => void) | null = null

  constructor(private api: Api, private store: MapData, private ix: Interaction, private views: Views) {
    ix.handle(['pick-grids'], { click: (c) => this.pickGridAt(c.lon, c.lat), key: (e) => this.#escape(e) })
    ix.handle(['draw-area'], { key: (e) => this.#escape(e) })
  }

  /** Which leader's tool is on (from the one interaction state). */
  get interaction(): LeaderTool {
    const m = this.ix.mode
    return m === 'draw-area' ? (this.drawShape === 'polygon' ? 'draw-polygon' : 'draw-circle') : m === 'pick-grids' ? 'pick-grids' : 'inspect'
  }

  /** The area panel is showing (or loading) something. */
  get areaOpen() { return this.area !== null || this.areaLoading || this.areaError !== null }

  async #load<T extends AreaView>(ask: () => Promise<T>, after?: (v: T) => void) {
    const mine = ++this.#request
    this.areaLoading = true; this.areaError = null
    try {
      const view = await ask()
      if (mine !== this.#request) return
      this.area = view
      after?.(view)
    } catch (e) {
      if (mine === this.#request) { this.areaError = errorText(e); this.area = null }
    } finally {
      if (mine === this.#request) this.areaLoading = false
    }
  }

  /** Drill-down: the summary of a district, street, community or grid, shown and fitted on the map. */
  openAdmin(level: AdminLevel, code: string, { record = true } = {}) {
    let shape: Feature[] = []
    return this.#load(async () => {
      const report = await this.api.adminAreaSummary(level, code)
      // the breadcrumb names the levels above from the streets and communities whole (names and codes);
      // the area's own outline is asked for in its box, exact (the map holds simplified ones for the view)
      const [streets, communities, inBox] = await Promise.all([this.store.wholeLayer(LAYER.streets), this.store.wholeLayer(LAYER.communities),
        level === 'district' ? Promise.resolve(this.store.district) : this.store.featuresIn(LEVEL_LAYER[level], report.bbox)])
      shape = inBox?.features.filter((f) => f.properties?.code === code) ?? []
      const trail = adminTrail({ level, code, name: report.name }, report.parent, { district: this.store.district ?? undefined, streets, communities })
      return { kind: 'admin' as const, report, trail }
    }, (v) => {
      this.shownArea = { type: 'FeatureCollection', features: shape }
      this.map?.fit(v.report.bbox)
      if (record) this.views.record({ panel: { kind: 'area', level, code } })
    })
  }

  /** The same summary for a drawn polygon or circle, or the union of picked grids. */
  openAdhoc(geom: Geometry, shape: 'polygon' | 'circle' | 'grids', grids: string[] = [], { record = true } = {}) {
    this.shownArea = asCollection(geom)
    // a step in the history: Back leaves the drawn area for what was open before it
    return this.#load(async () => ({ kind: 'adhoc' as const, report: await this.api.areaSummary(geom), shape, geom, grids }),
      () => { if (record) this.views.record({ panel: { kind: 'adhoc' } }, { adhoc: { geom, shape, grids } }) })
  }

  closeArea({ record = true } = {}) {
    const wasOpen = this.area !== null || this.areaLoading
    this.#request++
    this.area = null; this.areaError = null; this.areaLoading = false
    this.shownArea = null
    const shown = this.views.current.panel.kind
    if (record && wasOpen && (shown === 'area' || shown === 'adhoc')) this.views.forget({ panel: { kind: 'none' } })
  }

  /** Draw a polygon or a circle; while drawing, terra-draw owns the map's clicks (interaction 'draw-area'). */
  startDraw(shape: 'polygon' | 'circle') {
    if (!this.map) return
    this.cancelInteraction()
    this.drawShape = shape
    this.ix.set('draw-area')
    this.#cancelDraw = this.map.drawArea(shape, (geom) => {
      this.#cancelDraw = null
      // the finishing click was pressed in 'draw-area' and stays that mode's (interaction.svelte.ts)
      this.ix.leave('draw-area')
      void this.openAdhoc(geom, shape)
    })
  }

  startPickGrids() {
    this.cancelInteraction()
    this.ix.set('pick-grids')
    this.pickedGrids = []
  }

  /**
   * In grid-picking mode a click adds or removes the grid under it: asked for at the point
   * (exact, whole; zoomed out the map draws communities, not grids).
   */
  async pickGridAt(lon: number, lat: number) {
    const near = await this.store.featuresIn(LAYER.grids, [lon - 1e-5, lat - 1e-5, lon + 1e-5, lat + 1e-5])
    const grid = near.features.find((f) => booleanPointInPolygon([lon, lat], f as Feature<any>))
    const code = grid?.properties?.code as string | undefined
    if (!code || this.ix.mode !== 'pick-grids') return
    this.pickError = null
    const had = this.pickedGrids.includes(code)
    this.pickedGrids = had ? this.pickedGrids.filter((c) => c !== code) : [...this.pickedGrids, code]
    const kept = (this.shownArea?.features ?? []).filter((f) => this.pickedGrids.includes(f.properties?.code))
    this.shownArea = { type: 'FeatureCollection', features: had ? kept : [...kept, grid!] }
  }

  /** The picked grids as one area. Grids that do not touch cannot be one area: say so and keep the picks. */
  async finishPickGrids() {
    const codes = [...this.pickedGrids]
    if (!codes.length) return
    this.pickError = null
    try {
      const geom = await this.api.gridsUnion(codes)
      this.ix.leave('pick-grids')
      this.pickedGrids = []
      await this.openAdhoc(geom, 'grids', codes)
    } catch (e) {
      this.pickError = toApiError(e).code === 'wrong_geometry_type' ? t('draw.grids_not_contiguous') : errorText(e)
    }
  }

  cancelInteraction() {
    this.#cancelDraw?.()
    this.#cancelDraw = null
    if (this.ix.mode === 'pick-grids') this.shownArea = null
    this.ix.leave('draw-area', 'pick-grids')
    this.pickedGrids = []
    this.pickError = null
  }

  /** Highlight every zone of a unit and fit the map to them (null clears), clear of the ranking table or of the panels. */
  async highlightUnit(unitId: number | null, clear: 'ranking' | 'panels' = 'ranking') {
    this.highlightedUnit = unitId
    if (unitId == null) return
    const bbox = bboxOf({ type: 'FeatureCollection', features: await this.unitZones(unitId) })
    if (bbox && this.highlightedUnit === unitId) this.map?.fit(bbox, { clear })
  }

  /** A unit's zones whole (geometry, for highlighting and fitting — not for figures): the map holds only the view's. */
  async unitZones(unitId: number): Promise<Feature[]> {
    return (await this.store.featuresIn(LAYER.zones, [-180, -90, 180, 90], { unit_id: unitId })).features
  }

  addCompare(report: ZoneReport) {
    if (!this.compare.some((z) => z.zone.id === report.zone.id)) this.compare = [...this.compare, report]
  }
  removeCompare(zoneId: number) {
    this.compare = this.compare.filter((z) => z.zone.id !== zoneId)
  }

  /** The print view: a snapshot of the map fitted to the area, then the report. */
  async openPrint(job: Omit<PrintJob, 'snapshot' | 'legend'>, bbox: Bbox | null) {
    const legend: PrintLegend = {
      layers: this.store.catalog.filter((l) => this.store.isVisible(l.id)).map(({ id, title_zh, title_en, geometry_type, style }) => ({ id, title_zh, title_en, geometry_type, style })),
      // a zone's report shows the zone highlighted (the selected zone); any other area its outline
      outline: 'zone' in job.report ? 'zone' : 'area',
    }
    const snapshot = (await this.map?.snapshot(bbox)) ?? null
    this.print = { ...job, snapshot, legend }
  }

  /** The monthly bulletin (月通报) of a month (YYYY-MM): a printable page over the app. */
  openBulletin(month: string) {
    this.bulletin = month
  }

  #escape(e: KeyboardEvent) {
    if (e.key !== 'Escape') return false
    this.cancelInteraction()
    return true
  }
}

function asCollection(geom: Geometry | Feature | FeatureCollection): FeatureCollection {
  return geom.type === 'FeatureCollection' ? geom
    : geom.type === 'Feature' ? { type: 'FeatureCollection', features: [geom] }
    : { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: geom, properties: {} }] }
}
