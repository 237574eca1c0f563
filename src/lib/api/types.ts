// The shapes the SQL API returns (supabase/migrations/, one file per topic). One place for them:
// the data module (api.ts) is typed with these, the components read them.
import type { FeatureCollection, Geometry } from 'geojson'

// the zone rules' own types live with the geometry checks that use them (geo/ is below api/)
export type { ZoneKind, ProblemCode, ZoneProblem } from '../geo/zone-types'
export type { ZoneLimits } from '../geo/zone-limits'
import type { ZoneKind, ZoneProblem } from '../geo/zone-types'
// the issue loop's shapes (issue 12) live in their own file, named here like every other
export type * from './issue-types'
import type { DispatchCandidate, DispatchReason } from './issue-types'
/** issues.status (the issue loop, *_issue_workflow.sql): 挂号 → 派遣 → 接单 → 处置 → 核实 → 销号, and 退回, 返工, 缓办, 挂账 */
export type IssueStatus = 'registered' | 'dispatched' | 'accepted' | 'handled' | 'verified' | 'closed'
  | 'returned' | 'rework' | 'deferred' | 'parked'

/** layer_catalog(): one entry per map layer, in display order. */
export interface LayerInfo {
  id: string
  title_zh: string
  title_en: string
  geometry_type: 'polygon' | 'line' | 'point' | 'mixed'
  source_function: string
  sort_order: number
  default_visible: boolean
  style: Record<string, unknown>
  feature_count: number
}

/** zone_at(lon, lat): the area zone responsible at a point, or null. */
export interface ZoneAt {
  id: number
  name: string
  unit_id: number
  unit_name: string
  kind: ZoneKind
  version: number
  /** other area zones that also cover the point (an overlap defect), by id */
  also: number[]
  /** the grid under the point, if any */
  grid: { code: string; name: string; community: string; street: string } | null
}

export interface UnitInfo {
  id: number
  name: string
  leader_name: string
  leader_title: string | null
  phone: string | null
  officers: { name: string; phone: string | null }[]
}

export interface IssueCounts {
  total: number
  by_status: Record<IssueStatus, number>
  open: number
  overdue: number
  closed: number
}

// --- leaders (issue 5): area_report and what is built on it ---

export interface OverdueIssue {
  id: number; code: string; category: string; category_zh: string; category_en: string
  description: string | null; deadline: string; escalation: number | null; unit_name: string | null
  lon: number; lat: number
}

export interface RecurringPlace {
  category: string; name_zh: string; name_en: string; weeks: number; issues: number; lon: number; lat: number
}

/** area_report(area): the figures every summary shows — zone, administrative area or drawn area. */
export interface AreaReport {
  area_km2: number
  grid_count: number
  grids: string[]
  issues: IssueCounts
  markets: { count: number; stalls: number }
  parking: { count: number; capacity: number; new_spaces: number }
  compounds: { count: number; buildings: number; households: number }
  /** 办结占比: closed ÷ received (all issues inside), 0..1; null when there are none (SQL closed_share) */
  closed_share: number | null
  median_close_hours: number | null
  closed_this_month: number
  reported_this_month: number
  overdue_issues: OverdueIssue[]
  /** 12 weeks, oldest first; week = Monday, YYYY-MM-DD */
  trend: { week: string; reported: number; closed: number }[]
  recurring: RecurringPlace[]
}

/** zone_summary(zone_id): area_report over the zone, with the zone and its unit. */
export type ZoneReport = AreaReport & {
  zone: { id: number; name: string; kind: ZoneKind; version: number; updated_at: string; updated_by_name: string | null; bbox: [number, number, number, number] }
  unit: UnitInfo
}

export type AdminLevel = 'district' | 'street' | 'community' | 'grid'
export interface AdminAreaRef { level: AdminLevel; code: string; name: string }

/** admin_area_summary(level, code) */
export type AdminAreaReport = AreaReport & AdminAreaRef & {
  parent: AdminAreaRef | null
  children: AdminAreaRef[]
  bbox: [number, number, number, number]
}

/** search_places(q, max_results): one row per match, best first. */
export interface PlaceMatch {
  kind: 'zone' | 'unit' | 'grid' | 'community' | 'street'
  id: string
  label: string
  sublabel: string | null
  bbox: [number, number, number, number] | null
}

