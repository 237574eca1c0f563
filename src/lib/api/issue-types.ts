// The shapes of the issue loop's SQL API (issue 12, 吹哨报到: *_issues.sql, *_issue_workflow.sql,
// *_issue_ledger.sql, *_indicators.sql); types.ts re-exports them, so callers import from there.
import type { ZoneKind } from '../geo/zone-types'
import type { IssueSource, IssueStatus } from './types'

/** issue_category_list(): one 小类 of the catalogue with its 大类 (group), 事件 (event) or 部件 (component). */
export interface IssueCategory {
  code: string; name_zh: string; name_en: string; deadline_hours: number
  group_code: string; group_zh: string; group_en: string; kind: 'event' | 'component'
  urgency: string; urgency_zh: string; urgency_en: string; response_hours: number
  closing_condition_zh: string | null; closing_condition_en: string | null
  /** the character the map draws on the issue's dot */
  glyph: string | null
}

/** How the responsible unit was found: at registration (road, point, area), by the command centre (manual), or not yet. */
export type DispatchReason = 'road' | 'point' | 'area' | 'manual' | 'ambiguous' | 'no_zone' | null

/** dispatch_candidates(lon, lat, category): one unit that may be responsible at a point, best first. */
export interface DispatchCandidate {
  unit_id: number; unit_name: string
  zone_id: number; zone_name: string; zone_kind: ZoneKind; zone_version: number
  distance_m: number
  reason: 'road' | 'point' | 'area' | 'border'
  /** among the units the command centre must choose from; exactly one (not by border) = clear */
  contender: boolean
  /** dispatch_candidates only: the one unit dispatch_issue would dispatch to at once (clear_candidate) */
  clear?: boolean
}

/** nearby_open_issues(...): an open issue near a point, nearest first. */
export interface NearbyIssue {
  id: number; code: string; category: string; category_zh: string; category_en: string
  status: IssueStatus; distance_m: number; reported_at: string; report_count: number
  description: string; unit_name: string | null; lon: number; lat: number
}

export type IssueAction = 'dispatch' | 'accept' | 'return' | 'handle' | 'verify' | 'rework' | 'close'
  | 'extend' | 'grant_extension' | 'refuse_extension' | 'defer' | 'park' | 'resume'
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied'

/** An issue as the workflow functions return it (issue_json). */
export interface IssueInfo {
  id: number; code: string; category: string; status: IssueStatus; source: IssueSource
  description: string; address: string | null; lon: number; lat: number
  reported_at: string; dispatched_at: string | null; deadline: string | null; accepted_at: string | null
  handled_at: string | null; verified_at: string | null; closed_at: string | null
  unit_id: number | null; unit_name: string | null; zone_id: number | null; zone_version: number | null; zone_name: string | null
  dispatch_reason: DispatchReason; no_responsible_unit: boolean
  extension_requested: boolean; extensions_granted: number; report_count: number
  satisfaction: Satisfaction | null; followed_up_at: string | null
  /** 0 none, 1 督办, 2 催办, 3 查办 (now) */
  escalation: number
  overdue: boolean
}

/** advance_issue(...): the issue after the step, with the step recorded. */
export interface AdvancedIssue extends IssueInfo {
  event: { action: IssueAction; at: string; from_status: IssueStatus; to_status: IssueStatus; note: string | null }
}

/** issue_events(issue_id): one step of an issue's log, in order. */
export interface IssueEvent {
  at: string; actor_id: string | null; actor_name: string
  action: IssueAction | 'register' | 'report' | 'follow_up'
  from_status: IssueStatus | null; to_status: IssueStatus; note: string | null
  unit_id: number | null; unit_name: string | null; satisfaction: Satisfaction | null
}

/** issue_actions(issue_id): a step the signed-in person may take now. */
export interface IssueStep { action: IssueAction; name_zh: string; name_en: string; note_required: boolean }

/** issue_detail(issue_id): the issue's page. */
export interface IssueDetail extends IssueInfo {
  category_zh: string; category_en: string; closing_condition_zh: string | null; closing_condition_en: string | null
  events: IssueEvent[]; actions: IssueStep[]
  /** while registered or returned: who may be responsible at its point */
  candidates: DispatchCandidate[] | null
}

/** issue_escalation(issue_id, at): the level at a moment and when the next begins. */
export interface IssueEscalation {
  issue_id: number; at: string; deadline: string | null
  level: number; code: string | null; name_zh: string | null; name_en: string | null
  hours_past_deadline: number | null; next_level: number | null; next_level_at: string | null
}

