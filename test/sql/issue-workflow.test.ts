// The issue loop's steps (advance_issue, *_issue_workflow.sql): every action from every status
// for every role, each outcome checked against the rules written out here independently of the
// SQL (who takes which step, from which statuses, to which); each attempt runs in a transaction
// that is rolled back, so every one starts from the same issue. Then the rules with more to
// them: the verifier is not the handler, extensions are requested once and decided once, notes
// where a reason is owed, dispatching by hand or to the one clear candidate, a full loop with
// its event log, follow-up (回访), extra reports, and that no table can be written around them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, securityBackends, testBackends, USERS, type TestDb } from '../helpers/db'
import { buildSmallWorld } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'
import { CATEGORIES } from '../../scripts/demo/names'

const STATUSES = ['registered', 'dispatched', 'accepted', 'handled', 'verified', 'closed', 'returned', 'rework', 'deferred', 'parked'] as const
type Status = (typeof STATUSES)[number]

// The rules, as the issue states them: the unit's officers accept, return, handle and ask for
// more time; the command centre dispatches, verifies, sends back, closes, decides extensions,
// defers, parks and resumes; an administrator may do both.
const UNIT_STEPS: Record<string, Status[]> = {
  accept: ['dispatched'],
  return: ['dispatched', 'accepted'],
  handle: ['accepted', 'rework'],
  extend: ['dispatched', 'accepted', 'rework'],
}
const CENTRE_STEPS: Record<string, Status[]> = {
  dispatch: ['registered', 'returned'],
  verify: ['handled'],
  rework: ['handled', 'verified'],
  close: ['verified'],
  defer: ['dispatched', 'accepted', 'rework'],
  park: ['dispatched', 'accepted', 'rework', 'deferred'],
  resume: ['deferred', 'parked'],
  // with no extension requested there is nothing to decide, from any status
  grant_extension: [],
  refuse_extension: [],
}
const TO: Record<string, (from: Status) => Status> = {
  dispatch: () => 'dispatched', accept: () => 'accepted', return: () => 'returned', handle: () => 'handled',
  verify: () => 'verified', rework: () => 'rework', close: () => 'closed', extend: (s) => s,
  defer: () => 'deferred', park: () => 'parked',
  // every fixture issue in the unit's hands was accepted before it was deferred or parked
  resume: () => 'accepted',
}
const ROLES = [
  { name: 'anon', user: null },
  { name: 'leader', user: USERS.leader },
  { name: 'wall', user: USERS.wall },
  { name: 'officer of the unit', user: USERS.officerA },
  { name: 'officer of another unit', user: USERS.officerB },
  { name: 'dispatcher', user: USERS.dispatcher },
  { name: 'admin', user: USERS.admin },
] as const

function expected(role: (typeof ROLES)[number]['name'], status: Status, action: string): string {
  if (role === 'anon') return 'not_signed_in'
  if (role === 'leader' || role === 'wall') return 'forbidden'
  const unitStep = action in UNIT_STEPS
  const hasUnit = status !== 'registered' && status !== 'returned'
  const mayTake = role === 'admin' || (unitStep ? role === 'officer of the unit' && hasUnit : role === 'dispatcher')
  if (!mayTake) return 'forbidden'
  const from = unitStep ? UNIT_STEPS[action] : CENTRE_STEPS[action]
  if (!from.includes(status)) return 'illegal_transition'
  return `→ ${TO[action](status)}`
}

const HANDLER = '00000000-0000-4000-8000-0000000000aa' // someone who handled the fixture issues, none of the test users
const A1_POINT = { lon: 124.005, lat: 47.31 } // inside zone A1 (unit 1) only: its one clear candidate

