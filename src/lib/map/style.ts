// The offline base style and the MapLibre layers that draw our own data. Nothing here needs
// the internet: no tiles, sprites or glyphs — the district, its streets and grids are the
// orientation. Colours are deterministic per community and per unit.
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'

export const COMMUNITY_COLOURS = ['#cfe0f1', '#dcebcf', '#f4e2c8', '#e6d8f0', '#d2ece8', '#f3d6db', '#e8e8c8', '#d7ddf2']
export const UNIT_COLOURS = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#3a5f8f', '#7f7f7f', '#a05195']

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'GridGov offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
  }
}

const communityColour = ['to-color', ['at', ['%', ['to-number', ['slice', ['get', 'community_code'], 6, 12]], COMMUNITY_COLOURS.length], ['literal', COMMUNITY_COLOURS]]] as any
const unitColour = ['to-color', ['at', ['%', ['get', 'unit_id'], UNIT_COLOURS.length], ['literal', UNIT_COLOURS]]] as any

/** The MapLibre layers for one catalogue layer, drawn from source `src:<id>`. */
export function layersFor(id: string): LayerSpecification[] {
  const source = `src:${id}`
  switch (id) {
    case 'district':
      return [
        { id: 'district-fill', type: 'fill', source, paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.6 } },
        { id: 'district-outline', type: 'line', source, paint: { 'line-color': '#0b3d6e', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 15, 5] } },
      ]
    case 'streets':
      return [{ id: 'streets-outline', type: 'line', source, paint: { 'line-color': '#35608f', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 15, 3.5], 'line-dasharray': [3, 1.5] } }]
    case 'communities':
      return [{ id: 'communities-outline', type: 'line', source, paint: { 'line-color': '#6b86a6', 'line-width': 1.2 } }]
    case 'grids':
      return [
        { id: 'grids-fill', type: 'fill', source, paint: { 'fill-color': communityColour, 'fill-opacity': 0.75 } },
        { id: 'grids-outline', type: 'line', source, paint: { 'line-color': '#8a9bb0', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.3, 15, 1.2], 'line-opacity': 0.8 } },
      ]
    case 'zones':
      return [
        { id: 'zones-fill', type: 'fill', source, filter: ['==', ['get', 'kind'], 'area'], paint: { 'fill-color': unitColour, 'fill-opacity': 0.1 } },
        { id: 'zones-outline', type: 'line', source, filter: ['==', ['get', 'kind'], 'area'], paint: { 'line-color': unitColour, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.2, 15, 2.5] } },
        { id: 'zones-road', type: 'line', source, filter: ['==', ['get', 'kind'], 'road'], layout: { 'line-cap': 'round' }, paint: { 'line-color': unitColour, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 3, 15, 7], 'line-opacity': 0.85 } },
        { id: 'zones-point', type: 'circle', source, filter: ['==', ['get', 'kind'], 'point'], paint: { 'circle-color': '#ffffff', 'circle-stroke-color': unitColour, 'circle-stroke-width': 3, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 15, 8] } },
      ]
    default:
      return []
  }
}

/** The highlight of the selected zone, drawn above everything. */
export const SELECTED_LAYERS: LayerSpecification[] = [
  { id: 'selected-fill', type: 'fill', source: 'src:zones', filter: ['==', ['get', 'id'], -1], paint: { 'fill-color': '#ffb400', 'fill-opacity': 0.25 } },
  { id: 'selected-outline', type: 'line', source: 'src:zones', filter: ['==', ['get', 'id'], -1], paint: { 'line-color': '#e08a00', 'line-width': 4 } },
]

/** The layers the first map draws, in order (issue layers come with the layer panel). */
export const FIRST_MAP_LAYERS = ['district', 'grids', 'communities', 'streets', 'zones']
