// The demo seed's issues (supabase/seed.sql, scripts/demo/workflow.ts and seed-issues.ts) carry the
// event logs the workflow's SQL functions would have written: each log replayed step by step
// against issue_steps() and advance_issue's updates gives the issue as stored; who took each step
// is who may; the dispatch is dispatch_issue's (dispatch_candidates_at at the point); the logs hold
// reworks, extensions, deferrals, parked issues, open issues at every status and each escalation
// level, and 12345 follow-ups; and the figures of the seed articles hold (about 1,900 issues,
// about 1,700 closed, 满意率 near 99 %). Also the real streets and communities of 建华区.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { CATEGORIES } from '../../scripts/demo/names'
import { DIVISIONS } from '../../scripts/demo/divisions'

interface IssueRow {
  id: number; status: string; source: string; hours: number; unit_id: number | null; zone_id: number | null; zone_version: number | null
  dispatch_reason: string | null; reported: number; dispatched: number | null; deadline: number | null; accepted: number | null
  handled: number | null; handled_by: string | null; verified: number | null; closed: number | null; ext_requested: number | null
  extensions_granted: number; satisfaction: string | null; followed_up: number | null
}
interface EventRow {
  issue_id: number; action: string; from_status: string | null; to_status: string; actor_id: string | null; actor_name: string
  unit_id: number | null; at: number; note: string | null; satisfaction: string | null
}

const us = (col: string, as = col) => `(extract(epoch from ${col}) * 1000000)::float8 as ${as}`
const HOUR_US = 3600e6
const CENTRE = '指挥中心调度员'

