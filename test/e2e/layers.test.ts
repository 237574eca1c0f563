// The layered map as users work it: every catalogue layer toggles and draws features; issue
// filters change what is drawn and the legend to exactly what SQL returns for the same
// filter; a copied link reopens the same view; each language shows no words of the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { settle, startApp, waitForMap, type App } from './browser'

const hooks = (page: Page) => page.evaluate(() => Object.keys((window as any).__gridgov))
const rendered = (page: Page, id: string) => page.evaluate((id) => (window as any).__gridgov.rendered(id), id)
const jump = async (page: Page, center: [number, number], zoom: number) => {
  await page.evaluate(({ center, zoom }) => void (window as any).__gridgov.map.jumpTo({ center, zoom }), { center, zoom })
  await settle(page)
}

describe('layers, filters and links in Chromium', () => {
  let app: App
  let page: Page
  beforeAll(async () => {
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
    expect(await hooks(page)).toContain('rendered')
  })
  afterAll(() => app?.close())

  it('builds the panel from the catalogue, and every layer toggles its features on and off', async () => {
    const catalog: { id: string; title_zh: string }[] = await page.evaluate(() => (window as any).__gridgov.store.catalog)
    expect(catalog.length).toBeGreaterThanOrEqual(9)
    for (const layer of catalog) await expect(page.getByTestId(`toggle-${layer.id}`).count()).resolves.toBe(1)
    // issues are drawn as points at street zoom: look where they are densest
    const dense = await page.evaluate(() => (window as any).__gridgov.store.hotspots.features[0].properties)
    for (const layer of catalog) {
      const toggle = page.getByTestId(`toggle-${layer.id}`)
      if (!(await toggle.isChecked())) await toggle.check()
      if (layer.id === 'issues') await jump(page, [dense.lon, dense.lat], 15)
      else await jump(page, [123.96, 47.35], 11.3)
      await settle(page)
      expect(await rendered(page, layer.id), `${layer.id} on`).toBeGreaterThan(0)
      await toggle.uncheck()
      await settle(page)
      expect(await rendered(page, layer.id), `${layer.id} off`).toBe(0)
      await toggle.check()
    }
  }, 400_000)

  it('filters issues by category and time, and the map and legend show what SQL returns', async () => {
    await jump(page, [123.96, 47.35], 11.3)
    const legendTotal = async () => {
      const n = await Promise.all(['open', 'overdue', 'closed'].map(async (s) => Number((await page.getByTestId(`legend-${s}`).textContent())!.replace(/[^\d]/g, ''))))
      return n[0] + n[1] + n[2]
    }
    const before = Number((await page.getByTestId('count-issues').textContent())!.replace(/[^\d]/g, ''))
    await page.locator('[data-category=litter]').click()
    await page.locator('[data-days="30"]').click()
    await page.waitForFunction(() => !(window as any).__gridgov.store.loadingIssues)
    const expected = await page.evaluate(async () => (await (window as any).__gridgov.api.layerGeojson('issues', null, { category: ['litter'], days: 30 })).features.length)
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThan(before)
    await page.waitForFunction((n) => (window as any).__gridgov.store.data.issues.features.length === n, expected)
    expect(Number((await page.getByTestId('count-issues').textContent())!.replace(/[^\d]/g, ''))).toBe(expected)
    expect(await legendTotal()).toBe(expected)
    // and on the map: every issue drawn is a litter issue of the last 30 days
    const drawn: any[] = await page.evaluate(() => (window as any).__gridgov.store.data.issues.features.map((f: any) => f.properties))
    expect(drawn.every((p) => p.category === 'litter' && Date.now() - Date.parse(p.reported_at) <= 30 * 86400e3 + 60e3)).toBe(true)
  })

  it('reopens the same view from a copied link', async () => {
    await page.getByTestId('toggle-grids').uncheck()
    await jump(page, [123.93, 47.36], 13.5)
    await page.waitForFunction(() => location.search.includes('map=13.50'))
    const link = await page.evaluate(() => location.href)
    expect(link).toContain('cat=litter')
    const copy = await app.open(link.slice(app.url.length))
    await waitForMap(copy)
    const view = await copy.evaluate(() => {
      const g = (window as any).__gridgov
      const c = g.map.getCenter()
      return { zoom: g.map.getZoom(), lon: c.lng, lat: c.lat, visible: [...g.store.visible], filters: { ...g.store.filters } }
    })
    expect(view.zoom).toBeCloseTo(13.5, 1)
    expect(view.lon).toBeCloseTo(123.93, 3)
    expect(view.lat).toBeCloseTo(47.36, 3)
    expect(view.visible).not.toContain('grids')
    expect(view.filters).toMatchObject({ categories: ['litter'], days: 30 })
    expect(await copy.getByTestId('toggle-grids').isChecked()).toBe(false)
    await copy.close()
  })

  it('switches the panel to English with no Chinese left, and back with no English left', async () => {
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    const english = await page.getByTestId('layer-panel').innerText()
    expect(english).toContain('Layers')
    expect(english.match(/[\u3400-\u9fff]/g) ?? []).toEqual([])
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    const chinese = await page.getByTestId('layer-panel').innerText()
    expect(chinese).toContain('图层')
    expect(chinese.match(/[A-Za-z]{2,}/g) ?? []).toEqual([])
  })

  it('opens a zone from a #/zone/<id> link on a fresh page', async () => {
    const expected = await page.evaluate(async () => (await (window as any).__gridgov.api.zoneSummary(2)).unit.name)
    const fresh = await app.open('/#/zone/2')
    await waitForMap(fresh)
    await fresh.getByTestId('unit-name').waitFor()
    expect(await fresh.getByTestId('unit-name').textContent()).toContain(expected)
    await fresh.close()
  })
})
