// GoTrue's refusals, as auth-js turns them into errors (its own handleError on a real Response),
// map to our codes: the current {code, message} body, the {code: 400, error_code, msg} body of a
// client without the API-version header, and the older {error, error_description} body.
import { describe, expect, it } from 'vitest'
import { handleError } from '@supabase/auth-js/dist/module/lib/fetch.js'
import { authErrorCode } from '../../src/lib/api/auth-errors'

async function refusal(status: number, body: unknown, headers: Record<string, string> = {}) {
  return handleError(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })).catch((e: unknown) => e)
}
const v2024 = { 'X-Supabase-Api-Version': '2024-01-01' }

describe('authErrorCode', () => {
  it('reads a wrong password in all three of GoTrue\'s shapes', async () => {
    expect(authErrorCode(await refusal(400, { code: 'invalid_credentials', message: 'Invalid login credentials' }, v2024))).toBe('invalid_credentials')
    expect(authErrorCode(await refusal(400, { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' }))).toBe('invalid_credentials')
    expect(authErrorCode(await refusal(400, { error: 'invalid_grant', error_description: 'Invalid login credentials' }))).toBe('invalid_credentials')
  })

  it('tells the other refusals apart', async () => {
    expect(authErrorCode(await refusal(400, { code: 'email_not_confirmed', message: 'Email not confirmed' }, v2024))).toBe('email_not_confirmed')
    expect(authErrorCode(await refusal(429, { code: 'over_request_rate_limit', message: 'Request rate limit reached' }, v2024))).toBe('rate_limited')
    expect(authErrorCode(await refusal(422, { code: 'otp_disabled', message: 'Signups not allowed for otp' }, v2024))).toBe('no_account')
    expect(authErrorCode(await refusal(400, { code: 'refresh_token_not_found', message: 'Invalid Refresh Token: Refresh Token Not Found' }, v2024))).toBe('session_expired')
    expect(authErrorCode(await refusal(503, { message: 'upstream unavailable' }))).toBe('network')
    expect(authErrorCode(await refusal(418, { code: 'something_new', message: 'Something new' }, v2024))).toBe('unknown')
  })
})
