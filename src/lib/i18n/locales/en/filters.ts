// The issue filters in the layer panel. English; the keys are those of ../zh-CN/filters.ts, checked by the type.
import type { filters as zh } from '../zh-CN/filters'

export const filters: Record<keyof typeof zh, string> = {
  'filters.title': 'Issue filters',
  'filters.days': 'Last {days} days',
  'filters.from': 'From',
  'filters.to': 'To',
}
