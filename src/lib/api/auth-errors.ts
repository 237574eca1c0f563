// Supabase Auth (GoTrue) errors as our own codes, so the sign-in screen shows a sentence in the
// user's language (`auth.error.<code>` in the locale files), never GoTrue's English. GoTrue
// answers in two shapes: with the X-Supabase-Api-Version header supabase-js sends, a current
// server says {code: "invalid_credentials", message}; an older one (or a proxy in between that
// drops the header) says {error: "invalid_grant", error_description: "Invalid login credentials"},
// which auth-js turns into an AuthApiError with no code — so the status and words matter too.

export type AuthErrorCode =
  | 'invalid_credentials' | 'email_not_confirmed' | 'rate_limited' | 'no_account' | 'user_banned'
  | 'invalid_email' | 'provider_disabled' | 'network' | 'session_expired' | 'link_expired' | 'different_user' | 'unknown'

interface AuthLikeError { name?: string; message?: string; status?: number; code?: string }

export function authErrorCode(err: unknown): AuthErrorCode {
  const e = (err ?? {}) as AuthLikeError
  const code = e.code ?? ''
  const message = e.message ?? ''
  if (code === 'invalid_credentials' || /invalid login credentials/i.test(message)) return 'invalid_credentials'
  if (code === 'email_not_confirmed' || /email not confirmed/i.test(message)) return 'email_not_confirmed'
  if (code.startsWith('over_') || e.status === 429) return 'rate_limited'
  // a magic link asked for an address with no account (shouldCreateUser: false)
  if (code === 'otp_disabled' || code === 'signup_disabled' || code === 'user_not_found' || /signups not allowed/i.test(message)) return 'no_account'
  if (code === 'user_banned') return 'user_banned'
  if (code === 'email_address_invalid' || code === 'validation_failed') return 'invalid_email'
  if (code === 'email_provider_disabled' || code === 'provider_disabled') return 'provider_disabled'
  if (code === 'refresh_token_not_found' || code === 'refresh_token_already_used' || code === 'session_expired'
    || code === 'session_not_found' || e.name === 'AuthSessionMissingError') return 'session_expired'
  // AuthRetryableFetchError: the request did not reach Auth, or Auth answered 5xx
  if (e.name === 'AuthRetryableFetchError' || (typeof e.status === 'number' && (e.status === 0 || e.status >= 500))) return 'network'
  return 'unknown'
}
