// How the wall writes times and durations (its own words, in i18n wall.*).
import { t } from '../../i18n/i18n.svelte'

/** HH:MM:SS, 24-hour, local time. */
export const clock = (ms: number | string) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false })

/** How late: hours under two days, else days. */
export const lateText = (hours: number) => (hours < 48 ? t('wall.hours', { n: Math.round(hours) }) : t('wall.days', { n: Math.floor(hours / 24) }))

/** An age in seconds, minutes, hours or days. */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 120) return t('wall.seconds', { n: s })
  if (s < 7200) return t('wall.minutes', { n: Math.round(s / 60) })
  return lateText(s / 3600)
}
