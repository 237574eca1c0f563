// The first map, as a user meets it: the app starts on the embedded database (a loading
// screen, never a blank page), draws the district, and a real mouse click inside a grid
// names the unit responsible there — the same unit the SQL function zone_at names. A click
// in a coverage gap says so. A reload starts from IndexedDB without re-running migrations. A
// second tab uses the same database (each sees the other's saves) and carries on alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Feature, FeatureCollection, Polygon, MultiPolygon } from 'geojson'
import { area, bbox, pointOnFeature } from '@turf/turf'
import { askDb, drawnFeatures, pointOnPage, setUpInDb, startApp, waitForMap, type App } from './browser'

type Area = Feature<Polygon | MultiPolygon, Record<string, any>>

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
    const report = await askDb(page, (api) => api.backend.startReport)
    console.log(`cold start (fresh database, IndexedDB empty): ${(coldMs / 1000).toFixed(1)} s to a drawn map; worker stages (ms): ${JSON.stringify(report.timings)}`)
    expect(report.fresh).toBe(true)
    expect(report.prepared).toBe(true) // the shipped demo database, not migrations run in the browser
    expect(report.timings.loading_demo_data).toBeDefined() // the stage a warm start skips (below)
    expect(app.externalRequests).toEqual([])
  })

  it('names the responsible unit when a grid is clicked', async () => {
    // The expected answer, from the database: a grid whose point-on-surface lies in exactly one area zone.
    const grids = await askDb(page, (api) => api.layerGeojson('grids')) as FeatureCollection
    let target: { lon: number; lat: number; unit: string; zone: string; grid: string } | null = null
    for (const f of (grids.features as Area[]).filter((_, i) => i % 37 === 5)) {
      const [lon, lat] = pointOnFeature(f).geometry.coordinates
      const z = await askDb(page, (api, [lon, lat]) => api.zoneAt(lon, lat), [lon, lat])
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
    const report = await askDb(page, (api) => api.coverageReport('230203')) as { gaps: FeatureCollection }
    const gaps = (report.gaps.features as Area[]).sort((a, b) => area(b) - area(a))
    expect(gaps.length).toBeGreaterThan(0)
    const [lon, lat] = pointOnFeature(gaps[0]).geometry.coordinates
    expect(await askDb(page, (api, [lon, lat]) => api.zoneAt(lon, lat), [lon, lat])).toBeNull()

    const point = await pointOnPage(page, lon, lat, 17)
    await page.mouse.click(point.x, point.y)
    await expect.poll(() => page.getByTestId('no-zone').textContent()).toBe('此处暂无责任单位（覆盖缺口）')

    // The same answer in English, and the choice survives a reload.
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.getByTestId('no-zone').textContent()).toBe('No responsible unit here (coverage gap)')
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.getByTestId('no-zone').textContent()).toBe('此处暂无责任单位（覆盖缺口）')
  })

  it('says a click outside the district is outside it, not a gap to fill', async () => {
    const district = await askDb(page, (api) => api.layerGeojson('district')) as FeatureCollection
    const [minX, minY] = bbox(district)
    const [lon, lat] = [minX - 0.003, minY - 0.003] // just past the district's south-west corner
    const point = await pointOnPage(page, lon, lat, 15)
    await page.mouse.click(point.x, point.y)
    await expect.poll(() => page.getByTestId('outside-district').textContent()).toBe('此处不在本区范围内')
    expect(await page.getByTestId('no-zone').count()).toBe(0)
  })

  it('starts again from IndexedDB on reload, without re-applying migrations or the seed', async () => {
    // What makes a start warm is what it skips, not how long it takes (a timing comparison of
    // two starts flaked under CI load: speed is `npm run bench`'s business). So: the worker
    // found its database in IndexedDB and opened it, did not fetch the shipped demo database,
    // created nothing, applied no migration and loaded no seed. The times are only logged.
    const requested: string[] = []
    const onRequest = (r: { url(): string }) => { requested.push(new URL(r.url()).pathname) }
    page.context().on('request', onRequest) // the worker's requests too (Chromium reports them to the context)
    // the engine crosses the network compressed (the build's precompressed copy): its encoding and size on the wire
    const engine = page.context().waitForEvent('requestfinished', { predicate: (r) => /\/pglite-[^/]*\.wasm$/.test(r.url()), timeout: 120_000 })
      .then(async (r) => ({ encoding: (await r.response())?.headers()['content-encoding'] ?? null, bytes: (await r.sizes()).responseBodySize }))
    const t0 = Date.now()
    await page.reload()
    await waitForMap(page)
    const warmMs = Date.now() - t0
    page.context().off('request', onRequest)
    const report = await askDb(page, (api) => api.backend.startReport)
    console.log(`warm start (database kept in IndexedDB): ${(warmMs / 1000).toFixed(1)} s to a drawn map (cold: ${(coldMs / 1000).toFixed(1)} s); worker stages (ms): ${JSON.stringify(report.timings)}`)
    expect(report.fresh).toBe(false)
    expect(report.prepared).toBe(false)
    expect(report.shared).toBeFalsy() // this tab opened the database itself, not through another tab
    expect(report.applied).toEqual([])
    // the stages of a database kept in IndexedDB, and none of a first start's
    expect(Object.keys(report.timings).sort()).toEqual(['loading_postgis', 'opening_database', 'ready'])
    // the engine was loaded again (so this list does see the worker's requests) but the
    // prepared demo database (demo-db.tar.gz, several MB) was not fetched
    expect(requested.some((p) => /\/pglite-[^/]*\.wasm$/.test(p))).toBe(true)
    expect(requested.filter((p) => p.endsWith('/demo-db.tar.gz'))).toEqual([])
    const wire = await engine
    console.log(`pglite.wasm on the wire: ${wire.encoding}, ${(wire.bytes / 1048576).toFixed(1)} MB`)
    expect(['br', 'gzip']).toContain(wire.encoding)
    expect(wire.bytes).toBeLessThan(5 * 1048576) // ~10 MB uncompressed
    expect(app.externalRequests).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('shares the database with a second tab: each sees the other\'s saves at once, and the second carries on when the first closes', async () => {
    const ADMIN = '00000000-0000-4000-8000-000000000001'
    const second = await page.context().newPage()
    second.on('pageerror', (e) => app.pageErrors.push(e.message))
    await second.goto(app.url + '/')
    await waitForMap(second, 60_000)
    expect((await askDb(second, (api) => api.backend.startReport)).shared).toBe(true)

    // the first tab has an area zone's panel open (from its link)
    const target: number = await askDb(page, async (api) => (await api.layerGeojson('zones')).features.find((f: any) => f.properties.kind === 'area').properties.id)
    await page.evaluate((id) => { location.hash = `#/zone/${id}` }, target)
    const versionLine = page.getByTestId('zone-version')
    await expect.poll(() => versionLine.textContent()).toMatch(/^第 1 版/)

    // the second tab's administrator moves nothing but saves that zone again: a new version
    // (set-up: another person's save in the other tab, at the zone's exact shape)
    const saved = await setUpInDb(second, async (api, { admin, id }) => {
      const zone = (await api.layerGeojson('zones')).features.find((f: any) => f.properties.id === id)
      api.backend.setUser(admin)
      const p = zone.properties
      const r = await api.saveZone({ id: p.id, unit_id: p.unit_id, name: p.name, kind: p.kind, geom: zone.geometry, version: p.version })
      return { id: p.id as number, before: p.version as number, after: r.version as number }
    }, { admin: ADMIN, id: target })
    expect(saved.after).toBe(saved.before + 1)
    // the first tab reads the same database, and its map redraws the zone without a reload
    expect((await askDb(page, (api) => api.layerGeojson('zones'))).features.find((f: any) => f.properties.id === saved.id).properties.version).toBe(saved.after)
    await expect.poll(async () => (await drawnFeatures(page, 'zones')).find((p) => p.id === saved.id)?.version, { timeout: 20_000 }).toBe(saved.after)
    await expect.poll(() => versionLine.textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^第 ${saved.after} 版 · 系统管理员`))

    // the first tab closes: the second opens the database itself, with the save in it
    await page.close()
    await expect.poll(() => askDb(second, (api) => api.backend.startReport?.shared ?? false), { timeout: 60_000 }).toBe(false)
    const after = await askDb(second, (api, id) => api.zoneSummary(id), saved.id)
    expect(after.zone.version).toBe(saved.after)
    expect(app.pageErrors).toEqual([])
  })
})
