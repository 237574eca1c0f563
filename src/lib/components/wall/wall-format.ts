// How the wall writes times and durations (its own words, in i18n wall.*).
import { formatDuration, t } from '../../i18n/i18n.svelte'

/** HH:MM:SS, 24-hour, local time. */
export const clock = (ms: number | string) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false })

/** How late: the one rule of every screen (hours under two days, else days). */
export const lateText = formatDuration

/** An age in seconds, minutes, hours or days. */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 120) return t('wall.seconds', { n: s })
  if (s < 7200) return t('wall.minutes', { n: Math.round(s / 60) })
  return lateText(s / 3600)
}
