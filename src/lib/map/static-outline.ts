// The district and its streets from the static file built with the app
// (`district-outline.json`, scripts/district-outline.ts): drawn as soon as the map exists, so a
// user sees the place within a second or two while the database starts, and taken away once
// the catalogue's own district and street layers are drawn from the database.
import { Marker, type GeoJSONSourceSpecification, type LayerSpecification, type Map as MapLibreMap } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { bboxOf, type Bbox } from '../geo/bbox'
import { BOUNDARY_COLOURS } from './style'

// asked for as soon as the app's code runs, so it arrives while MapLibre sets itself up
const outline: Promise<FeatureCollection | null> = fetch(`${import.meta.env.BASE_URL}district-outline.json`)
  .then((r) => (r.ok ? r.json() : null))
  .catch(() => null)

const SOURCE = 'static-outline'
const byZoom = (a: number, b: number) => ['interpolate', ['linear'], ['zoom'], 11, a, 16, b] as any
const isKind = (kind: string) => ['==', ['get', 'kind'], kind] as any
/** Drawn as the catalogue draws the district and streets (layers.ts), so the hand-over does not show. */
const LAYERS: LayerSpecification[] = [
  { id: 'static-outline-district-fill', type: 'fill', source: SOURCE, filter: isKind('district'), paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.6 } },
  { id: 'static-outline-streets', type: 'line', source: SOURCE, filter: isKind('street'), paint: { 'line-color': BOUNDARY_COLOURS.streets, 'line-width': byZoom(1.5, 3.5), 'line-dasharray': [3, 1.5] } },
  { id: 'static-outline-district', type: 'line', source: SOURCE, filter: isKind('district'), paint: { 'line-color': BOUNDARY_COLOURS.district, 'line-width': byZoom(2.5, 5) } },
]

export class StaticOutline {
  #labels: Marker[] = []
  #removed = false

  constructor(private map: MapLibreMap) {}

  /** Draw the outline once the file is here; its bounding box, or null when there is none (the layers will fit the map). */
  async draw(): Promise<Bbox | null> {
    const fc = await outline
    if (!fc || this.#removed) return null
    this.map.addSource(SOURCE, { type: 'geojson', data: fc } satisfies GeoJSONSourceSpecification)
    for (const layer of LAYERS) this.map.addLayer(layer)
    for (const f of fc.features) {
      const at = f.properties?.label
      if (f.properties?.kind !== 'street' || !Array.isArray(at)) continue
      const el = document.createElement('div')
      el.className = 'street-label'
      el.textContent = String(f.properties.name ?? '')
      this.#labels.push(new Marker({ element: el }).setLngLat([at[0], at[1]]).addTo(this.map))
    }
    return bboxOf(fc)
  }

  /** How many of its features are drawn on screen now (tests: the outline is there before the database). */
  rendered(): number {
    const layers = LAYERS.map((l) => l.id).filter((id) => this.map.getLayer(id))
    return layers.length ? this.map.queryRenderedFeatures({ layers } as any).length : 0
  }

  /** The database's layers are drawn: the outline and its labels go. */
  remove() {
    this.#removed = true
    this.#labels.splice(0).forEach((m) => m.remove())
    for (const layer of LAYERS) if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id)
    if (this.map.getSource(SOURCE)) this.map.removeSource(SOURCE)
  }
}
