// Errors from the SQL API, the same whichever backend ran the call. SQL functions raise
// `<code>: <Chinese message>` with the code in HINT and the problems (JSON) in DETAIL;
// this turns either backend's error object into one ApiError the UI can translate.
import type { ZoneProblem } from './types'

export type ApiErrorCode = ZoneProblem['code'] | 'stale_version' | 'forbidden' | 'zone_not_found' | 'not_signed_in' | 'backend_unavailable'
  | 'engine_error' | 'request_too_large' | 'input_too_long' | 'invalid_filters' | 'invalid_cell_size' | 'too_many_grids' | 'invalid_version'
  | 'timeout' | 'unknown'
  // the issue loop (issue 12, *_issue_workflow.sql, *_issue_ledger.sql)
  | 'invalid_input' | 'unknown_unit' | 'unknown_category' | 'issue_not_found' | 'invalid_action' | 'illegal_transition'
  | 'same_person' | 'note_required' | 'unit_required' | 'invalid_sort'
  // 问效 (*_effect_tasks.sql)
  | 'invalid_cell' | 'not_recurring' | 'effect_task_exists' | 'effect_task_not_found'

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly problems: ZoneProblem[] = [],
    readonly detail: unknown = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/**
 * PostgreSQL's own "permission denied" (SQLSTATE 42501), in our words: every API function is
 * executable by every signed-in user and by nobody else (migrations *_platform.sql and *_security.sql),
 * so a function refused means "not signed in"; a table refused means "not through the API".
 */
function privilegeCode(sqlstate: string | undefined, message: string): ApiErrorCode | null {
  if (sqlstate !== '42501') return null
  return /permission denied for function/.test(message) ? 'not_signed_in' : 'forbidden'
}

/** Accepts a PGlite/pg error or a PostgREST error ({ message, details, hint, code }). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const e = (err ?? {}) as { message?: string; detail?: string; details?: string; hint?: string; code?: string }
  const message = e.message ?? String(err)
  const code = (e.hint && /^[a-z_]+$/.test(e.hint) ? e.hint : message.match(/^([a-z_]+):/)?.[1]) ?? privilegeCode(e.code, message) ?? 'unknown'
  let detail: unknown = e.detail ?? e.details ?? null
  if (typeof detail === 'string') {
    try { detail = JSON.parse(detail) } catch { /* plain text detail */ }
  }
  const problems = Array.isArray(detail) ? (detail as ZoneProblem[]) : []
  return new ApiError(code as ApiErrorCode, message, problems, detail)
}
