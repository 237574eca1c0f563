// What the e2e tests may ask of the map (window.__gridgov.map(), built by MapOwner.testSurface):
// only what a user sees but a test cannot read off a canvas, and, for the wall's soak bench
// (scripts/bench-wall.ts), what the map holds. Kept apart from the owner: none of it is the map's
// own behaviour.
import type { Geometry } from 'geojson'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { MapData } from '../state/map-data.svelte'
import type { MapPosition } from '../state/map-port'
import type { CatalogueLayers } from './catalogue-layers'

export interface SurfaceParts {
  map: () => MapLibreMap | null
  catalogue: () => CatalogueLayers | null
  store: MapData
  editorShape: () => Geometry | null
  outline: () => number
  drawn: (overlay: string, what: string) => number
  position: () => MapPosition
  jumpTo: (p: MapPosition) => void
  settled: () => Promise<void>
}

export function testSurface(o: SurfaceParts) {
  return {
    rendered: (layer: string) => o.catalogue()?.renderedCount(layer) ?? 0,
    // the properties of what is drawn now, for a test to tell which features a user sees:
    // a catalogue layer by its id ('issues', 'zones'), or an overlay's layers by their id prefix
    // ('coverage-overlap-selected', 'import-line', 'leaders-unit')
    features: (layer: string) => renderedFeatures(o, layer),
    // the shape in the zone editor, vertex by vertex (terra-draw's canvas; exact, unlike rendered tiles)
    editorShape: o.editorShape,
    drawn: o.drawn,
    // the static outline's features on screen (drawn before the database is ready; 0 once the layers replaced it)
    outline: o.outline,
    // where a coordinate is on screen, in page px (a user sees where a place is)
    screenPoint: (lon: number, lat: number) => screenPoint(o, lon, lat),
    position: o.position,
    jumpTo: o.jumpTo,
    settled: o.settled,
    // every layer_view call the store made (layer, zoom bucket, box): what the map fetched by view
    viewLoads: () => o.store.loadLog.map((l) => ({ ...l })),
    // read-only, for the wall's soak bench: what the map holds, to compare after a long run
    // (no test reads a count of layers, so nothing else gave it)
    holds: () => holds(o),
  }
}

function holds(o: SurfaceParts) {
  const m = o.map()
  if (!m) return null
  const style = m.getStyle()
  return { styleLayers: style.layers.length, sources: Object.keys(style.sources).length,
    deckLayers: o.catalogue()?.deckLayerCount() ?? null, markers: m.getContainer().querySelectorAll('.maplibregl-marker').length }
}

function renderedFeatures(o: SurfaceParts, layer: string): Record<string, any>[] {
  const m = o.map(), catalogue = o.catalogue()
  if (!m || !catalogue) return []
  if (o.store.catalog.some((l) => l.id === layer)) return catalogue.renderedProps(layer)
  const layers = m.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith(layer))
  return layers.length ? m.queryRenderedFeatures({ layers }).map((f) => f.properties) : []
}

function screenPoint(o: SurfaceParts, lon: number, lat: number): [number, number] | null {
  const m = o.map()
  if (!m) return null
  const p = m.project([lon, lat])
  const r = m.getCanvas().getBoundingClientRect()
  return [r.left + p.x, r.top + p.y]
}