/** unit_ranking(month) */
export interface UnitRanking {
  month: string
  /** false when no issue was filed to any unit in the month: nobody is flagged */
  has_data: boolean
  /** the issues due a unit needs for a rate, a rank and a flag (SQL ranking_min_due()) */
  min_due: number
  targets: { min_due_closure_rate: number; max_overdue: number; max_response_hours: number }
  /** the ranked first, in rank order; then the units with too few cases, most due first */
  units: RankedUnit[]
}
export interface RankedUnit {
  /** null for a unit with too few cases */
  rank: number | null; unit_id: number; unit_name: string; leader_name: string
  /** at least min_due issues due: ranked with a rate and a flag */
  rated: boolean
  reported: number
  /** 应结案数 = closed + overdue: the volume behind the rate */
  due: number
  closed: number
  /** not closed and not yet due: counted neither for nor against the unit */
  pending: number
  /** 结案率 (到期办结率): closed ÷ due, the indicators' closure_rate; null when not rated */
  due_closure_rate: number | null; overdue: number; response_hours: number | null
  /** null: too few cases (样本不足) */
  flag: 'red' | 'blue' | null
}

/** save_zone(zone): what the editor sends. version = the version the edit started from. */
export interface ZoneInput {
  id?: number | null
  unit_id: number
  name: string
  kind: ZoneKind
  geom: Geometry
  version?: number | null
}

export interface SavedZone {
  id: number
  unit_id: number
  name: string
  kind: ZoneKind
  version: number
  geom: Geometry
  updated_at: string
  updated_by_name: string | null
}

/** coverage_report(district_code) */
export interface CoverageReport {
  district_code: string
  district_km2: number
  covered_once_km2: number
  share_covered_once: number
  gap_km2: number
  overlap_km2: number
  gaps: FeatureCollection
  overlaps: FeatureCollection
}

export type IssueSource = 'patrol' | 'hotline' | 'app' | 'inspection'

/** dispatch_issue(...): the issue as registered, with the zone version it was dispatched under. */
export interface DispatchedIssue {
  id: number
  code: string
  category: string
  /** 'registered' when no unit is clearly responsible: several candidates (ambiguous) or none (no_zone) */
  status: 'registered' | 'dispatched'
  reported_at: string
  dispatched_at: string | null
  deadline: string | null
  unit_id: number | null
  unit_name: string | null
  zone_id: number | null
  zone_name: string | null
  zone_version: number | null
  dispatch_reason: DispatchReason
  /** registered in a coverage gap: nobody responsible (the coverage view shows why) */
  no_responsible_unit: boolean
  candidates: DispatchCandidate[]
}
// ── zone editing (issue 6: officers) ──

/** current_user_info(): who is signed in (null when anonymous). */
export interface UserInfo { id: string; display_name: string; role: 'admin' | 'leader' | 'officer' | 'wall' | string; unit_id: number | null; unit_name: string | null }

/** zone_versions(zone_id): one recorded version, newest first. */
export interface ZoneVersion {
  version: number
  operation: 'create' | 'update' | 'restore' | 'delete'
  unit_id: number
  name: string
  kind: ZoneKind
  geom: Geometry
  changed_by_name: string | null
  changed_at: string
}

/** zone_change_impact(...).changes: one feature whose responsible unit a new boundary changes. */
export interface ZoneChange {
  kind: 'issue' | 'grid' | 'market' | 'parking' | 'compound'
  id: string
  label: string
  lon: number
  lat: number
  from_unit: string | null
  from_unit_id: number | null
  to_unit: string | null
  to_unit_id: number | null
}

/** clip_zone(geom, zone_id): the drawn area minus the other zones (largest piece kept). */
export interface ClippedZone {
  geom: Geometry
  kept_m2: number
  /** overlap_m2 (shared with other zones) + dropped_m2 (small pieces beside the kept one) */
  removed_m2: number
  overlap_m2: number
  dropped_m2: number
  /** the part cut off at the district boundary (clip_zone, *_zone_tools.sql) */
  outside_m2?: number
}

/** list_app_users(): a person who may sign in; role null = an Auth account with no role yet (Supabase only). */
export interface Person {
  id: string
  display_name: string | null
  role: 'admin' | 'leader' | 'officer' | 'wall' | 'dispatcher' | null
  unit_id: number | null
  unit_name: string | null
  email: string | null
}
export type PersonRole = NonNullable<Person['role']>
/** save_app_user(...) */
export interface SavedPerson { id: string; display_name: string; role: PersonRole; unit_id: number | null; unit_name: string | null; created: boolean }
/** sign_in_options(): what the sign-in screen may know before anyone signs in. */
export interface SignInInfo { district: { code: string; name: string; name_en: string | null } | null }

