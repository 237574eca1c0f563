// Words for API errors in the user's language. Problems from validate_zone/save_zone carry
// their own message_zh / message_en (written next to the check in SQL); anything else is
// translated from its code (`error.<code>` in the locale files), never shown as raw SQL text.
import { toApiError } from '../api/errors'
import type { ZoneProblem } from '../api/types'
import { i18n, pick, t, type MessageKey } from './i18n.svelte'

/** One validation problem, in the current language. */
export function problemText(p: ZoneProblem): string {
  return pick(p.message_zh, p.message_en) || codeText(p.code)
}

/** An error code in the current language; unknown codes fall back to a generic message. */
export function codeText(code: string, message = ''): string {
  const key = `error.${code}` as MessageKey
  const text = t(key, { message })
  return text === key ? t('error.unknown', { message: message || code }) : text
}

/** Any error from the data module, for a panel or a toast. */
export function errorText(err: unknown): string {
  const e = toApiError(err)
  if (e.problems.length) return e.problems.map(problemText).join(i18n.locale === 'en' ? '; ' : '；')
  return codeText(e.code, e.message)
}
