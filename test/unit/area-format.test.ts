// Areas read the same on every screen (src/lib/i18n/area.ts, formatArea): square metres below
// 0.01 km² — a 2,800 m² zone is not "0.00 km²" — and km² with two significant figures above.
import { describe, expect, it } from 'vitest'
import { areaParts, SMALL_AREA_M2 } from '../../src/lib/i18n/area'
import { zhCN } from '../../src/lib/i18n/zh-CN'
import { en } from '../../src/lib/i18n/en'

/** formatArea's text, with the page's number formatting, without the page (the rune module needs Svelte). */
function text(m2: number, locale: 'zh-CN' | 'en', unit: 'auto' | 'm2' = 'auto') {
  const p = areaParts(m2, unit)
  const n = new Intl.NumberFormat(locale, { minimumFractionDigits: p.digits, maximumFractionDigits: p.digits }).format(p.n)
  const messages = locale === 'en' ? en : zhCN
  return messages[p.unit === 'm2' ? 'unit.area_m2' : 'unit.area_km2'].replace('{n}', n)
}

describe('formatArea', () => {
  it('gives a zone under 0.01 km² in square metres', () => {
    expect(text(0.0028 * 1e6, 'zh-CN')).toBe('2,800 平方米')
    expect(text(2800, 'en')).toBe('2,800 m²')
    expect(text(SMALL_AREA_M2 - 1, 'zh-CN')).toBe('9,999 平方米')
    expect(text(7.25, 'zh-CN')).toBe('7.3 平方米') // under 10 m² one decimal (a clip's sliver)
    expect(text(0, 'zh-CN')).toBe('0 平方米')
  })

  it('gives larger areas in km² with two significant figures', () => {
    expect(text(SMALL_AREA_M2, 'zh-CN')).toBe('0.010 平方公里')
    expect(text(15_400, 'en')).toBe('0.015 km²')
    expect(text(520_000, 'zh-CN')).toBe('0.52 平方公里')
    expect(text(31_523_000, 'en')).toBe('31.52 km²')
  })

  it('keeps square metres when asked (parts compared in a list)', () => {
    expect(text(101_815, 'zh-CN', 'm2')).toBe('101,815 平方米')
    expect(text(101_815, 'zh-CN')).toBe('0.10 平方公里')
  })
})
