// The current language (Chinese by default, remembered on this device), translation with
// {param} substitution, and number/date formatting for the language.
import { zhCN } from './zh-CN'
import { en } from './en'
import { areaParts } from './area'
import { durationParts } from './duration'

export type Locale = 'zh-CN' | 'en'
export type MessageKey = keyof typeof zhCN
const messages: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }
const STORAGE_KEY = 'gridgov.locale'

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang')
  if (fromUrl === 'en' || fromUrl === 'zh-CN') return fromUrl
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
}

export const i18n = $state({ locale: initialLocale() as Locale })
// <html lang> names the language from the start (index.html says zh-CN; ?lang=en or a remembered
// English switch change it before the first paint), and setLocale keeps it in step.
document.documentElement.lang = i18n.locale

export function setLocale(locale: Locale) {
  i18n.locale = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = messages[i18n.locale][key] ?? key
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`))
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n == null || Number.isNaN(n)) return '—'
  return new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n)
}

/** A share (0–1) as a percentage with one decimal, '—' when there is none (no issues, no rate). */
export function formatPercent(share: number | null | undefined): string {
  return share == null || Number.isNaN(share) ? '—' : `${formatNumber(share * 100, 1)}%`
}

/**
 * An area in the page's language, the one way every screen writes one (src/lib/i18n/area.ts):
 * "2,800 平方米" below 0.01 km², "0.52 平方公里" above; `unit: 'm2'` keeps square metres for a list
 * whose parts are compared. '—' when there is none.
 */
export function formatArea(m2: number | null | undefined, unit: 'auto' | 'm2' = 'auto'): string {
  if (m2 == null || !Number.isFinite(m2)) return '—'
  const p = areaParts(m2, unit)
  return t(p.unit === 'm2' ? 'unit.area_m2' : 'unit.area_km2', { n: formatNumber(p.n, p.digits) })
}

/** A duration in hours as it reads on every screen (src/lib/i18n/duration.ts): "5 小时" below two days, else "188 天". */
export function formatDuration(hours: number): string {
  const p = durationParts(hours)
  return t(p.unit === 'days' ? 'unit.days' : 'unit.hours', { n: formatNumber(p.n) })
}

/** The same for a figure SQL gives in km² (area_km2). */
export const formatAreaKm2 = (km2: number | null | undefined) => formatArea(km2 == null ? km2 : km2 * 1e6)

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
}

/** A title in the current language from a bilingual record ({ title_zh, title_en } or { message_zh, message_en }). */
export function pick(zh: string | null | undefined, enText: string | null | undefined): string {
  return (i18n.locale === 'en' ? enText || zh : zh || enText) ?? ''
}