describe.each(testBackends())('the demo issues on %s', (kind) => {
  let db: TestDb
  let issues: IssueRow[]
  let events: Map<number, EventRow[]>
  beforeAll(async () => {
    db = await openTestDb(kind, 'demo')
    issues = await db.sql<IssueRow>(`
      select i.id::int, i.status, i.source, c.deadline_hours as hours, i.unit_id::int, i.zone_id::int, i.zone_version, i.dispatch_reason,
             ${us('i.reported_at', 'reported')}, ${us('i.dispatched_at', 'dispatched')}, ${us('i.deadline', 'deadline')},
             ${us('i.accepted_at', 'accepted')}, ${us('i.handled_at', 'handled')}, i.handled_by::text, ${us('i.verified_at', 'verified')},
             ${us('i.closed_at', 'closed')}, ${us('i.extension_requested_at', 'ext_requested')}, i.extensions_granted, i.satisfaction,
             ${us('i.followed_up_at', 'followed_up')}
      from public.issues i join public.issue_categories c on c.code = i.category order by i.id`)
    const rows = await db.sql<EventRow>(`
      select e.issue_id::int, e.action, e.from_status, e.to_status, e.actor_id::text, e.actor_name, e.unit_id::int, ${us('e.at', 'at')},
             e.note, e.satisfaction
      from public.issue_events e order by e.issue_id, e.id`)
    events = new Map()
    for (const e of rows) events.set(e.issue_id, [...(events.get(e.issue_id) ?? []), e])
  })
  afterAll(() => db?.close())

  it('chain from registered to the current status, in time, and replay to the issue as stored', async () => {
    const steps = new Map((await db.sql<{ action: string; from_status: string[]; to_status: string | null; note_required: boolean }>(
      'select action, from_status, to_status, note_required from public.issue_steps()')).map((s) => [s.action, s]))
    const [{ now }] = await db.sql<{ now: number }>(`select ${us('now()', 'now')}`)
    const wrong: string[] = []
    for (const i of issues) {
      const log = events.get(i.id) ?? []
      const say = (what: string) => wrong.push(`${i.id}: ${what}`)
      if (log[0]?.action !== 'register' || log[0].from_status !== null || log[0].to_status !== 'registered' || log[0].at !== i.reported) say('does not start with its registration')
      // what advance_issue's updates leave behind, step by step
      const s = { status: null as string | null, dispatched: null as number | null, deadline: null as number | null, accepted: null as number | null,
        handled: null as number | null, handledBy: null as string | null, handler: null as string | null, verified: null as number | null,
        closed: null as number | null, ext: null as number | null, granted: 0, satisfaction: null as string | null, followedUp: null as number | null }
      let at = -Infinity
      for (const e of log) {
        if (e.from_status !== s.status) say(`${e.action} from ${e.from_status}, but it was ${s.status}`)
        if (e.at < at || e.at > now) say(`${e.action} out of time`)
        at = e.at
        const rule = steps.get(e.action)
        if (rule) {
          const to = rule.to_status ?? (e.action === 'resume' ? (s.accepted !== null ? 'accepted' : 'dispatched') : s.status)
          if (!rule.from_status.includes(s.status!) || e.to_status !== to) say(`${e.action} ${s.status} → ${e.to_status}`)
          if (rule.note_required && !e.note) say(`${e.action} without its note`)
        } else if (e.action === 'follow_up') {
          if (s.status !== 'closed' || e.to_status !== 'closed' || s.followedUp !== null || !e.satisfaction) say('follow-up')
        } else if (e.action !== 'register' || e !== log[0]) say(`unexpected ${e.action}`)
        if (e.action === 'extend' && s.ext !== null) say('a second extension request')
        if ((e.action === 'grant_extension' || e.action === 'refuse_extension') && s.ext === null) say('an extension decided with none asked')
        if (e.action === 'verify' && e.actor_name === s.handler) say('verified by its handler')
        switch (e.action) {
          case 'dispatch': Object.assign(s, { dispatched: e.at, deadline: e.at + i.hours * HOUR_US, accepted: null, handled: null, handledBy: null, verified: null, ext: null }); break
          case 'accept': s.accepted = e.at; break
          case 'handle': Object.assign(s, { handled: e.at, handledBy: e.actor_id, handler: e.actor_name, ext: null }); break
          case 'verify': s.verified = e.at; break
          case 'rework': s.verified = null; break
          case 'close': s.closed = e.at; break
          case 'extend': s.ext = e.at; break
          case 'grant_extension': Object.assign(s, { deadline: s.deadline! + i.hours * HOUR_US, granted: s.granted + 1, ext: null }); break
          case 'refuse_extension': case 'defer': case 'park': s.ext = null; break
          case 'resume': s.deadline = e.at + i.hours * HOUR_US; break
          case 'follow_up': Object.assign(s, { satisfaction: e.satisfaction, followedUp: e.at }); break
        }
        s.status = e.to_status
      }
      const stored = { status: i.status, dispatched: i.dispatched, deadline: i.deadline, accepted: i.accepted, handled: i.handled, handledBy: i.handled_by,
        verified: i.verified, closed: i.closed, ext: i.ext_requested, granted: i.extensions_granted, satisfaction: i.satisfaction, followedUp: i.followed_up }
      const replayed = { ...s } as Record<string, unknown>
      delete replayed.handler
      for (const [k, v] of Object.entries(stored)) if (replayed[k] !== v) say(`${k} stored ${v}, its steps say ${replayed[k]}`)
    }
    expect(wrong.slice(0, 10)).toEqual([])
  })

  it('were taken by who may: the command centre, or an officer of the unit (under its sign-in where it has one)', async () => {
    const officers = await db.sql<{ unit_id: number; name: string }>('select unit_id::int, name from public.unit_officers')
    const accounts = await db.sql<{ id: string; display_name: string; role: string; unit_id: number | null }>(
      'select id::text, display_name, role, unit_id::int from public.app_users')
    const [centre] = accounts.filter((a) => a.id === USERS.dispatcher)
    expect(centre).toMatchObject({ role: 'dispatcher', display_name: CENTRE })
    const isOfficer = (unit: number | null, e: EventRow) => unit !== null && (e.actor_id === null
      ? officers.some((o) => o.unit_id === unit && o.name === e.actor_name) && !accounts.some((a) => a.role === 'officer' && a.unit_id === unit)
      : accounts.some((a) => a.id === e.actor_id && a.role === 'officer' && a.unit_id === unit && a.display_name === e.actor_name))
    const isCentre = (e: EventRow) => e.actor_id === USERS.dispatcher && e.actor_name === CENTRE
    const unitSteps = new Set(['accept', 'handle', 'extend', 'return'])
    const wrong: string[] = []
    for (const i of issues) {
      const [register, ...rest] = events.get(i.id)!
      if (!(isCentre(register) || (i.source === 'patrol' && isOfficer(i.unit_id, register)))) wrong.push(`${i.id} registered by ${register.actor_name}`)
      if (register.unit_id !== null) wrong.push(`${i.id} registered with a unit`)
      for (const e of rest) {
        const ok = unitSteps.has(e.action) ? isOfficer(i.unit_id, e)
          : e.action === 'dispatch' && i.dispatch_reason !== 'manual' ? e.actor_id === register.actor_id && e.actor_name === register.actor_name
          : isCentre(e)
        if (!ok) wrong.push(`${i.id} ${e.action} by ${e.actor_name}`)
        if (e.unit_id !== i.unit_id) wrong.push(`${i.id} ${e.action} with unit ${e.unit_id}`)
      }
    }
    expect(wrong.slice(0, 10)).toEqual([])
  })

  it('were dispatched as dispatch_issue dispatches: the clear candidate at once, the first contender by hand, or nobody', async () => {
    const rows = await db.sql<{ id: number; cands: any[]; pick: any; first: any }>(`
      select i.id::int, c.cands, public.clear_candidate(c.cands) as pick,
             (select x from jsonb_array_elements(c.cands) with ordinality e(x, k) where (x ->> 'contender')::boolean order by k limit 1) as first
      from public.issues i cross join lateral (select public.dispatch_candidates_at(i.geom) as cands) c order by i.id`)
    const wrong: string[] = []
    for (const [k, r] of rows.entries()) {
      const i = issues[k]
      const dispatch = events.get(i.id)!.find((e) => e.action === 'dispatch')
      const [want, reason] = r.pick ? [r.pick, r.pick.reason] : r.first ? [r.first, 'manual'] : [null, 'no_zone']
      const got = { reason: i.dispatch_reason, unit: i.unit_id, zone: i.zone_id, version: i.zone_version }
      const expected = { reason, unit: want?.unit_id ?? null, zone: want?.zone_id ?? null, version: want?.zone_version ?? null }
      if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${i.id}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`)
      if (r.pick ? dispatch?.at !== i.reported : r.first ? !(dispatch && dispatch.at > i.reported) : dispatch || i.status !== 'registered') {
        wrong.push(`${i.id}: dispatched at the wrong moment`)
      }
    }
    expect(wrong.slice(0, 10)).toEqual([])
    const reasons = new Set(issues.map((i) => i.dispatch_reason))
    for (const r of ['area', 'road', 'point', 'manual', 'no_zone']) expect(reasons, r).toContain(r)
  })

  it('hold reworks, extensions, deferrals, every open status, each escalation level and 12345 follow-ups', async () => {
    const ever = (action: string) => issues.filter((i) => events.get(i.id)!.some((e) => e.action === action)).length
    for (const action of ['rework', 'grant_extension', 'refuse_extension', 'defer', 'resume', 'park']) expect(ever(action), action).toBeGreaterThanOrEqual(3)
    const open = new Map<string, number>()
    for (const i of issues) open.set(i.status, (open.get(i.status) ?? 0) + 1)
    for (const status of ['registered', 'dispatched', 'accepted', 'handled', 'verified', 'rework', 'deferred', 'parked']) expect(open.get(status), status).toBeGreaterThan(0)
    expect(issues.filter((i) => i.ext_requested !== null).length).toBeGreaterThan(0)
    // 督办清单 now: the open issues past their deadline at each level (escalation_levels)
    const levels = await db.sql<{ level: number; n: number }>(`
      select public.issue_escalation_level(status, deadline, handled_at, closed_at, now())::int as level, count(*)::int as n
      from public.issues where status in ('dispatched', 'accepted', 'rework') group by 1 order by 1`)
    for (const level of [1, 2, 3]) expect(levels.find((l) => l.level === level)?.n ?? 0, `level ${level}`).toBeGreaterThanOrEqual(3)
    const followedUp = issues.filter((i) => i.followed_up !== null)
    expect(followedUp.length).toBeGreaterThan(100)
    expect(followedUp.every((i) => i.source === 'hotline' && i.status === 'closed' && i.followed_up! > i.closed!)).toBe(true)
  })

  it('keep the seed articles\' figures: about 1,900 issues, about 1,700 closed, 满意率 near 99 %', async () => {
    const [f] = await db.sql<{ issues: number; closed: number; rate: number }>(`
      select count(*)::int as issues, count(*) filter (where status = 'closed')::int as closed,
             public.satisfaction_rate(count(*) filter (where satisfaction in ('satisfied', 'basically_satisfied')),
                                      count(*) filter (where followed_up_at is not null))::float8 as rate
      from public.issues`)
    expect(f.issues).toBe(1900)
    expect(f.closed).toBeGreaterThanOrEqual(1650)
    expect(f.closed).toBeLessThanOrEqual(1750)
    expect(f.rate).toBeGreaterThanOrEqual(0.98)
    expect(f.rate).toBeLessThan(1)
    // the generator's categories are the catalogue's, urgency included (its response times shape the acceptances)
    const catalogue = await db.rpc<any[]>('issue_category_list', {}, USERS.leader)
    for (const c of CATEGORIES) expect(catalogue.find((k) => k.code === c.code), c.code).toMatchObject({ deadline_hours: c.hours, urgency: c.urgency })
  })

  it('lie in the real streets and communities of 建华区, with their statistical codes', async () => {
    const streets = await db.sql<{ code: string; name: string }>('select code, name from public.streets order by code')
    expect(streets).toEqual(DIVISIONS.streets.map((s) => ({ code: s.code, name: s.name })))
    expect(streets.map((s) => s.name)).toEqual(['中华街道', '西大桥街道', '卜奎街道', '建设街道', '文化街道', '溪畔街道', '北华街道'])
    const communities = await db.sql<{ code: string; street_code: string; name: string }>('select code, street_code, name from public.communities order by code')
    expect(communities).toEqual(DIVISIONS.streets.flatMap((s) => s.communities.map((c) => ({ code: c.code, street_code: s.code, name: c.name }))))
    expect(communities.length).toBe(38)
    expect(communities.filter((c) => c.name.endsWith('社区')).length).toBe(34)
    const [{ bad }] = await db.sql<{ bad: number }>(`select count(*)::int as bad from public.grids g
      where g.code !~ ('^' || g.community_code || '\\d{3}$') or not exists (select 1 from public.communities c where c.code = g.community_code)`)
    expect(bad).toBe(0)
  })
})
