// Words for API errors in the user's language. Problems from validate_zone/save_zone carry
// their own message_zh / message_en (written next to the check in SQL); anything else is
// translated from its code (`error.<code>` in the locale files), never shown as raw SQL text.
import { toApiError } from './errors'
import type { ZoneKind, ZoneProblem } from './types'
import type { LiveProblem } from '../geo/shape-check'
import { MAX_VERTICES, MIN_AREA_M2, MIN_LENGTH_M } from '../geo/zone-limits'
import { formatArea, formatNumber, i18n, pick, t, type MessageKey } from '../i18n/i18n.svelte'

/** The figures validate_zone sends with a problem (zone_problems, supabase/migrations/*_zone_validation.sql). */
interface ProblemFigures {
  entirely?: boolean
  area_m2?: number
  length_m?: number
  outside_m2?: number
  outside_m?: number
  min_area_m2?: number
  min_length_m?: number
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * The text of a problem that quotes sizes, built here so every figure is written with the
 * app's number formatting (formatNumber) rather than as SQL printed it; null when the problem
 * carries no figures (then SQL's own message is used).
 */
function figureText(p: ZoneProblem & ProblemFigures): string | null {
  const n = formatNumber
  if (p.code === 'too_small') {
    if (isNum(p.area_m2) && isNum(p.min_area_m2)) return t('problem.too_small_area', { area: formatArea(p.area_m2), min: formatArea(p.min_area_m2) })
    if (isNum(p.length_m) && isNum(p.min_length_m)) return t('problem.too_small_road', { length: n(p.length_m, 1), min: n(p.min_length_m) })
  }
  if (p.code === 'outside_district' && typeof p.entirely === 'boolean') {
    if (isNum(p.area_m2) && isNum(p.outside_m2)) {
      return p.entirely ? t('problem.outside_entirely_area', { area: formatArea(p.area_m2) }) : t('problem.outside_partly_area', { outside: formatArea(p.outside_m2) })
    }
    if (isNum(p.length_m) && isNum(p.outside_m)) {
      return p.entirely ? t('problem.outside_entirely_road', { length: n(p.length_m) }) : t('problem.outside_partly_road', { outside: n(p.outside_m) })
    }
  }
  if (p.code === 'overlaps_zone' && p.zone_name != null && p.unit_name != null) {
    if (isNum(p.length_m)) return t('problem.overlaps_road', { unit: p.unit_name, zone: p.zone_name, length: n(p.length_m) })
    if (isNum(p.area_m2)) return t('problem.overlaps_area', { unit: p.unit_name, zone: p.zone_name, area: formatArea(p.area_m2) })
  }
  return null
}

/** One validation problem, in the current language. */
/** A live (Turf) problem while drawing; a road that is too small is too short, in metres. */
export function liveProblemText(p: LiveProblem, kind: ZoneKind): string {
  const key = p.code === 'too_small' && kind === 'road' ? 'edit.live.too_short' : `edit.live.${p.code}`
  if (kind === 'road') return t(key as MessageKey, { value: p.value ?? '', min: formatNumber(MIN_LENGTH_M) })
  return t(key as MessageKey, { value: p.value == null ? '' : formatArea(p.value), min: formatArea(MIN_AREA_M2) })
}

export function problemText(p: ZoneProblem): string {
  return figureText(p) ?? (pick(p.message_zh, p.message_en) || codeText(p.code))
}

/** An error code in the current language; unknown codes fall back to a generic message. */
/**
 * An error code in the current language. A code of ours with no words here shows the text our
 * SQL wrote after it (Chinese, ours) in Chinese; anything else — PostgreSQL's or GEOS's own
 * words included — only as the generic message with its code: raw engine text never reaches
 * a user (it stays in the console for whoever reports the code).
 */
export function codeText(code: string, message = ''): string {
  const key = `error.${code}` as MessageKey
  // the zone limits some codes quote (error.too_small, error.too_many_vertices): one definition, geo/zone-limits.ts
  const text = t(key, { message, min_area: formatArea(MIN_AREA_M2), max_vertices: formatNumber(MAX_VERTICES) })
  if (text !== key) return text
  const ours = code !== 'unknown' ? message.match(/^[a-z_]+: (.+)$/s)?.[1] : undefined
  if (ours && i18n.locale !== 'en') return ours
  if (message) console.warn('[gridgov] error without words:', code, message)
  return t('error.unknown', { code })
}

/** Any error from the data module, for a panel or a toast. */
export function errorText(err: unknown): string {
  const e = toApiError(err)
  if (e.problems.length) return e.problems.map(problemText).join(i18n.locale === 'en' ? '; ' : '；')
  return codeText(e.code, e.message)
}
