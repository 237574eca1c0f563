// The data module: one typed function per SQL API function, the same over both backends.
// Parameter names here are the SQL functions' parameter names (the contract test checks
// them against the migrated database, so the Supabase path cannot drift from the SQL).
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Backend } from './backend'
import { toApiError } from './errors'
import { refuseOversizedArguments } from '../db/request-limits'
import { createPgliteBackend } from './backend-pglite'
import { createSupabaseBackend } from './backend-supabase'
import { layersWrittenBy, type ChangedLayer } from './writes'
import type { CoverageReport, DispatchedIssue, IssueSource, LayerInfo, SavedZone, ZoneAt, ZoneInput, ZoneProblem } from './types'
import type { AdminAreaReport, AdminLevel, AreaReport, PlaceMatch, UnitRanking, ZoneReport } from './types'
import type { ClippedZone, UserInfo, ZoneChange, ZoneLimits, ZoneVersion } from './types'
import type { Person, PersonRole, SavedPerson, SignInInfo } from './types'
import type { AdvancedIssue, DispatchCandidate, IssueAction, IssueCategory, IssueDetail, IssueEscalation, IssueEvent, IssueInfo } from './types'
import type { IssueStep, Ledger, LedgerFilters, LedgerSort, NearbyIssue, Satisfaction, UnitIndicators } from './types'
import type { EffectTask, EffectTaskStatus } from './types'
import type { MonthlyBulletin } from './bulletin-types'
import type { WallSummary } from './wall-types'

export interface IssueFilters {
  category?: string[] | null
  state?: ('open' | 'overdue' | 'closed')[] | null
  days?: number | null
  from?: string | null
  to?: string | null
}

/** layer_view's answer: a FeatureCollection that says whether it holds aggregates instead of features. */
export type ViewCollection = FeatureCollection & { aggregate: 'bins' | 'communities' | 'counts' | null; zoom: number }
export interface IssueCounts { open: number; overdue: number; closed: number; total: number }

/** Hears a layer changed: by this tab's own write (awaited before the write resolves) or by someone else. */
export type LayerChangeListener = (layer: ChangedLayer, by: 'me' | 'others') => void | Promise<void>

