// Managing people (migration *_people.sql): only an administrator lists, adds,
// changes and removes who may sign in; everyone else is refused with their own code; the last
// administrator can be neither demoted nor removed; the table itself stays closed to the API roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { toApiError } from '../../src/lib/api/errors'

const NEW_PERSON = '00000000-0000-4000-8000-0000000000a1'
const SECOND_ADMIN = '00000000-0000-4000-8000-0000000000a2'

describe.each(testBackends())('people on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'demo')
    // Supabase-shaped PostgreSQL has auth.users: there a role goes only to an existing Auth account
    await db.sql(`do $$ begin if to_regclass('auth.users') is not null then
      insert into auth.users (id, email) select id, id || '@test' from public.app_users on conflict do nothing;
      insert into auth.users (id, email) values ('${NEW_PERSON}', 'new@test'), ('${SECOND_ADMIN}', 'second@test') on conflict do nothing;
    end if; end $$`)
  })
  afterAll(() => db?.close())

  const people = async () => (await db.sql<{ id: string; display_name: string; role: string; unit_id: string | null }>(
    'select id::text, display_name, role, unit_id::text from public.app_users order by id'))
  const refused = (name: string, args: Record<string, unknown>, user: string | null) => db.rpc(name, args, user).then(
    () => { throw new Error(`${name} was not refused`) }, toApiError)

  it('lists everyone with their unit, for an administrator', async () => {
    const list = await db.rpc<any[]>('list_app_users', {}, USERS.admin)
    // on Supabase-shaped databases Auth accounts without a role are listed too (role null)
    expect(list.filter((p) => p.role).map((p) => p.id).sort()).toEqual(Object.values(USERS).sort())
    expect(list.find((p) => p.id === USERS.officerA)).toMatchObject({ role: 'officer', unit_id: 1, unit_name: expect.any(String) })
  })

  it('lets an administrator add, change and remove a person', async () => {
    const added = await db.rpc('save_app_user', { user_id: NEW_PERSON, display_name: ' 王建国 ', role: 'officer', unit_id: 3 }, USERS.admin)
    expect(added).toMatchObject({ id: NEW_PERSON, display_name: '王建国', role: 'officer', unit_id: 3, created: true })
    expect(await db.rpc('current_user_info', {}, NEW_PERSON)).toMatchObject({ role: 'officer', unit_id: 3 })

    const changed = await db.rpc('save_app_user', { user_id: NEW_PERSON, display_name: '王建国', role: 'leader', unit_id: 4 }, USERS.admin)
    expect(changed).toMatchObject({ role: 'leader', unit_id: 4, created: false })

    expect(await db.rpc('remove_app_user', { user_id: NEW_PERSON }, USERS.admin)).toMatchObject({ id: NEW_PERSON, removed: true })
    expect((await people()).map((p) => p.id)).not.toContain(NEW_PERSON)
    expect(await db.rpc('current_user_info', {}, NEW_PERSON)).toBeNull()
  })

  it('refuses officers, leaders and the wall (forbidden) and anonymous callers (not_signed_in), changing nothing', async () => {
    const before = await people()
    const calls: [string, Record<string, unknown>][] = [
      ['list_app_users', {}],
      ['save_app_user', { user_id: NEW_PERSON, display_name: '冒名', role: 'admin', unit_id: null }],
      ['save_app_user', { user_id: USERS.officerA, display_name: '秦秀兰', role: 'admin', unit_id: null }], // promoting oneself
      ['remove_app_user', { user_id: USERS.admin }],
    ]
    for (const [name, args] of calls) {
      for (const user of [USERS.officerA, USERS.leader, USERS.wall]) expect((await refused(name, args, user)).code, `${name} as ${user}`).toBe('forbidden')
      // anon: refused before the function body runs (no EXECUTE) or by it; either way never a success
      const anon = await refused(name, args, null)
      expect(['not_signed_in', 'unknown'], `${name} as anon: ${anon.message}`).toContain(anon.code)
      if (anon.code === 'unknown') expect(anon.message).toMatch(/permission denied/)
    }
    // a signed-in Auth account without a row of its own is not staff
    expect((await refused('list_app_users', {}, NEW_PERSON)).code).toBe('not_signed_in')
    expect(await people()).toEqual(before)
  })

  it('refuses bad input with invalid_input or unknown_unit', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ user_id: NEW_PERSON, display_name: '', role: 'leader', unit_id: null }, 'invalid_input'],
      [{ user_id: NEW_PERSON, display_name: 'x'.repeat(100_000), role: 'leader', unit_id: null }, 'invalid_input'],
      [{ user_id: NEW_PERSON, display_name: '<script>', role: 'leader', unit_id: null }, 'invalid_input'],
      [{ user_id: NEW_PERSON, display_name: '王五', role: 'superuser', unit_id: null }, 'invalid_input'],
      [{ user_id: NEW_PERSON, display_name: '王五', role: 'officer', unit_id: null }, 'invalid_input'],
      [{ user_id: null, display_name: '王五', role: 'leader', unit_id: null }, 'invalid_input'],
      [{ user_id: NEW_PERSON, display_name: '王五', role: 'officer', unit_id: 999_999 }, 'unknown_unit'],
    ]
    for (const [args, code] of cases) {
      const started = performance.now()
      expect((await refused('save_app_user', args, USERS.admin)).code, JSON.stringify(args).slice(0, 80)).toBe(code)
      expect(performance.now() - started).toBeLessThan(1000)
    }
    expect((await refused('remove_app_user', { user_id: NEW_PERSON }, USERS.admin)).code).toBe('user_not_found')
  })

  it('keeps the last administrator: neither demoted nor removed; with a second one, either may go', async () => {
    expect((await refused('save_app_user', { user_id: USERS.admin, display_name: '系统管理员', role: 'leader', unit_id: 1 }, USERS.admin)).code).toBe('last_admin')
    expect((await refused('remove_app_user', { user_id: USERS.admin }, USERS.admin)).code).toBe('last_admin')

    await db.rpc('save_app_user', { user_id: SECOND_ADMIN, display_name: '第二管理员', role: 'admin', unit_id: null }, USERS.admin)
    await db.rpc('save_app_user', { user_id: USERS.admin, display_name: '系统管理员', role: 'leader', unit_id: 1 }, SECOND_ADMIN)
    // the demoted one is no longer an administrator
    expect((await refused('list_app_users', {}, USERS.admin)).code).toBe('forbidden')
    // and now the second is the last
    expect((await refused('remove_app_user', { user_id: SECOND_ADMIN }, SECOND_ADMIN)).code).toBe('last_admin')
    // put the demo back
    await db.rpc('save_app_user', { user_id: USERS.admin, display_name: '系统管理员', role: 'admin', unit_id: null }, SECOND_ADMIN)
    await db.rpc('remove_app_user', { user_id: SECOND_ADMIN }, USERS.admin)
    expect((await people()).filter((p) => p.role === 'admin').map((p) => p.id)).toEqual([USERS.admin])
  })

  it('with Supabase\'s auth.users: lists accounts without a role and gives roles only to existing accounts', async () => {
    // PGlite has no auth schema of Supabase's; a stand-in with the columns we read (PostgreSQL has the shape's)
    await db.sql(`create table if not exists auth.users (id uuid primary key, email text unique)`)
    await db.sql(`insert into auth.users (id, email) values ('00000000-0000-4000-8000-0000000000a3', 'pending@jianhua.gov.cn') on conflict do nothing`)
    const list = await db.rpc<any[]>('list_app_users', {}, USERS.admin)
    expect(list.find((p) => p.id === '00000000-0000-4000-8000-0000000000a3')).toMatchObject({ role: null, email: 'pending@jianhua.gov.cn' })
    expect(list.filter((p) => p.role).length).toBe(Object.keys(USERS).length)
    const ghost = await refused('save_app_user', { user_id: '00000000-0000-4000-8000-0000000000ff', display_name: '无账号', role: 'leader', unit_id: null }, USERS.admin)
    expect(ghost.code).toBe('user_not_found')
    await db.rpc('save_app_user', { user_id: '00000000-0000-4000-8000-0000000000a3', display_name: '新同事', role: 'wall', unit_id: null }, USERS.admin)
    expect(await db.rpc('current_user_info', {}, '00000000-0000-4000-8000-0000000000a3')).toMatchObject({ role: 'wall' })
    await db.rpc('remove_app_user', { user_id: '00000000-0000-4000-8000-0000000000a3' }, USERS.admin)
  })

  it('answers the sign-in screen for anyone, with the district and nothing about people', async () => {
    const options = await db.rpc('sign_in_options', {}, null)
    expect(options.district).toMatchObject({ code: '230203', name: expect.stringContaining('建华') })
    expect(JSON.stringify(options)).not.toMatch(/phone|display_name|0452/)
  })

  it('does not let the API roles write app_users directly', async () => {
    const before = await people()
    for (const user of [USERS.officerA, null]) {
      const attempt = await db.asUser(user, (tx) => tx.query(`update public.app_users set role = 'admin' where id = '${USERS.officerA}' returning id`))
        .then((r) => r.rows.length, (e) => toApiError(e).message)
      // refused (permission denied) or no row visible to change
      expect([0]).toContain(typeof attempt === 'string' ? (expect(attempt).toMatch(/permission denied|row-level security/), 0) : attempt)
    }
    expect(await people()).toEqual(before)
  })
})
