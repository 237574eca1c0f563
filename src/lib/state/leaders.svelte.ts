// What a leader is inspecting (issue 5): an administrative area with its breadcrumb, a drawn
// or picked ad-hoc area, a unit highlighted from the ranking, the zones put side by side,
// and the report being printed. Every figure here is a SQL function's answer held as
// returned; this module only decides which question to ask and keeps the latest answer.
import type { Feature, Geometry, Polygon } from 'geojson'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { booleanPointInPolygon } from '@turf/turf'
import type { Api } from '../api/api'
import type { AdminAreaRef, AdminAreaReport, AdminLevel, AreaReport, ZoneReport } from '../api/types'
import { errorText } from '../api/error-text'
import { toApiError } from '../api/errors'
import { t } from '../i18n/i18n.svelte'
import type { MapData } from './map-data.svelte'
import { adminTrail, LEVEL_LAYER } from './admin-trail'
import { bboxOf, createLeadersLayers, type Bbox, type LeadersLayers } from '../map/leaders-layers'
import { drawArea } from '../map/leaders-draw'

export type AreaView =
  | { kind: 'admin'; report: AdminAreaReport; trail: AdminAreaRef[] }
  | { kind: 'adhoc'; report: AreaReport; shape: 'polygon' | 'circle' | 'grids'; geom: Geometry; grids: string[] }

/** What a map click means now: inspect (open the zone panel), or part of drawing/picking an area. */
export type Interaction = 'inspect' | 'draw-polygon' | 'draw-circle' | 'pick-grids'

export interface PrintJob { title: string; subtitle: string; report: AreaReport; snapshot: string | null; unit?: ZoneReport['unit'] }

export class Leaders {
  area = $state.raw<AreaView | null>(null)
  areaLoading = $state(false)
  areaError = $state<string | null>(null)
  interaction = $state<Interaction>('inspect')
  pickedGrids = $state<string[]>([])
  pickError = $state<string | null>(null)
  highlightedUnit = $state<number | null>(null)
  compare = $state.raw<ZoneReport[]>([])
  print = $state.raw<PrintJob | null>(null)
  map: MapLibreMap | null = null
  layers: LeadersLayers | null = null
  #request = 0
  #cancelDraw: (() => void) | null = null

  constructor(private api: Api, private store: MapData) {}

