// The data module's contract with the database: every function the app can call exists in
// the migrated schema with exactly the parameter names the module sends (what PostgREST
// matches on), and every call the module makes runs for real on PGlite. So the Supabase
// path cannot drift from the SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Api } from '../../src/lib/api/api'
import type { Backend } from '../../src/lib/api/backend'
import { LAYER } from '../../src/lib/api/layer-ids'
import { LAYERS_WRITTEN_BY } from '../../src/lib/api/writes'
import { openTestDb, USERS, type TestDb } from '../helpers/db'

type Call = { name: string; args: Record<string, unknown> }
const square = { type: 'Polygon', coordinates: [[[123.95, 47.35], [123.951, 47.35], [123.951, 47.351], [123.95, 47.351], [123.95, 47.35]]] } as const

/** One sample call per data-module function; a new function must be added here. */
const SAMPLES: Record<Exclude<keyof Api, 'backend' | 'onLayerChanged'>, (api: Api) => Promise<unknown>> = {
  layerCatalog: (a) => a.layerCatalog(),
  layerGeojson: (a) => a.layerGeojson('markets', [123.8, 47.2, 124.1, 47.5], { days: 30 }),
  layerView: (a) => a.layerView('issues', [123.8, 47.2, 124.1, 47.5], 11, { days: 30 }),
  layerFeature: (a) => a.layerFeature('markets', '1', [123.8, 47.2, 124.1, 47.5]),
  issueCounts: (a) => a.issueCounts({ days: 30 }),
  zoneAt: (a) => a.zoneAt(123.95, 47.35),
  zoneAtBatch: (a) => a.zoneAtBatch([[123.95, 47.35], [0, 0]]),
  zoneSummary: (a) => a.zoneSummary(1),
  validateZone: (a) => a.validateZone(square as any, 1, null),
  saveZone: (a) => a.saveZone({ unit_id: 1, name: '契约测试', kind: 'area', geom: square as any }).catch((e) => e),
  deleteZone: (a) => a.deleteZone(1, 99).catch((e) => e),
  zoneVersions: (a) => a.zoneVersions(1),
  restoreZone: (a) => a.restoreZone(1, 1, 99).catch((e) => e),
  coverageReport: (a) => a.coverageReport('230203'),
  currentUserInfo: (a) => a.currentUserInfo(),
  issueHotspots: (a) => a.issueHotspots({ days: 30 }),
  issueCategoryList: (a) => a.issueCategoryList(),
  unitRanking: (a) => a.unitRanking(null),
  searchPlaces: (a) => a.searchPlaces('建华'),
  adminAreaSummary: (a) => a.adminAreaSummary('district', '230203'),
  areaSummary: (a) => a.areaSummary(square as any),
  gridsUnion: (a) => a.gridsUnion(['nope']).catch((e) => e),
  clipZone: (a) => a.clipZone(square as any, null).catch((e) => e),
  zoneNameProblems: (a) => a.zoneNameProblems('建华北片'),
  zoneLimits: (a) => a.zoneLimits(),
  zoneChangeImpact: (a) => a.zoneChangeImpact(square as any, 1, null),
  dispatchIssue: (a) => a.dispatchIssue(123.95, 47.35, 'nope', '契约测试').catch((e) => e),
  // the issue loop (issue 12): reads for real; the writes as an officer of unit 1 on issue 1 (refused or not, by the function)
  dispatchCandidates: (a) => a.dispatchCandidates(123.95, 47.35, 'litter'),
  nearbyOpenIssues: (a) => a.nearbyOpenIssues(123.95, 47.35, null, 200),
  attachIssueReport: (a) => a.attachIssueReport(1, '契约测试').catch((e) => e),
  advanceIssue: (a) => a.advanceIssue(1, 'accept').catch((e) => e),
  followUpIssue: (a) => a.followUpIssue(1, 'satisfied').catch((e) => e),
  issueEvents: (a) => a.issueEvents(1),
  issueActions: (a) => a.issueActions(1),
  issueActionsFor: (a) => a.issueActionsFor([1, 2]),
  issueDetail: (a) => a.issueDetail(1),
  issueEscalation: (a) => a.issueEscalation(1, null),
  issueLedger: (a) => a.issueLedger({ status: ['accepted', 'dispatched'], escalation: [1, 2, 3] }, '-deadline', 1, 10),
  unitIndicators: (a) => a.unitIndicators(null),
  monthlyBulletin: (a) => a.monthlyBulletin(null),
  wallSummary: (a) => a.wallSummary(false),
  // 问效: the writes as an officer are refused (forbidden) by the functions; the list is read for real
  createEffectTask: (a) => a.createEffectTask('23320:15630', 'litter', '契约测试').catch((e) => e),
  listEffectTasks: (a) => a.listEffectTasks(null),
  closeEffectTask: (a) => a.closeEffectTask(1).catch((e) => e),
  // people (issue 10): the calls run as an officer, so they are refused (forbidden), but by the function
  listAppUsers: (a) => a.listAppUsers().catch((e) => e),
  saveAppUser: (a) => a.saveAppUser('00000000-0000-4000-8000-0000000000c1', '契约测试', 'officer', 1).catch((e) => e),
  removeAppUser: (a) => a.removeAppUser('00000000-0000-4000-8000-0000000000c1').catch((e) => e),
  signInOptions: (a) => a.signInOptions(),
}

