// Sign-in in Supabase mode, in Chromium, against a faithfully recorded Auth exchange (no
// Supabase stack runs here: it needs Docker). The app is the Supabase-mode build (dist-supabase,
// VITE_SUPABASE_URL = the fake's origin, see scripts/test.sh); test/e2e/fake-supabase.ts answers
// GoTrue's endpoints in GoTrue's real shapes and forwards /rest/v1/rpc to a real PGlite database
// with the demo data as the JWT's user, so RLS is real. Checked in the order a person meets it:
// the sign-in screen (screenshot), a wrong password in both of GoTrue's error shapes, an Auth
// account with no app_users row, the right password (map + name, role, unit in the header), a
// session that ends mid-work (re-sign-in over the page, the open edit kept, the failed call
// retried), and sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, waitForMap, type App } from './browser'
import { startFakeSupabase, type AuthUser, type FakeSupabase } from './fake-supabase'
import { openTestDb, USERS, type TestDb } from '../helpers/db'

const OUT_DIR = process.env.GRIDGOV_SUPABASE_DIST ?? 'dist-supabase'
const OFFICER: AuthUser = { id: USERS.officerA, email: 'qin.xiulan@jianhua.gov.cn', password: 'Grid-2026-officer' }
/** An Auth account nobody has given a role yet (no app_users row). */
const NEWCOMER: AuthUser = { id: '00000000-0000-4000-8000-0000000000b0', email: 'newcomer@jianhua.gov.cn', password: 'Newcomer-2026' }
/** The command-centre wall's read-only account (app_users role 'wall'). */
const WALL: AuthUser = { id: USERS.wall, email: 'wall@jianhua.gov.cn', password: 'Wall-2026-display' }
const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots')

