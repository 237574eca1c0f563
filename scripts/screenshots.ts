// Screenshots of the built app as users see it, to look at before a change ships:
//   loading.png            the start-up screen while the embedded database is built
//   map-desktop.png        the district at 1440×900
//   first-map-desktop.png  after a click inside a zone, with the zone panel open
//   gap-desktop.png        after a click in a coverage gap
//   first-map-en.png       the same panel in English
//   issue-queue.png        the command centre's queue (待派遣), as the dispatcher
//   issue-ledger.png       the ledger (台账) beside an issue's page with its timeline
//   issue-register.png     registering an issue: the point, the 50 m circle, who it goes to
//   wall.png               the command-centre wall at 3840×2160
// Builds nothing: run `npx vite build` first, then `npx tsx scripts/screenshots.ts [outDir]`.
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { area, pointOnFeature } from '@turf/turf'
import { askDb, jumpTo, startApp, waitForMap, whereOnPage } from '../test/e2e/browser'

type Area = Feature<Polygon | MultiPolygon, Record<string, any>>
const out = process.argv[2] ?? 'screenshots'
mkdirSync(out, { recursive: true })

/** A point inside a grid that one area zone covers, from the app's own data. */
async function zonePoint(page: Page): Promise<[number, number]> {
  const grids = await askDb(page, (api) => api.layerGeojson('grids')) as FeatureCollection
  for (const f of (grids.features as Area[]).filter((_, i) => i % 41 === 17)) {
    const [lon, lat] = pointOnFeature(f).geometry.coordinates
    const z = await askDb(page, (api, [lon, lat]) => api.zoneAt(lon, lat), [lon, lat])
    if (z?.kind === 'area' && z.also.length === 0) return [lon, lat]
  }
  throw new Error('no grid inside a zone')
}

async function gapPoint(page: Page): Promise<[number, number]> {
  const report = await askDb(page, (api) => api.coverageReport('230203')) as { gaps: FeatureCollection }
  const gap = (report.gaps.features as Area[]).sort((a, b) => area(b) - area(a))[0]
  return pointOnFeature(gap).geometry.coordinates as [number, number]
}

const app = await startApp()
try {
  const page = await app.open('/')
  await page.locator('li.current', { hasText: '演示数据' }).waitFor({ timeout: 120_000 })
  await page.waitForTimeout(1000)
  await page.screenshot({ path: `${out}/loading.png` })
  await waitForMap(page)
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${out}/map-desktop.png` })

  const [lon, lat] = await zonePoint(page)
  const p = await whereOnPage(page, lon, lat)
  await page.mouse.click(p.x, p.y)
  await page.getByTestId('overdue-count').or(page.getByTestId('no-zone')).waitFor()
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${out}/first-map-desktop.png` })

  await page.getByTestId('lang-switch').click()
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${out}/first-map-en.png` })
  await page.getByTestId('lang-switch').click()

  const [gLon, gLat] = await gapPoint(page)
  await jumpTo(page, gLon, gLat, 15)
  const g = await whereOnPage(page, gLon, gLat)
  await page.mouse.click(g.x, g.y)
  await page.getByTestId('no-zone').waitFor()
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${out}/gap-desktop.png` })

  // Street zoom at the top hotspot: issue dots with category characters, grid codes.
  const cells = await askDb(page, (api) => api.issueHotspots(null)) as { cells: FeatureCollection }
  const hot = cells.cells.features.sort((a, b) => Number(b.properties?.count) - Number(a.properties?.count))[0]
  const [hLon, hLat] = pointOnFeature(hot as Area).geometry.coordinates
  await page.getByTestId('zone-panel').locator('button').first().click()
  await jumpTo(page, hLon, hLat, 15.6)
  await page.waitForTimeout(1500)
  await page.screenshot({ path: `${out}/street-desktop.png` })

  // The issue loop, as the command centre (指挥中心调度员): its queue, the ledger and an issue's timeline.
  await page.keyboard.press('Escape')
  await page.getByTestId('user-switch').selectOption('00000000-0000-4000-8000-000000000006')
  await page.waitForTimeout(800)
  await page.getByTestId('open-desk').click()
  await page.getByTestId('queue-rows').locator('li').first().waitFor()
  await page.waitForTimeout(800)
  await page.screenshot({ path: `${out}/issue-queue.png` })
  await page.getByTestId('desk-ledger').click()
  await page.getByTestId('preset-supervision').click()
  await page.getByTestId('ledger-row').first().waitFor()
  await page.getByTestId('ledger-row').first().click()
  await page.getByTestId('issue-timeline').waitFor()
  await page.waitForTimeout(1500)
  await page.screenshot({ path: `${out}/issue-ledger.png` })
  await page.getByTestId('open-desk').click()
  await page.getByTestId('open-register').click()
  await jumpTo(page, lon, lat, 16)
  const r = await whereOnPage(page, lon, lat)
  await page.mouse.click(r.x, r.y)
  await page.getByTestId('register-goes').waitFor()
  await page.waitForTimeout(800)
  await page.screenshot({ path: `${out}/issue-register.png` })
  await page.getByTestId('open-register').click()

  for (const [name, width, height] of [['tablet', 1024, 700], ['phone', 390, 844]] as const) {
    const small = await app.open('/', { width, height })
    await waitForMap(small)
    await small.waitForTimeout(800)
    await small.screenshot({ path: `${out}/${name}.png` })
    await small.close()
  }
  const wall = await app.open('/#/wall', { width: 3840, height: 2160 })
  await waitForMap(wall)
  await wall.getByTestId('wall-month').waitFor({ timeout: 60_000 })
  await wall.waitForTimeout(1000)
  await wall.screenshot({ path: `${out}/wall.png` })
  await wall.screenshot({ path: `${out}/wall-25.png`, scale: 'css' })
  console.log(`screenshots in ${out}/; external requests: ${app.externalRequests.length}; page errors: ${app.pageErrors.length}`)
} finally {
  await app.close()
}
