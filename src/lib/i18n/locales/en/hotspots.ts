// The hotspot ranking. English; the keys are those of ../zh-CN/hotspots.ts, checked by the type.
import type { hotspots as zh } from '../zh-CN/hotspots'

export const hotspots: Record<keyof typeof zh, string> = {
  'hotspot.title': 'Hotspot ranking',
  'hotspot.none': 'No hotspots for these filters',
  'hotspot.hot': 'Hotspot',
  'hotspot.recurring_cat': 'Recurring: {cat}',
  'hotspot.category_weeks': '{cat} ({weeks} weeks)',
  'hotspot.cell': '{count} issues',
  'hotspot.z': 'Gi* z-score',
  'hotspot.where': 'Where',
}
