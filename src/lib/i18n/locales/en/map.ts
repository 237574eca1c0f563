// The map itself and the popups of its features. English; the keys are those of ../zh-CN/map.ts, checked by the type.
import type { map as zh } from '../zh-CN/map'

export const map: Record<keyof typeof zh, string> = {
  'map.loading_layers': 'Loading layers…',
  'map.hint': 'Click anywhere on the map to see the responsible zone and unit',
  'map.basemap_failed': 'The base map failed to load; using the offline base. Our layers are unaffected',
  'popup.code': 'Code',
  'popup.street': 'Street',
  'popup.grid_officer': 'Grid officer',
  'popup.kind': 'Type',
  'popup.version': 'Version',
  'popup.state': 'State',
  'popup.reported': 'Reported',
  'popup.deadline': 'Deadline',
  'popup.undispatched': 'Not dispatched',
  'popup.description': 'Description',
  'popup.stalls': 'Stalls',
  'popup.hours': 'Opening hours',
  'popup.capacity': 'Spaces',
  'popup.new_spaces': 'New spaces',
  'popup.project': 'Project',
  'popup.phase': 'Phase',
  'popup.phase_n': 'Phase {n} ({year})',
  'popup.buildings': 'Buildings',
  'popup.households': 'Households',
}
