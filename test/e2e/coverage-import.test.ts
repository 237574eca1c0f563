// The officer's data tools in Chromium: the coverage view lists the demo's planted gaps and
// overlaps with exactly coverage_report's counts and areas and flies to one when clicked;
// importing a GeoJSON file with one good and one bad feature (through the file input)
// previews both, names the bad one's problem, imports only the good one — which then is in
// SQL, on the map, and closes that gap in the coverage view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { mkdirSync, readFileSync } from 'node:fs'
import { askDb, drawnFeatures, mapPosition, pointOnPage, settle, startApp, waitForMap, wallScreenshot, whereOnPage, type App } from './browser'
import { zippedShapefile } from '../helpers/shapefile-writer'

const SHOTS = '/tmp/shots-data'
const OFFICER_UNIT_1 = '00000000-0000-4000-8000-000000000003'
// oracle: coverage_report's gaps, overlaps and share as the database computes them
const report = (page: Page) => askDb(page, (api) => api.coverageReport('230203'))
// oracle: the zones the database holds (all, or one unit's)
const zonesInDb = (page: Page, unitId: number | null = null) => askDb(page, (api, unitId) => api.layerGeojson('zones', null, unitId === null ? null : { unit_id: unitId }), unitId)
const countOf = async (page: Page, testid: string) => Number((await page.getByTestId(testid).textContent())!.replace(/[^\d]/g, ''))

