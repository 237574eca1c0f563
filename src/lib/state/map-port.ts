// What the stores may ask of the map, without knowing it is MapLibre: the map owner
// (src/lib/map/map-owner.svelte.ts) implements these and hands itself to the stores that need
// it once the map is ready. Stores depend on this file; only src/lib/map/ depends on MapLibre,
// deck.gl and terra-draw.
import type { Geometry, Polygon } from 'geojson'
import type { ZoneKind } from '../api/types'
import type { Bbox } from '../geo/bbox'
import type { LAYER } from '../api/layer-ids'

/** The layers a mode asks about under the pointer. */
export type PickableLayer = typeof LAYER.zones | typeof LAYER.grids

export interface MapPosition { lon: number; lat: number; zoom: number }

/**
 * Which panels a fitted shape must stay clear of. The map owner holds the padding for each
 * (src/lib/map/fit-padding.ts), so the panels' sizes live in one place.
 */
export type FitClearance = 'panels' | 'ranking' | 'desk' | 'coverage' | 'import' | 'print'

/** What a click on the map hit, for the mode that owns the click. */
export interface MapClick {
  lon: number
  lat: number
  /** shift was held (officers add grids to a selection with it) */
  shift: boolean
  /** properties of the features of a catalogue layer under the pointer, within `slopPx` */
  features(layer: PickableLayer, slopPx?: number): Record<string, any>[]
}

/** The zone editor's drawing tool (terra-draw), as the edit session drives it. */
export interface ShapeEditor {
  readonly drawing: boolean
  enable(): void
  disable(): void
  drawNew(kind: ZoneKind): void
  edit(shape: Geometry, kind: ZoneKind): void
  replace(shape: Geometry): void
  stop(): void
  undo(): void
  redo(): void
  canUndo(): boolean
  canRedo(): boolean
}

export interface ShapeEditorHooks {
  shapeOf(layer: PickableLayer, props: Record<string, any>): Geometry | null
  ignoreZoneId(): number | null
  onshape(g: Geometry | null): void
  onhistory(): void
}

export interface MapPort {
  position(): MapPosition
  jumpTo(p: MapPosition): void
  flyTo(lon: number, lat: number, zoom?: number): void
  fit(bbox: Bbox, options?: { animate?: boolean; clear?: FitClearance }): void
  /** pan just enough that a clicked point is not under the right-hand panel */
  keepInView(lon: number, lat: number): void
  /** close the click popups (a view change leaves them behind otherwise) */
  closePopups(): void
  /** draw a polygon or circle once (the leaders' ad-hoc area); returns a function that cancels */
  drawArea(shape: 'polygon' | 'circle', ondone: (geom: Polygon) => void): () => void
  /** the zone editor's tool, loaded when first asked for (terra-draw is a lazy chunk) */
  shapeEditor(hooks: ShapeEditorHooks): Promise<ShapeEditor>
  /** a PNG of the map fitted to bbox (the print view), the view put back afterwards */
  snapshot(bbox: Bbox | null): Promise<MapSnapshot | null>
}

/** A picture of the map for the printed report, with what its scale bar and north arrow need. */
export interface MapSnapshot {
  /** data: URL of the PNG */
  png: string
  /** ground metres one PNG pixel spans at the picture's centre (Web Mercator at its latitude); null if the map is tilted */
  metresPerPixel: number | null
  /** the map's bearing in degrees (0: north is up) */
  bearing: number
}

export type { Bbox, Geometry }
