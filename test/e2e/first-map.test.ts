// The first map, as a user meets it: it starts on the embedded database, draws the district,
// and a click inside a grid names the unit responsible there — the same unit SQL names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, waitForMap, type App } from './browser'

describe('the first map in Chromium', () => {
  let app: App
  let page: Page
  beforeAll(async () => {
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
  })
  afterAll(() => app?.close())

  it('shows start-up progress, then the map, with no request leaving the machine', async () => {
    expect(await page.locator('[data-testid=map] canvas').count()).toBe(1)
    expect(await page.locator('.street-label').allTextContents()).toEqual(expect.arrayContaining(['中华街道', '卜奎街道']))
    expect(app.externalRequests).toEqual([])
  })

  it('names the responsible unit when a grid is clicked', async () => {
    // The expected answer, from the database: a grid whose interior point lies in exactly one zone.
    const target = await page.evaluate(async () => {
      const api = (window as any).__gridgov.api
      const grids = await api.layerGeojson('grids')
      for (const f of grids.features.slice(100)) {
        const ring = f.geometry.coordinates[0][0]
        const lon = ring.reduce((s: number, p: number[]) => s + p[0], 0) / ring.length
        const lat = ring.reduce((s: number, p: number[]) => s + p[1], 0) / ring.length
        const z = await api.zoneAt(lon, lat)
        if (z && z.also.length === 0 && z.grid?.code === f.properties.code) return { lon, lat, unit: z.unit_name, zone: z.name, grid: f.properties.code }
      }
      return null
    })
    expect(target).not.toBeNull()
    // Centre the map on it, as a user would pan there, then click with the mouse.
    const point = await page.evaluate(async ({ lon, lat }) => {
      const map = (window as any).__gridgov.map
      map.jumpTo({ center: [lon, lat], zoom: 14 })
      await new Promise((r) => map.once('idle', r))
      const p = map.project([lon, lat])
      const rect = map.getCanvas().getBoundingClientRect()
      return { x: rect.left + p.x, y: rect.top + p.y }
    }, target!)
    await page.mouse.click(point.x, point.y)
    await page.getByTestId('unit-name').waitFor()
    expect(await page.getByTestId('unit-name').textContent()).toBe(target!.unit)
    expect(await page.getByTestId('zone-name').textContent()).toBe(target!.zone)
    expect(await page.getByTestId('zone-panel').textContent()).toContain(target!.grid)
    expect(await page.getByTestId('zone-panel').textContent()).toMatch(/超期/)
  })
})
