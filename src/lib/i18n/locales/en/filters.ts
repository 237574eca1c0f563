// The issue filters in the layer panel. English; the keys are those of ../zh-CN/filters.ts, checked by the type.
import type { filters as zh } from '../zh-CN/filters'

export const filters: Record<keyof typeof zh, string> = {
  'filters.title': 'Issue filters',
  'filters.days': 'Last {days} days',
  'filters.from': 'From',
  'filters.to': 'To',
  'filters.date_placeholder': 'd Mmm yyyy',
  'filters.date_pick': '{label}: choose on a calendar',
  'filters.date_invalid': 'Not a date: type it as 2 Dec 2026 or 2026-12-02',
}
