// 问效 tasks. English; the keys are those of ../zh-CN/effect.ts, checked by the type.
import type { effect as zh } from '../zh-CN/effect'

export const effect: Record<keyof typeof zh, string> = {
  'effect.tab': 'Effect tracking',
  'effect.track': 'Track this place',
  'effect.track_title': 'Track {cat} coming back here as a task: the {days} days before against after',
  'effect.tracked': 'Tracked',
  'effect.category': 'Category to track',
  'effect.intro': 'A recurring place tracked as a task: its category’s issues reported, closure and on-time rates in the {days} days before the task against after.',
  'effect.empty': 'No tracked places yet: the command centre tracks a recurring place from the hotspot ranking',
  'effect.before': '{days} days before',
  'effect.after': '{days} days after',
  'effect.reported': 'Reported',
  'effect.closure_rate': 'Closure rate',
  'effect.on_time_rate': 'On-time rate',
  'effect.change': 'Reports per day {change}',
  'effect.not_comparable': 'Nothing to compare yet',
  'effect.status_open': 'Open',
  'effect.status_done': 'Done',
  'effect.close': 'Mark done',
  'effect.created': 'By {name}, {date}',
  'effect.unit': 'Unit: {unit}',
  'effect.no_unit': 'No clearly responsible unit',
  'effect.fly': 'Show on the map',
}
