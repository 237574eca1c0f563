// Drawing and vertex editing of one zone shape with terra-draw on the MapLibre map.
// Promises: at most one shape at a time; `onshape` hears every finished change (a closed
// polygon, a dragged vertex, a shape set from grids, a clip or an undo); snapping goes to the
// vertices and edges of neighbouring zones and grid boundaries rendered near the pointer,
// within SNAP_PX; undo/redo walk a stack of finished shapes, and while a shape is still being
// drawn they take back or restore its last point (terra-draw's mode-level history).
import { TerraDraw, TerraDrawModeUndoRedo, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode, type SnapToCustom } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Geometry, Position } from 'geojson'
import type { ZoneKind } from '../api/types'
import { snapPosition } from '../geo/snap'
import { withoutRepeatedPoints } from '../geo/shape-check'

export const SNAP_PX = 12
const MODE: Record<ZoneKind, string> = { area: 'polygon', road: 'linestring', point: 'point' }
const SNAP_LAYERS = ['zones-fill', 'zones-outline', 'zones-road', 'zones-point', 'grids-fill']

export interface ZoneDrawOptions {
  /** the full geometry of a rendered feature (tiles clip and quantise theirs) */
  shapeOf: (layerId: string, props: Record<string, any>) => Geometry | null
  /** the zone being edited is not a snapping target for itself */
  ignoreZoneId: () => number | null
  onshape: (g: Geometry | null) => void
  /** undo/redo availability may have changed (a point added while drawing) */
  onhistory: () => void
}

export class ZoneDraw {
  #draw: TerraDraw
  #id: string | number | null = null
  #kind: ZoneKind = 'area'
  #undo: (Geometry | null)[] = []
  #redo: (Geometry | null)[] = []