/** issue_ledger filters (check_ledger_filters): every key optional, null = not filtered. */
export interface LedgerFilters {
  unit_id?: number | null; zone_id?: number | null
  /** 9-digit street / 12-digit community code */
  street?: string | null; community?: string | null
  category?: string | string[] | null
  status?: IssueStatus | IssueStatus[] | null
  escalation?: number | number[] | null
  source?: IssueSource | IssueSource[] | null
  dispatch_reason?: Exclude<DispatchReason, null> | Exclude<DispatchReason, null>[] | null
  overdue?: boolean | null; extension_requested?: boolean | null
  /** sent back at least once after a failed check (返工) */
  reworked?: boolean | null
  from?: string | null; to?: string | null
  q?: string | null
}
export type LedgerSortKey = 'reported_at' | 'deadline' | 'escalation' | 'code' | 'status' | 'category' | 'unit'
export type LedgerSort = LedgerSortKey | `-${LedgerSortKey}`

export interface LedgerRow {
  id: number; code: string; category: string; category_zh: string; category_en: string
  status: IssueStatus; source: IssueSource; description: string; address: string | null
  reported_at: string; dispatched_at: string | null; deadline: string | null; accepted_at: string | null
  handled_at: string | null; closed_at: string | null
  unit_id: number | null; unit_name: string | null; zone_id: number | null; zone_name: string | null
  escalation: number; overdue: boolean; report_count: number; dispatch_reason: DispatchReason
  extension_requested: boolean; satisfaction: Satisfaction | null
  street_name: string | null; community_name: string | null; lon: number; lat: number
}

/** issue_ledger(...): one page of the filtered ledger and how many match in all. */
export interface Ledger { total: number; page: number; page_size: number; rows: LedgerRow[] }

/** unit_indicators(month): a unit's standard indicators (definitions: *_indicators.sql); a rate is null without a denominator. */
export interface UnitIndicators {
  unit_id: number; unit_name: string; month: string
  /** 立案数, 应结案数, 结案数, 按期结案数, 缓办数 (挂账 included), 挂账数, 返工数, 处置数 */
  filed: number; due: number; closed: number; closed_on_time: number; deferred: number; parked: number; reworked: number; handled: number
  /** 结案率 = 结案数 / 应结案数 */
  closure_rate: number | null
  /** 按期结案率 = 按期结案数 / (应结案数 − 缓办数) */
  on_time_rate: number | null
  /** 返工率 = 返工数 / 处置数 */
  rework_rate: number | null
  /** 平均处置时长: hours from dispatch to handling */
  avg_handle_hours: number | null
  /** 响应率: accepted within the category's response time */
  response_rate: number | null
  /** 12345 的三率 */
  hotline: {
    filed: number; due: number; closed: number; followed_up: number; satisfied: number
    response_rate: number | null; solve_rate: number | null; satisfaction_rate: number | null
  }
}

/** One window of a 问效事项's figures (effect_window_figures): the indicators' counts and rates, as month_indicators defines them. */
export interface EffectWindow {
  since: string; until: string
  /** every issue of the category reported in the cell in the window */
  reported: number
  /** 立案数, 应结案数, 结案数, 按期结案数, 缓办数 — counted as they stood at the window's end */
  filed: number; due: number; closed: number; closed_on_time: number; deferred: number
  closure_rate: number | null; on_time_rate: number | null
}

export type EffectTaskStatus = 'open' | 'done'

/** create_effect_task / list_effect_tasks / close_effect_task: a recurring place tracked as a 问效事项, with its figures. */
export interface EffectTask {
  id: number; cell: string; cell_m: number; category: string; category_zh: string; category_en: string
  lon: number; lat: number
  street_code: string | null; street_name: string | null; community_code: string | null; community_name: string | null
  grid_code: string | null; grid_name: string | null
  /** the unit clearly responsible at the cell's centre, if there is one */
  unit_id: number | null; unit_name: string | null
  note: string | null; status: EffectTaskStatus; created_by_name: string; created_at: string; done_at: string | null
  /** the window's length (90 days); how many days of the after window have passed */
  window_days: number; after_days: number
  before: EffectWindow; after: EffectWindow
  /** issues reported per day, after against before, −1…; null without issues before or before a day has passed */
  change_rate: number | null
}