describe.each(testBackends())('advance_issue on %s', (kind) => {
  let db: TestDb
  const fixture = new Map<Status, number>()

  /** An issue of unit 1 (none while registered or returned) in the given status, as the steps would have left it. */
  async function makeIssue(status: Status, code: string): Promise<number> {
    const withUnit = status !== 'registered' && status !== 'returned'
    const accepted = !['registered', 'returned', 'dispatched'].includes(status)
    const handled = ['handled', 'verified', 'closed'].includes(status)
    const [{ id }] = await db.sql<{ id: number }>(`
      insert into public.issues (code, category, description, geom, reported_at, dispatched_at, deadline, accepted_at,
                                 handled_at, handled_by, verified_at, closed_at, status, unit_id, zone_id, zone_version, dispatch_reason)
      values ($1, 'litter', '测试问题', extensions.ST_SetSRID(extensions.ST_MakePoint($2, $3), 4326), now() - interval '5 hours',
              case when $4 then now() - interval '4 hours' end, case when $4 then now() + interval '20 hours' end,
              case when $5 then now() - interval '3 hours' end, case when $6 then now() - interval '2 hours' end,
              case when $6 then $7::uuid end, case when $8 = any (array['verified', 'closed']) then now() - interval '1 hour' end,
              case when $8 = 'closed' then now() end, $8, case when $4 then 1 end, case when $4 then 101 end, case when $4 then 1 end,
              case when $4 then 'area' end)
      returning id::int`, [code, A1_POINT.lon, A1_POINT.lat, withUnit, accepted, handled, HANDLER, status])
    return id
  }

  /** Take a step as `user` and roll it back: the new status, or the refusal's code. */
  async function attempt(user: string | null, issueId: number, action: string, note: string | null = '说明', unitId: number | null = null) {
    const undo = new Error('roll back')
    let outcome = ''
    try {
      await db.asUser(user, async (tx) => {
        const r = await tx.query<{ j: any }>('select public.advance_issue($1, $2, $3, $4) as j', [issueId, action, note, unitId])
        outcome = `→ ${r.rows[0].j.status}`
        throw undo
      })
    } catch (e) {
      if (e !== undo) outcome = toApiError(e).code
    }
    return outcome
  }

  const step = (user: string, issueId: number, action: string, note: string | null = null, unitId: number | null = null) =>
    db.rpc('advance_issue', { issue_id: issueId, action, note, unit_id: unitId }, user)
  const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e) => toApiError(e).code)

  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    await db.sql(`insert into public.app_users values ('${USERS.dispatcher}', '指挥中心调度员', 'dispatcher', null)`)
    for (const s of STATUSES) fixture.set(s, await makeIssue(s, `FIX-${s}`))
  })
  afterAll(() => db?.close())

  it('knows 13 actions and 10 statuses, as the rules here do', async () => {
    const rows = await db.sql<{ action: string; from_status: string[] }>(`select action, from_status from public.issue_steps()`)
    expect(rows.map((r) => r.action).sort()).toEqual([...Object.keys(UNIT_STEPS), ...Object.keys(CENTRE_STEPS)].sort())
    const [{ def }] = await db.sql<{ def: string }>(`select pg_get_constraintdef(c.oid) as def from pg_constraint c
      where c.conrelid = 'public.issues'::regclass and pg_get_constraintdef(c.oid) like '%registered%dispatched%'`)
    for (const s of STATUSES) expect(def).toContain(`'${s}'`)
  })

  for (const role of ROLES) {
    it(`takes or refuses every action from every status as ${role.name}`, async () => {
      const got: string[] = [], want: string[] = []
      for (const status of STATUSES) {
        for (const action of [...Object.keys(UNIT_STEPS), ...Object.keys(CENTRE_STEPS)]) {
          got.push(`${status} ${action}: ${await attempt(role.user, fixture.get(status)!, action)}`)
          want.push(`${status} ${action}: ${expected(role.name, status, action)}`)
        }
      }
      expect(got).toEqual(want)
    })
  }

  it('refuses an unknown action, a missing issue and a unit for a step that is not a dispatch', async () => {
    const id = fixture.get('dispatched')!
    expect(await attempt(USERS.admin, id, 'approve')).toBe('invalid_action')
    expect(await attempt(USERS.admin, 999999, 'accept')).toBe('issue_not_found')
    expect(await attempt(USERS.officerA, id, 'accept', null, 2)).toBe('invalid_input')
    expect(await attempt(USERS.admin, id, 'x'.repeat(41))).toBe('input_too_long')
    expect(await attempt(USERS.officerA, id, 'accept', '长'.repeat(1001))).toBe('input_too_long')
    expect(await attempt(USERS.officerA, id, 'accept', 'a\u0007b')).toBe('invalid_input')
  })

  it('wants a note where a reason is owed: return, handle, rework, extend, refuse, defer, park', async () => {
    for (const [action, status, user] of [
      ['return', 'dispatched', USERS.officerA], ['handle', 'accepted', USERS.officerA], ['extend', 'accepted', USERS.officerA],
      ['rework', 'handled', USERS.dispatcher], ['defer', 'accepted', USERS.dispatcher], ['park', 'accepted', USERS.dispatcher],
    ] as const) {
      expect(`${action}: ${await attempt(user, fixture.get(status)!, action, '   ')}`).toBe(`${action}: note_required`)
      expect(`${action}: ${await attempt(user, fixture.get(status)!, action, '已清理')}`).not.toMatch(/note_required/)
    }
    expect(await attempt(USERS.officerA, fixture.get('dispatched')!, 'accept', null)).toBe('→ accepted')
  })

  it('has the verification made by someone other than the handler, an administrator included', async () => {
    const id = await makeIssue('accepted', 'V1')
    await step(USERS.admin, id, 'handle', '管理员亲自处置')
    expect(await refusal(step(USERS.admin, id, 'verify'))).toBe('same_person')
    expect((await step(USERS.dispatcher, id, 'verify')).status).toBe('verified')
    const id2 = await makeIssue('accepted', 'V2')
    await step(USERS.officerA, id2, 'handle', '已清运')
    expect((await step(USERS.admin, id2, 'verify')).status).toBe('verified')
  })

  it('takes one extension request at a time, granted by moving the deadline by the category\'s hours, or refused', async () => {
    const id = await makeIssue('accepted', 'E1')
    const [{ before }] = await db.sql(`select deadline::text as before from public.issues where id = $1`, [id])
    expect(await refusal(step(USERS.dispatcher, id, 'grant_extension'))).toBe('illegal_transition')
    const asked = await step(USERS.officerA, id, 'extend', '需协调产权单位')
    expect(asked).toMatchObject({ status: 'accepted', extension_requested: true })
    expect(await refusal(step(USERS.officerA, id, 'extend', '再申请一次'))).toBe('illegal_transition')
    expect(await refusal(step(USERS.officerA, id, 'grant_extension'))).toBe('forbidden')
    const granted = await step(USERS.dispatcher, id, 'grant_extension')
    expect(granted).toMatchObject({ status: 'accepted', extension_requested: false, extensions_granted: 1 })
    const [{ moved }] = await db.sql(`select extract(epoch from deadline - $2::timestamptz)::float8 as moved from public.issues where id = $1`, [id, before])
    expect(moved).toBe(24 * 3600) // litter: 24 h
    expect(await refusal(step(USERS.dispatcher, id, 'refuse_extension', '无'))).toBe('illegal_transition')
    await step(USERS.officerA, id, 'extend', '仍需时间')
    expect(await refusal(step(USERS.dispatcher, id, 'refuse_extension'))).toBe('note_required')
    const refused = await step(USERS.dispatcher, id, 'refuse_extension', '按期完成')
    expect(refused).toMatchObject({ extension_requested: false, extensions_granted: 1, deadline: granted.deadline })
  })

  it('dispatches to the one clear candidate, to a unit named by hand, and refuses an unknown unit', async () => {
    const id = await makeIssue('registered', 'D1')
    const auto = await step(USERS.dispatcher, id, 'dispatch')
    expect(auto).toMatchObject({ status: 'dispatched', unit_id: 1, zone_id: 101, zone_version: 1, dispatch_reason: 'area' })
    expect(Date.parse(auto.deadline) - Date.parse(auto.dispatched_at)).toBe(24 * 3600e3)
    const back = await step(USERS.officerA, id, 'return', '不属于本单位职责')
    expect(back).toMatchObject({ status: 'returned', unit_id: null, zone_id: null, deadline: null })
    expect(await refusal(step(USERS.dispatcher, id, 'dispatch', null, 99))).toBe('unknown_unit')
    const byHand = await step(USERS.dispatcher, id, 'dispatch', '由住建局处理', 3)
    expect(byHand).toMatchObject({ status: 'dispatched', unit_id: 3, zone_id: null, dispatch_reason: 'manual' })
    // the officers of unit 1 have nothing more to do with it; unit 3 has no officer in this world
    expect(await refusal(step(USERS.officerA, id, 'accept'))).toBe('forbidden')
    // a point on the A1 | B1 border has two candidates: the command centre must name the unit
    const [{ id: border }] = await db.sql(`insert into public.issues (code, category, description, geom, reported_at, status)
      values ('D2', 'litter', '边界', extensions.ST_SetSRID(extensions.ST_MakePoint(124.02, 47.31), 4326), now(), 'registered') returning id::int`)
    expect(await refusal(step(USERS.dispatcher, border, 'dispatch'))).toBe('unit_required')
    expect(await step(USERS.dispatcher, border, 'dispatch', null, 2)).toMatchObject({ unit_id: 2, zone_id: 102, dispatch_reason: 'manual' })
  })

  it('takes an issue round the whole loop and records every step: who, when, from, to, the note', async () => {
    const reg = await db.rpc('dispatch_issue', { ...A1_POINT, category: 'litter', description: '路边垃圾堆积', address: '测试路 1 号' }, USERS.officerA)
    expect(reg).toMatchObject({ status: 'dispatched', unit_id: 1, dispatch_reason: 'area' })
    expect((await db.rpc('issue_actions', { issue_id: reg.id }, USERS.officerA)).map((a: any) => a.action)).toEqual(['accept', 'return', 'extend'])
    expect((await db.rpc('issue_actions', { issue_id: reg.id }, USERS.dispatcher)).map((a: any) => a.action)).toEqual(['defer', 'park'])
    expect(await db.rpc('issue_actions', { issue_id: reg.id }, USERS.leader)).toEqual([])
    // a page of a queue asks for every row's steps in one call: the same steps as issue_actions
    expect(await db.rpc('issue_actions_for', { issue_ids: [reg.id, 987654] }, USERS.officerA))
      .toEqual([{ issue_id: reg.id, actions: await db.rpc('issue_actions', { issue_id: reg.id }, USERS.officerA) }])
    expect(await db.rpc('issue_actions_for', { issue_ids: [reg.id] }, USERS.leader)).toEqual([{ issue_id: reg.id, actions: [] }])
    await step(USERS.officerA, reg.id, 'accept')
    await step(USERS.officerA, reg.id, 'handle', '已清运')
    await step(USERS.dispatcher, reg.id, 'rework', '仍有残留')
    await step(USERS.officerA, reg.id, 'handle', '残留已清理')
    await step(USERS.dispatcher, reg.id, 'verify', '现场核实无残留')
    const closed = await step(USERS.dispatcher, reg.id, 'close')
    expect(closed).toMatchObject({ status: 'closed', escalation: 0, overdue: false })
    expect(closed.closed_at).toBeTruthy()
    const events = await db.rpc<any[]>('issue_events', { issue_id: reg.id }, USERS.wall)
    expect(events.map((e) => [e.action, e.from_status, e.to_status, e.actor_name, e.note])).toEqual([
      ['register', null, 'registered', '刘洋', null],
      ['dispatch', 'registered', 'dispatched', '刘洋', '在责任区「A1 西片」内，责任单位：区城管执法局'],
      ['accept', 'dispatched', 'accepted', '刘洋', null],
      ['handle', 'accepted', 'handled', '刘洋', '已清运'],
      ['rework', 'handled', 'rework', '指挥中心调度员', '仍有残留'],
      ['handle', 'rework', 'handled', '刘洋', '残留已清理'],
      ['verify', 'handled', 'verified', '指挥中心调度员', '现场核实无残留'],
      ['close', 'verified', 'closed', '指挥中心调度员', null],
    ])
    expect(events.every((e) => e.actor_id && Date.parse(e.at) > Date.now() - 600e3)).toBe(true)
    expect(events.map((e) => e.actor_id)).toEqual([...Array(4).fill(USERS.officerA), USERS.dispatcher, USERS.officerA, USERS.dispatcher, USERS.dispatcher])
    // 回访: once, by the command centre, only after closing
    expect(await refusal(db.rpc('follow_up_issue', { issue_id: reg.id, satisfaction: 'satisfied' }, USERS.officerA))).toBe('forbidden')
    expect(await refusal(db.rpc('follow_up_issue', { issue_id: reg.id, satisfaction: 'happy' }, USERS.dispatcher))).toBe('invalid_input')
    expect(await refusal(db.rpc('follow_up_issue', { issue_id: fixture.get('accepted'), satisfaction: 'satisfied' }, USERS.dispatcher))).toBe('illegal_transition')
    expect(await db.rpc('follow_up_issue', { issue_id: reg.id, satisfaction: 'basically_satisfied', note: '电话回访' }, USERS.dispatcher))
      .toMatchObject({ status: 'closed', satisfaction: 'basically_satisfied' })
    expect(await refusal(db.rpc('follow_up_issue', { issue_id: reg.id, satisfaction: 'satisfied' }, USERS.dispatcher))).toBe('illegal_transition')
    const detail = await db.rpc('issue_detail', { issue_id: reg.id }, USERS.leader)
    expect(detail.events.at(-1)).toMatchObject({ action: 'follow_up', satisfaction: 'basically_satisfied', note: '电话回访' })
    expect(detail).toMatchObject({ category_zh: '垃圾堆放', closing_condition_zh: expect.stringContaining('垃圾'), actions: [], candidates: null })
    expect(await refusal(db.rpc('issue_events', { issue_id: 999999 }, USERS.leader))).toBe('issue_not_found')
  })

  it('defers and parks with a reason, and resumes with a fresh deadline', async () => {
    const id = await makeIssue('accepted', 'P1')
    expect((await step(USERS.dispatcher, id, 'defer', '待冬季过后施工')).status).toBe('deferred')
    expect((await step(USERS.dispatcher, id, 'park', '资金未落实，挂账')).status).toBe('parked')
    const resumed = await step(USERS.dispatcher, id, 'resume')
    expect(resumed.status).toBe('accepted')
    expect(Math.abs(Date.parse(resumed.deadline) - (Date.now() + 24 * 3600e3))).toBeLessThan(600e3)
    const notAccepted = await makeIssue('dispatched', 'P2')
    await step(USERS.dispatcher, notAccepted, 'defer', '暂缓')
    expect((await step(USERS.dispatcher, notAccepted, 'resume')).status).toBe('dispatched')
  })

  it('counts another report on an open issue instead of a second issue, and refuses one on a closed issue', async () => {
    const id = fixture.get('accepted')!
    const before = Number((await db.sql(`select count(*) as n from public.issues`))[0].n)
    const once = await db.rpc('attach_issue_report', { issue_id: id, note: '居民再次反映', source: 'hotline' }, USERS.officerB)
    expect(once).toMatchObject({ id, report_count: 2, status: 'accepted' })
    expect((await db.rpc('attach_issue_report', { issue_id: id }, USERS.dispatcher)).report_count).toBe(3)
    expect(Number((await db.sql(`select count(*) as n from public.issues`))[0].n)).toBe(before)
    const events = await db.rpc<any[]>('issue_events', { issue_id: id }, USERS.leader)
    expect(events.filter((e) => e.action === 'report').map((e) => [e.actor_name, e.note])).toEqual([['孙磊', '12345 热线：居民再次反映'], ['指挥中心调度员', null]])
    expect(await refusal(db.rpc('attach_issue_report', { issue_id: fixture.get('closed') }, USERS.officerA))).toBe('illegal_transition')
    expect(await refusal(db.rpc('attach_issue_report', { issue_id: id }, USERS.leader))).toBe('forbidden')
    expect(await refusal(db.rpc('attach_issue_report', { issue_id: id, source: 'rumour' }, USERS.officerA))).toBe('invalid_input')
  })
})

