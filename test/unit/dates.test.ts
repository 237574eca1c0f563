// Days shown and typed in the page's language (src/lib/i18n/dates.ts, used by DateField in
// place of <input type="date">, which Chromium shows in the browser's language).
import { describe, expect, it } from 'vitest'
import { addDays, formatDay, parseDay } from '../../src/lib/i18n/dates'

describe('days in the page language', () => {
  it('shows a day as 2026年12月02日 in Chinese and 2 Dec 2026 in English', () => {
    expect(formatDay('2026-12-02', 'zh-CN')).toBe('2026年12月02日')
    expect(formatDay('2026-12-02', 'en')).toBe('2 Dec 2026')
    expect(formatDay('2027-01-31', 'en')).toBe('31 Jan 2027')
    expect(formatDay(null, 'zh-CN')).toBe('')
  })

  it('reads back what it shows, in either language', () => {
    for (const iso of ['2026-12-02', '2024-02-29', '2027-01-31']) {
      expect(parseDay(formatDay(iso, 'zh-CN'))).toBe(iso)
      expect(parseDay(formatDay(iso, 'en'))).toBe(iso)
    }
  })

  it('takes the usual typed forms', () => {
    for (const typed of ['2026年12月2日', '2026 年 12 月 2 日', '2026年12月2', '2026-12-02', '2026-12-2', '2026/12/2', '2026.12.02', '20261202',
      '2 Dec 2026', '2 dec. 2026', '2nd December 2026', 'Dec 2, 2026', 'December 2 2026', '  2   Dec 2026 ']) {
      expect(parseDay(typed), typed).toBe('2026-12-02')
    }
    expect(parseDay('')).toBeNull()
    expect(parseDay('   ')).toBeNull()
  })

  it('refuses what is not a real day, and digits-only day/month orders that read differently by country', () => {
    for (const typed of ['2026-02-30', '2025-02-29', '2026-13-01', '2026年0月1日', '32 Dec 2026', '02/12/2026', '12/02/2026', 'tomorrow', '2 Decimal 2026', '2026-12', '1899-12-31']) {
      expect(parseDay(typed), typed).toBe('invalid')
    }
  })

  it('steps a day across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })
})
