// The layer panel: layers, legends, market and parking kinds. English; the keys are those of ../zh-CN/layers.ts, checked by the type.
import type { layers as zh } from '../zh-CN/layers'

export const layers: Record<keyof typeof zh, string> = {
  'layers.title': 'Layers',
  'layers.opacity_of': '{layer}: opacity',
  'layers.opacity': 'Opacity',
  'layers.whole': 'all',
  'layers.whole_count': 'Features in the whole district (issues: those matching the filters); does not change as the map moves',
  'legend.grids_zoomed_out': 'Each grid from street zoom; zoomed out, the communities\' outlines',
  'legend.density': 'Heatmap at district zoom; zoom to street level for each issue',
  'legend.hot': 'Statistical hotspot (Gi* z > 1.96)',
  'legend.recurring': 'Recurring problem',
  'legend.market_size': 'Circle size: number of stalls',
  'legend.parking_size': 'Circle size: number of spaces',
  'legend.new_spaces': 'Green ring: new spaces added',
  'legend.phase': 'Colour: renovation phase (1–9)',
  'legend.grids': 'Coloured by community',
  'market.farmers': 'Farmers\' market',
  'market.morning': 'Morning market',
  'market.night': 'Night market',
  'market.stall_zone': 'Street-stall zone',
  'parking.public': 'Public car park',
  'parking.compound': 'Compound car park',
  'parking.roadside': 'Roadside parking',
}