describe.each(securityBackends())('the issue loop\'s tables, on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'demo')
  })
  afterAll(() => db?.close())

  const denied = (user: string | null, sql: string) => db.asUser(user, (tx) => tx.query(sql)).then(() => 'done', (e) => String(e.message))

  it('cannot be written directly, not even by the command centre or an administrator, and anon reads none of them', async () => {
    const [{ n: before }] = await db.sql(`select count(*)::int as n from public.issue_events`)
    for (const user of [null, USERS.officerA, USERS.dispatcher, USERS.admin]) {
      expect(await denied(user, `update public.issues set status = 'closed', closed_at = now() where id = 1`)).toMatch(/permission denied/)
      expect(await denied(user, `insert into public.issue_events (issue_id, actor_name, action, to_status) values (1, 'x', 'close', 'closed')`)).toMatch(/permission denied/)
      expect(await denied(user, `delete from public.issue_events`)).toMatch(/permission denied/)
      expect(await denied(user, `update public.escalation_levels set after_hours = 1000`)).toMatch(/permission denied/)
      expect(await denied(user, `insert into public.issue_categories (code, name_zh, name_en, deadline_hours) values ('x', 'x', 'x', 1)`)).toMatch(/permission denied/)
    }
    for (const t of ['issue_events', 'issue_categories', 'issue_category_groups', 'issue_urgencies', 'escalation_levels']) {
      expect(await denied(null, `select * from public.${t} limit 1`)).toMatch(/permission denied/)
    }
    for (const fn of ['advance_issue', 'issue_ledger', 'unit_indicators', 'dispatch_candidates', 'nearby_open_issues', 'issue_events']) {
      const [{ ok }] = await db.sql(`select bool_or(has_function_privilege('anon', p.oid, 'EXECUTE')) as ok from pg_proc p where p.proname = $1 and p.pronamespace = 'public'::regnamespace`, [fn])
      expect(`${fn}: ${ok}`).toBe(`${fn}: false`)
    }
    const [{ n: after }] = await db.sql(`select count(*)::int as n from public.issue_events`)
    expect(after).toBe(before)
  })

  it('gives the seeded issues the steps their status implies, in order, and a dispatcher who may take the next ones', async () => {
    const rows = await db.sql<{ status: string; steps: string }>(`
      select i.status, string_agg(e.action, ' ' order by e.at, e.id) as steps
      from public.issues i join public.issue_events e on e.issue_id = i.id group by i.id, i.status`)
    const byStatus = new Map(rows.map((r) => [r.status, new Set(rows.filter((x) => x.status === r.status).map((x) => x.steps))]))
    // the usual paths; the reworked, extended, deferred and parked ones are test/sql/demo-histories.test.ts's
    expect([...byStatus.get('closed')!]).toContain('register dispatch accept handle verify close')
    expect([...byStatus.get('accepted')!]).toContain('register dispatch accept')
    expect([...byStatus.get('dispatched')!]).toContain('register dispatch')
    expect([...byStatus.get('registered')!]).toEqual(['register'])
    const [counts] = await db.sql(`select count(*)::int as issues, count(*) filter (where status = 'closed')::int as closed,
      count(*) filter (where status = 'in_progress')::int as old from public.issues`)
    expect(counts).toEqual({ issues: 1900, closed: 1699, old: 0 })
    const [{ unordered }] = await db.sql(`select count(*)::int as unordered from public.issues
      where not (reported_at <= coalesce(dispatched_at, reported_at) and coalesce(dispatched_at, reported_at) <= coalesce(accepted_at, dispatched_at, reported_at)
                 and coalesce(accepted_at, reported_at) <= coalesce(handled_at, accepted_at, reported_at)
                 and coalesce(handled_at, reported_at) <= coalesce(verified_at, handled_at, reported_at)
                 and coalesce(verified_at, reported_at) <= coalesce(closed_at, verified_at, reported_at))`)
    expect(unordered).toBe(0)
    expect(await db.rpc('current_user_info', {}, USERS.dispatcher)).toMatchObject({ role: 'dispatcher', display_name: '指挥中心调度员' })
    // the generator's categories (whose hours its lifecycles use) are the catalogue's, names, hours and all
    const catalogue = await db.rpc<any[]>('issue_category_list', {}, USERS.leader)
    for (const c of CATEGORIES) {
      expect(catalogue.find((k) => k.code === c.code), c.code).toMatchObject({ name_zh: c.zh, name_en: c.en, deadline_hours: c.hours, glyph: expect.any(String) })
    }
    expect(new Set(catalogue.map((k) => k.kind))).toEqual(new Set(['event', 'component']))
    expect(new Set(catalogue.map((k) => k.glyph)).size).toBe(catalogue.length) // one glyph per category
    const [{ id }] = await db.sql(`select id::int from public.issues where status = 'dispatched' order by id limit 1`)
    expect((await db.rpc('issue_actions', { issue_id: id }, USERS.dispatcher)).map((a: any) => a.action)).toEqual(['defer', 'park'])
  })
})
