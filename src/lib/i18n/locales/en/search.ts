// The place search box. English; the keys are those of ../zh-CN/search.ts, checked by the type.
import type { search as zh } from '../zh-CN/search'

export const search: Record<keyof typeof zh, string> = {
  'search.placeholder': 'Search zones, units, grid codes, communities…',
  'search.label': 'Search places',
  'search.none': 'No place matches “{q}”',
  'search.kind_zone': 'Zone',
  'search.kind_unit': 'Unit',
  'search.kind_grid': 'Grid',
  'search.kind_community': 'Community',
  'search.kind_street': 'Street',
}
