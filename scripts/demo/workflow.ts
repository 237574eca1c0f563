// The steps a seeded issue took after it was registered, as the workflow's SQL functions
// (migration *_issue_workflow.sql: advance_issue, follow_up_issue) would have recorded them:
// accept → handle → verify → close for most; some sent back for rework (handle → rework →
// handle again), some with an extension requested and granted (the deadline moves by the
// category's hours) or refused, some deferred (缓办) and resumed, some parked (挂账); the 12345
// calls (source 'hotline') followed up (回访) with the caller's satisfaction once closed. Times
// are seconds after the report; steps that would fall after load time are cut off, so recent
// issues stand at every status. Registration and the dispatch are SQL's (seed-sql.ts): it finds
// the responsible unit with dispatch_candidates_at, as dispatch_issue does.
// Who stays open: as many as the seed articles say (about nine in ten closed); the old open ones
// mostly deferred or parked with a reason, the rest past their deadline at each escalation level
// (督办 from the deadline, 催办 a week later, 查办 six weeks later: escalation_levels).
import type { Rng } from './prng'

export type Status = 'registered' | 'dispatched' | 'accepted' | 'handled' | 'verified' | 'closed' | 'rework' | 'deferred' | 'parked'
export type Action = 'accept' | 'handle' | 'verify' | 'rework' | 'close' | 'extend' | 'grant_extension' | 'refuse_extension'
  | 'defer' | 'park' | 'resume' | 'follow_up'
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied'
export interface Step {
  action: Action
  to: Status
  /** seconds after the report */
  at: number
  /** the reason or what was said (left out: SQL writes the function's own note, e.g. what was handled) */
  note?: string
  satisfaction?: Satisfaction
}

const MINUTE = 60, HOUR = 3600, DAY = 86400

/** The status a step leads to; null: the status stays (resume: accepted if it had been accepted). */
const TO: Record<Action, Status | null> = {
  accept: 'accepted', handle: 'handled', verify: 'verified', rework: 'rework', close: 'closed', extend: null,
  grant_extension: null, refuse_extension: null, defer: 'deferred', park: 'parked', resume: null, follow_up: null,
}

// The notes people write where a reason is owed (no spaces: seed-sql.ts packs the steps into one line).
const REWORK = ['现场复核仍有残留，请彻底处置', '整改不到位，群众反映问题依旧', '处置照片与现场不符，请重新处置', '未达到结案条件，请返工']
const EXTEND = ['需协调产权单位，申请延期', '涉及多部门联合处置，时间不足', '所需材料设备待采购，申请延期', '天气原因暂无法施工，申请延期']
const REFUSE = ['不符合延期条件，请按期办结', '可先行临时处置，请按期完成']
const DEFER = ['冬季无法施工，待开春后处置', '涉及历史遗留问题，需区政府协调', '已纳入年度改造计划，暂缓办理', '需等待产权认定结果']
const PARK = ['暂不具备解决条件，挂账管理', '纳入老旧小区改造项目统筹解决', '涉法涉诉，待司法程序结束']
const DISSATISFIED = ['群众反映问题仍有反复', '群众认为处置不及时']

/** How much harder than average a category is to resolve (open longer). */
const DIFFICULTY: Record<string, number> = { illegal_building: 2.6, abandoned_vehicle: 1.9, road_damage: 1.4, fumes: 1.2, greenery: 1 }

/** The steps in order, each at least a minute after the one before, as the statuses chain. */
class History {
  readonly steps: Step[] = []
  private status: Status = 'dispatched'
  private accepted = false
  constructor(private rng: Rng) {}
  get last() { return this.steps.at(-1)?.at ?? 0 }
  add(action: Action, at: number, note?: string | readonly string[]): number {
    const to = TO[action] ?? (action === 'resume' ? (this.accepted ? 'accepted' : 'dispatched') : this.status)
    const t = Math.round(Math.max(at, this.last + MINUTE))
    this.steps.push({ action, to, at: t, ...(note === undefined ? {} : { note: typeof note === 'string' ? note : this.rng.pick(note) }) })
    this.status = to
    if (action === 'accept') this.accepted = true
    return t
  }
}

