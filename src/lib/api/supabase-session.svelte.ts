// Who is signed in, in Supabase mode: the Supabase Auth session (email + password, or a magic
// link where the project offers one) and the person's app_users row from current_user_info()
// — the role and unit that RLS and the SQL functions go by. The app starts only once both are
// there; a signed-in Auth account without a row is told so (it is not staff yet).
//
// An expired session mid-work: supabase-js refreshes tokens on its own; when that fails (the
// refresh token was revoked, the laptop slept past its life) a call comes back unauthenticated.
// The backend then waits on recover(): the app asks for the password again over everything on
// screen, and the waiting calls are retried once signed in — an open edit, a drawn shape, a
// panel stay as they were.
import type { Session, SupabaseClient } from '@supabase/supabase-js'
import type { UserInfo } from './types'
import { authErrorCode, type AuthErrorCode } from './auth-errors'

export type SignInPhase = 'checking' | 'signed_out' | 'no_account' | 'signed_in'

export interface SignInOptions {
  /** GoTrue's email provider is on (public GET /auth/v1/settings: external.email). */
  email: boolean
  /** Offer a magic link: the email provider is on and the build did not turn it off (VITE_AUTH_MAGIC_LINK=false, for projects without a mail server). */
  magicLink: boolean
  /** The district this deployment serves, from sign_in_options() (anon may call it; it reads no person). */
  district: { code: string; name: string; name_en: string | null } | null
}

type RawRpc = <T>(name: string) => Promise<T>

export class SupabaseSession {
  phase = $state<SignInPhase>('checking')
  user = $state.raw<UserInfo | null>(null)
  email = $state<string | null>(null)
  /** The session ended while the app was open: the re-sign-in dialog is shown. */
  expired = $state(false)
  /** Set when the sign-in screen opens with a reason (an expired magic link). */
  notice = $state<AuthErrorCode | null>(null)
  options = $state.raw<SignInOptions>({ email: true, magicLink: false, district: null })

  #client: SupabaseClient
  #rawRpc: RawRpc
  #signingOut = false
  #signedIn: Promise<void>
  #resolveSignedIn!: () => void
  #recovering: Promise<void> | null = null
  #resumeWaiting: (() => void) | null = null

  constructor(client: SupabaseClient, rawRpc: RawRpc, private readonly settingsUrl: string, private readonly anonKey: string) {
    this.#client = client
    this.#rawRpc = rawRpc
    this.#signedIn = new Promise((resolve) => (this.#resolveSignedIn = resolve))
    client.auth.onAuthStateChange((event) => {
      // Not our own sign-out: the session is gone under an open app (refresh refused). Only state
      // here — supabase-js forbids awaiting its calls inside this callback.
      if (event === 'SIGNED_OUT' && this.phase === 'signed_in' && !this.#signingOut) this.expired = true
    })
    void this.#start()
  }

  /** Resolves once a person with an app_users row is signed in (the app then loads the map). */
  whenSignedIn(): Promise<void> { return this.#signedIn }

  async #start() {
    void this.#loadOptions()
    // a magic link that expired or was used already comes back as #error_code=otp_expired
    const hash = new URLSearchParams(location.hash.slice(1))
    if (hash.get('error_code') || hash.get('error')) {
      this.notice = hash.get('error_code') === 'otp_expired' ? 'link_expired' : 'unknown'
      history.replaceState(history.state, '', `${location.pathname}${location.search}`)
    }
    const { data } = await this.#client.auth.getSession()
    if (data.session) await this.#loadUser(data.session)
    else this.phase = 'signed_out'
  }

  async #loadOptions() {
    const [settings, fromSql] = await Promise.all([
      fetch(this.settingsUrl, { headers: { apikey: this.anonKey } }).then((r) => (r.ok ? r.json() : null)).catch(() => null),
      this.#rawRpc<{ district: SignInOptions['district'] } | null>('sign_in_options').catch(() => null),
    ])
    // unknown settings (network): offer the password form, which reports its own errors
    const email = settings?.external?.email !== false
    const magicLinkAllowed = import.meta.env.VITE_AUTH_MAGIC_LINK !== 'false'
    this.options = { email, magicLink: email && magicLinkAllowed && settings?.external?.email === true, district: fromSql?.district ?? null }
  }

  async #loadUser(session: Session) {
    this.email = session.user.email ?? null
    const info = await this.#rawRpc<UserInfo | null>('current_user_info').catch(() => null)
    this.user = info
    if (!info) { this.phase = 'no_account'; return }
    this.phase = 'signed_in'
    this.#resolveSignedIn()
  }

  /** Email + password; null when signed in, else the reason. */
  async signIn(email: string, password: string): Promise<AuthErrorCode | null> {
    this.notice = null
    const { data, error } = await this.#client.auth.signInWithPassword({ email: email.trim(), password })
    if (error || !data.session) return error ? authErrorCode(error) : 'unknown'
    if (this.expired) {
      // the re-sign-in dialog: only the same person may carry on with what is on screen
      if (this.user && data.session.user.id !== this.user.id) {
        await this.#client.auth.signOut({ scope: 'local' })
        return 'different_user'
      }
      this.expired = false
      this.#recovering = null
      this.#resumeWaiting?.()
      this.#resumeWaiting = null
      return null
    }
    await this.#loadUser(data.session)
    return null
  }

  /** A one-time sign-in link by email; never creates an account (people are added by administrators). */
  async sendMagicLink(email: string): Promise<AuthErrorCode | null> {
    const { error } = await this.#client.auth.signInWithOtp({
      email: email.trim(),
      options: { shouldCreateUser: false, emailRedirectTo: `${location.origin}${location.pathname}` },
    })
    return error ? authErrorCode(error) : null
  }

  /** Sign out everywhere and start again at the sign-in screen: nothing of this person's stays in memory. */
  async signOut() {
    this.#signingOut = true
    const { error } = await this.#client.auth.signOut()
    if (error) await this.#client.auth.signOut({ scope: 'local' }) // the server is unreachable: forget the session here at least
    location.assign(`${location.pathname}${location.search}`)
  }

  /** May a failed call wait for a new session? Only once someone was signed in. */
  get canRecover() { return this.phase === 'signed_in' }

  /**
   * A call came back unauthenticated. First try a token refresh (unless that already failed to
   * help: `askNow`); failing that, ask the person to sign in again and resolve once they have.
   * Calls failing together share one recovery.
   */
  recover(askNow = false): Promise<void> {
    return (this.#recovering ??= (async () => {
      if (!askNow && !this.expired) {
        const { data, error } = await this.#client.auth.refreshSession()
        if (!error && data.session) { this.#recovering = null; return }
      }
      this.expired = true
      await new Promise<void>((resolve) => (this.#resumeWaiting = resolve))
    })())
  }

  /** Does supabase-js still hold a session (else calls go out with the anon key)? */
  async hasSession() { return !!(await this.#client.auth.getSession()).data.session }
}
