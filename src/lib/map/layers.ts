// MapLibre layers for the catalogue's layers, each drawn from source `src:<id>`. Known layers
// have their own look; any other catalogued layer (added by data alone) is drawn generically
// from its geometry type and the catalogue's `style` ({ "color": "#…" }).
import type { LayerSpecification } from 'maplibre-gl'
import type { LayerInfo } from '../api/types'
import { BOUNDARY_COLOURS, COMMUNITY_COLOURS, MARKET_COLOURS, PHASE_COLOURS, SELECTED_ZONE_COLOURS, UNIT_COLOURS } from './style'

const communityColour = ['to-color', ['at', ['%', ['to-number', ['slice', ['get', 'community_code'], 6, 12]], COMMUNITY_COLOURS.length], ['literal', COMMUNITY_COLOURS]]] as any
const unitColour = ['to-color', ['at', ['%', ['get', 'unit_id'], UNIT_COLOURS.length], ['literal', UNIT_COLOURS]]] as any
const byZoom = (a: number, b: number) => ['interpolate', ['linear'], ['zoom'], 11, a, 16, b] as any

/** From this zoom issue bins are drawn as dots sized by count (issues-overlay's street zoom), below it as the heatmap. */
const STREET_BINS_ZOOM = 14
/** A feature of layer_view's counts (a zoomed-out city's layer: a point with n), not a feature of the layer. */
const isCount = ['has', 'n'] as any
const notCount = ['!', isCount] as any
/** The counts of a layer too many to draw zoomed out (layer_view's "counts"): a dot per lattice cell, sized by how many it holds. */
function countsLayer(id: string, source: string, colour: string): LayerSpecification {
  return { id: `${id}-counts`, type: 'circle', source, filter: isCount, paint: {
    'circle-color': colour, 'circle-opacity': 0.7,
    'circle-radius': ['min', 9, ['+', 2, ['sqrt', ['get', 'n']]]] as any,
    'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5 } }
}

/** Does this MapLibre layer draw counts rather than features (no tooltip, no click, not counted as drawn features)? */
export const drawsCounts = (layerId: string) => layerId.endsWith('-counts')

export function layersFor(info: LayerInfo): LayerSpecification[] {
  // issues and grids have aggregates of their own (bins, community outlines)
  if (info.id === 'issues' || info.id === 'grids') return featureLayers(info)
  return [...featureLayers(info), countsLayer(info.id, `src:${info.id}`, countColour(info))]
}

function countColour(info: LayerInfo): string {
  switch (info.id) {
    case 'zones': return UNIT_COLOURS[9]
    case 'compounds': return PHASE_COLOURS[6]
    case 'markets': return MARKET_COLOURS.farmers
    case 'parking': return '#2563eb'
    default: return typeof info.style?.color === 'string' ? info.style.color : '#0f766e'
  }
}

function featureLayers(info: LayerInfo): LayerSpecification[] {
  const source = `src:${info.id}`
  switch (info.id) {
    case 'district':
      return [{ id: 'district-fill', type: 'fill', source, paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.6 } },
        { id: 'district-outline', type: 'line', source, paint: { 'line-color': BOUNDARY_COLOURS.district, 'line-width': byZoom(2.5, 5) } }]
    case 'streets':
      return [{ id: 'streets-outline', type: 'line', source, paint: { 'line-color': BOUNDARY_COLOURS.streets, 'line-width': byZoom(1.5, 3.5), 'line-dasharray': [3, 1.5] } }]
    case 'communities':
      return [{ id: 'communities-outline', type: 'line', source, paint: { 'line-color': BOUNDARY_COLOURS.communities, 'line-width': 1.2 } }]
    case 'grids':
      return [{ id: 'grids-fill', type: 'fill', source, paint: { 'fill-color': communityColour, 'fill-opacity': 0.75 } },
        { id: 'grids-outline', type: 'line', source, paint: { 'line-color': '#8a9bb0', 'line-width': byZoom(0.3, 1.2), 'line-opacity': 0.8 } }]
    case 'zones':
      return [{ id: 'zones-fill', type: 'fill', source, filter: ['==', ['get', 'kind'], 'area'], paint: { 'fill-color': unitColour, 'fill-opacity': 0.1 } },
        { id: 'zones-outline', type: 'line', source, filter: ['==', ['get', 'kind'], 'area'], paint: { 'line-color': unitColour, 'line-width': byZoom(1.2, 2.5) } },
        { id: 'zones-road', type: 'line', source, filter: ['==', ['get', 'kind'], 'road'], layout: { 'line-cap': 'round' }, paint: { 'line-color': unitColour, 'line-width': byZoom(3, 7), 'line-opacity': 0.85 } },
        { id: 'zones-point', type: 'circle', source, filter: ['==', ['get', 'kind'], 'point'], paint: { 'circle-color': '#ffffff', 'circle-stroke-color': unitColour, 'circle-stroke-width': 3, 'circle-radius': byZoom(4, 8) } }]
    case 'compounds':
      return [{ id: 'compounds-fill', type: 'fill', source, filter: notCount, paint: { 'fill-color': ['to-color', ['at', ['-', ['get', 'phase'], 1], ['literal', PHASE_COLOURS]]] as any, 'fill-opacity': 0.85 } },
        { id: 'compounds-outline', type: 'line', source, filter: notCount, paint: { 'line-color': '#7c2d12', 'line-width': 1.2 } }]
    case 'markets':
      return [{ id: 'markets-circle', type: 'circle', source, filter: notCount, paint: {
        'circle-color': ['match', ['get', 'kind'], 'farmers', MARKET_COLOURS.farmers, 'morning', MARKET_COLOURS.morning, 'night', MARKET_COLOURS.night, MARKET_COLOURS.stall_zone] as any,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, ['+', 3, ['/', ['sqrt', ['coalesce', ['get', 'stall_count'], 20]], 2.5]], 16, ['+', 6, ['sqrt', ['coalesce', ['get', 'stall_count'], 20]]]] as any,
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5, 'circle-opacity': 0.9 } }]
    case 'parking':
      return [{ id: 'parking-circle', type: 'circle', source, filter: notCount, paint: {
        'circle-color': '#2563eb', 'circle-opacity': 0.75,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, ['+', 2, ['/', ['sqrt', ['get', 'capacity']], 3]], 16, ['+', 4, ['/', ['sqrt', ['get', 'capacity']], 1.4]]] as any,
        'circle-stroke-color': ['case', ['>', ['get', 'new_spaces'], 0], '#22c55e', '#ffffff'] as any,
        'circle-stroke-width': ['case', ['>', ['get', 'new_spaces'], 0], 3, 1] as any } }]
    case 'issues':
      // District zoom: MapLibre's GPU heatmap of layer_view's bins, each weighing its count; street
      // zoom: deck.gl points (issues-overlay.ts). Shown only while the source holds bins
      // (catalogue-layers.ts). A dense city's street view gets bins too (more than 5,000 issues in
      // the box): there they are dots sized by count, not the heatmap (an offscreen pass every frame,
      // where the same view at ×1 draws a few dots; its share of the frame was not measured apart).
      return [{ id: 'issues-heat', type: 'heatmap', source, maxzoom: STREET_BINS_ZOOM, paint: {
        'heatmap-weight': ['coalesce', ['get', 'n'], 1] as any,
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 10, 13.9, 28] as any,
        'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.7, 13.9, 1.4] as any,
        'heatmap-opacity': 0.8,
        'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(255,237,213,0)', 0.15, '#fed7aa', 0.35, '#fdba74', 0.55, '#fb923c', 0.75, '#ea580c', 1, '#9a3412'] as any,
      } }, { id: 'issues-counts', type: 'circle', source, minzoom: STREET_BINS_ZOOM, filter: isCount, paint: {
        'circle-color': '#ea580c', 'circle-opacity': 0.75, 'circle-radius': ['min', 8, ['+', 2, ['/', ['sqrt', ['get', 'n']], 1.5]]] as any,
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5 } }]
    default:
      return genericLayers(info, source)
  }
}

