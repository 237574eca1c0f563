// Views in the browser's history (issue 11): a zone's panel and each drill-down step push an
// entry, so Back and Forward walk them — each showing the right view — without reloading the
// page or the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { askDb, pointOnPage, startApp, waitForMap, type App } from './browser'

describe('Back and Forward walk the views', () => {
  let app: App
  let page: Page
  beforeAll(async () => {
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
  })
  afterAll(() => app?.close())

  const zoneName = () => page.getByTestId('zone-name').textContent()
  const areaName = () => page.getByTestId('area-name').textContent()

  it('open a zone, drill down district → street → community, Back three times, Forward once', async () => {
    // a page-level marker: a reload would lose it; and one on the map's canvas: a new map would not have it
    await page.evaluate(() => {
      (window as any).__notReloaded = true
      ;(document.querySelector('canvas.maplibregl-canvas') as any).__sameMap = true
    })

    // 1. a zone, by clicking the map (a point inside zone 2, asked of the database: the test
    // needs a place it knows the answer for; a user would just click)
    const at = await askDb(page, async (api) => {
      const z = await api.zoneSummary(2)
      const [w, s, e, n] = z.zone.bbox
      for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) {
        const lon = w + ((e - w) * i) / 10, lat = s + ((n - s) * j) / 10
        const hit = await api.zoneAt(lon, lat)
        if (hit?.id === 2) return { lon, lat, name: z.zone.name as string }
      }
      return null
    })
    expect(at).not.toBeNull()
    const p = await pointOnPage(page, at!.lon, at!.lat, 16)
    await page.mouse.click(p.x, p.y)
    await expect.poll(zoneName).toBe(at!.name)
    expect(new URL(page.url()).hash).toBe('#/zone/2')
    await expect.poll(() => page.title()).toContain(at!.name)

    // 2. the district, 3. a street, 4. a community: each a step down
    await page.getByTestId('tool-district').click()
    await expect.poll(areaName).toBe('建华区')
    const street = page.getByTestId('area-children').getByRole('button').first()
    const streetName = (await street.textContent())!.trim()
    await street.click()
    await expect.poll(areaName).toBe(streetName)
    const community = page.getByTestId('area-children').getByRole('button').first()
    const communityName = (await community.textContent())!.trim()
    await community.click()
    await expect.poll(areaName).toBe(communityName)
    expect(new URL(page.url()).hash).toMatch(/^#\/area\/community\//)

    // Back: the street, the district, the zone
    await page.goBack()
    await expect.poll(areaName).toBe(streetName)
    await expect.poll(() => page.getByTestId('breadcrumb').textContent()).not.toContain(communityName)
    await page.goBack()
    await expect.poll(areaName).toBe('建华区')
    await page.goBack()
    await expect.poll(zoneName).toBe(at!.name)
    expect(await page.getByTestId('area-panel').count()).toBe(0)
    expect(new URL(page.url()).hash).toBe('#/zone/2')

    // Forward: the district again
    await page.goForward()
    await expect.poll(areaName).toBe('建华区')
    expect(await page.getByTestId('zone-panel').count()).toBe(0)

    // all of it without a reload: the marker is still there and the map never went away
    expect(await page.evaluate(() => (window as any).__notReloaded)).toBe(true)
    expect(await page.evaluate(() => [...document.querySelectorAll('canvas.maplibregl-canvas')].map((c) => (c as any).__sameMap === true))).toEqual([true])
    expect(app.pageErrors).toEqual([])
  })

  it('a copied link opens the same view, and the ranking is a step of its own', async () => {
    const here = page.url()
    const second = await page.context().newPage()
    await second.goto(here)
    await waitForMap(second, 120_000)
    await expect.poll(() => second.getByTestId('area-name').textContent()).toBe('建华区')
    await second.close()

    await page.getByTestId('tool-ranking').click()
    await expect.poll(() => page.getByTestId('tool-ranking').getAttribute('aria-pressed')).toBe('true')
    expect(new URL(page.url()).hash).toContain('ranking')
    await page.goBack()
    await expect.poll(() => page.getByTestId('tool-ranking').getAttribute('aria-pressed')).toBe('false')
    await expect.poll(() => page.getByTestId('area-name').textContent()).toBe('建华区')
  })
})
