// A recorded Supabase for the sign-in e2e test: no Supabase stack runs here (it needs Docker),
// so this HTTP server answers the endpoints the app uses with what GoTrue and PostgREST send,
// in their real shapes (checked against @supabase/auth-js's fetch.ts/errors and GoTrue's
// api/errors.go): access tokens are real HS256 JWTs signed with the Supabase CLI's well-known
// local demo secret; refresh tokens rotate; a wrong password gets GoTrue's 400 — in the current
// shape ({code, message} when the client sends X-Supabase-Api-Version 2024-01-01, as supabase-js
// does; {code: 400, error_code, msg} without it) or, switched to `legacy`, the older
// {error: "invalid_grant", error_description}. `/rest/v1/rpc/<fn>` is forwarded to a real
// PGlite database with the demo data through callRpc as the JWT's `sub` (anon for the anon
// key), so RLS and the functions' own checks are the real ones; an expired JWT gets
// PostgREST's 401 PGRST303. Served with CORS as Supabase's gateway does, on another origin
// than the app.
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { TestDb } from '../helpers/db'

/** The Supabase CLI's local JWT secret and its anon key (public, documented values). */
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'
export const ANON_KEY = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'
/** The port the Supabase-mode build points at (VITE_SUPABASE_URL in scripts/test.sh); 54321 is Supabase's own local API port. */
export const FAKE_SUPABASE_PORT = Number(process.env.GRIDGOV_FAKE_SUPABASE_PORT ?? 54321)

