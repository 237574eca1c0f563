// A leader inspecting the district in Chromium (issue 5): search with the keyboard opens the
// right panel; the drill-down district → street → community → grid shows on every level the
// figures admin_area_summary gives; the monthly ranking lists every unit with the flag SQL
// gives (样本不足 under the minimum, a month without data says so) and opens the month's bulletin; a polygon drawn with the mouse gets the figures area_summary gives for it; two zones
// compare side by side; the zone report prints to one A4 page. Screenshots go to
// /tmp/shots-leaders/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { mkdirSync, writeFileSync } from 'node:fs'
import { askDb, drawnFeatures, jumpTo, settle, startApp, waitForMap, whereOnPage, type App } from './browser'

const SHOTS = '/tmp/shots-leaders'
/** oracle: every expected figure, list and name here is the SQL function's answer (askDb) */
const fmt = (n: number | null, digits = 0) =>
  n == null ? '—' : new Intl.NumberFormat('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n)
const pct = (r: number | null) => (r == null ? '—' : `${fmt(r * 100, 1)}%`)

/** What the summary on the page should say for a report from SQL. */
function expectedFigures(r: any) {
  return {
    open: fmt(r.issues.open), overdue: fmt(r.issues.overdue), closedMonth: fmt(r.closed_this_month),
    rate: pct(r.closed_share), median: fmt(r.median_close_hours, 1), total: fmt(r.issues.total),
    overdueListed: r.overdue_issues.length ? Math.min(6, r.overdue_issues.length) : 0,
  }
}
async function figuresOnPage(page: Page, scope: string) {
  const text = (id: string) => page.locator(`[data-testid=${scope}] [data-testid=${id}]`).first().textContent()
  return {
    open: await text('fig-open'), overdue: await text('overdue-count'), closedMonth: await text('fig-closed-month'),
    rate: await text('fig-rate'), median: await text('fig-median'), total: await text('fig-total'),
    overdueListed: await page.locator(`[data-testid=${scope}] [data-testid=overdue-list] li`).count(),
  }
}

describe('leaders inspect the district in Chromium', () => {
  let app: App
  let page: Page
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
  })
  afterAll(() => app?.close())

  it('search: partial Chinese and a grid-code prefix, chosen with the keyboard, open the right panel', async () => {
    const input = page.getByTestId('search-input')
    await input.click()
    await input.pressSequentially('建华', { delay: 60 })
    const expected: any[] = await askDb(page, (api) => api.searchPlaces('建华', 12))
    expect(expected.length).toBeGreaterThan(0)
    await expect.poll(() => page.locator('#search-results [role=option]').count()).toBe(expected.length)
    expect(await input.getAttribute('aria-expanded')).toBe('true')
    // walk down to the first zone among the results with the arrow keys, then Enter
    const zoneAt = expected.findIndex((m) => m.kind === 'zone')
    expect(zoneAt).toBeGreaterThanOrEqual(0)
    for (let i = 0; i < zoneAt; i++) await input.press('ArrowDown')
    expect(await input.getAttribute('aria-activedescendant')).toBe(`search-option-${zoneAt}`)
    await input.press('Enter')
    await expect.poll(() => page.getByTestId('zone-name').textContent()).toBe(expected[zoneAt].label)
    expect(await page.evaluate(() => location.hash)).toBe(`#/zone/${expected[zoneAt].id}`)
    const summary = await askDb(page, (api, id) => api.zoneSummary(id), expected[zoneAt].id)
    await expect.poll(() => figuresOnPage(page, 'zone-panel')).toEqual(expectedFigures(summary))
    expect(await page.getByTestId('unit-name').textContent()).toBe(summary.unit.name)
    expect(await page.locator('[data-testid=zone-panel] [data-testid=trend-chart] path').count()).toBe(2)
    await settle(page)
    await page.screenshot({ path: `${SHOTS}/zone-panel-1440.png` })

    // a grid by the prefix of its code; Escape closes the list, ↓ reopens it
    const grids = await askDb(page, (api) => api.layerGeojson('grids'))
    const code: string = grids.features[123].properties.code
    const prefix = code.slice(0, 13)
    await input.fill('')
    await input.pressSequentially(prefix, { delay: 40 })
    const byPrefix: any[] = await askDb(page, (api, prefix) => api.searchPlaces(prefix, 12), prefix)
    await expect.poll(() => page.locator('#search-results [role=option]').first().textContent()).toContain(byPrefix[0].label)
    await input.press('Escape')
    await expect.poll(() => page.locator('#search-results').count()).toBe(0)
    const gridAt = byPrefix.findIndex((m) => m.kind === 'grid')
    for (let i = 0; i <= gridAt; i++) await input.press('ArrowDown')
    await input.press('Enter')
    const grid = await askDb(page, (api, code) => api.adminAreaSummary('grid', code), byPrefix[gridAt].id)
    await expect.poll(() => page.getByTestId('area-name').textContent()).toBe(grid.name)
    expect(await figuresOnPage(page, 'area-panel')).toEqual(expectedFigures(grid))
    expect(await page.getByTestId('breadcrumb').textContent()).toContain(grid.parent.name)
  })

  it('drills down from the district to a grid, each level showing admin_area_summary figures', async () => {
    await page.getByTestId('tool-district').click()
    const district = await askDb(page, (api) => api.adminAreaSummary('district', '230203'))
    await expect.poll(() => page.getByTestId('area-name').textContent()).toBe(district.name)
    expect(await figuresOnPage(page, 'area-panel')).toEqual(expectedFigures(district))
    let report = district
    for (const level of ['street', 'community', 'grid']) {
      const child = report.children[0]
      expect(child.level).toBe(level)
      await page.locator(`[data-testid=area-children] button[data-code="${child.code}"]`).click()
      report = await askDb(page, (api, [level, code]) => api.adminAreaSummary(level, code), [level, child.code])
      await expect.poll(() => page.getByTestId('area-name').textContent()).toBe(report.name)
      await expect.poll(() => figuresOnPage(page, 'area-panel')).toEqual(expectedFigures(report))
    }
    // the breadcrumb names all four levels and leads back up
    const crumbs = page.locator('[data-testid=breadcrumb] button, [data-testid=breadcrumb] [aria-current]')
    expect(await crumbs.count()).toBe(4)
    expect(await crumbs.first().textContent()).toBe(district.name)
    await page.locator('[data-testid=breadcrumb] button[data-level=street]').click()
    await expect.poll(() => page.getByTestId('area-name').textContent()).toBe(district.children[0].name)
    await page.getByTestId('area-panel').getByRole('button', { name: '关闭' }).click()
  })

  it('ranks every unit for the month with the red or blue flag SQL gives, and highlights a unit\'s zones', async () => {
    await page.getByTestId('tool-ranking').click()
    const units = Number((await askDb(page, (api) => api.backend.ownerSql('select count(*)::int as n from units')))[0].n)
    // it opens on the last complete month (每月一评 judges a month once it is over)
    const last = new Date(new Date().getFullYear(), new Date().getMonth() - 1, 1)
    const month = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`
    expect(await page.getByTestId('ranking-month').inputValue()).toBe(month)
    const ranking = await askDb(page, (api, day) => api.unitRanking(day), `${month}-01`)
    const rows = page.locator('[data-testid=ranking-table] tbody tr')
    await expect.poll(() => rows.count()).toBe(units)
    expect(ranking.units.length).toBe(units)
    const onPage = await rows.evaluateAll((trs) => trs.map((tr) => ({ id: Number((tr as HTMLElement).dataset.unitId), flag: (tr as HTMLElement).dataset.flag,
      text: tr.querySelector('[data-testid=flag]')!.textContent, due: tr.querySelector('[data-testid=ranking-due]')!.textContent, rate: tr.querySelector('[data-testid=ranking-rate]')!.textContent })))
    expect(onPage.map((r) => r.id)).toEqual(ranking.units.map((u: any) => u.unit_id)) // in rank order, the too few after the ranked
    for (const u of ranking.units) {
      const row = onPage.find((r) => r.id === u.unit_id)!
      expect(row.flag).toBe(u.flag ?? 'too_few')
      expect(row.text).toBe(u.flag === 'red' ? '红旗' : u.flag === 'blue' ? '蓝旗' : '样本不足')
      expect([row.due, row.rate]).toEqual([fmt(u.due), pct(u.due_closure_rate)]) // the volume beside the rate
      expect(u.rated).toBe(u.due >= ranking.min_due)
    }
    expect(new Set(onPage.map((r) => r.flag))).toEqual(new Set(['red', 'blue', 'too_few'])) // the demo month has all three
    // a unit with several zones: click it, its zones are highlighted
    const zones = await askDb(page, (api) => api.layerGeojson('zones'))
    const perUnit = new Map<number, number>()
    for (const f of zones.features) perUnit.set(f.properties.unit_id, (perUnit.get(f.properties.unit_id) ?? 0) + 1)
    const unit = ranking.units.find((u: any) => (perUnit.get(u.unit_id) ?? 0) >= 2)
    await page.locator(`[data-testid=ranking-table] tr[data-unit-id="${unit.unit_id}"]`).click()
    await settle(page)
    // the unit's row is marked, and on the map its zones are lit, only its
    expect(await page.locator(`[data-testid=ranking-table] tr[data-unit-id="${unit.unit_id}"]`).getAttribute('class')).toMatch(/\bselected\b/)
    const lit = (await drawnFeatures(page, 'leaders-unit')).map((p) => p.unit_id)
    expect(lit.length).toBeGreaterThan(0)
    expect(new Set(lit)).toEqual(new Set([unit.unit_id]))
    await page.screenshot({ path: `${SHOTS}/ranking-1440.png` })

    // 月通报: the month's bulletin as monthly_bulletin gives it, printable
    await page.getByTestId('bulletin-open').click()
    const bulletin = await askDb(page, (api, day) => api.monthlyBulletin(day), `${month}-01`)
    await expect.poll(() => page.locator('[data-testid=bulletin-units] tbody tr').count()).toBe(units)
    expect(await page.getByTestId('bulletin-title').textContent()).toContain(`${Number(month.slice(0, 4))}年${Number(month.slice(5))}月`)
    expect(await page.locator('[data-testid=bulletin-district] [data-key=filed] dd').textContent()).toBe(fmt(bulletin.district.filed))
    expect(await page.locator('[data-testid=bulletin-streets] tbody tr').count()).toBe(bulletin.streets.length + 1) // and the district's total
    expect(await page.locator('[data-testid=bulletin-units] tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.flag)))
      .toEqual(ranking.units.map((u: any) => u.flag ?? 'too_few'))
    expect(await page.locator('[data-testid=bulletin-escalated] tbody tr').count()).toBe(bulletin.escalated.rows.length)
    await settle(page)
    await page.screenshot({ path: `${SHOTS}/bulletin-1440.png` })
    await page.getByTestId('bulletin-close').click()
    await expect.poll(() => page.getByTestId('bulletin-view').count()).toBe(0)

    // a month without data says so, and flags nobody
    await page.getByTestId('ranking-month').fill('2020-01')
    await expect.poll(() => page.getByTestId('ranking-no-data').textContent()).toContain('2020-01')
    expect(await page.locator('[data-testid=ranking-table]').count()).toBe(0)
    expect((await askDb(page, (api) => api.unitRanking('2020-01-01'))).has_data).toBe(false)
    await page.getByTestId('tool-ranking').click()
  })

  it('summarises a polygon drawn with the mouse exactly as area_summary does, and map clicks do not open a zone meanwhile', async () => {
    await jumpTo(page, 123.96, 47.35, 13)
    await page.getByTestId('tool-draw-polygon').click()
    expect(await page.getByTestId('tool-draw-polygon').getAttribute('aria-pressed')).toBe('true')
    // four corners the leader clicks (a rectangle around the centre), then the first again to close it
    const lonlat = [[123.935, 47.365], [123.985, 47.365], [123.985, 47.335], [123.935, 47.335]]
    const corners = await Promise.all(lonlat.map(([lon, lat]) => whereOnPage(page, lon, lat)))
    for (const { x, y } of corners) { await page.mouse.move(x, y); await page.mouse.click(x, y); await page.waitForTimeout(150) }
    expect(await page.getByTestId('zone-panel').count()).toBe(0)
    await page.mouse.move(corners[0].x, corners[0].y); await page.mouse.click(corners[0].x, corners[0].y)
    await expect.poll(() => page.getByTestId('area-name').textContent(), { timeout: 20_000 }).toBe('自画多边形范围')
    // the polygon summarised is the one clicked: its four corners (area_summary of it gives every figure, the area too)
    const geom = { type: 'Polygon', coordinates: [[...lonlat, lonlat[0]]] }
    const sql = await askDb(page, (api, geom) => api.areaSummary(geom), geom)
    expect(sql.issues.total).toBeGreaterThan(0)
    expect(await figuresOnPage(page, 'area-panel')).toEqual(expectedFigures(sql))
    expect(await page.getByTestId('fig-area').textContent()).toContain(fmt(sql.area_km2, 2))
    // back to inspecting once the finishing click has passed: the tool is off, no drawing hint
    await expect.poll(() => page.getByTestId('tool-draw-polygon').getAttribute('aria-pressed')).toBe('false')
    expect(await page.getByTestId('mode-hint').count()).toBe(0)
    await page.getByTestId('area-panel').getByRole('button', { name: '关闭' }).click()
  })

  it('puts two zones side by side with the figures zone_summary gives, and prints a zone report to one A4 page', async () => {
    for (const id of [1, 2]) {
      await page.evaluate((id) => { location.hash = `#/zone/${id}` }, id)
      const s = await askDb(page, (api, id) => api.zoneSummary(id), id)
      await expect.poll(() => page.getByTestId('zone-name').textContent()).toBe(s.zone.name)
      await page.getByTestId('compare-add').click()
    }
    await page.getByTestId('compare-open').click()
    const table = page.getByTestId('compare-table')
    const [a, b] = [await askDb(page, (api) => api.zoneSummary(1)), await askDb(page, (api) => api.zoneSummary(2))]
    expect(await table.locator('thead th[data-zone-id]').allTextContents()).toEqual([a.zone.name, b.zone.name])
    expect(await table.locator('tr[data-row="panel.overdue"] td').allTextContents()).toEqual([fmt(a.issues.overdue), fmt(b.issues.overdue)])
    expect(await table.locator('tr[data-row="inspect.closed_share"] td').allTextContents()).toEqual([pct(a.closed_share), pct(b.closed_share)])
    expect(await table.locator('tr[data-row="compare.unit"] td').allTextContents()).toEqual([a.unit.name, b.unit.name])
    await page.screenshot({ path: `${SHOTS}/compare-1440.png` })
    await page.getByTestId('compare-open').click()

    await page.getByTestId('print-open').click()
    await page.getByTestId('print-view').waitFor()
    const snapshot = page.getByTestId('print-snapshot')
    await snapshot.waitFor({ timeout: 20_000 })
    expect(await snapshot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 200)).toBe(true)
    expect(await page.locator('[data-testid=print-view] h1').textContent()).toBe(b.zone.name)
    expect(await figuresOnPage(page, 'print-view')).toEqual(expectedFigures(b))
    await page.screenshot({ path: `${SHOTS}/print-preview-1440.png` })
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: `${SHOTS}/print-media-1440.png`, fullPage: true })
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
    await page.emulateMedia({ media: 'screen' })
    writeFileSync(`${SHOTS}/zone-report.pdf`, pdf)
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length).toBe(1)
    expect(app.pageErrors).toEqual([])
    expect(app.externalRequests).toEqual([])
  })
})