export interface Lifecycle { hours: number; responseHours: number; category: string; source: string }

/** The steps of an issue reported `age` seconds before load time, those before it only. */
export function planSteps(rng: Rng, c: Lifecycle, age: number): Step[] {
  const H = c.hours * HOUR, R = c.responseHours * HOUR
  const days = age / DAY
  const stillOpen = days < 1 ? 0.88 : days < 3 ? 0.65 : days < 7 ? 0.45 : days < 14 ? 0.3 : days < 30 ? 0.22 : days < 90 ? 0.12 : 0.045
  const open = rng.chance(Math.min(0.95, stillOpen * (DIFFICULTY[c.category] ?? 0.7)))
  // 接单: mostly within the response time of the category's urgency, some late
  const accept = rng.chance(0.93) ? rng.uniform(5 * MINUTE, 0.9 * R) : rng.uniform(1.05 * R, 3 * R)
  const h = new History(rng)
  if (open) openHistory(rng, h, H, accept, age)
  else closedHistory(rng, h, H, accept)
  const steps = h.steps.filter((s) => s.at < age - MINUTE)
  const closedAt = steps.find((s) => s.action === 'close')?.at
  if (c.source === 'hotline' && closedAt !== undefined) {
    const at = Math.round(closedAt + rng.uniform(2 * HOUR, 3 * DAY))
    const satisfaction = (['satisfied', 'basically_satisfied', 'dissatisfied'] as const)[rng.weighted([97.2, 1.8, 1])]
    if (at < age - MINUTE) {
      steps.push({ action: 'follow_up', to: 'closed', at, satisfaction, ...(satisfaction === 'dissatisfied' ? { note: rng.pick(DISSATISFIED) } : {}) })
    }
  }
  return steps
}

/** Planned to be closed (though a recent one is cut off on its way, by load time). */
function closedHistory(rng: Rng, h: History, H: number, accept: number) {
  const late = rng.chance(0.1)
  const took = H * (late ? rng.uniform(1.05, 3) : rng.uniform(0.1, 0.95))
  const kind = (['plain', 'rework', 'extension', 'defer'] as const)[rng.weighted([85, 7, H >= 24 * HOUR ? 6 : 0, 2])]
  const a = h.add('accept', accept)
  if (kind === 'rework') {
    const first = h.add('handle', a + (Math.max(took, a + 20 * MINUTE) - a) * rng.uniform(0.35, 0.7))
    if (rng.chance(0.5)) h.add('rework', h.add('verify', first + rng.uniform(10 * MINUTE, 90 * MINUTE)) + rng.uniform(10 * MINUTE, HOUR), REWORK)
    else h.add('rework', first + rng.uniform(20 * MINUTE, 2 * HOUR), REWORK)
    h.add('handle', Math.max(took, h.last + rng.uniform(30 * MINUTE, 0.3 * H)))
  } else if (kind === 'extension') {
    const asked = h.add('extend', a + Math.max(10 * MINUTE, (H - a) * rng.uniform(0.4, 0.85)), EXTEND)
    if (rng.chance(0.85)) {
      // granted: the deadline is now twice the category's hours after the dispatch
      h.add('handle', Math.max(h.add('grant_extension', asked + rng.uniform(10 * MINUTE, 2 * HOUR)) + 30 * MINUTE, H * rng.uniform(1.05, 1.9)))
    } else {
      h.add('handle', Math.max(h.add('refuse_extension', asked + rng.uniform(10 * MINUTE, 2 * HOUR), REFUSE) + 30 * MINUTE, took))
    }
  } else if (kind === 'defer') {
    const deferred = h.add('defer', a + Math.max(10 * MINUTE, (H - a) * rng.uniform(0.2, 0.8)), DEFER)
    const resumed = h.add('resume', deferred + rng.uniform(2 * DAY, 30 * DAY))
    h.add('handle', resumed + H * rng.uniform(0.1, 0.9))
  } else {
    h.add('handle', Math.max(took, a + 10 * MINUTE))
  }
  h.add('verify', h.last + rng.uniform(10 * MINUTE, 2 * HOUR))
  h.add('close', h.last + rng.uniform(5 * MINUTE, HOUR))
}

