// Calendar days (ISO yyyy-mm-dd) as a person reads and types them in the page's language, not
// the browser's: 2026年12月02日 in Chinese, 2 Dec 2026 in English (day first, month in words, so
// no one reads 02/12 as 12 February). Used by DateField instead of <input type="date">, whose
// text Chromium takes from the browser's locale.
import type { Locale } from './i18n.svelte'

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number) => String(n).padStart(2, '0')

/** The ISO day of a valid calendar date (1900–2100), else null. */
function isoDay(year: number, month: number, day: number): string | null {
  if (!(year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1)) return null
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null // 2026-02-30
  return `${year}-${pad(month)}-${pad(day)}`
}

/** How a day is shown: 2026年12月02日 / 2 Dec 2026; '' for none; the text itself if it is not an ISO day. */
export function formatDay(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return locale === 'en' ? `${d} ${MONTH_NAMES[mo - 1]} ${y}` : `${y}年${pad(mo)}月${pad(d)}日`
}

/**
 * A typed day as ISO: null for an empty field, 'invalid' for anything else that is not a real
 * date. Takes the shown forms of both languages and the unambiguous numeric ones:
 * 2026年12月2日, 2026-12-02, 2026/12/2, 2026.12.2, 20261202, 2 Dec 2026, 2 December 2026,
 * Dec 2, 2026. Day/month/year in digits only (02/12/2026) is refused: it reads differently
 * in different countries.
 */
export function parseDay(text: string): string | null | 'invalid' {
  const s = text.trim().replace(/\s+/g, ' ')
  if (!s) return null
  let m = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日?$/.exec(s) ?? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (m) return isoDay(Number(m[1]), Number(m[2]), Number(m[3])) ?? 'invalid'
  /** 1–12 for a month's name or its abbreviation (Dec, Dec., Sept), else 0. */
  const month = (name: string) => {
    const w = name.replace(/\.$/, '').toLowerCase()
    return w.length >= 3 ? MONTHS.findIndex((full) => full.startsWith(w)) + 1 : 0
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+\.?),? (\d{4})$/.exec(s)
  if (m) return isoDay(Number(m[3]), month(m[2]), Number(m[1])) ?? 'invalid'
  m = /^([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(s)
  if (m) return isoDay(Number(m[3]), month(m[1]), Number(m[2])) ?? 'invalid'
  return 'invalid'
}

/** The ISO day `days` after (or before) `iso`. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** Today in this browser's time zone, as ISO. */
export function today(): string {
  const t = new Date()
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`
}