  attach(map: MapLibreMap) {
    this.map = map
    this.layers = createLeadersLayers(map)
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
  openAdmin(level: AdminLevel, code: string) {
    return this.#load(async () => {
      const report = await this.api.adminAreaSummary(level, code)
      const trail = adminTrail({ level, code, name: report.name }, report.parent, this.store.data)
      return { kind: 'admin' as const, report, trail }
    }, (v) => {
      const shape = this.store.data[LEVEL_LAYER[level]]?.features.filter((f) => f.properties?.code === code) ?? []
      this.layers?.showArea({ type: 'FeatureCollection', features: shape })
      this.layers?.fitTo(v.report.bbox)
    })
  }

  /** The same summary for a drawn polygon or circle, or the union of picked grids. */
  openAdhoc(geom: Geometry, shape: 'polygon' | 'circle' | 'grids', grids: string[] = []) {
    this.layers?.showArea(geom)
    return this.#load(async () => ({ kind: 'adhoc' as const, report: await this.api.areaSummary(geom), shape, geom, grids }))
  }

  closeArea() {
    this.#request++
    this.area = null; this.areaError = null; this.areaLoading = false
    this.layers?.showArea(null)
  }

  /** Draw a polygon or a circle; while drawing, map clicks do not open the zone panel. */
  startDraw(shape: 'polygon' | 'circle') {
    if (!this.map) return
    this.cancelInteraction()
    this.interaction = shape === 'polygon' ? 'draw-polygon' : 'draw-circle'
    this.#cancelDraw = drawArea(this.map, shape, (geom: Polygon) => {
      this.#cancelDraw = null
      // the click that finished the shape reaches the map's click handler after this: it must
      // not count as an inspect click (which would close this area and open a zone)
      setTimeout(() => { if (this.interaction !== 'pick-grids') this.interaction = 'inspect' }, 300)
      void this.openAdhoc(geom, shape)
    })
  }

  startPickGrids() {
    this.cancelInteraction()
    this.interaction = 'pick-grids'
    this.pickedGrids = []
  }

  /** In grid-picking mode a click adds or removes the grid under it. */
  pickGridAt(lon: number, lat: number) {
    const grid = this.store.data.grids?.features.find((f) => booleanPointInPolygon([lon, lat], f as Feature<any>))
    const code = grid?.properties?.code as string | undefined
    if (!code) return
    this.pickError = null
    this.pickedGrids = this.pickedGrids.includes(code) ? this.pickedGrids.filter((c) => c !== code) : [...this.pickedGrids, code]
    const picked = this.store.data.grids!.features.filter((f) => this.pickedGrids.includes(f.properties?.code))
    this.layers?.showArea({ type: 'FeatureCollection', features: picked })
  }

  /** The picked grids as one area. Grids that do not touch cannot be one area: say so and keep the picks. */
  async finishPickGrids() {
    const codes = [...this.pickedGrids]
    if (!codes.length) return
    this.pickError = null
    try {
      const geom = await this.api.gridsUnion(codes)
      this.interaction = 'inspect'
      this.pickedGrids = []
      await this.openAdhoc(geom, 'grids', codes)
    } catch (e) {
      this.pickError = toApiError(e).code === 'wrong_geometry_type' ? t('draw.grids_not_contiguous') : errorText(e)
    }
  }

  cancelInteraction() {
    this.#cancelDraw?.()
    this.#cancelDraw = null
    if (this.interaction === 'pick-grids') this.layers?.showArea(null)
    this.interaction = 'inspect'
    this.pickedGrids = []
    this.pickError = null
  }

  /** Highlight every zone of a unit and fit the map to them (null clears); `clearLeft` keeps them clear of the ranking table. */
  highlightUnit(unitId: number | null, clearLeft = 660) {
    this.highlightedUnit = unitId
    this.layers?.highlightUnit(unitId)
    if (unitId == null) return
    const bbox = bboxOf(this.unitZones(unitId))
    if (bbox) this.layers?.fitTo(bbox, true, clearLeft)
  }

  /** A unit's zones as drawn on the map (geometry, for highlighting and fitting — not for figures). */
  unitZones(unitId: number): Feature[] {
    return this.store.data.zones?.features.filter((f) => f.properties?.unit_id === unitId) ?? []
  }

  addCompare(report: ZoneReport) {
    if (!this.compare.some((z) => z.zone.id === report.zone.id)) this.compare = [...this.compare, report]
  }
  removeCompare(zoneId: number) {
    this.compare = this.compare.filter((z) => z.zone.id !== zoneId)
  }

  /** The print view: fit the map to the area, take a snapshot right after a render, then show the report. */
  async openPrint(job: Omit<PrintJob, 'snapshot'>, bbox: Bbox | null) {
    let snapshot: string | null = null
    const map = this.map
    if (map) {
      const before = { center: map.getCenter(), zoom: map.getZoom() }
      // generous top/bottom padding: the A4 frame is wider than the screen and crops the snapshot's top and bottom
      if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: { top: 100, bottom: 100, left: 60, right: 60 }, duration: 0, maxZoom: 16 })
      await new Promise<void>((r) => { map.once('idle', () => r()); map.triggerRepaint(); setTimeout(r, 8000) })
      snapshot = await new Promise<string | null>((r) => {
        // without preserveDrawingBuffer the canvas is readable only right after it was drawn
        map.once('render', () => { try { r(map.getCanvas().toDataURL('image/png')) } catch { r(null) } })
        map.triggerRepaint()
        setTimeout(() => r(null), 5000)
      })
      map.jumpTo(before) // the leader's own view comes back when the report closes
    }
    this.print = { ...job, snapshot }
  }
}