/** Still open at load time (`age` seconds after the report): where it stands depends on how late it is. */
function openHistory(rng: Rng, h: History, H: number, accept: number, age: number) {
  const between = (from: number, lo: number, hi: number, to = age) => from + (to - from) * rng.uniform(lo, hi)
  if (age <= H + 10 * MINUTE) {
    // not yet due: waiting to be accepted, being worked on, handled and waiting for the check, …
    const shape = (['dispatched', 'accepted', 'extension', 'handled', 'verified', 'rework'] as const)[rng.weighted([12, 38, H >= 24 * HOUR ? 10 : 0, 18, 12, 10])]
    if (shape === 'dispatched') return
    const a = h.add('accept', Math.min(accept, age * 0.4))
    if (shape === 'extension') h.add('extend', between(a, 0.3, 0.9), EXTEND)
    if (shape === 'handled') h.add('handle', between(a, 0.3, 0.9))
    if (shape === 'verified') h.add('verify', between(h.add('handle', between(a, 0.2, 0.6)), 0.2, 0.9))
    if (shape === 'rework') h.add('rework', between(h.add('handle', between(a, 0.2, 0.5)), 0.2, 0.9), REWORK)
    return
  }
  // past the original deadline: escalated while the unit holds it, unless deferred, parked or extended
  const past = age - H
  const weights = past < 168 * HOUR ? [65, 15, 0, age < 2 * H - HOUR && H >= 24 * HOUR ? 20 : 0]
    : past < 1008 * HOUR ? [55, 30, 15, 0] : [15, 45, 40, 0]
  const shape = (['escalated', 'deferred', 'parked', 'extended'] as const)[rng.weighted(weights)]
  const beforeDeadline = (from: number, lo: number, hi: number) => between(from, lo, hi, H)
  if (shape === 'escalated') {
    const sub = (['accepted', 'dispatched', 'rework', 'refused'] as const)[rng.weighted([55, 15, 20, 10])]
    if (sub === 'dispatched') return
    const a = h.add('accept', accept)
    if (sub === 'rework') h.add('rework', h.add('handle', beforeDeadline(a, 0.3, 0.9)) + rng.uniform(HOUR, 3 * DAY), REWORK)
    if (sub === 'refused') h.add('refuse_extension', h.add('extend', beforeDeadline(a, 0.5, 0.9), EXTEND) + rng.uniform(10 * MINUTE, 2 * HOUR), REFUSE)
  } else if (shape === 'deferred') {
    h.add('defer', beforeDeadline(h.add('accept', accept), 0.2, 0.9), DEFER)
  } else if (shape === 'parked') {
    const a = h.add('accept', accept)
    if (rng.chance(0.6)) h.add('park', between(h.add('defer', beforeDeadline(a, 0.2, 0.9), DEFER), 0.1, 0.6), PARK)
    else h.add('park', beforeDeadline(a, 0.3, 0.9), PARK)
  } else {
    h.add('grant_extension', h.add('extend', beforeDeadline(h.add('accept', accept), 0.4, 0.85), EXTEND) + rng.uniform(10 * MINUTE, 2 * HOUR))
  }
}

/** The steps as one line for the seed: `action>status+seconds since the step before[#note][=satisfaction]`, space-separated. */
export function packSteps(steps: Step[]): string {
  return steps.map((s, i) => {
    if (s.note && /[\s#=+>]/.test(s.note)) throw new Error(`a note the seed cannot pack: ${s.note}`)
    return `${s.action}>${s.to}+${s.at - (i ? steps[i - 1].at : 0)}${s.note ? `#${s.note}` : ''}${s.satisfaction ? `=${s.satisfaction}` : ''}`
  }).join(' ')
}
