// The first map, as a user meets it: the app starts on the embedded database (a loading
// screen, never a blank page), draws the district, and a real mouse click inside a grid
// names the unit responsible there — the same unit the SQL function zone_at names. A click
// in a coverage gap says so. A reload starts from IndexedDB without re-running migrations. A
// second tab uses the same database (each sees the other's saves) and carries on alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Feature, FeatureCollection, Polygon, MultiPolygon } from 'geojson'
import { area, pointOnFeature } from '@turf/turf'
import { pointOnPage, startApp, waitForMap, type App } from './browser'

type Area = Feature<Polygon | MultiPolygon, Record<string, any>>
const inPage = <T>(page: Page, fn: (api: any) => Promise<T>) =>
  page.evaluate(`(${fn.toString()})(window.__gridgov.api)`) as Promise<T>

describe('the first map in Chromium', () => {
  let app: App
  let page: Page
  let coldMs = 0
  let sawLoadingScreen = false

  beforeAll(async () => {
    app = await startApp()
    const t0 = Date.now()
    page = await app.open('/')
    sawLoadingScreen = await page.getByTestId('loading').isVisible()
    await waitForMap(page)
    coldMs = Date.now() - t0
  })
  afterAll(() => app?.close())

  it('shows start-up progress, then the district with street names, with no request leaving the machine', async () => {
    expect(sawLoadingScreen).toBe(true)
    expect(await page.locator('[data-testid=map] canvas.maplibregl-canvas').count()).toBe(1)
    expect(await page.locator('.street-label').allTextContents()).toEqual(expect.arrayContaining(['中华街道', '卜奎街道']))
    const report = await page.evaluate(() => (window as any).__gridgov.api.backend.startReport)
    console.log(`cold start (fresh database, IndexedDB empty): ${(coldMs / 1000).toFixed(1)} s to a drawn map; worker stages (ms): ${JSON.stringify(report.timings)}`)
    expect(report.fresh).toBe(true)
    expect(report.prepared).toBe(true) // the shipped demo database, not migrations run in the browser
    expect(app.externalRequests).toEqual([])
  })

  it('names the responsible unit when a grid is clicked', async () => {
    // The expected answer, from the database: a grid whose point-on-surface lies in exactly one area zone.
    const grids = await inPage<FeatureCollection>(page, (api) => api.layerGeojson('grids'))
    let target: { lon: number; lat: number; unit: string; zone: string; grid: string } | null = null
    for (const f of (grids.features as Area[]).filter((_, i) => i % 37 === 5)) {
      const [lon, lat] = pointOnFeature(f).geometry.coordinates
      const z = await page.evaluate(([lon, lat]) => (window as any).__gridgov.api.zoneAt(lon, lat), [lon, lat])
      if (z && z.kind === 'area' && z.also.length === 0 && z.grid?.code === f.properties.code) {
        target = { lon, lat, unit: z.unit_name, zone: z.name, grid: f.properties.code }
        break
      }
    }
    expect(target).not.toBeNull()
    expect(target!.unit.length).toBeGreaterThan(0)

    // Pan there as a user would, then click with the mouse on the canvas.
    const point = await pointOnPage(page, target!.lon, target!.lat, 16)
    await page.mouse.click(point.x, point.y)
    await page.getByTestId('unit-name').waitFor()
    expect(await page.getByTestId('unit-name').textContent()).toBe(target!.unit)
    expect(await page.getByTestId('zone-name').textContent()).toBe(target!.zone)
    const panel = page.getByTestId('zone-panel')
    await expect.poll(() => panel.textContent()).toMatch(/超期/) // the zone_summary figures arrived
    expect(await panel.textContent()).toContain(target!.grid)
  })

  it('says so when the click is in a coverage gap', async () => {
    const report = await inPage<{ gaps: FeatureCollection }>(page, (api) => api.coverageReport('230203'))
    const gaps = (report.gaps.features as Area[]).sort((a, b) => area(b) - area(a))
    expect(gaps.length).toBeGreaterThan(0)
    const [lon, lat] = pointOnFeature(gaps[0]).geometry.coordinates
    expect(await page.evaluate(([lon, lat]) => (window as any).__gridgov.api.zoneAt(lon, lat), [lon, lat])).toBeNull()

    const point = await pointOnPage(page, lon, lat, 17)
    await page.mouse.click(point.x, point.y)
    await expect.poll(() => page.getByTestId('no-zone').textContent()).toBe('此处暂无责任单位（覆盖缺口）')

    // The same answer in English, and the choice survives a reload.
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.getByTestId('no-zone').textContent()).toBe('No responsible unit here (coverage gap)')
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.getByTestId('no-zone').textContent()).toBe('此处暂无责任单位（覆盖缺口）')
  })

  it('starts again from IndexedDB on reload, without re-applying migrations or the seed', async () => {
    const t0 = Date.now()
    await page.reload()
    await waitForMap(page)
    const warmMs = Date.now() - t0
    const report = await page.evaluate(() => (window as any).__gridgov.api.backend.startReport)
    console.log(`warm start (database kept in IndexedDB): ${(warmMs / 1000).toFixed(1)} s to a drawn map; worker stages (ms): ${JSON.stringify(report.timings)}`)
    expect(report.fresh).toBe(false)
    expect(report.applied).toEqual([])
    expect(report.timings.loading_demo_data).toBeUndefined()
    expect(warmMs).toBeLessThan(coldMs)
    expect(app.externalRequests).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('shares the database with a second tab: each sees the other\'s saves at once, and the second carries on when the first closes', async () => {
    const ADMIN = '00000000-0000-4000-8000-000000000001'
    const second = await page.context().newPage()
    second.on('pageerror', (e) => app.pageErrors.push(e.message))
    await second.goto(app.url + '/')
    await waitForMap(second, 60_000)
    expect((await second.evaluate(() => (window as any).__gridgov.api.backend.startReport)).shared).toBe(true)

    // the first tab has an area zone's panel open (from its link)
    const zoneIn = (p: Page, id: number) => p.evaluate((id) => (window as any).__gridgov.store.data.zones.features.find((f: any) => f.properties.id === id).properties.version, id)
    const target = await inPage<number>(page, async (api) => (await api.layerGeojson('zones')).features.find((f: any) => f.properties.kind === 'area').properties.id)
    await page.evaluate((id) => { location.hash = `#/zone/${id}` }, target)
    const versionLine = page.getByTestId('zone-version')
    await expect.poll(() => versionLine.textContent()).toMatch(/^第 1 版/)

    // the second tab's administrator moves nothing but saves that zone again: a new version
    const saved = await second.evaluate(async ({ admin, id }) => {
      const { api } = (window as any).__gridgov
      const zone = (await api.layerGeojson('zones')).features.find((f: any) => f.properties.id === id)
      api.backend.setUser(admin)
      const p = zone.properties
      const r = await api.saveZone({ id: p.id, unit_id: p.unit_id, name: p.name, kind: p.kind, geom: zone.geometry, version: p.version })
      return { id: p.id as number, before: p.version as number, after: r.version as number }
    }, { admin: ADMIN, id: target })
    expect(saved.after).toBe(saved.before + 1)
    // the first tab reads the same database, and its map redraws the zone without a reload
    expect((await inPage<any>(page, (api) => api.layerGeojson('zones'))).features.find((f: any) => f.properties.id === saved.id).properties.version).toBe(saved.after)
    await expect.poll(() => zoneIn(page, saved.id)).toBe(saved.after)
    await expect.poll(() => versionLine.textContent()).toMatch(new RegExp(`^第 ${saved.after} 版 · 系统管理员`))

    // the first tab closes: the second opens the database itself, with the save in it
    await page.close()
    await expect.poll(() => second.evaluate(() => (window as any).__gridgov.api.backend.startReport?.shared ?? false), { timeout: 60_000 }).toBe(false)
    const after = await second.evaluate((id) => (window as any).__gridgov.api.zoneSummary(id), saved.id)
    expect(after.zone.version).toBe(saved.after)
    expect(app.pageErrors).toEqual([])
  })
})