  constructor(private map: MapLibreMap, private options: ZoneDrawOptions) {
    const snapping = { toCustom: this.#snap as SnapToCustom }
    const editable = { feature: { coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } }
    this.#draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'officers-td' }),
      modes: [
        new TerraDrawPolygonMode({ snapping, styles: { fillColor: '#f59e0b', fillOpacity: 0.25, outlineColor: '#b45309', outlineWidth: 3, closingPointColor: '#b45309' } }),
        new TerraDrawLineStringMode({ snapping, styles: { lineStringColor: '#b45309', lineStringWidth: 5 } }),
        new TerraDrawPointMode({ styles: { pointColor: '#b45309', pointWidth: 8 } }),
        new TerraDrawSelectMode({
          flags: { polygon: editable, linestring: editable, point: { feature: { draggable: true } } },
          allowManualDeselection: false,
          keyEvents: null,
          styles: { selectedPolygonColor: '#f59e0b', selectedPolygonOutlineColor: '#b45309', selectedPolygonOutlineWidth: 3, selectedPolygonFillOpacity: 0.25,
            selectedLineStringColor: '#b45309', selectedLineStringWidth: 5, selectionPointColor: '#ffffff', selectionPointOutlineColor: '#b45309', selectionPointWidth: 5, selectionPointOutlineWidth: 2,
            midPointColor: '#fde68a', midPointOutlineColor: '#b45309', midPointWidth: 4 },
        }),
      ],
      undoRedo: { modeLevel: new TerraDrawModeUndoRedo() },
    })
    this.#draw.on('history', () => this.options.onhistory())
    this.#draw.on('finish', (id) => {
      this.#id = id
      if (this.#draw.getMode() !== 'select') {
        // a finished drawing becomes editable at once: the officer drags vertices next
        this.#draw.setMode('select')
        this.#draw.selectFeature(id)
      }
      this.#commit()
    })
  }

  /**
   * terra-draw listens to the map's pointer only while edit mode is on: the leaders' ad-hoc
   * drawing (leaders-draw.ts) runs its own instance, and two live ones would fight.
   */
  enable() {
    if (this.#draw.enabled) return
    this.#draw.start()
    this.#draw.setMode('static')
  }

  disable() {
    if (!this.#draw.enabled) return
    this.stop()
    this.#draw.stop()
  }

  /** Start drawing a new shape of a kind (the previous shape is dropped). */
  drawNew(kind: ZoneKind) {
    this.enable()
    this.#reset(kind)
    this.#draw.setMode(MODE[kind])
  }

  /** Edit an existing shape (or one built from grids, or a clip): it becomes the current shape. */
  edit(geometry: Geometry, kind: ZoneKind, { record = true } = {}) {
    const g = withoutRepeatedPoints(single(geometry))
    this.enable()
    // an edit starts from its shape: undo stops there (a new drawing's first step back is the empty map)
    if (record) { this.#reset(kind); this.#undo = [] }
    this.#kind = kind
    this.#clear()
    const [id] = this.#draw.addFeatures([{ type: 'Feature', geometry: g as any, properties: { mode: MODE[kind] } }]).filter((r) => r.valid).map((r) => r.id)
    if (id === undefined) return
    this.#id = id
    this.#draw.setMode('select')
    this.#draw.selectFeature(id)
    if (record) this.#commit()
  }

  /** Replace the current shape (a clip, the other version in a conflict), as one undoable step. */
  replace(geometry: Geometry) {
    this.edit(geometry, this.#kind, { record: false })
    this.#commit()
  }

  /** The current shape as GeoJSON (null while nothing is finished). */
  shape(): Geometry | null {
    if (!this.#draw.enabled || this.#id === null || !this.#draw.hasFeature(this.#id)) return null
    return this.#draw.getSnapshotFeature(this.#id)?.geometry as Geometry ?? null
  }

  get drawing() { return this.#draw.enabled && this.#draw.getModeState() === 'drawing' }
  canUndo() { return this.drawing ? this.#draw.canUndo() : this.#undo.length > 1 }
  canRedo() { return this.drawing ? this.#draw.canRedo() : this.#redo.length > 0 }
  undo() {
    if (this.drawing) { this.#draw.undo(); return }
    if (!this.canUndo()) return
    this.#redo.push(this.#undo.pop()!)
    this.#show(this.#undo.at(-1)!)
  }
  redo() {
    if (this.drawing) { this.#draw.redo(); return }
    const g = this.#redo.pop()
    if (g === undefined) return
    this.#undo.push(g)
    this.#show(g)
  }

  /** Leave drawing: the shape is dropped from terra-draw (the saved zone is on the zones layer). */
  stop() {
    if (!this.#draw.enabled) return
    this.#reset(this.#kind)
    this.#draw.setMode('static')
  }

  destroy() { this.disable() }

  #show(g: Geometry | null) {
    if (g) this.edit(g, this.#kind, { record: false })
    else { this.#clear(); this.#draw.setMode(MODE[this.#kind]) }
    this.options.onshape(g)
  }

  #commit() {
    const g = this.shape()
    this.#undo.push(g)
    this.#redo = []
    this.options.onshape(g)
  }

  #reset(kind: ZoneKind) {
    this.#kind = kind
    this.#clear()
    this.#undo = [null]
    this.#redo = []
  }

  #clear() {
    if (this.#draw.getMode() !== 'static') this.#draw.setMode('static')
    this.#draw.clear()
    this.#id = null
  }

  /** terra-draw asks where the pointer should land: the nearest vertex/edge of what is drawn near it. */
  #snap = (event: { lng: number; lat: number; containerX: number; containerY: number }): Position | undefined => {
    const r = SNAP_PX
    const layers = SNAP_LAYERS.filter((l) => this.map.getLayer(l) && this.map.getLayoutProperty(l, 'visibility') !== 'none')
    const hits = this.map.queryRenderedFeatures([[event.containerX - r, event.containerY - r], [event.containerX + r, event.containerY + r]], { layers })
    const skip = this.options.ignoreZoneId()
    const seen = new Set<string>()
    const shapes: Geometry[] = []
    for (const f of hits) {
      const key = `${f.layer.id.split('-')[0]}:${f.properties.id ?? f.properties.code}`
      if (seen.has(key) || (skip !== null && f.layer.id.startsWith('zones') && f.properties.id === skip)) continue
      seen.add(key)
      const g = this.options.shapeOf(f.layer.id, f.properties)
      if (g) shapes.push(g)
    }
    const project = (p: Position) => this.map.project(p as [number, number])
    return snapPosition({ lngLat: [event.lng, event.lat], x: event.containerX, y: event.containerY }, shapes, project, r)
  }
}

/** terra-draw edits Polygon/LineString/Point; a one-part Multi* is unwrapped. */
function single(g: Geometry): Geometry {
  if ((g.type === 'MultiPolygon' || g.type === 'MultiLineString' || g.type === 'MultiPoint') && g.coordinates.length === 1)
    return { type: g.type.slice(5) as any, coordinates: g.coordinates[0] } as Geometry
  return g
}
