// The issue loop (吹哨报到) with the mouse, in Chromium, on the embedded database: an officer
// registers an issue by clicking inside a zone of their unit and is offered it again as a
// duplicate when a second report comes from the same spot; the issue is in the ledger,
// dispatched to that zone's unit; the unit's officer accepts it from the queue and reports it
// handled; the command centre sends it back for rework once, then verifies and closes it; the
// zone panel's figures follow each step. Expected answers come from the SQL API (askDb).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Feature, FeatureCollection, Polygon } from 'geojson'
import { pointOnFeature } from '@turf/turf'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { askDb, pointOnPage, startApp, waitForMap, whereOnPage, type App } from './browser'

const OFFICER_1 = '00000000-0000-4000-8000-000000000003'
const DISPATCHER = '00000000-0000-4000-8000-000000000006'

describe('the issue loop in Chromium', () => {
  let app: App
  let page: Page
  let spot: { lon: number; lat: number; zoneId: number; zoneName: string; unitName: string }
  let category: { code: string; name: string }
  let issue: { id: number; code: string }

  const signIn = async (id: string) => { await page.getByTestId('user-switch').selectOption(id); await page.waitForTimeout(500) }
  const clickSpot = async () => { const p = await whereOnPage(page, spot.lon, spot.lat); await page.mouse.click(p.x, p.y) }
  const statusInDb = () => askDb(page, (api, id) => api.issueDetail(id).then((d: any) => d.status), issue.id)
  /** The zone panel of the spot, as a leader opens it: a click there (nothing else on the right). */
  async function zoneFigures() {
    await page.keyboard.press('Escape')
    await clickSpot()
    await page.getByTestId('zone-name').filter({ hasText: spot.zoneName }).waitFor()
    await page.getByTestId('fig-open').waitFor()
    return { open: Number(await page.getByTestId('fig-open').textContent()), closed: Number(await page.getByTestId('fig-closed-month').textContent()) }
  }
  /** A step on the issue's page: its button, a note if it asks for one, then send. */
  async function step(action: string, note?: string) {
    await page.getByTestId(`step-${action}`).click()
    if (note) {
      await page.getByTestId('step-note').fill(note)
      await page.getByTestId('step-send').click()
    }
  }

  beforeAll(async () => {
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
    await signIn(OFFICER_1)
    // a point inside one of unit 1's area zones where that unit alone is clearly responsible
    // and no issue is open within 50 m (the oracle: dispatch_candidates, nearby_open_issues)
    spot = await askDb(page, async (api) => {
      const zones = (await api.layerGeojson('zones')).features.filter((f: any) => f.properties.unit_id === 1 && f.properties.kind === 'area')
      const grids = (await api.layerGeojson('grids')).features
      return { zones, grids }
    }).then(async ({ zones, grids }: { zones: Feature<Polygon, any>[]; grids: Feature<Polygon, any>[] }) => {
      for (const g of grids) {
        const [lon, lat] = pointOnFeature(g).geometry.coordinates
        const c = await askDb(page, (api, [lon, lat]) => Promise.all([api.dispatchCandidates(lon, lat), api.nearbyOpenIssues(lon, lat, null, 60)]), [lon, lat])
        const clear = c[0].find((x: any) => x.clear)
        if (clear?.unit_id === 1 && clear.reason === 'area' && c[1].length === 0 && zones.some((z) => z.properties.id === clear.zone_id)) {
          return { lon, lat, zoneId: clear.zone_id, zoneName: clear.zone_name, unitName: clear.unit_name }
        }
      }
      throw new Error('no quiet point inside a zone of unit 1')
    })
    const cats: any[] = await askDb(page, (api) => api.issueCategoryList())
    category = { code: cats[0].code, name: cats[0].name_zh }
    await pointOnPage(page, spot.lon, spot.lat, 16)
  }, 300_000)
  afterAll(() => app?.close())

  it('registers an issue where an officer clicks, dispatched at once to the zone\'s unit, and offers it again to a second report there', async () => {
    const before = await zoneFigures()
    await page.getByTestId('open-register').click()
    await clickSpot()
    // who it will go to is said before filing
    await expect.poll(() => page.getByTestId('register-goes').textContent()).toContain(spot.unitName)
    await page.getByTestId('register-category').selectOption(category.code)
    await page.getByTestId('register-description').fill('路边垃圾堆积，影响通行')
    await page.getByTestId('register-address').fill('测试路 1 号')
    await page.getByTestId('register-submit').click()
    const result = page.getByTestId('register-result')
    await expect.poll(() => result.textContent()).toMatch(new RegExp(`已登记 JH[\\w-]+，已派遣至 ${spot.unitName}`))
    const code = (await result.textContent())!.match(/JH[\w-]+/)![0]
    const found = await askDb(page, (api, code) => api.issueLedger({ q: code }), code)
    expect(found.total).toBe(1)
    issue = { id: found.rows[0].id, code }
    expect(found.rows[0]).toMatchObject({ status: 'dispatched', unit_name: spot.unitName, zone_id: spot.zoneId, source: 'patrol' })

    // a second report from the same spot: "is it one of these?" — yes
    await page.getByTestId('register-another').click()
    await clickSpot()
    await page.getByTestId('register-category').selectOption(category.code)
    const offered = page.getByTestId('register-nearby').locator(`li[data-issue-id="${issue.id}"]`)
    await offered.waitFor()
    expect(await offered.textContent()).toContain(code)
    await offered.getByTestId('register-same').click()
    await expect.poll(() => result.textContent()).toContain(`已作为再次上报并入 ${code}（共 2 次上报）`)
    expect((await askDb(page, (api, id) => api.issueDetail(id), issue.id)).report_count).toBe(2)
    // one issue, not two: the zone has one more open issue
    await page.getByTestId('open-register').click() // the same button ends registering
    expect((await zoneFigures()).open).toBe(before.open + 1)
  })

  it('shows the issue dispatched to that unit in the ledger, and its officer accepts it from the queue and reports it handled', async () => {
    await page.getByTestId('open-desk').click()
    await page.getByTestId('desk-ledger').click()
    await page.getByTestId('ledger-q').fill(issue.code)
    await page.getByTestId('ledger-q').press('Enter')
    const row = page.locator(`[data-testid="ledger-row"][data-issue-id="${issue.id}"]`)
    await row.waitFor()
    expect(await row.textContent()).toContain(spot.unitName)
    expect(await row.getByTestId('ledger-status-cell').textContent()).toBe('已派遣')

    // the officer's queue: the issue with 接单 as its button
    await page.getByTestId('desk-queues').click()
    await page.getByTestId('queue-my_open').click()
    const queued = page.getByTestId('queue-rows').locator(`li[data-issue-id="${issue.id}"]`)
    await queued.waitFor()
    await queued.locator('[data-action="accept"]').click()
    await expect.poll(statusInDb).toBe('accepted')
    await expect.poll(() => queued.getAttribute('data-status')).toBe('accepted')

    // 处置完毕 needs a note: on the issue's page
    await queued.locator('.what').click()
    await page.getByTestId('issue-code').filter({ hasText: issue.code }).waitFor()
    await page.getByTestId('step-handle').click()
    await page.getByTestId('step-send').click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('须写明说明') // nothing sent without one
    expect(await statusInDb()).toBe('accepted')
    await step('handle', '已清运，路面已清扫')
    await expect.poll(() => page.getByTestId('issue-status').textContent()).toBe('已处置')
    expect(await statusInDb()).toBe('handled')
    // verifying is the command centre's: the officer is offered nothing more
    expect(await page.getByTestId('issue-waiting').textContent()).toBe('等待指挥中心核实')
  })

  it('lets the command centre send it back once, then verify and close it; the timeline shows every step and the zone panel counts it closed', async () => {
    await signIn(DISPATCHER)
    await page.getByTestId('desk-queues').click()
    await page.getByTestId('queue-to_verify').click()
    const queued = page.getByTestId('queue-rows').locator(`li[data-issue-id="${issue.id}"]`)
    await queued.waitFor()
    await queued.locator('.what').click()
    await page.getByTestId('issue-code').filter({ hasText: issue.code }).waitFor()
    // the officer's own steps are not offered to the command centre
    await page.getByTestId('step-verify').waitFor()
    await step('rework', '路沿仍有残留垃圾')
    await expect.poll(() => page.getByTestId('issue-status').textContent()).toBe('返工中')

    await signIn(OFFICER_1)
    await page.getByTestId('step-handle').waitFor()
    await step('handle', '残留已清理')
    await expect.poll(statusInDb).toBe('handled')

    await signIn(DISPATCHER)
    await page.getByTestId('step-verify').waitFor()
    await step('verify')
    await expect.poll(statusInDb).toBe('verified')
    await page.getByTestId('step-close').waitFor()
    const beforeClose = await askDb(page, (api, id) => api.zoneSummary(id), spot.zoneId)
    // 结案 (销号) cannot be undone: the first click asks once more, and nothing changes yet
    await page.getByTestId('step-close').click()
    await page.getByTestId('step-final').waitFor()
    expect(await page.getByTestId('step-final').textContent()).toContain('不可撤销')
    expect(await statusInDb()).toBe('verified')
    await page.getByTestId('step-send').click()
    await expect.poll(statusInDb).toBe('closed')
    await expect.poll(() => page.getByTestId('issue-status').textContent()).toBe('已结案')

    // the timeline, as issue_events records it: who did what, in order
    const events: any[] = await askDb(page, (api, id) => api.issueEvents(id), issue.id)
    expect(events.map((e) => e.action)).toEqual(['register', 'dispatch', 'report', 'accept', 'handle', 'rework', 'handle', 'verify', 'close'])
    const shown = page.getByTestId('issue-timeline').locator('li')
    expect(await shown.evaluateAll((li) => li.map((x) => x.getAttribute('data-action')))).toEqual(events.map((e) => e.action))
    expect(await page.getByTestId('issue-timeline').textContent()).toContain('路沿仍有残留垃圾')

    // the zone panel: one open issue fewer, one more closed this month (as zone_summary says)
    await page.getByTestId('open-desk').click() // the desk closes; the map is the leader's again
    await page.getByRole('button', { name: '关闭问题页' }).click()
    const after = await zoneFigures()
    const now = await askDb(page, (api, id) => api.zoneSummary(id), spot.zoneId)
    expect(after).toEqual({ open: now.issues.open, closed: now.closed_this_month })
    expect(now.issues.open).toBe(beforeClose.issues.open - 1)
    expect(now.closed_this_month).toBe(beforeClose.closed_this_month + 1)
    // the zone's issues from its panel: the ledger filtered to the zone, the closed issue in it
    await page.getByTestId('zone-ledger').click()
    await page.getByTestId('ledger-zone-filter').waitFor()
    const zoneRows = await askDb(page, (api, id) => api.issueLedger({ zone_id: id }, '-reported_at', 1, 20), spot.zoneId)
    await expect.poll(() => page.getByTestId('ledger-row').count()).toBe(Math.min(20, zoneRows.total))
    expect(await page.locator(`[data-testid="ledger-row"][data-issue-id="${issue.id}"]`).getByTestId('ledger-status-cell').textContent()).toBe('已结案')
    await page.getByTestId('open-desk').click()
    expect(app.pageErrors).toEqual([])
  })

  it('lets the command centre dispatch an issue no zone covers to a unit it chooses from every unit, and the ledger shows it dispatched there', async () => {
    await signIn(DISPATCHER)
    const queue = { dispatch_reason: 'no_zone', status: ['registered'] }
    let lost: { id: number; code: string } | undefined = await askDb(page, (api, f) => api.issueLedger(f, 'reported_at', 1, 20), queue).then((l: any) => l.rows[0])
    if (!lost) {
      // none in the data: register one where no zone covers the place (dispatch_candidates: none)
      lost = await askDb(page, async (api, code) => {
        for (const g of (await api.layerGeojson('grids')).features as any[]) {
          const ring = g.geometry.type === 'Polygon' ? g.geometry.coordinates[0] : g.geometry.coordinates[0][0]
          const [lon, lat] = ring[0]
          if ((await api.dispatchCandidates(lon, lat)).length) continue
          const r = await api.dispatchIssue(lon, lat, code, '无人认领的井盖缺失')
          return { id: r.id, code: r.code }
        }
      }, category.code)
    }
    expect(lost, 'a registered issue with no responsible unit').toBeTruthy()
    await page.getByTestId('open-desk').click()
    await page.getByTestId('desk-queues').click()
    await page.getByTestId('queue-no_unit').click()
    const queued = page.getByTestId('queue-rows').locator(`li[data-issue-id="${lost!.id}"]`)
    await queued.waitFor()
    // 派遣… opens the issue: the unit is chosen there
    await queued.locator('[data-action="dispatch"]').click()
    await page.getByTestId('issue-code').filter({ hasText: lost!.code }).waitFor()
    await page.getByTestId('step-dispatch').click()
    const send = page.getByTestId('step-send')
    expect(await send.isDisabled()).toBe(true) // nothing chosen, nothing sent
    expect(await page.getByTestId('step-candidates').textContent()).toContain('不在任何责任区内')
    // every unit of the district is offered (unit_ranking names them all)
    const units: { unit_id: number; unit_name: string }[] = await askDb(page, (api) => api.unitRanking().then((r: any) => r.units))
    const offered = page.getByTestId('step-unit').locator('option:not([disabled])')
    await expect.poll(() => offered.count()).toBe(units.length)
    const unit = units.find((u) => u.unit_name !== spot.unitName) ?? units[0]
    await page.getByTestId('step-unit').selectOption({ label: unit.unit_name })
    await send.click()
    await expect.poll(() => page.getByTestId('issue-status').textContent()).toBe('已派遣')
    expect(await page.getByTestId('issue-unit').textContent()).toBe(unit.unit_name)
    const after: any = await askDb(page, (api, id) => api.issueDetail(id), lost!.id)
    expect(after).toMatchObject({ status: 'dispatched', unit_id: unit.unit_id, dispatch_reason: 'manual' })

    // the ledger: dispatched, to that unit (问题清单: the open issues, whatever was filtered before)
    await page.getByTestId('desk-ledger').click()
    await page.getByTestId('preset-problems').click()
    await page.getByTestId('ledger-q').fill(lost!.code)
    await page.getByTestId('ledger-q').press('Enter')
    const row = page.locator(`[data-testid="ledger-row"][data-issue-id="${lost!.id}"]`)
    await row.waitFor()
    await expect.poll(() => row.getByTestId('ledger-status-cell').textContent()).toBe('已派遣')
    expect(await row.textContent()).toContain(unit.unit_name)
    await page.getByTestId('open-desk').click() // the desk closes
    expect(app.pageErrors).toEqual([])
  })

  it('exports the filtered ledger as a CSV that reads back as the same rows, in Chinese, with a BOM', async () => {
    await page.getByTestId('open-desk').click()
    await page.getByTestId('desk-ledger').click()
    await page.getByTestId('preset-supervision').click() // 督办清单: escalation 1–3
    await page.getByTestId('ledger-row').first().waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // Excel reads it as UTF-8
    const [header, ...rows]: string[][] = parse(bytes.toString('utf8'), { bom: true })
    expect(header.slice(0, 3)).toEqual(['编号', '类别', '状态'])
    // the same rows, in the same order, as issue_ledger gives for the same filter and sort
    const all: any[] = await askDb(page, async (api) => {
      const out: any[] = []
      for (let p = 1; ; p++) { const l = await api.issueLedger({ escalation: [1, 2, 3] }, '-escalation', p, 500); out.push(...l.rows); if (out.length >= l.total) return out }
    })
    expect(all.length).toBeGreaterThan(0)
    expect(rows.map((r) => r[0])).toEqual(all.map((r) => r.code))
    expect(rows.map((r) => r[1])).toEqual(all.map((r) => r.category_zh))
    const desc = header.indexOf('问题描述')
    expect(rows.map((r) => r[desc])).toEqual(all.map((r) => (/^[=+\-@]/.test(r.description) ? `'${r.description}` : r.description)))
    expect(app.pageErrors).toEqual([])
  })
})
