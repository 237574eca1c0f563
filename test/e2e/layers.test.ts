// The layered map as users work it: every catalogue layer toggles and draws features; issue
// filters change what is drawn and the legend to exactly what SQL returns for the same
// filter; a copied link reopens the same view; each language shows no words of the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { askDb, drawnFeatures, jumpTo, mapPosition, rendered, settle, startApp, viewLoads, waitForMap, type App } from './browser'

const jump = (page: Page, [lon, lat]: [number, number], zoom: number) => jumpTo(page, lon, lat, zoom)
const number = async (page: Page, testid: string) => Number((await page.getByTestId(testid).textContent())!.replace(/[^\d]/g, ''))
/** The layers whose toggles are on, as the panel shows them. */
const checkedLayers = (page: Page) => page.locator('[data-testid^=toggle-]:checked').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('toggle-'.length)).sort())
/** The filter chips that are on in a group of the panel (data-category, data-days). */
const chipsOn = (page: Page, attr: string) => page.locator(`[${attr}].on`).evaluateAll((els, attr) => els.map((e) => e.getAttribute(attr)), attr)

describe('layers, filters and links in Chromium', () => {
  let app: App
  let page: Page
  beforeAll(async () => {
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
  })
  afterAll(() => app?.close())

  // first, on the fresh page: what the start fetched
  it('loads what the view shows: the default layers for the district view, no hidden layer; a small pan asks nothing; zooming in asks again', async () => {
    const catalog: { id: string; default_visible: boolean }[] = await askDb(page, (api) => api.layerCatalog())
    const shown = catalog.filter((l) => l.default_visible && l.id !== 'district').map((l) => l.id).sort()
    const atStart = await viewLoads(page)
    // the district is held whole; every other default layer once, for the district's view; communities (hidden) not at all
    expect([...new Set(atStart.map((l) => l.layer))].sort()).toEqual(shown)
    expect(atStart.some((l) => l.layer === 'communities')).toBe(false)
    expect(Math.max(...atStart.map((l) => l.bucket))).toBeLessThan(14)
    // zoomed out, the issues are bins (a point and a count) and the grids their communities' outlines
    expect((await drawnFeatures(page, 'grids')).every((p) => p.community_code && p.code === undefined)).toBe(true)
    // a pan of a few pixels stays inside the loaded box: nothing is asked
    const at = await mapPosition(page)
    await jump(page, [at.lon + 0.002, at.lat], at.zoom)
    await settle(page)
    expect((await viewLoads(page)).length).toBe(atStart.length)
    // street zoom: each visible layer is asked for that view, and the issues come as dots with slim properties
    const [busiest] = await askDb(page, (api) => api.layerGeojson('issues', null, { days: 365 }).then((fc: any) => fc.features.slice(0, 1).map((f: any) => f.geometry.coordinates)))
    await jump(page, busiest, 16)
    const zoomed = (await viewLoads(page)).slice(atStart.length)
    expect([...new Set(zoomed.map((l) => l.layer))].sort()).toEqual(shown)
    expect(zoomed.every((l) => l.bucket === 16)).toBe(true)
    const dots = await drawnFeatures(page, 'issues')
    expect(dots.length).toBeGreaterThan(0)
    expect(Object.keys(dots[0]).sort()).toEqual(['category', 'code', 'id', 'state'])
    // a hidden layer is fetched when it is turned on, for the view
    await page.getByTestId('toggle-communities').check()
    await settle(page)
    expect((await viewLoads(page)).filter((l) => l.layer === 'communities').map((l) => l.bucket)).toEqual([16])
    await page.getByTestId('toggle-communities').uncheck()
  })

  it('builds the panel from the catalogue, and every layer toggles its features on and off', async () => {
    // oracle: the catalogue as the database holds it (layer_catalog)
    const catalog: { id: string; title_zh: string }[] = await askDb(page, (api) => api.layerCatalog())
    expect(catalog.length).toBeGreaterThanOrEqual(9)
    for (const layer of catalog) await expect(page.getByTestId(`toggle-${layer.id}`).count()).resolves.toBe(1)
    expect(await page.locator('[data-testid=layer-panel] [data-layer]').count()).toBe(catalog.length)
    for (const layer of catalog) {
      const toggle = page.getByTestId(`toggle-${layer.id}`)
      if (!(await toggle.isChecked())) await toggle.check()
      // issues are drawn as points at street zoom: look where they are densest, the hotspot list's first
      if (layer.id === 'issues') await page.locator('[data-testid=hotspot-list] button').first().click()
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
      const n = await Promise.all(['open', 'overdue', 'closed'].map((s) => number(page, `legend-${s}`)))
      return n[0] + n[1] + n[2]
    }
    const before = await number(page, 'count-issues')
    // oracle: what SQL returns for the same filter
    const sql = await askDb(page, (api) => api.layerGeojson('issues', null, { category: ['litter'], days: 30 }))
    const expected = sql.features.length
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThan(before)
    await page.locator('[data-category=litter]').click()
    await page.locator('[data-days="30"]').click()
    await expect.poll(() => number(page, 'count-issues'), { timeout: 30_000 }).toBe(expected)
    expect(await legendTotal()).toBe(expected)
    // and on the map: every issue drawn is a litter issue of the last 30 days (looked at around
    // one of them, at street zoom where each issue is a dot; the unfiltered district has many there)
    const [lon, lat] = sql.features[0].geometry.coordinates
    await jump(page, [lon, lat], 15)
    const drawn = await drawnFeatures(page, 'issues')
    expect(drawn.length).toBeGreaterThan(0)
    // the map holds slim properties (layer_view: id, code, category, state): each dot is one of SQL's answer
    const ids = new Set(sql.features.map((f: any) => f.properties.id))
    expect(drawn.every((p) => p.category === 'litter' && ids.has(p.id))).toBe(true)
  })

  it('reopens the same view from a copied link', async () => {
    await page.getByTestId('toggle-grids').uncheck()
    await jump(page, [123.93, 47.36], 13.5)
    await page.waitForFunction(() => location.search.includes('map=13.50'))
    const link = await page.evaluate(() => location.href)
    expect(link).toContain('cat=litter')
    const layersOn = await checkedLayers(page)
    const copy = await app.open(link.slice(app.url.length))
    await waitForMap(copy)
    const view = await mapPosition(copy)
    expect(view.zoom).toBeCloseTo(13.5, 1)
    expect(view.lon).toBeCloseTo(123.93, 3)
    expect(view.lat).toBeCloseTo(47.36, 3)
    // the same layers on, grids off; the same filter chips on
    expect(await copy.getByTestId('toggle-grids').isChecked()).toBe(false)
    expect(await checkedLayers(copy)).toEqual(layersOn)
    expect(await chipsOn(copy, 'data-category')).toEqual(['litter'])
    expect(await chipsOn(copy, 'data-days')).toEqual(['30'])
    await copy.close()
  })

  it('switches the panel to English with no Chinese left, and back with no English left', async () => {
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    // the panel's own words; place names are data shown as written, marked lang="zh-CN"
    const english = await page.getByTestId('layer-panel').evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement
      copy.querySelectorAll('[lang="zh-CN"]').forEach((n) => n.remove())
      document.body.append(copy)
      const text = copy.innerText
      copy.remove()
      return text
    })
    expect(await page.getByTestId('hotspot-place').first().getAttribute('lang')).toBe('zh-CN')
    expect(english).toContain('Layers')
    expect(english.match(/[\u3400-\u9fff]/g) ?? []).toEqual([])
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    const chinese = await page.getByTestId('layer-panel').innerText()
    expect(chinese).toContain('图层')
    expect(chinese.match(/[A-Za-z]{2,}/g) ?? []).toEqual([])
  })

  it('opens a zone from a #/zone/<id> link on a fresh page', async () => {
    // oracle: zone 2's unit as zone_summary gives it
    const expected = await askDb(page, async (api) => (await api.zoneSummary(2)).unit.name)
    const fresh = await app.open('/#/zone/2')
    await waitForMap(fresh)
    await fresh.getByTestId('unit-name').waitFor()
    expect(await fresh.getByTestId('unit-name').textContent()).toContain(expected)
    await fresh.close()
  })
})
