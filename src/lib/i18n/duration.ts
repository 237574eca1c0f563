// How long a duration reads, decided once for every screen (formatDuration in i18n.svelte.ts):
// hours below two days ("超期 5 小时"), whole days from there on ("超期 188 天", not "4,512 小时").
// The desk, the ledger, the issue page and the wall write how late or how soon with it.

/** From this many hours on, a duration is given in days. */
export const DAYS_FROM_HOURS = 48

/** The figure and its unit for a duration of `hours` (its size; the sign is the caller's words). */
export function durationParts(hours: number): { n: number; unit: 'hours' | 'days' } {
  const h = Math.round(Math.abs(hours))
  return h < DAYS_FROM_HOURS ? { n: h, unit: 'hours' } : { n: Math.floor(h / 24), unit: 'days' }
}
