// The words an issue is shown with, in the user's language: its status, channel, escalation
// level, category, and how its deadline stands — one place for the desk, the ledger, the
// issue page and the CSV export.
import type { IssueSource, IssueStatus, LedgerRow } from '../../api/types'
import { formatDate, formatDuration, pick, t, type MessageKey } from '../../i18n/i18n.svelte'

export const statusText = (s: IssueStatus | string) => t(`istatus.${s}` as MessageKey)
export const sourceText = (s: IssueSource | string) => t(`source.${s}` as MessageKey)
export const escalationText = (level: number) => t(`escalation.${Math.max(0, Math.min(3, level))}` as MessageKey)
export const categoryText = (r: { category_zh: string; category_en: string }) => pick(r.category_zh, r.category_en)
export const reasonText = (r: string | null) => (r ? t(`reason.${r}` as MessageKey) : '—')

/** The statuses in which the unit's clock runs (SQL issue_is_overdue): not handled, verified, deferred, parked, … */
const CLOCK_RUNS = ['dispatched', 'accepted', 'rework']

/**
 * "超期 5 小时" / "超期 188 天" / "12 小时后到期" for an issue whose clock runs (dispatched,
 * accepted, rework) and has a deadline; null otherwise (a deferred or parked issue's clock is
 * stopped: never shown late). Late is SQL's `overdue`; the time is the distance to the deadline.
 */
export function dueText(r: { status: string; deadline: string | null; overdue: boolean }, now = Date.now()): { text: string; late: boolean } | null {
  if (!r.deadline || !CLOCK_RUNS.includes(r.status)) return null
  const hours = (Date.parse(r.deadline) - now) / 3_600_000
  if (r.overdue) return { text: t('desk.late', { time: formatDuration(Math.max(0, -hours)) }), late: true }
  return hours > 0 ? { text: t('desk.due_in', { time: formatDuration(hours) }), late: false } : null
}

/** The ledger's columns as the CSV export writes them (header, value), in the user's language. */
export function ledgerCsvColumns(): [string, (r: LedgerRow) => string | number | null][] {
  const yes = (b: boolean) => (b ? t('ledger.yes') : t('ledger.no'))
  return [
    [t('ledger.col_code'), (r) => r.code],
    [t('ledger.col_category'), (r) => categoryText(r)],
    [t('ledger.col_status'), (r) => statusText(r.status)],
    [t('ledger.col_unit'), (r) => r.unit_name],
    [t('ledger.col_zone'), (r) => r.zone_name],
    [t('ledger.col_street'), (r) => r.street_name],
    [t('ledger.col_community'), (r) => r.community_name],
    [t('ledger.col_source'), (r) => sourceText(r.source)],
    [t('ledger.col_reported'), (r) => formatDate(r.reported_at)],
    [t('ledger.col_deadline'), (r) => (r.deadline ? formatDate(r.deadline) : null)],
    [t('ledger.col_closed'), (r) => (r.closed_at ? formatDate(r.closed_at) : null)],
    [t('ledger.col_escalation'), (r) => (r.escalation ? escalationText(r.escalation) : null)],
    [t('ledger.col_overdue'), (r) => yes(r.overdue)],
    [t('ledger.col_reports'), (r) => r.report_count],
    [t('ledger.col_description'), (r) => r.description],
    [t('ledger.col_address'), (r) => r.address],
    [t('ledger.col_satisfaction'), (r) => (r.satisfaction ? t(`satisfaction.${r.satisfaction}` as MessageKey) : null)],
    [t('ledger.col_lon'), (r) => r.lon],
    [t('ledger.col_lat'), (r) => r.lat],
  ]
}
