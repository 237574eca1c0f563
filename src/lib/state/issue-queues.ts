// The work lists of the issue loop, each a saved filter of the ledger (issue_ledger): what a
// role sees first when it opens the issue desk. The command centre's queues (三级指挥's
// district level): to dispatch, to verify and close, escalated, no responsible unit, extension
// requests. A unit's officers: their unit's open issues. The seed articles' three lists
// (问题清单, 督办清单, 问效清单) are ledger presets for everyone who may read the ledger.
import type { IssueStatus, LedgerFilters, LedgerSort } from '../api/types'

export type QueueKey =
  | 'to_dispatch' | 'to_verify' | 'escalated' | 'no_unit' | 'extensions'
  | 'my_open' | 'my_handled'
  | 'problems' | 'supervision' | 'effect'

export interface Queue { key: QueueKey; filters: LedgerFilters; sort: LedgerSort }

/** Still open: everything before 结案 (closed). */
export const OPEN_STATUSES: IssueStatus[] = ['registered', 'dispatched', 'accepted', 'handled', 'verified', 'returned', 'rework', 'deferred', 'parked']

const CENTRE: Queue[] = [
  { key: 'to_dispatch', filters: { status: ['registered', 'returned'] }, sort: 'reported_at' },
  { key: 'to_verify', filters: { status: ['handled', 'verified'] }, sort: 'deadline' },
  { key: 'escalated', filters: { escalation: [1, 2, 3], status: OPEN_STATUSES }, sort: '-escalation' },
  { key: 'no_unit', filters: { dispatch_reason: 'no_zone', status: ['registered'] }, sort: 'reported_at' },
  { key: 'extensions', filters: { extension_requested: true }, sort: 'deadline' },
]

/** The seed articles' three lists, as ledger presets. */
export const LEDGER_PRESETS: Queue[] = [
  { key: 'problems', filters: { status: OPEN_STATUSES }, sort: '-reported_at' },
  { key: 'supervision', filters: { escalation: [1, 2, 3] }, sort: '-escalation' },
  { key: 'effect', filters: { status: ['closed'] }, sort: '-reported_at' },
]

/** The queues a signed-in person works from, first the one to open with; none for leaders and the wall. */
export function queuesFor(role: string | null | undefined, unitId: number | null | undefined): Queue[] {
  if (role === 'dispatcher' || role === 'admin') return CENTRE
  if (role === 'officer' && unitId != null) {
    return [
      { key: 'my_open', filters: { unit_id: unitId, status: ['dispatched', 'accepted', 'rework'] }, sort: 'deadline' },
      { key: 'my_handled', filters: { unit_id: unitId, status: ['handled', 'verified', 'deferred', 'parked'] }, sort: '-reported_at' },
    ]
  }
  return []
}

/** Who may register an issue (dispatch_issue's issue_actor): officers, the command centre, administrators. */
export const mayRegister = (role: string | null | undefined) => role === 'officer' || role === 'dispatcher' || role === 'admin'
