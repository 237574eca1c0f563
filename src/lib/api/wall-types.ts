// The command-centre wall's figures: wall_summary() (supabase/migrations/20261209002000_wall.sql).
// Rates are fractions 0–1 (null: nothing to divide by); times are ISO timestamps.

export interface WallDay { received: number; dispatched: number; closed: number }

export interface WallMonth {
  month: string
  received: number
  due: number
  closed: number
  overdue: number
  closure_rate: number | null
  on_time_rate: number | null
  satisfaction_rate: number | null
}

export interface WallEscalation {
  id: number
  code: string
  category_zh: string
  category_en: string
  /** 1 督办, 2 催办, 3 查办 */
  level: 1 | 2 | 3
  status: string
  unit_id: number | null
  unit_name: string | null
  street_name: string | null
  community_name: string | null
  deadline: string
  hours_late: number
  lon: number
  lat: number
}

export interface WallRankedUnit {
  rank: number | null
  unit_id: number
  unit_name: string
  rated: boolean
  due: number
  closed: number
  overdue: number
  due_closure_rate: number | null
  /** null: too few cases to be rated (样本不足) */
  flag: 'red' | 'blue' | null
}

export interface WallHotspot {
  cell: string
  count: number
  z: number
  hot: boolean
  recurring: boolean
  categories: { category: string; name_zh: string; name_en: string; weeks: number; issues: number }[]
  lon: number
  lat: number
  street_name: string | null
  community_name: string | null
  grid_code: string | null
  grid_name: string | null
}

export interface WallStreet {
  code: string
  name: string
  bbox: [number, number, number, number]
  received: number
  closed: number
  overdue: number
  closure_rate: number | null
  /** how many of the escalations lie in the street */
  escalated: number
}

export interface WallStep {
  event_id: number
  issue_id: number
  code: string
  category_zh: string
  category_en: string
  action: string
  to_status: string
  unit_name: string | null
  at: string
  lon: number
  lat: number
}

export interface WallSummary {
  as_of: string
  today: WallDay & { before: WallDay }
  month: WallMonth & { before: WallMonth }
  escalations: { total: number; rows: WallEscalation[] }
  /** the best and the worst wall_list_limit() of the rated units in rank order; rated and too_few count them all */
  ranking: { month: string; has_data: boolean; min_due: number; rated: number; too_few: number; units: WallRankedUnit[] }
  /** null when asked without them (with_hotspots false) */
  hotspots: WallHotspot[] | null
  streets: WallStreet[]
  latest: WallStep[]
}
