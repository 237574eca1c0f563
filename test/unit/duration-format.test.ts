// Durations read the same on every screen (src/lib/i18n/duration.ts, formatDuration): hours
// below two days, whole days from there on — "超期 188 天", not "超期 4,512 小时".
import { describe, expect, it } from 'vitest'
import { DAYS_FROM_HOURS, durationParts } from '../../src/lib/i18n/duration'
import { zhCN } from '../../src/lib/i18n/zh-CN'
import { en } from '../../src/lib/i18n/en'

/** formatDuration's text, with the page's number formatting, without the page (the rune module needs Svelte). */
function text(hours: number, locale: 'zh-CN' | 'en') {
  const p = durationParts(hours)
  const messages = locale === 'en' ? en : zhCN
  return messages[p.unit === 'days' ? 'unit.days' : 'unit.hours'].replace('{n}', new Intl.NumberFormat(locale).format(p.n))
}

describe('formatDuration', () => {
  it('gives less than two days in whole hours', () => {
    expect(text(0, 'zh-CN')).toBe('0 小时')
    expect(text(5.4, 'zh-CN')).toBe('5 小时')
    expect(text(47.4, 'zh-CN')).toBe('47 小时')
    expect(text(12, 'en')).toBe('12 h')
  })

  it('gives two days and more in whole days, rounded down', () => {
    expect(DAYS_FROM_HOURS).toBe(48)
    expect(text(47.6, 'zh-CN')).toBe('2 天') // 48 h once rounded: not "48 小时"
    expect(text(48, 'zh-CN')).toBe('2 天')
    expect(text(71.4, 'zh-CN')).toBe('2 天')
    expect(text(4512, 'zh-CN')).toBe('188 天')
    expect(text(5870, 'zh-CN')).toBe('244 天')
    expect(text(4512, 'en')).toBe('188 d')
    expect(text(24 * 1500, 'zh-CN')).toBe('1,500 天')
  })

  it('reads the size, whichever side of the deadline', () => {
    expect(durationParts(-4512)).toEqual({ n: 188, unit: 'days' })
    expect(durationParts(-3)).toEqual({ n: 3, unit: 'hours' })
  })

  it('is what the desk writes for how late and how soon', () => {
    expect(zhCN['desk.late'].replace('{time}', text(4512, 'zh-CN'))).toBe('超期 188 天')
    expect(zhCN['desk.due_in'].replace('{time}', text(12, 'zh-CN'))).toBe('12 小时后到期')
    expect(en['desk.late'].replace('{time}', text(30, 'en'))).toBe('30 h overdue')
  })
})
