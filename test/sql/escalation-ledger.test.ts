// Escalation from the deadline (督办 / 催办 / 查办, thresholds in escalation_levels) at exact
// boundary times, when the clock stops, and a changed threshold; then the ledger (台账,
// issue_ledger): every filter, the checks on them, the sort whitelist and paging in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { boxWkt, buildSmallWorld } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

const DEADLINE = '2026-03-10T04:00:00.000000Z'
/** The deadline plus hours and microseconds, as a timestamptz literal. */
const plus = (hours: number, micros = 0) => new Date(Date.parse(DEADLINE) + hours * 3600e3).toISOString().replace('Z', '') + String(micros).padStart(3, '0') + 'Z'

describe.each(testBackends())('escalation and the ledger on %s', (kind) => {
  let db: TestDb
  const ids: Record<string, number> = {}
  const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e) => toApiError(e).code)

  async function issue(code: string, { lon = 124.005, ...fields }: Record<string, unknown>) {
    const cols = Object.keys(fields)
    const [{ id }] = await db.sql<{ id: number }>(
      `insert into public.issues (code, description, geom, ${cols.join(', ')})
       values ($1, $1, extensions.ST_SetSRID(extensions.ST_MakePoint($2, 47.31), 4326), ${cols.map((_, i) => `$${i + 3}`).join(', ')}) returning id::int`,
      [code, lon, ...cols.map((c) => fields[c])])
    ids[code] = id
    return id
  }

  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await db.sql(`
      set search_path = public, extensions;
      insert into streets values ('230299001', '230299', '西街道', ST_Multi(ST_GeomFromText('${boxWkt([124.0, 47.3, 124.02, 47.33])}', 4326))),
                                 ('230299002', '230299', '东街道', ST_Multi(ST_GeomFromText('${boxWkt([124.02, 47.3, 124.04, 47.33])}', 4326)));
      insert into communities values ('230299001001', '230299001', '西一社区', ST_Multi(ST_GeomFromText('${boxWkt([124.0, 47.3, 124.01, 47.33])}', 4326))),
                                     ('230299001002', '230299001', '西二社区', ST_Multi(ST_GeomFromText('${boxWkt([124.01, 47.3, 124.02, 47.33])}', 4326)));
      reset search_path;`)
    const base = { category: 'litter', reported_at: '2026-03-09T00:00:00Z', dispatched_at: '2026-03-09T04:00:00Z', deadline: DEADLINE, unit_id: 1, zone_id: 101 }
    await issue('E-OPEN', { ...base, status: 'dispatched' })
    await issue('E-HANDLED', { ...base, status: 'handled', accepted_at: '2026-03-09T05:00:00Z', handled_at: plus(2) })
    await issue('E-LATE', { ...base, status: 'closed', accepted_at: '2026-03-09T05:00:00Z', handled_at: plus(200), closed_at: plus(201) })
    await issue('E-DEFERRED', { ...base, status: 'deferred', accepted_at: '2026-03-09T05:00:00Z' })
  })
  afterAll(() => db?.close())

  const level = async (code: string, t: string) => (await db.rpc('issue_escalation', { issue_id: ids[code], at: t }, USERS.wall)).level

  it('escalates exactly at the thresholds: 督办 just after the deadline, 催办 after 168 h more, 查办 after 1,008 h', async () => {
    const rows = await db.sql(`select level, code, name_zh, after_hours::float8 as after_hours from public.escalation_levels order by level`)
    expect(rows).toEqual([
      { level: 1, code: 'supervise', name_zh: '督办', after_hours: 0 },
      { level: 2, code: 'urge', name_zh: '催办', after_hours: 168 },
      { level: 3, code: 'investigate', name_zh: '查办', after_hours: 1008 },
    ])
    const at = async (h: number, us = 0) => level('E-OPEN', plus(h, us))
    expect([await at(-1), await at(0), await at(0, 1), await at(1)]).toEqual([0, 0, 1, 1])
    expect([await at(168), await at(168, 1)]).toEqual([1, 2])
    expect([await at(1008), await at(1008, 1), await at(5000)]).toEqual([2, 3, 3])
    const e = await db.rpc('issue_escalation', { issue_id: ids['E-OPEN'], at: plus(10) }, USERS.wall)
    expect(e).toMatchObject({ level: 1, code: 'supervise', name_zh: '督办', name_en: 'Supervised', hours_past_deadline: 10, next_level: 2 })
    expect(Date.parse(e.next_level_at)).toBe(Date.parse(plus(168)))
    expect(await db.rpc('issue_escalation', { issue_id: ids['E-OPEN'], at: plus(-5) }, USERS.wall))
      .toMatchObject({ level: 0, code: null, hours_past_deadline: null, next_level: 1 })
  })

  it('stops the clock when the unit reports it handled, and while it is deferred', async () => {
    expect([await level('E-HANDLED', plus(1)), await level('E-HANDLED', plus(3)), await level('E-HANDLED', plus(5000))]).toEqual([1, 1, 1])
    expect([await level('E-LATE', plus(100)), await level('E-LATE', plus(5000))]).toEqual([1, 2])
    expect(await level('E-DEFERRED', plus(5000))).toBe(0)
    expect((await db.rpc('issue_escalation', { issue_id: ids['E-HANDLED'], at: plus(3) }, USERS.wall)).next_level).toBeNull()
    expect(await refusal(db.rpc('issue_escalation', { issue_id: 999999 }, USERS.wall))).toBe('issue_not_found')
  })

  it('reads the thresholds from the table: a changed threshold moves the boundary', async () => {
    await db.sql(`update public.escalation_levels set after_hours = 24 where level = 2`)
    expect([await level('E-OPEN', plus(24)), await level('E-OPEN', plus(24, 1))]).toEqual([1, 2])
    await db.sql(`update public.escalation_levels set after_hours = 168 where level = 2`)
    expect(await level('E-OPEN', plus(24, 1))).toBe(1)
  })

  describe('the ledger', () => {
    beforeAll(async () => {
      const now = Date.now(), h = (n: number) => new Date(now + n * 3600e3).toISOString()
      const open = { category: 'litter', status: 'accepted', unit_id: 1, zone_id: 101, reported_at: h(-30), dispatched_at: h(-29), accepted_at: h(-28) }
      await issue('L-ESC1', { ...open, deadline: h(-1) })
      await issue('L-ESC2', { ...open, deadline: h(-200) })
      await issue('L-ESC3', { ...open, category: 'manhole', deadline: h(-2000), source: 'hotline' })
      await issue('L-FRESH', { ...open, deadline: h(20), lon: 124.015 })
      await issue('L-EAST', { category: 'street_stall', status: 'dispatched', unit_id: 2, zone_id: 102, reported_at: h(-5), dispatched_at: h(-5), deadline: h(19), lon: 124.03 })
      await issue('L-GAP', { category: 'litter', status: 'registered', reported_at: h(-3), dispatch_reason: 'no_zone', lon: 124.035 })
      await issue('L-EXT', { ...open, deadline: h(5), extension_requested_at: h(-1), address: '文化大街 12 号 100%_' })
    })

    const ledger = (filters: unknown, sort: string | null = null, page = 1, pageSize = 50) =>
      db.rpc('issue_ledger', { filters, sort, page, page_size: pageSize }, USERS.leader)
    const codes = async (filters: unknown, sort: string | null = 'code') => (await ledger(filters, sort)).rows.map((r: any) => r.code)

    it('filters by unit, zone, street, community, category, status, escalation, source, reason, overdue, extension, dates and text', async () => {
      expect((await ledger(null)).total).toBe(11)
      expect(await codes({ unit_id: 2 })).toEqual(['L-EAST'])
      expect(await codes({ zone_id: 102, unit_id: null })).toEqual(['L-EAST'])
      expect(await codes({ street: '230299002' })).toEqual(['L-EAST', 'L-GAP'])
      expect(await codes({ community: '230299001002' })).toEqual(['L-FRESH'])
      expect(await codes({ category: 'manhole' })).toEqual(['L-ESC3'])
      expect(await codes({ category: ['manhole', 'street_stall'] })).toEqual(['L-EAST', 'L-ESC3'])
      expect(await codes({ status: ['registered', 'deferred'] })).toEqual(['E-DEFERRED', 'L-GAP'])
      expect(await codes({ escalation: [1, 2, 3], status: 'accepted' })).toEqual(['L-ESC1', 'L-ESC2', 'L-ESC3'])
      expect(await codes({ escalation: 3 })).toEqual(['E-OPEN', 'L-ESC3'])
      expect(await codes({ escalation: 2, status: 'closed' })).toEqual(['E-LATE'])
      expect(await codes({ source: 'hotline' })).toEqual(['L-ESC3'])
      expect(await codes({ dispatch_reason: 'no_zone' })).toEqual(['L-GAP'])
      expect(await codes({ overdue: true })).toEqual(['E-OPEN', 'L-ESC1', 'L-ESC2', 'L-ESC3'])
      expect(await codes({ extension_requested: true })).toEqual(['L-EXT'])
      expect(await codes({ from: '2026-03-01', to: '2026-04-01' })).toEqual(['E-DEFERRED', 'E-HANDLED', 'E-LATE', 'E-OPEN'])
      expect(await codes({ q: '100%_' })).toEqual(['L-EXT'])
      expect(await codes({ q: 'l-esc' })).toEqual(['L-ESC1', 'L-ESC2', 'L-ESC3'])
      const [row] = (await ledger({ q: 'L-ESC3' })).rows
      expect(row).toMatchObject({ code: 'L-ESC3', category_zh: '井盖破损', unit_name: '区城管执法局', zone_name: 'A1 西片', escalation: 3, overdue: true,
                                  street_name: '西街道', community_name: '西一社区', source: 'hotline', report_count: 1, lon: 124.005, lat: 47.31 })
    })

    it('refuses an unknown key or a bad value with invalid_filters, saying which', async () => {
      for (const bad of [
        { nope: 1 }, { unit_id: 'x' }, { unit_id: 1.5 }, { zone_id: -1 }, { status: 'in_progress' }, { status: ['closed', 'done'] },
        { escalation: 4 }, { escalation: ['1'] }, { source: 'rumour' }, { category: 7 }, { category: Array(201).fill('litter') },
        { q: 'x'.repeat(101) }, { from: 'last week' }, { from: '2026-13-45' }, { to: 12 }, { street: '123' }, { community: '230299001009' }, { street: '230299009' },
        { overdue: 'yes' }, { dispatch_reason: 'luck' }, { q: 'x'.repeat(90), category: Array(200).fill('y'.repeat(20)) },
      ]) {
        expect(`${JSON.stringify(bad).slice(0, 60)}: ${await refusal(ledger(bad))}`).toBe(`${JSON.stringify(bad).slice(0, 60)}: invalid_filters`)
      }
      const e = await ledger({ colour: 'red' }).catch(toApiError)
      expect(e.message).toContain('colour')
      // filters that are not an object (a JS array would reach SQL as an array literal, not JSON: asked directly)
      expect(await refusal(db.sql(`select public.check_ledger_filters('[1, 2]'::jsonb)`))).toBe('invalid_filters')
    })

    it('sorts by the whitelisted keys only, both ways, ties by id', async () => {
      expect(await codes({ unit_id: 1, status: 'accepted' }, 'deadline')).toEqual(['L-ESC3', 'L-ESC2', 'L-ESC1', 'L-EXT', 'L-FRESH'])
      expect(await codes({ unit_id: 1, status: 'accepted' }, '-deadline')).toEqual(['L-FRESH', 'L-EXT', 'L-ESC1', 'L-ESC2', 'L-ESC3'])
      expect((await codes({ overdue: true }, '-escalation')).slice(0, 2)).toEqual(['L-ESC3', 'E-OPEN']) // level 3 both: higher id first
      expect((await codes(null, 'unit')).at(-1)).toBe('L-GAP') // no unit last
      expect((await codes(null, '-reported_at'))[0]).toBe('L-GAP')
      for (const bad of ['id', 'reported_at; drop table issues', 'random()', '--code']) expect(await refusal(ledger(null, bad))).toBe('invalid_sort')
      expect(await refusal(ledger(null, 'x'.repeat(31)))).toBe('input_too_long')
    })

    it('pages in SQL: the total stays, the rows follow on without gaps or repeats', async () => {
      const all = await codes(null)
      const pages = await Promise.all([1, 2, 3, 4].map((p) => ledger(null, 'code', p, 3)))
      expect(pages.map((p) => p.total)).toEqual([11, 11, 11, 11])
      expect(pages.flatMap((p) => p.rows.map((r: any) => r.code))).toEqual(all)
      expect(pages[3].rows).toHaveLength(2)
      expect((await ledger(null, 'code', 5, 3)).rows).toEqual([])
      for (const [p, n] of [[0, 10], [1, 0], [1, 501], [100001, 10]]) expect(await refusal(ledger(null, null, p, n))).toBe('invalid_input')
      expect(await refusal(db.rpc('issue_ledger', {}, null))).toBe('not_signed_in')
    })

    it('shows the same escalation in the ledger, the issues layer and the zone panel', async () => {
      const layer = await db.rpc('layer_geojson', { layer_id: 'issues' }, USERS.leader)
      const inLayer = Object.fromEntries(layer.features.map((f: any) => [f.properties.code, f.properties.escalation]))
      const inLedger = Object.fromEntries((await ledger(null)).rows.map((r: any) => [r.code, r.escalation]))
      expect(inLayer).toEqual(inLedger)
      expect(inLedger).toMatchObject({ 'L-ESC1': 1, 'L-ESC2': 2, 'L-ESC3': 3, 'L-FRESH': 0, 'E-HANDLED': 1, 'E-DEFERRED': 0, 'L-GAP': 0 })
      const panel = await db.rpc('zone_summary', { zone_id: 101 }, USERS.leader)
      expect(panel.overdue_issues.map((o: any) => [o.code, o.escalation])).toEqual([['E-OPEN', 3], ['L-ESC3', 3], ['L-ESC2', 2], ['L-ESC1', 1]])
    })
  })
})