export function createApi(backend: Backend) {
  const listeners: LayerChangeListener[] = []
  backend.onChange?.((layer) => listeners.forEach((l) => void l(layer, 'others')))
  // an oversized request is refused here, before it is serialised and sent (request-limits.ts)
  const call = async <T>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
    try { refuseOversizedArguments(args) } catch (e) { throw toApiError(e) }
    const result = await backend.rpc<T>(name, args)
    // a write resolves once what it changed is shown again (writes.ts says which layers)
    for (const layer of layersWrittenBy(name)) await Promise.all(listeners.map((l) => l(layer, 'me')))
    return result
  }
  return {
    backend,
    /** Listen for layer changes; returns what stops listening. */
    onLayerChanged: (l: LayerChangeListener) => {
      listeners.push(l)
      return () => { const i = listeners.indexOf(l); if (i >= 0) listeners.splice(i, 1) }
    },
    layerCatalog: () => call<LayerInfo[]>('layer_catalog'),
    layerGeojson: (layerId: string, bbox?: [number, number, number, number] | null, filters?: IssueFilters | Record<string, unknown> | null) =>
      call<FeatureCollection>('layer_geojson', { layer_id: layerId, bbox: bbox ?? null, filters: filters ?? null }),
    /** A layer for a map view: simplified and rounded for the zoom, slim properties, aggregates when zoomed out (layer_view). */
    layerView: (layerId: string, bbox: [number, number, number, number], zoom: number, filters?: IssueFilters | Record<string, unknown> | null) =>
      call<ViewCollection>('layer_view', { layer_id: layerId, bbox, zoom, filters: filters ?? null }),
    /** One feature whole (every property, 6 decimals) found within bbox: a click's details; null when gone. */
    layerFeature: (layerId: string, featureId: string, bbox: [number, number, number, number]) =>
      call<Feature | null>('layer_feature', { layer_id: layerId, feature_id: featureId, bbox }),
    /** The issues matching the filters in the whole district, by display state (the legend's counts). */
    issueCounts: (filters?: IssueFilters | null) => call<IssueCounts>('issue_counts', { filters: filters ?? null }),
    zoneAt: (lon: number, lat: number) => call<ZoneAt | null>('zone_at', { lon, lat }),
    /** zone_at for many points in one call: the covering area zone of each, in order (null: none). */
    zoneAtBatch: (points: [number, number][]) => call<({ id: number; unit_id: number; unit_name: string } | null)[]>('zone_at_batch', { points }),
    zoneSummary: (zoneId: number) => call<ZoneReport>('zone_summary', { zone_id: zoneId }),
    validateZone: (geom: Geometry, unitId: number, zoneId?: number | null) =>
      call<ZoneProblem[]>('validate_zone', { geom, unit_id: unitId, zone_id: zoneId ?? null }),
    saveZone: (zone: ZoneInput) => call<SavedZone>('save_zone', { zone }),
    deleteZone: (zoneId: number, version: number) => call<SavedZone>('delete_zone', { zone_id: zoneId, version }),
    zoneVersions: (zoneId: number) => call<ZoneVersion[]>('zone_versions', { zone_id: zoneId }),
    restoreZone: (zoneId: number, toVersion: number, version: number) =>
      call<SavedZone>('restore_zone', { zone_id: zoneId, to_version: toVersion, version }),
    coverageReport: (districtCode: string) => call<CoverageReport>('coverage_report', { district_code: districtCode }),
    currentUserInfo: () => call<UserInfo | null>('current_user_info'),
    issueHotspots: (filters?: IssueFilters | null, cellM = 300, recurringWeeks = 6) =>
      call<{ cells: FeatureCollection }>('issue_hotspots', { filters: filters ?? null, cell_m: cellM, recurring_weeks: recurringWeeks }),
    issueCategoryList: () => call<IssueCategory[]>('issue_category_list'),
    unitRanking: (month?: string | null) => call<UnitRanking>('unit_ranking', { month: month ?? null }),
    searchPlaces: (q: string, maxResults = 20) => call<PlaceMatch[]>('search_places', { q, max_results: maxResults }),
    adminAreaSummary: (level: AdminLevel, code: string) => call<AdminAreaReport>('admin_area_summary', { level, code }),
    areaSummary: (geom: Geometry) => call<AreaReport>('area_summary', { geom }),
    gridsUnion: (gridCodes: string[]) => call<Geometry>('grids_union', { grid_codes: gridCodes }),
    clipZone: (geom: Geometry, zoneId?: number | null) => call<ClippedZone>('clip_zone', { geom, zone_id: zoneId ?? null }),
    /** What save_zone would refuse about a name, as validate_zone's problem list ([] = fine). */
    zoneNameProblems: (name: string) => call<ZoneProblem[]>('zone_name_problems', { name }),
    /** The limits a zone must respect, as SQL enforces them (the same numbers as geo/zone-limits.ts). */
    zoneLimits: () => call<ZoneLimits>('zone_limits'),
    zoneChangeImpact: (geom: Geometry, unitId: number, zoneId?: number | null) =>
      call<{ changes: ZoneChange[] }>('zone_change_impact', { geom, unit_id: unitId, zone_id: zoneId ?? null }),
    // issue 6 (officer data): register + dispatch an issue under the zone version covering it now
    dispatchIssue: (lon: number, lat: number, category: string, description: string, address?: string | null, source: IssueSource = 'patrol') =>
      call<DispatchedIssue>('dispatch_issue', { lon, lat, category, description, address: address ?? null, source }),
    // issue 12 (the issue loop, 吹哨报到): dispatch by space, the steps, the ledger, the indicators
    dispatchCandidates: (lon: number, lat: number, category?: string | null) =>
      call<DispatchCandidate[]>('dispatch_candidates', { lon, lat, category: category ?? null }),
    nearbyOpenIssues: (lon: number, lat: number, category?: string | null, radiusM = 50) =>
      call<NearbyIssue[]>('nearby_open_issues', { lon, lat, category: category ?? null, radius_m: radiusM }),
    attachIssueReport: (issueId: number, note?: string | null, source?: IssueSource | null) =>
      call<IssueInfo>('attach_issue_report', { issue_id: issueId, note: note ?? null, source: source ?? null }),
    advanceIssue: (issueId: number, action: IssueAction, note?: string | null, unitId?: number | null) =>
      call<AdvancedIssue>('advance_issue', { issue_id: issueId, action, note: note ?? null, unit_id: unitId ?? null }),
    followUpIssue: (issueId: number, satisfaction: Satisfaction, note?: string | null) =>
      call<IssueInfo>('follow_up_issue', { issue_id: issueId, satisfaction, note: note ?? null }),
    issueEvents: (issueId: number) => call<IssueEvent[]>('issue_events', { issue_id: issueId }),
    issueActions: (issueId: number) => call<IssueStep[]>('issue_actions', { issue_id: issueId }),
    issueDetail: (issueId: number) => call<IssueDetail>('issue_detail', { issue_id: issueId }),
    /** the steps the signed-in person may take now on each of a page of issues (a queue's buttons) */
    issueActionsFor: (issueIds: number[]) => call<{ issue_id: number; actions: IssueStep[] }[]>('issue_actions_for', { issue_ids: issueIds }),
    issueEscalation: (issueId: number, at?: string | null) => call<IssueEscalation>('issue_escalation', { issue_id: issueId, at: at ?? null }),
    issueLedger: (filters?: LedgerFilters | null, sort?: LedgerSort | null, page = 1, pageSize = 50) =>
      call<Ledger>('issue_ledger', { filters: filters ?? null, sort: sort ?? null, page, page_size: pageSize }),
    unitIndicators: (month?: string | null) => call<UnitIndicators[]>('unit_indicators', { month: month ?? null }),
    /** 月通报: a month's figures per street and unit, the ranking, the escalated and reworked cases, the recurring places */
    monthlyBulletin: (month?: string | null) => call<MonthlyBulletin>('monthly_bulletin', { month: month ?? null }),
    /** 问效: track a recurring hotspot cell (issue_hotspots' id at cellM) and category as a task (the command centre, administrators) */
    createEffectTask: (cell: string, category: string, note?: string | null, cellM = 300) =>
      call<EffectTask>('create_effect_task', { cell, category, note: note ?? null, cell_m: cellM }),
    /** the 问效事项 with the issues of their category in their cell, 90 days before against after */
    listEffectTasks: (status?: EffectTaskStatus | null) => call<EffectTask[]>('list_effect_tasks', { status: status ?? null }),
    closeEffectTask: (taskId: number) => call<EffectTask>('close_effect_task', { task_id: taskId }),
    /** 指挥中心大屏: the wall's figures in one read (without the hotspots, the costly part, when withHotspots is false) */
    wallSummary: (withHotspots = true) => call<WallSummary>('wall_summary', { with_hotspots: withHotspots }),
    // issue 10 (people): administrators manage who may sign in; the sign-in screen's one read
    listAppUsers: () => call<Person[]>('list_app_users'),
    saveAppUser: (userId: string, displayName: string, role: PersonRole, unitId: number | null) =>
      call<SavedPerson>('save_app_user', { user_id: userId, display_name: displayName, role, unit_id: unitId }),
    removeAppUser: (userId: string) => call<{ id: string; display_name: string; removed: true }>('remove_app_user', { user_id: userId }),
    signInOptions: () => call<SignInInfo>('sign_in_options'),
  }
}

export type Api = ReturnType<typeof createApi>

/** Supabase when both variables are set, else the embedded PGlite database. */
export function createConfiguredApi(): Api {
  const url = import.meta.env.VITE_SUPABASE_URL as string | undefined
  const key = import.meta.env.VITE_SUPABASE_ANON_KEY as string | undefined
  return createApi(url && key ? createSupabaseBackend(url, key) : createPgliteBackend())
}
