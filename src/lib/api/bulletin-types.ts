// monthly_bulletin(month) — the 月通报 (supabase/migrations/*_bulletin.sql): each part is what the
// indicators, the ranking, the ledger and the hotspots answer.
import type { IssueStatus, RankedUnit, UnitIndicators, UnitRanking } from './types'

/** month_indicators: the counts and rates of a unit, a street or the district */
export type MonthIndicators = Omit<UnitIndicators, 'unit_id' | 'unit_name'>

export interface BulletinCase {
  id: number; code: string; category_zh: string; category_en: string
  unit_name: string | null; street_name: string | null; community_name: string | null; address: string | null
  reported_at: string; status: IssueStatus
}

export interface MonthlyBulletin {
  /** YYYY-MM */
  month: string
  from: string
  /** the month's end, or now for a month still under way */
  until: string
  complete: boolean
  district: MonthIndicators & { code: string; name: string; name_en: string | null }
  streets: (MonthIndicators & { code: string; name: string })[]
  ranking: Pick<UnitRanking, 'has_data' | 'min_due' | 'targets'>
  /** in the ranking's order, each with its indicators */
  units: (RankedUnit & MonthIndicators)[]
  /** the month's issues that reached 督办 (1), 催办 (2) or 查办 (3), the highest first */
  escalated: { total: number; rows: (BulletinCase & { deadline: string | null; escalation: 1 | 2 | 3; closed_at: string | null })[] }
  /** the month's issues sent back at least once (返工) */
  reworked: { total: number; rows: (BulletinCase & { reworks: number; last_reason: string | null })[] }
  /** places where one category came back in at least recurring_weeks distinct weeks of the window */
  recurring: {
    window_from: string; window_days: number; recurring_weeks: number
    cells: {
      cell: string; count: number; hot: boolean
      categories: { category: string; name_zh: string; name_en: string; weeks: number; issues: number }[]
      street_code: string | null; street_name: string | null; community_code: string | null; community_name: string | null
      grid_code: string | null; grid_name: string | null; lon: number; lat: number
    }[]
  }
}
