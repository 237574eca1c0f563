// The leaders' inspect panel: trend, rates, overdue list, drill-down. English; the keys are those of ../zh-CN/inspect.ts, checked by the type.
import type { inspect as zh } from '../zh-CN/inspect'

export const inspect: Record<keyof typeof zh, string> = {
  'inspect.trend_title': 'Issues, last 12 weeks',
  'inspect.trend_reported': 'Reported',
  'inspect.trend_closed': 'Closed',
  'inspect.trend_axis': 'x: week starting (month/day) · y: issues',
  'inspect.closed_this_month': 'Closed this month',
  'inspect.closed_share': 'Share closed',
  'inspect.median_close_hours': 'Median hours to close',
  'inspect.total_issues': 'All issues',
  'inspect.overdue_list': 'Overdue issues ({count})',
  'inspect.deadline': 'due {when}',
  'inspect.show_all': 'Show all {count}',
  'inspect.show_fewer': 'Show fewer',
  'inspect.no_overdue': 'No overdue issues.',
  'inspect.recurring': 'Recurring problems',
  'inspect.recurring_value': 'in {weeks} weeks · {issues} issues',
  'inspect.facilities': 'Markets, parking and compounds',
  'inspect.breadcrumb': 'Administrative level',
  'inspect.children': 'Next level down: {level} ({count})',
  'inspect.adhoc': 'Custom area',
}
