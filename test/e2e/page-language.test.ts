// The page's language as a user meets it: <html lang> names it from the first paint (also when
// English was chosen on an earlier visit) and follows the switch; the issue filter's dates are
// shown and typed in the page's language (2026年12月02日 / 2 Dec 2026), not the browser's, and a
// typed date filters the issues layer (its count in the layer panel).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, waitForMap, type App } from './browser'

const pad = (n: number) => String(n).padStart(2, '0')
/** The day `n` days before today, as ISO and as each language shows it. */
function daysAgo(n: number) {
  const d = new Date(Date.now() - n * 86400e3)
  const [y, m, day] = [d.getFullYear(), d.getMonth() + 1, d.getDate()]
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  return { iso: `${y}-${pad(m)}-${pad(day)}`, zh: `${y}年${pad(m)}月${pad(day)}日`, en: `${day} ${months[m - 1]} ${y}` }
}

describe('the page language in Chromium', () => {
  let app: App
  let page: Page
  const issueCount = async () => Number((await page.getByTestId('count-issues').textContent())!.replace(/[^\d]/g, ''))
  const htmlLang = () => page.evaluate(() => document.documentElement.lang)
  const field = (which: 'from' | 'to') => page.getByTestId(`filter-${which}`)

  beforeAll(async () => {
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
  })
  afterAll(() => app?.close())

  it('shows and takes the filter dates in Chinese, and a typed date filters the issues', async () => {
    expect(await htmlLang()).toBe('zh-CN')
    const all = await issueCount()
    expect(all).toBeGreaterThan(0)
    const from = daysAgo(60)
    await field('from').fill(from.iso)
    await field('from').press('Enter')
    await expect.poll(() => field('from').inputValue()).toBe(from.zh)
    await expect.poll(issueCount, { timeout: 30_000 }).toBeLessThan(all)
    expect(await issueCount()).toBeGreaterThan(0)
    // the "last N days" chips no longer claim the window
    expect(await page.locator('[data-testid=window-filter] button.on').count()).toBe(0)

    // ↓ steps the typed day back by one; Esc puts the applied one back
    await field('from').press('ArrowDown')
    expect(await field('from').inputValue()).toBe(daysAgo(61).zh)
    await field('from').press('Escape')
    expect(await field('from').inputValue()).toBe(from.zh)

    // no such day: the field says so, in Chinese, and the map keeps its filter
    const filtered = await issueCount()
    await field('to').fill('2026-02-30')
    await field('to').press('Enter')
    await expect.poll(() => page.getByTestId('filter-to-error').textContent()).toContain('不是有效日期')
    expect(await field('to').getAttribute('aria-invalid')).toBe('true')
    expect(await issueCount()).toBe(filtered)
    await field('to').press('Escape')
    expect(await page.getByTestId('filter-to-error').count()).toBe(0)
    expect(await field('to').inputValue()).toBe('')
  })

  it('switches <html lang> and the dates to English, where an English date filters too', async () => {
    const filtered = await issueCount()
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    await expect.poll(() => field('from').inputValue()).toBe(daysAgo(60).en)
    expect(await field('from').getAttribute('aria-label')).toBe('From')

    const to = daysAgo(30)
    await field('to').fill(to.en)
    await field('to').press('Tab') // leaving the field applies it too
    await expect.poll(issueCount, { timeout: 30_000 }).toBeLessThan(filtered)
    expect(await field('to').inputValue()).toBe(to.en)

    await field('to').fill('31/12/2026')
    await field('to').press('Enter')
    await expect.poll(() => page.getByTestId('filter-to-error').textContent()).toBe('Not a date: type it as 2 Dec 2026 or 2026-12-02')

    // emptying the fields drops the dates: every issue again
    await field('to').fill('')
    await field('to').press('Enter')
    await field('from').fill('')
    await field('from').press('Enter')
    await expect.poll(issueCount, { timeout: 30_000 }).toBeGreaterThan(filtered)
  })

  it('names English in <html lang> from the start when English was chosen before (no ?lang in the link)', async () => {
    // (once started, the app writes ?lang=en into the address itself; the link opened has none)
    await page.goto(app.url + '/')
    expect(await htmlLang()).toBe('en')
    await waitForMap(page)
    expect(await htmlLang()).toBe('en')
    expect(await page.getByTestId('layer-panel').innerText()).toContain('Layers')
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
  })
})