describe('sign-in in Supabase mode (recorded Auth exchange, real RLS)', () => {
  let db: TestDb
  let fake: FakeSupabase
  let app: App
  let page: Page

  beforeAll(async () => {
    db = await openTestDb('pglite', 'demo')
    fake = await startFakeSupabase(db, [OFFICER, NEWCOMER, WALL])
    app = await startApp({ outDir: OUT_DIR })
    page = await app.open('/')
  })
  afterAll(async () => {
    await app?.close()
    await fake?.close()
    await db?.close()
  })

  /** A call the signed-in user makes: search for a place by name; the list shows what the database answered. */
  const search = (term: string) => page.getByTestId('search-input').fill(term)
  const found = (name: string) => page.locator('#search-results [role=option]', { hasText: name })
  /** oracle: zone 1's name as the database behind the fake Supabase holds it (Node reaches it directly here) */
  const zoneOneName = async () => (await db.sql<{ name: string }>('select name from zones where id = 1'))[0].name

  const signIn = async (email: string, password: string) => {
    await page.getByTestId('sign-in-email').fill(email)
    await page.getByTestId('sign-in-password').fill(password)
    await page.getByTestId('sign-in-submit').click()
  }

  it('opens on the sign-in screen, with the district from sign_in_options (the one call anon makes)', async () => {
    await page.getByTestId('sign-in-email').waitFor({ timeout: 60_000 })
    await page.getByText('建华区 · 城市网格化综合管理平台').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('sign-in').textContent()).toContain('网格化治理一张图')
    // the magic-link tab: GoTrue's settings say the email provider is on
    expect(await page.getByTestId('tab-magic-link').isVisible()).toBe(true)
    expect(fake.log).toContain('GET /auth/v1/settings')
    // before sign-in the app asks for nothing but the sign-in screen's district (no map data as anon)
    expect(fake.log.filter((l) => l.startsWith('rpc '))).toEqual(['rpc sign_in_options as anon'])
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, 'sign-in.png') })
    // the English switch, for review (/tmp), then back to Chinese
    await page.getByTestId('sign-in-lang').click()
    await page.getByText('Staff sign-in').waitFor()
    await page.screenshot({ path: '/tmp/shots-sign-in-en.png' })
    await page.getByTestId('sign-in-lang').click()
    await page.getByText('工作人员登录').waitFor()
  })

  it('says the password is wrong in Chinese, whichever shape GoTrue answers in', async () => {
    fake.legacyErrors = true // {"error":"invalid_grant","error_description":"Invalid login credentials"}
    await signIn(OFFICER.email, 'wrong-password')
    const error = page.getByTestId('sign-in-error')
    await error.waitFor()
    expect(await error.textContent()).toBe('邮箱或密码不正确，请重新输入')
    fake.legacyErrors = false // {"code":"invalid_credentials","message":"Invalid login credentials"}
    await page.getByTestId('sign-in-password').fill('still-wrong')
    await page.getByTestId('sign-in-submit').click()
    await page.waitForFunction(() => document.querySelector('[data-testid=sign-in-password]') && (document.querySelector('[data-testid=sign-in-password]') as HTMLInputElement).value === '')
    expect(await error.textContent()).toBe('邮箱或密码不正确，请重新输入')
    expect(await page.content()).not.toMatch(/Invalid login credentials|invalid_grant/)
    expect(fake.log.filter((l) => l === 'POST /auth/v1/token?grant_type=password')).toHaveLength(2)
  })

  it('sends a magic link only to an existing account (never creates one)', async () => {
    await page.getByTestId('tab-magic-link').click()
    await page.getByTestId('sign-in-email').fill('stranger@example.com')
    await page.getByTestId('sign-in-submit').click()
    await page.getByTestId('sign-in-error').waitFor()
    expect(await page.getByTestId('sign-in-error').textContent()).toBe('该邮箱没有本系统的账号，请联系系统管理员')
    await page.getByTestId('sign-in-email').fill(OFFICER.email)
    await page.getByTestId('sign-in-submit').click()
    await page.getByTestId('magic-link-sent').waitFor()
    expect(await page.getByTestId('magic-link-sent').textContent()).toContain(OFFICER.email)
    await page.getByRole('tab', { name: '密码登录' }).click()
  })

  it('tells an Auth account without a role that it has no access yet, and lets it sign out', async () => {
    await signIn(NEWCOMER.email, NEWCOMER.password)
    await page.getByTestId('no-account').waitFor()
    expect(await page.getByTestId('no-account').textContent()).toContain(NEWCOMER.email)
    await Promise.all([page.waitForURL(/./, { waitUntil: 'load' }), page.getByRole('button', { name: '换个账号登录' }).click()])
    await page.getByTestId('sign-in-email').waitFor()
    expect(fake.log).toContain('POST /auth/v1/logout?scope=global')
  })

  it('signs in with the right password: the map, and the name, role and unit in the header', async () => {
    await signIn(OFFICER.email, OFFICER.password)
    await waitForMap(page)
    const who = await page.getByTestId('who').textContent()
    expect(who).toContain('秦秀兰')
    expect(who).toContain('网格员')
    expect(who).toContain('区城管执法局')
    await page.screenshot({ path: '/tmp/shots-signin-header.png', clip: { x: 0, y: 0, width: 1440, height: 120 } })
    // the map's data came through RLS as this officer, not as anon
    expect(fake.log).toContain(`rpc layer_catalog as ${OFFICER.id}`)
    expect(fake.log).not.toContain('rpc layer_catalog as anon')
    // the embedded demo's switcher is not here
    expect(await page.getByTestId('user-switch').count()).toBe(0)
  })

  it('keeps the session over a reload, and refreshes an expired access token without asking', async () => {
    await page.reload()
    await waitForMap(page)
    expect(await page.getByTestId('sign-in').count()).toBe(0)
    expect(await page.getByTestId('who').textContent()).toContain('秦秀兰')
    fake.expireAccessTokens() // the next call is refused 401 JWT expired; the refresh token still works
    const refreshes = fake.log.filter((l) => l === 'POST /auth/v1/token?grant_type=refresh_token').length
    const name = await zoneOneName()
    await search(name)
    await found(name).first().waitFor({ timeout: 20_000 })
    expect(fake.log.filter((l) => l === 'POST /auth/v1/token?grant_type=refresh_token').length).toBe(refreshes + 1)
    expect(await page.getByTestId('reauth').count()).toBe(0)
    await page.getByTestId('search-input').press('Escape')
    await page.getByTestId('search-input').fill('')
  })

  it('keeps the page and the open edit when the session ends mid-work, and retries the call after signing in again', async () => {
    await page.evaluate(() => { (window as any).__sameDocument = true })
    await page.getByTestId('edit-toggle').click()
    await page.getByTestId('edit-toolbar').waitFor()
    fake.endSessions() // the server's clock passes the token's exp; the refresh token is no longer accepted
    const name = await zoneOneName()
    await search(name) // the call that meets the ended session
    await page.getByTestId('reauth').waitFor({ timeout: 20_000 })
    expect(fake.log).toContain('POST /auth/v1/token?grant_type=refresh_token')
    expect(await page.locator('#reauth-email').inputValue()).toBe(OFFICER.email)
    // a wrong password first: the dialog stays, in Chinese
    await page.getByTestId('reauth-password').fill('nope')
    await page.getByTestId('reauth-submit').click()
    await page.getByTestId('reauth-error').waitFor()
    await page.screenshot({ path: '/tmp/shots-reauth.png' })
    expect(await page.getByTestId('reauth-error').textContent()).toBe('邮箱或密码不正确，请重新输入')
    await page.getByTestId('reauth-password').fill(OFFICER.password)
    await page.getByTestId('reauth-submit').click()
    // the call is retried and answered: the search lists the zone
    await found(name).first().waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('reauth').count()).toBe(0)
    // the same page, still in edit mode
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    expect(await page.getByTestId('edit-toolbar').isVisible()).toBe(true)
    expect(await page.getByTestId('edit-toggle').getAttribute('aria-pressed')).toBe('true')
    await page.getByTestId('search-input').press('Escape')
  })

  it('signs out back to the sign-in screen, forgetting the session', async () => {
    await page.getByTestId('edit-toggle').click()
    const before = fake.log.filter((l) => l.startsWith('POST /auth/v1/logout')).length
    await Promise.all([page.waitForURL(/./, { waitUntil: 'load' }), page.getByTestId('sign-out').click()])
    await page.getByTestId('sign-in-email').waitFor()
    expect(fake.log.filter((l) => l.startsWith('POST /auth/v1/logout')).length).toBe(before + 1)
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sb-') && localStorage.getItem(k)))
    expect(stored).toEqual([])
    expect(app.pageErrors).toEqual([])
    expect(app.externalRequests).toEqual([])
  })
  // The wall on Supabase (issue 13): a kiosk browser pointed at #/wall signs in once as the wall
  // account; when PostgREST stops answering (every /rest/v1/rpc/ call fails, as when the
  // network or the project is down) the last figures stay under a 数据截至 notice within one
  // refresh (5 s), and the notice goes by itself once the calls are answered again.
  it('runs the wall signed in as the wall account, keeps its figures under a 数据截至 notice while the database does not answer, and recovers by itself', async () => {
    const wall = await app.open('/#/wall', { width: 3840, height: 2160 })
    await wall.getByTestId('sign-in-email').waitFor({ timeout: 60_000 })
    await wall.getByTestId('sign-in-email').fill(WALL.email)
    await wall.getByTestId('sign-in-password').fill(WALL.password)
    await wall.getByTestId('sign-in-submit').click()
    await waitForMap(wall)
    const received = () => wall.locator('[data-testid=wall-month-received] [data-value]').getAttribute('data-value')
    await expect.poll(received, { timeout: 30_000 }).toMatch(/^\d+$/)
    expect(fake.log).toContain(`rpc wall_summary as ${WALL.id}`)
    // no control but the map's attribution toggle (a read-only screen on Supabase too)
    expect(await wall.locator('button:not(.maplibregl-ctrl-attrib-button), input, select, textarea').count()).toBe(0)
    await wall.route('**/rest/v1/rpc/**', (route) => route.abort('failed'))
    const t0 = Date.now()
    // what the wall shows once the database stopped answering: a refresh already on its way
    // when the route went in may still land (a loaded machine widened that window to seconds)
    await wall.waitForTimeout(1500)
    const figures = await wall.locator('[data-testid^=wall-] [data-value]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))
    const asOf = await wall.getByTestId('wall-as-of').textContent()
    const stale = wall.getByTestId('wall-stale')
    await stale.waitFor({ timeout: 15_000 })
    console.log(`wall: stale notice ${Date.now() - t0} ms after the database stopped answering`)
    expect(await stale.textContent()).toMatch(/^数据截至 \d\d:\d\d:\d\d/)
    // the last figures stay, and so does the time they are from
    expect(await wall.locator('[data-testid^=wall-] [data-value]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))).toEqual(figures)
    expect(await wall.getByTestId('wall-as-of').textContent()).toBe(asOf)
    await wall.screenshot({ path: '/tmp/shots-wall-stale.png' })

    await wall.unroute('**/rest/v1/rpc/**')
    await stale.waitFor({ state: 'detached', timeout: 20_000 })
    expect(await wall.getByTestId('wall-as-of').textContent()).not.toBe(asOf)
    expect(await wall.getByTestId('sign-in').count()).toBe(0)
    await wall.close()
  }, 240_000)
})