function genericLayers(info: LayerInfo, source: string): LayerSpecification[] {
  const colour = typeof info.style?.color === 'string' ? info.style.color : '#0f766e'
  const id = `${info.id}-generic`
  if (info.geometry_type === 'point') return [{ id, type: 'circle', source, filter: notCount, paint: { 'circle-color': colour, 'circle-radius': byZoom(3.5, 7), 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } }]
  if (info.geometry_type === 'line') return [{ id, type: 'line', source, filter: notCount, paint: { 'line-color': colour, 'line-width': byZoom(2, 4) } }]
  return [{ id: `${id}-fill`, type: 'fill', source, filter: notCount, paint: { 'fill-color': colour, 'fill-opacity': 0.3 } }, { id, type: 'line', source, filter: notCount, paint: { 'line-color': colour, 'line-width': 1.5 } }]
}

/** The paint properties that carry a layer's opacity, scaled by the user's opacity (0–1). */
type OpacityProperty = 'fill-opacity' | 'line-opacity' | 'circle-opacity' | 'circle-stroke-opacity' | 'heatmap-opacity'
export function opacityPaint(layer: LayerSpecification, factor: number): [OpacityProperty, number][] {
  const base: Record<string, [OpacityProperty, number][]> = {
    fill: [['fill-opacity', (layer.paint as any)?.['fill-opacity'] ?? 1]],
    line: [['line-opacity', (layer.paint as any)?.['line-opacity'] ?? 1]],
    circle: [['circle-opacity', (layer.paint as any)?.['circle-opacity'] ?? 1], ['circle-stroke-opacity', 1]],
    heatmap: [['heatmap-opacity', (layer.paint as any)?.['heatmap-opacity'] ?? 1]],
  }
  return (base[layer.type] ?? []).map(([k, v]) => [k, (typeof v === 'number' ? v : 1) * factor])
}

/** The selected zone and the hotspot analysis, drawn above our layers. */
export const OVERLAY_LAYERS: LayerSpecification[] = [
  { id: 'hotspots-fill', type: 'fill', source: 'src:hotspots', filter: ['get', 'hot'], paint: { 'fill-color': ['interpolate', ['linear'], ['get', 'z'], 1.96, '#fca5a5', 4, '#ef4444', 8, '#991b1b'] as any, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0.55, 15, 0.18] as any } },
  { id: 'hotspots-recurring', type: 'line', source: 'src:hotspots', filter: ['get', 'recurring'], paint: { 'line-color': '#7c3aed', 'line-width': byZoom(2, 4), 'line-dasharray': [1.5, 1] } },
  { id: 'selected-fill', type: 'fill', source: 'src:zones', filter: ['==', ['get', 'id'], -1], paint: { 'fill-color': SELECTED_ZONE_COLOURS.fill, 'fill-opacity': 0.25 } },
  { id: 'selected-outline', type: 'line', source: 'src:zones', filter: ['==', ['get', 'id'], -1], paint: { 'line-color': SELECTED_ZONE_COLOURS.line, 'line-width': 4 } },
]