describe('coverage view and zone import in Chromium', () => {
  let app: App
  let page: Page
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    app = await startApp()
    page = await app.open('/')
    await page.evaluate((id) => localStorage.setItem('gridgov.user', id), OFFICER_UNIT_1)
    await page.reload()
    await waitForMap(page)
  }, 240_000)
  afterAll(() => app?.close())

  it('lists the planted gaps and overlaps with coverage_report\'s counts and areas, and flies to one', async () => {
    await page.getByTestId('open-coverage').click()
    await page.getByTestId('coverage-share').waitFor({ timeout: 60_000 })
    const r = await report(page)
    expect(r.gaps.features.length).toBeGreaterThan(0) // the demo plants gaps and overlaps
    expect(r.overlaps.features.length).toBeGreaterThan(0)
    expect(await page.locator('[data-testid^=coverage-gap-]:not([data-testid$=total])').count()).toBe(r.gaps.features.length)
    expect(await page.locator('[data-testid^=coverage-overlap-]:not([data-testid$=total])').count()).toBe(r.overlaps.features.length)
    for (const [i, f] of r.gaps.features.entries()) {
      expect(Number(await page.getByTestId(`coverage-gap-${i + 1}`).getAttribute('data-area'))).toBe(f.properties.area_m2)
    }
    for (const [i, f] of r.overlaps.features.entries()) {
      const item = page.getByTestId(`coverage-overlap-${i + 1}`)
      expect(Number(await item.getAttribute('data-area'))).toBe(f.properties.area_m2)
      expect(await item.textContent()).toContain(f.properties.zone_names[0])
    }
    expect(Number(await page.getByTestId('coverage-share').getAttribute('data-value'))).toBe(r.share_covered_once)
    expect(await page.getByTestId('coverage-share').textContent()).toBe(`${(r.share_covered_once * 100).toFixed(1)}%`)
    await settle(page)
    expect((await drawnFeatures(page, 'coverage-gap-fill')).length + (await drawnFeatures(page, 'coverage-overlap-fill')).length).toBeGreaterThan(0)
    await page.screenshot({ path: `${SHOTS}/coverage-1440.png` })

    // click the largest overlap: the map goes there and outlines it
    await page.getByTestId('coverage-overlap-1').click()
    await page.waitForTimeout(900)
    await settle(page)
    const [lon, lat] = [r.overlaps.features[0].properties.label_lon, r.overlaps.features[0].properties.label_lat]
    expect((await mapPosition(page)).zoom).toBeGreaterThan(14)
    // the overlap's label point is on the map, on screen
    const at = await whereOnPage(page, lon, lat)
    const box = (await page.getByTestId('map').boundingBox())!
    expect(at.x).toBeGreaterThan(box.x); expect(at.x).toBeLessThan(box.x + box.width)
    expect(at.y).toBeGreaterThan(box.y); expect(at.y).toBeLessThan(box.y + box.height)
    expect((await drawnFeatures(page, 'coverage-overlap-selected')).map((p) => p.n)).toContain(1)
    await page.screenshot({ path: `${SHOTS}/coverage-overlap-1440.png` })
    await wallScreenshot(page, `${SHOTS}/coverage-3840.png`, async () => {
      await page.getByTestId('coverage-gap-1').click()
      await page.waitForTimeout(900)
    })
  }, 240_000)

  it('imports the good feature of a file and refuses the bad one with its specific problem', async () => {
    const before = await report(page)
    const gap = before.gaps.features[0]
    const [x, y] = [gap.properties.label_lon, gap.properties.label_lat]
    const bowTie = { type: 'Polygon', coordinates: [[[x + 0.01, y], [x + 0.016, y + 0.004], [x + 0.016, y], [x + 0.01, y + 0.004], [x + 0.01, y]]] }
    const file = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: '导入测试：补空白' }, geometry: gap.geometry },
      { type: 'Feature', properties: { name: '导入测试：蝴蝶结' }, geometry: bowTie },
    ] }
    const zonesBefore = (await zonesInDb(page)).features.length
    expect(await countOf(page, 'count-zones')).toBe(zonesBefore) // the layer panel counts them

    await page.getByTestId('open-import').click()
    // a Shapefile without .prj is refused as a whole, with the reason and what to ask for
    const noPrj = zippedShapefile('街道责任区', [{ name: '无坐标系', ring: gap.geometry.coordinates[0] }], { prj: null })
    await page.getByTestId('import-file').setInputFiles({ name: 'from-department.zip', mimeType: 'application/zip', buffer: Buffer.from(noPrj) })
    await page.getByTestId('import-file-error').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-file-error').textContent()).toContain('图层「街道责任区」缺少 .prj 坐标系文件')
    await page.getByTestId('import-file').setInputFiles({ name: 'zones-from-department.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) })
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('import-summary').textContent()).toBe('2 个要素：1 个可导入，1 个有问题')
    expect(await page.getByTestId('import-feature-1').getAttribute('data-status')).toBe('ok')
    expect(await page.getByTestId('import-feature-2').getAttribute('data-status')).toBe('problem')
    expect(await page.getByTestId('import-feature-2').textContent()).toContain('边界自相交')
    expect(await page.getByTestId('import-select-2').isDisabled()).toBe(true)
    // nothing was written by choosing the file and checking it
    expect((await zonesInDb(page)).features.length).toBe(zonesBefore)
    await settle(page)
    expect((await drawnFeatures(page, 'import-fill')).length).toBeGreaterThan(0)
    // both are drawn, the broken one too (its outline: a symmetric bow-tie has no area to fill)
    const drawn = [...new Set((await drawnFeatures(page, 'import-line')).map((p) => p.index))].sort()
    expect(drawn).toEqual([1, 2])
    expect(await page.getByTestId('import-badge-2').count()).toBe(1)
    await page.screenshot({ path: `${SHOTS}/import-preview-1440.png` })
    await wallScreenshot(page, `${SHOTS}/import-preview-3840.png`)

    await page.getByTestId('import-confirm').click()
    await page.getByTestId('import-result').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('import-result').textContent()).toBe('已保存 1 个，被拒绝 0 个')
    const zones = (await zonesInDb(page)).features
    expect(zones.length).toBe(zonesBefore + 1)
    const added = zones.filter((f: any) => String(f.properties.name).startsWith('导入测试'))
    expect(added.map((f: any) => [f.properties.name, f.properties.unit_id, f.properties.version])).toEqual([['导入测试：补空白', 1, 1]])
    // on the map: the layer panel counts it and the zones layer draws it
    await expect.poll(() => countOf(page, 'count-zones'), { timeout: 30_000 }).toBe(zonesBefore + 1)
    await page.screenshot({ path: `${SHOTS}/import-done-1440.png` })
    await pointOnPage(page, x, y, 16)
    expect((await drawnFeatures(page, 'zones')).some((p) => p.name === '导入测试：补空白')).toBe(true)

    // export: the unit's zones as a GeoJSON download, the same features SQL returns for unit 1
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-unit').click()])
    expect(download.suggestedFilename()).toMatch(/^zones-unit-1-\d{4}-\d{2}-\d{2}\.geojson$/)
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'))
    const unit1 = await zonesInDb(page, 1)
    expect(exported.features.map((f: any) => f.properties)).toEqual(unit1.features.map((f: any) => f.properties))
    expect(exported.features.some((f: any) => f.properties.name === '导入测试：补空白' && f.properties.version === 1 && f.properties.unit_name)).toBe(true)
    expect(exported.features.every((f: any) => f.properties.unit_id === 1)).toBe(true)

    // and the gap it filled is gone from the coverage view
    await page.getByTestId('open-coverage').click()
    await page.getByTestId('coverage-share').waitFor({ timeout: 60_000 })
    const after = await report(page)
    expect(after.gaps.features.length).toBe(before.gaps.features.length - 1)
    expect(after.share_covered_once).toBeGreaterThan(before.share_covered_once)
    expect(await page.locator('[data-testid^=coverage-gap-]:not([data-testid$=total])').count()).toBe(after.gaps.features.length)
    // in English, the panel and the map's numbered badges switch language together
    await page.getByTestId('lang-switch').click()
    await page.getByTestId('coverage-badge-gap-1').getByText('G1').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('coverage-gap-total').textContent()).toMatch(/^\d+, [\d,]+ m² in all$/)
    await page.screenshot({ path: `${SHOTS}/coverage-en-1440.png` })
    await page.getByTestId('lang-switch').click()
    expect(app.pageErrors).toEqual([])
    expect(app.externalRequests).toEqual([])
  }, 240_000)
})
