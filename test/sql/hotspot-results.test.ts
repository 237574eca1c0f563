// issue_hotspots gives a kept answer again (*_hotspot_results.sql) only while it is true: a new
// issue, a moved one or a recategorised one changes the answer at once; a filter on the state
// (overdue changes by the clock) is computed each time; an answer older than
// hotspot_result_minutes() is computed again; and an answer computed while another connection
// files an issue is not given again once that filing commits.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { buildSmallWorld } from '../helpers/small-world'

const SPOT = [124.03, 47.31]

/** 12 litter issues within ~30 m, reported over the last 12 days, coded prefix1…prefix12 */
const cluster = (prefix: string, n = 12) => `
  insert into public.issues (code, category, description, geom, reported_at, status)
  select '${prefix}' || k, 'litter', '聚集', extensions.ST_SetSRID(extensions.ST_MakePoint(${SPOT[0]} + (k % 4) * 0.0001, ${SPOT[1]} + (k / 4) * 0.0001), 4326),
         now() - make_interval(days => k), 'registered'
  from generate_series(1, ${n}) k`

const total = (answer: any) => answer.issues_total as number

describe.each(testBackends())('issue_hotspots\' kept answers on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db)
    await db.sql(cluster('H'))
  })
  afterAll(() => db?.close())

  const hotspots = (filters: object | null = { days: 30 }) => db.rpc<any>('issue_hotspots', { filters, cell_m: 300, recurring_weeks: 6 })
  const keptAt = async () => (await db.sql<{ at: string }>(`select computed_at::text as at from public.hotspot_results where filters = '{"days": 30}'`))[0]?.at

  it('keeps an answer and gives it again unchanged', async () => {
    const first = await hotspots()
    expect(total(first)).toBe(12)
    const at = await keptAt()
    expect(at).toBeTruthy()
    expect(await hotspots()).toEqual(first)
    expect(await keptAt()).toBe(at)
  })

  it('answers afresh after an issue is filed, moved or recategorised', async () => {
    await db.sql(cluster('N', 1))
    expect(total(await hotspots())).toBe(13)
    // moved far from the cluster: the cluster's cell counts one less
    const cellCount = (a: any) => Math.max(...a.cells.features.map((f: any) => f.properties.count))
    const before = cellCount(await hotspots())
    await db.sql(`update public.issues set geom = extensions.ST_SetSRID(extensions.ST_MakePoint(124.005, 47.305), 4326) where code = 'H1'`)
    expect(cellCount(await hotspots())).toBe(before - 1)
    // recategorised out of a category filter
    const litter = await hotspots({ days: 30, category: 'litter' })
    await db.sql(`update public.issues set category = 'street_stall' where code = 'H2'`)
    expect(total(await hotspots({ days: 30, category: 'litter' }))).toBe(total(litter) - 1)
  })

  it('computes a state filter each time, and an answer older than its minutes again', async () => {
    await hotspots({ days: 30, state: ['open'] })
    const [{ n }] = await db.sql(`select count(*)::int as n from public.hotspot_results where filters ? 'state'`)
    expect(n).toBe(0)
    await hotspots()
    await db.sql(`update public.hotspot_results set computed_at = now() - make_interval(mins => public.hotspot_result_minutes() + 1)`)
    const stale = await keptAt()
    await hotspots()
    expect(await keptAt()).not.toBe(stale)
  })
})

describe.runIf(testBackends().includes('postgres'))('an issue filed while the hotspots are computed, on postgres', () => {
  let db: TestDb
  let a: pg.Client
  beforeAll(async () => {
    db = await openTestDb('postgres', 'empty')
    await buildSmallWorld(db)
    await db.sql(cluster('H'))
    a = new pg.Client({ connectionString: db.connectionString })
    await a.connect()
  })
  afterAll(async () => { await a?.end(); await db?.close() })

  it('is counted by the next answer once its filing commits', async () => {
    await a.query('begin')
    await a.query(cluster('F', 3))
    // computed and kept without the three (not committed yet)
    expect(total(await db.rpc<any>('issue_hotspots', { filters: { days: 30 } }))).toBe(12)
    await a.query('commit')
    expect(total(await db.rpc<any>('issue_hotspots', { filters: { days: 30 } }))).toBe(15)
  })
})
