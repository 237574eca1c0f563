// The monthly unit ranking (每月一评). English; the keys are those of ../zh-CN/ranking.ts, checked by the type.
import type { ranking as zh } from '../zh-CN/ranking'

export const ranking: Record<keyof typeof zh, string> = {
  'rank.title': 'Monthly ranking of units',
  'rank.month': 'Month',
  'rank.bad_month': 'Choose a month',
  'rank.targets': 'Targets: closed of due ≥ {rate}, overdue ≤ {overdue}, mean response ≤ {hours} h',
  'rank.red': 'Red',
  'rank.blue': 'Blue',
  'rank.rank': 'Rank',
  'rank.unit': 'Unit / leader',
  'rank.reported': 'Reported',
  'rank.closed': 'Closed',
  'rank.pending': 'Not yet due',
  'rank.rate': 'Closed of due',
  'rank.overdue': 'Overdue',
  'rank.response': 'Response (h)',
  'rank.flag': 'Flag',
  'rank.hint': 'Red flag: met every target of the month; blue flag: missed one. Closed of due = closed ÷ (closed + overdue); issues not yet due do not count, and a unit with nothing due that month has no rate (—). Click a unit to highlight all its zones on the map.',
}