describe('data module ↔ SQL API contract', () => {
  let db: TestDb
  const calls: Call[] = []
  let api: Api
  beforeAll(async () => {
    db = await openTestDb('pglite', 'demo')
    const recording: Backend = {
      kind: 'pglite',
      rpc: async (name, args) => {
        calls.push({ name, args })
        return db.rpc(name, args, USERS.officerA)
      },
      setUser: () => {},
    }
    api = createApi(recording)
    for (const run of Object.values(SAMPLES)) await run(api)
  })
  afterAll(() => db?.close())

  it('has a sample call for every function of the data module', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(api).filter((k) => k !== 'backend' && k !== 'onLayerChanged').sort())
  })

  it('sends only names and parameter names that exist in the migrated database', async () => {
    expect(calls.length).toBe(Object.keys(SAMPLES).length)
    for (const call of calls) {
      const rows = await db.sql<{ names: string[] | null; required: number }>(
        `select coalesce(p.proargnames, '{}') as names, p.pronargs - p.pronargdefaults as required
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = $1`, [call.name])
      expect(rows, `function public.${call.name}`).toHaveLength(1) // one signature: PostgREST cannot pick between overloads
      const names = rows[0].names ?? []
      const sent = Object.keys(call.args)
      for (const arg of sent) expect(names, `${call.name}(${arg})`).toContain(arg)
      for (const required of names.slice(0, rows[0].required)) expect(sent, `${call.name} needs ${required}`).toContain(required)
    }
  })

  it('gets answers of the shapes the app reads', async () => {
    const catalog = await api.layerCatalog()
    expect(catalog[0]).toMatchObject({ id: expect.any(String), title_zh: expect.any(String), feature_count: expect.any(Number) })
    const fc = await api.layerGeojson('grids')
    expect(fc.features[0].properties).toMatchObject({ code: expect.any(String), community_name: expect.any(String) })
    const summary = await api.zoneSummary(1)
    expect(summary).toMatchObject({ unit: { name: expect.any(String) }, issues: { overdue: expect.any(Number) }, area_km2: expect.any(Number) })
    const categories = await api.issueCategoryList()
    expect(categories.find((c) => c.code === 'litter')).toMatchObject({ glyph: '垃', kind: 'event', group_zh: expect.any(String), response_hours: expect.any(Number) })
    const ledger = await api.issueLedger({ escalation: [1, 2, 3] }, '-escalation', 1, 5)
    expect(ledger.total).toBeGreaterThan(0)
    expect(ledger.rows[0]).toMatchObject({ code: expect.any(String), escalation: 3, overdue: true, unit_name: expect.any(String), street_name: expect.any(String) })
    const detail = await api.issueDetail(ledger.rows[0].id)
    expect(detail.events.map((e) => e.action)).toEqual(['register', 'dispatch', ...(detail.accepted_at ? ['accept'] : [])])
    const indicators = await api.unitIndicators(null)
    expect(indicators[0]).toMatchObject({ unit_id: expect.any(Number), filed: expect.any(Number), hotline: { filed: expect.any(Number) } })
    const last = new Date(); last.setDate(0) // the last day of last month
    const bulletin = await api.monthlyBulletin(last.toISOString().slice(0, 10))
    expect(bulletin).toMatchObject({ complete: true, district: { filed: expect.any(Number) }, ranking: { has_data: true, min_due: expect.any(Number) } })
    expect(bulletin.streets.length).toBeGreaterThan(0)
    expect(bulletin.units[0]).toMatchObject({ unit_name: expect.any(String), due: expect.any(Number), hotline: { filed: expect.any(Number) } })
    const wall = await api.wallSummary()
    expect(wall).toMatchObject({ as_of: expect.any(String), today: { received: expect.any(Number), before: { closed: expect.any(Number) } },
      month: { received: expect.any(Number), overdue: expect.any(Number), before: { received: expect.any(Number) } },
      escalations: { total: expect.any(Number) }, ranking: { has_data: true } })
    expect(wall.escalations.rows[0]).toMatchObject({ code: expect.any(String), level: expect.any(Number), hours_late: expect.any(Number), street_name: expect.any(String) })
    expect(wall.ranking.units[0]).toMatchObject({ unit_id: expect.any(Number), unit_name: expect.any(String) })
    expect(wall.hotspots!.length).toBeGreaterThan(0)
    expect(wall.latest[0]).toMatchObject({ code: expect.any(String), action: expect.any(String), category_zh: expect.any(String) })
    // a task the command centre created, as the desk's 问效 tab reads it
    const hot = await api.issueHotspots({ days: 365 })
    const cell = hot.cells.features.map((f) => f.properties as any).find((p) => p.recurring)
    await db.rpc('create_effect_task', { cell: cell.cell, category: cell.recurring_categories[0].category }, USERS.dispatcher)
    const [task] = await api.listEffectTasks(null)
    expect(task).toMatchObject({ cell: cell.cell, status: 'open', category_zh: expect.any(String), street_name: cell.street_name,
      window_days: 90, before: { reported: expect.any(Number), filed: expect.any(Number) }, after: { reported: expect.any(Number) } })
  })

  it('names only catalogue layers the database has, and only write functions it has', async () => {
    const ids = (await api.layerCatalog()).map((l) => l.id)
    for (const id of Object.values(LAYER)) expect(ids, `layer ${id}`).toContain(id)
    for (const [fn, layers] of Object.entries(LAYERS_WRITTEN_BY)) {
      const found = await db.sql(`select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = $1`, [fn])
      expect(found, `function ${fn}`).toHaveLength(1)
      for (const layer of layers) expect(ids).toContain(layer)
    }
  })
})
