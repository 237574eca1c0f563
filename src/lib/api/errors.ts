// Errors from the SQL API, the same whichever backend ran the call. SQL functions raise
// `<code>: <Chinese message>` with the code in HINT and the problems (JSON) in DETAIL;
// this turns either backend's error object into one ApiError the UI can translate.
import type { ZoneProblem } from './types'

export type ApiErrorCode = ZoneProblem['code'] | 'stale_version' | 'forbidden' | 'zone_not_found' | 'not_signed_in' | 'backend_unavailable' | 'unknown'

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

/** Accepts a PGlite/pg error or a PostgREST error ({ message, details, hint, code }). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const e = (err ?? {}) as { message?: string; detail?: string; details?: string; hint?: string }
  const message = e.message ?? String(err)
  const code = (e.hint && /^[a-z_]+$/.test(e.hint) ? e.hint : message.match(/^([a-z_]+):/)?.[1]) ?? 'unknown'
  let detail: unknown = e.detail ?? e.details ?? null
  if (typeof detail === 'string') {
    try { detail = JSON.parse(detail) } catch { /* plain text detail */ }
  }
  const problems = Array.isArray(detail) ? (detail as ZoneProblem[]) : []
  return new ApiError(code as ApiErrorCode, message, problems, detail)
}
