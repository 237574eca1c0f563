// Words shared by several screens: list separator, units, zone kinds, administrative levels, issue states. English; the keys are those of ../zh-CN/common.ts, checked by the type.
import type { common as zh } from '../zh-CN/common'

export const common: Record<keyof typeof zh, string> = {
  'kind.area': 'Area',
  'kind.road': 'Road segment',
  'kind.point': 'Point',
  /** an area (formatArea): square metres below 0.01 km², square kilometres above */
  'unit.area_m2': '{n} m²',
  'unit.area_km2': '{n} km²',
  'unit.hours': '{n} h',
  'unit.days': '{n} d',
  'unit.count': '',
  'chunk.failed': 'This part of the screen could not load (the site may have just been updated): reload the page',
  'chunk.reload': 'Reload',
  'chunk.close': 'Close',
  /** between the items of a list in running text */
  'list.sep': ', ',
  'state.open': 'Open',
  'state.overdue': 'Overdue',
  'state.closed': 'Closed',
  'level.district': 'District',
  'level.street': 'Street',
  'level.community': 'Community',
  'level.grid': 'Grid',
}