export interface AuthUser { id: string; email: string; password: string }

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
export function signJwt(payload: Record<string, unknown>): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`
  return `${head}.${createHmac('sha256', JWT_SECRET).update(head).digest('base64url')}`
}
function verifyJwt(token: string): Record<string, any> | null {
  const [h, p, s] = token.split('.')
  if (!h || !p || !s || createHmac('sha256', JWT_SECRET).update(`${h}.${p}`).digest('base64url') !== s) return null
  try { return JSON.parse(Buffer.from(p, 'base64url').toString()) } catch { return null }
}

export interface FakeSupabase {
  url: string
  /** Calls seen, for assertions: `POST /auth/v1/token?grant_type=password`, `rpc current_user_info as <sub>` ... */
  log: string[]
  /** Answer a wrong password in GoTrue's older shape ({error, error_description}) instead of the current one. */
  legacyErrors: boolean
  /**
   * End every session, as when the session's time-box or inactivity timeout passes on the
   * server: the server's clock moves past every token issued so far (PostgREST answers 401 JWT
   * expired) and no refresh token is accepted any more. Tokens issued afterwards work.
   */
  endSessions(): void
  /** Only the access tokens expire (the server's clock passes them); refresh tokens still work, as every hour in real life. */
  expireAccessTokens(): void
  close(): Promise<void>
}

export async function startFakeSupabase(db: TestDb, users: AuthUser[], port = FAKE_SUPABASE_PORT): Promise<FakeSupabase> {
  const url = `http://127.0.0.1:${port}`
  const log: string[] = []
  let clockOffset = 0 // seconds the server's clock runs ahead (endSessions)
  const now = () => Math.floor(Date.now() / 1000) + clockOffset
  const refreshTokens = new Map<string, { userId: string; sessionId: string }>()
  const created = new Date(Date.now() - 86_400_000 * 30).toISOString()

  const userJson = (u: AuthUser) => ({
    id: u.id, aud: 'authenticated', role: 'authenticated', email: u.email, email_confirmed_at: created, phone: '',
    confirmed_at: created, last_sign_in_at: new Date().toISOString(), app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: { email: u.email, email_verified: true, phone_verified: false, sub: u.id },
    identities: [{ identity_id: randomUUID(), id: u.id, user_id: u.id, identity_data: { email: u.email, email_verified: true, phone_verified: false, sub: u.id },
      provider: 'email', last_sign_in_at: created, created_at: created, updated_at: created, email: u.email }],
    created_at: created, updated_at: new Date().toISOString(), is_anonymous: false,
  })

  function session(u: AuthUser, sessionId: string = randomUUID()) {
    const iat = now()
    const exp = iat + 3600
    const refresh_token = randomBytes(9).toString('base64url') // GoTrue v2: a short random string
    refreshTokens.set(refresh_token, { userId: u.id, sessionId })
    const access_token = signJwt({
      iss: `${url}/auth/v1`, sub: u.id, aud: 'authenticated', exp, iat, email: u.email, phone: '',
      app_metadata: { provider: 'email', providers: ['email'] }, user_metadata: { email: u.email, email_verified: true, sub: u.id },
      role: 'authenticated', aal: 'aal1', amr: [{ method: 'password', timestamp: iat }], session_id: sessionId, is_anonymous: false,
    })
    // expires_at from the real clock: the client's view; the server may run ahead (endSessions)
    return { access_token, token_type: 'bearer', expires_in: 3600, expires_at: exp - clockOffset, refresh_token, user: userJson(u) }
  }

  /** GoTrue's error body for the API version the client asked for (api/errors.go HandleResponseError). */
  function gotrueError(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) {
    const version = req.headers['x-supabase-api-version']
    if (version && String(version) >= '2024-01-01') {
      res.setHeader('X-Supabase-Api-Version', '2024-01-01')
      return send(res, status, { code, message })
    }
    return send(res, status, { code: status, error_code: code, msg: message })
  }

  function send(res: ServerResponse, status: number, body?: unknown) {
    res.statusCode = status
    if (body === undefined) return res.end()
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.end(JSON.stringify(body))
  }

  async function readBody(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks).toString()
    return text ? JSON.parse(text) : {}
  }

  /** The caller of a REST call: null for the anon key, the user id for a valid user JWT, 'expired' or 'invalid'. */
  function caller(req: IncomingMessage): string | null | 'expired' | 'invalid' {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? String(req.headers.apikey ?? '')
    const claims = verifyJwt(token)
    if (!claims) return 'invalid'
    if (typeof claims.exp === 'number' && claims.exp <= now()) return 'expired'
    return claims.role === 'anon' ? null : String(claims.sub)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, X-Supabase-Api-Version')
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS')
      res.setHeader('Access-Control-Allow-Headers', String(req.headers['access-control-request-headers'] ?? '*'))
      res.setHeader('Access-Control-Max-Age', '600')
      return send(res, 204)
    }
    const u = new URL(req.url ?? '/', url)
    const path = u.pathname
    log.push(`${req.method} ${path}${u.search}`)
    if (req.headers.apikey !== ANON_KEY) return send(res, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' })

    if (path === '/auth/v1/settings' && req.method === 'GET') {
      const off = Object.fromEntries(['anonymous_users', 'apple', 'azure', 'bitbucket', 'discord', 'facebook', 'figma', 'github', 'gitlab', 'google',
        'keycloak', 'kakao', 'linkedin_oidc', 'notion', 'phone', 'slack_oidc', 'spotify', 'twitch', 'twitter', 'workos', 'zoom'].map((k) => [k, false]))
      return send(res, 200, { external: { ...off, email: true }, disable_signup: true, mailer_autoconfirm: false, phone_autoconfirm: false, sms_provider: '', saml_enabled: false })
    }
    if (path === '/auth/v1/token' && req.method === 'POST') {
      const body = await readBody(req)
      if (u.searchParams.get('grant_type') === 'password') {
        const who = users.find((x) => x.email === String(body.email ?? '').toLowerCase())
        if (!who || who.password !== body.password) {
          if (fake.legacyErrors) return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid login credentials' })
          return gotrueError(req, res, 400, 'invalid_credentials', 'Invalid login credentials')
        }
        return send(res, 200, session(who))
      }
      if (u.searchParams.get('grant_type') === 'refresh_token') {
        const known = refreshTokens.get(String(body.refresh_token))
        if (!known) return gotrueError(req, res, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
        refreshTokens.delete(String(body.refresh_token))
        return send(res, 200, session(users.find((x) => x.id === known.userId)!, known.sessionId))
      }
      return gotrueError(req, res, 400, 'validation_failed', 'unsupported_grant_type')
    }
    if (path === '/auth/v1/user' && req.method === 'GET') {
      const who = caller(req)
      const user = users.find((x) => x.id === who)
      if (!user) return gotrueError(req, res, 403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired')
      return send(res, 200, userJson(user))
    }
    if (path === '/auth/v1/logout' && req.method === 'POST') {
      const who = caller(req)
      for (const [token, s] of refreshTokens) if (s.userId === who) refreshTokens.delete(token)
      return send(res, 204)
    }
    if (path === '/auth/v1/otp' && req.method === 'POST') {
      const body = await readBody(req)
      const known = users.some((x) => x.email === String(body.email ?? '').toLowerCase())
      // shouldCreateUser: false (create_user false) for an unknown address: GoTrue refuses
      if (!known && body.create_user === false) return gotrueError(req, res, 422, 'otp_disabled', 'Signups not allowed for otp')
      return send(res, 200, {})
    }
    const rpc = /^\/rest\/v1\/rpc\/([a-z_][a-z0-9_]*)$/.exec(path)
    if (rpc && req.method === 'POST') {
      const who = caller(req)
      if (who === 'expired') return send(res, 401, { code: 'PGRST303', details: null, hint: null, message: 'JWT expired' })
      if (who === 'invalid') return send(res, 401, { code: 'PGRST301', details: null, hint: null, message: 'No suitable key or wrong key type' })
      log.push(`rpc ${rpc[1]} as ${who ?? 'anon'}`)
      const args = await readBody(req)
      try {
        const result = await db.rpc(rpc[1], args, who)
        return send(res, 200, result)
      } catch (e: any) {
        // PostgREST's mapping of SQLSTATEs to HTTP status (the ones our functions produce)
        const status = e.code === '42501' ? (who ? 403 : 401) : e.code === '57014' ? 500 : e.code === '42883' ? 404 : 400
        return send(res, status, { code: e.code ?? 'P0001', details: e.detail ?? null, hint: e.hint ?? null, message: e.message })
      }
    }
    return send(res, 404, { code: 'PGRST125', details: null, hint: null, message: `Invalid path specified in request URL` })
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { message: String(e) }))
  })
  // Realtime's websocket: not part of this recording; refuse the upgrade (realtime-js retries quietly)
  server.on('upgrade', (_req, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve) })

  const fake: FakeSupabase = {
    url,
    log,
    legacyErrors: false,
    endSessions() {
      clockOffset += 2 * 3600
      refreshTokens.clear()
    },
    expireAccessTokens() {
      clockOffset += 2 * 3600
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
  return fake
}
