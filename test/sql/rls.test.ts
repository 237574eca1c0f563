// A shared database its users cannot corrupt (issue 10), on PGlite, on PostgreSQL 15 set up
// as a hosted Supabase project is (its default privileges grant the API roles everything),
// and on the databases the real Supabase CLI pushed (CI): no table is writable by anon or
// authenticated, anon reads no row of any table and executes only current_user_info, the
// write functions still work for those allowed, history authorship cannot be forged, a
// restore by the wrong unit is refused, and invalid geometry is refused by the table itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, securityBackends, USERS, type TestDb } from '../helpers/db'
import { boxGeoJson, boxWkt, buildSmallWorld, zonesFingerprint } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

const API_ROLES = [
  { label: 'anon', user: null },
  { label: 'an officer', user: USERS.officerA },
  { label: 'an administrator', user: USERS.admin },
] as const

const expectRefused = async (p: Promise<unknown>, pattern = /permission denied/) =>
  expect(await p.then(() => 'done', (e) => String(e.message))).toMatch(pattern)

describe.each(securityBackends())('who may write what, on %s', (kind) => {
  let db: TestDb
  let tables: { name: string; column: string }[]
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    tables = await db.sql(`select c.relname as name, (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and a.attidentity = '' and not a.attisdropped order by a.attnum limit 1) as column
                           from pg_class c join pg_namespace n on n.oid = c.relnamespace
                           where n.nspname = 'public' and c.relkind = 'r' order by 1`)
  })
  afterAll(() => db?.close())

  const B1 = 102 // unit B's zone; officer A is unit 1

  it('grants no API role any write privilege on any table (catalogue)', async () => {
    expect(tables.length).toBeGreaterThanOrEqual(16)
    const granted = await db.sql(`
      select r.rolname, c.relname, p.priv
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join (values ('anon'), ('authenticated')) r(rolname)
      cross join (values ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) p(priv)
      where n.nspname = 'public' and c.relkind = 'r'
        and (has_table_privilege(r.rolname, c.oid, p.priv)
             or (p.priv in ('INSERT', 'UPDATE') and has_any_column_privilege(r.rolname, c.oid, p.priv)))`)
    expect(granted).toEqual([])
  })

  it('refuses direct INSERT, UPDATE, DELETE and TRUNCATE of every table, for anon, officers and admins', async () => {
    const before = await zonesFingerprint(db)
    for (const { user } of API_ROLES) {
      for (const t of tables) {
        await expectRefused(db.asUser(user, (tx) => tx.query(`insert into public.${t.name} default values`)))
        await expectRefused(db.asUser(user, (tx) => tx.query(`update public.${t.name} set ${t.column} = ${t.column}`)))
        await expectRefused(db.asUser(user, (tx) => tx.query(`delete from public.${t.name}`)))
        await expectRefused(db.asUser(user, (tx) => tx.query(`truncate public.${t.name} cascade`)))
      }
    }
    expect(await zonesFingerprint(db)).toBe(before)
    expect((await db.sql('select count(*)::int as n from public.zone_history'))[0].n).toBeGreaterThan(0)
  })

  it('lets anon read no row of any table', async () => {
    for (const t of tables) await expectRefused(db.asUser(null, (tx) => tx.query(`select * from public.${t.name} limit 1`)))
    const readable = await db.sql(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and (has_table_privilege('anon', c.oid, 'SELECT') or has_any_column_privilege('anon', c.oid, 'SELECT'))`)
    expect(readable).toEqual([])
  })

  it('lets anon execute only what the sign-in screen needs', async () => {
    const callable = await db.sql<{ proname: string }>(`select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'EXECUTE') order by 1`)
    expect(callable.map((r) => r.proname)).toEqual(expect.arrayContaining(['current_user_info']))
    expect(callable.map((r) => r.proname).filter((n) => !['current_user_info', 'sign_in_options'].includes(n))).toEqual([])
    const refused = await db.rpc('layer_geojson', { layer_id: 'zones' }, null).catch(toApiError)
    expect(refused.code).toBe('not_signed_in')
    expect(await db.rpc('current_user_info', {}, null)).toBeNull()
  })

  it('lets signed-in people read the map, and shows phone numbers to staff but not to the wall', async () => {
    for (const user of [USERS.wall, USERS.leader, USERS.officerA]) {
      const rows = await db.asUser(user, (tx) => tx.query('select id::int from public.zones order by id'))
      expect(rows.rows.map((r: any) => r.id)).toEqual([101, B1])
    }
    await expectRefused(db.asUser(USERS.leader, (tx) => tx.query('select phone from public.unit_officers')))
    await expectRefused(db.asUser(USERS.leader, (tx) => tx.query('select * from public.units')))
    await db.sql(`update public.units set phone = '0452-1234567' where id = 1`)
    const forLeader = await db.asUser(USERS.leader, (tx) => tx.query(`select public.unit_info(1) as u`))
    expect((forLeader.rows[0] as any).u.phone).toBe('0452-1234567')
    const forWall = await db.asUser(USERS.wall, (tx) => tx.query(`select public.unit_info(1) as u`))
    expect((forWall.rows[0] as any).u).toMatchObject({ name: '区城管执法局', phone: null })
    expect((forWall.rows[0] as any).u.officers.map((o: any) => o.phone)).toEqual([null, null])
  })

  it('refuses officer A updating, deleting or taking over B1 through the functions', async () => {
    const before = await zonesFingerprint(db)
    const update = await db.rpc('save_zone', { zone: { id: B1, version: 1, unit_id: 2, name: 'B1', kind: 'area', geom: boxGeoJson([124.02, 47.3, 124.04, 47.31]) } }, USERS.officerA).catch(toApiError)
    expect(update.code).toBe('forbidden')
    const takeover = await db.rpc('save_zone', { zone: { id: B1, version: 1, unit_id: 1, name: 'B1', kind: 'area', geom: boxGeoJson([124.02, 47.3, 124.04, 47.32]) } }, USERS.officerA).catch(toApiError)
    expect(takeover.code).toBe('forbidden')
    const createForB = await db.rpc('save_zone', { zone: { unit_id: 2, name: '代建', kind: 'area', geom: boxGeoJson([124.025, 47.321, 124.03, 47.325]) } }, USERS.officerA).catch(toApiError)
    expect(createForB.code).toBe('forbidden')
    const del = await db.rpc('delete_zone', { zone_id: B1, version: 1 }, USERS.officerA).catch(toApiError)
    expect(del.code).toBe('forbidden')
    for (const user of [USERS.leader, USERS.wall]) {
      const e = await db.rpc('save_zone', { zone: { id: 101, version: 1, unit_id: 1, name: 'x', kind: 'area', geom: boxGeoJson([124.0, 47.3, 124.02, 47.33]) } }, user).catch(toApiError)
      expect(e.code).toBe('forbidden')
    }
    expect(await zonesFingerprint(db)).toBe(before)
  })

  it('writes through the functions for those allowed: an officer their own zone, an admin any', async () => {
    const mine = await db.rpc('save_zone', { zone: { id: 101, version: 1, unit_id: 1, name: 'A1 西片（调整）', kind: 'area', geom: boxGeoJson([124.0, 47.3, 124.02, 47.33]) } }, USERS.officerA)
    expect([mine.id, mine.version, mine.name]).toEqual([101, 2, 'A1 西片（调整）'])
    const admin = await db.rpc('save_zone', { zone: { id: B1, version: 1, unit_id: 2, name: 'B1 东南片', kind: 'area', geom: boxGeoJson([124.02, 47.3, 124.04, 47.319]) } }, USERS.admin)
    expect(admin.version).toBe(2)
    await db.sql(`insert into public.issue_categories values ('stall', '占道经营', 'Street stalls', 24) on conflict do nothing`)
    const issue = await db.rpc('dispatch_issue', { lon: 124.01, lat: 47.31, category: 'stall', description: '占道经营' }, USERS.officerA)
    expect(issue).toMatchObject({ status: 'dispatched', unit_id: 1, zone_id: 101 })
  })

  it('takes history authorship and time from the signed-in person and now(), whatever the request says', async () => {
    const forged = await db.rpc('save_zone', { zone: {
      unit_id: 1, name: '伪造作者', kind: 'area', geom: boxGeoJson([124.025, 47.321, 124.028, 47.324]), version: 41,
      updated_by: USERS.admin, updated_by_name: '系统管理员', updated_at: '2001-01-01T00:00:00Z', changed_by_name: '系统管理员',
    } }, USERS.officerA)
    expect(forged.version).toBe(1)
    const [h] = await db.sql(`select changed_by::text, changed_by_name, version, operation, changed_at > now() - interval '1 minute' as recent
                              from public.zone_history where zone_id = $1`, [forged.id])
    expect(h).toEqual({ changed_by: USERS.officerA, changed_by_name: '刘洋', version: 1, operation: 'create', recent: true })
  })

  it('keeps versions going up by one, even for the database owner', async () => {
    await expectRefused(db.sql(`update public.zones set version = version + 5 where id = 101`), /invalid_version/)
    await expectRefused(db.sql(`update public.zones set version = version - 1 where id = 101`), /invalid_version/)
    await expectRefused(db.sql(`insert into public.zones (unit_id, name, kind, geom, version) values
      (1, 'v9', 'area', extensions.ST_GeomFromText('${boxWkt([124.03, 47.325, 124.032, 47.327])}', 4326), 9)`), /invalid_version/)
    await expectRefused(db.sql(`insert into public.zones (id, unit_id, name, kind, geom) values
      (900, 1, 'id', 'area', extensions.ST_GeomFromText('${boxWkt([124.03, 47.325, 124.032, 47.327])}', 4326))`), /generated always|non-DEFAULT/i)
  })

  it('refuses invalid geometry in the table itself, even from the database owner', async () => {
    const before = await zonesFingerprint(db)
    const insert = (kind: string, wkt: string) => db.sql(`insert into public.zones (unit_id, name, kind, geom) values (1, '坏图形', '${kind}', extensions.ST_GeomFromText('${wkt}', 4326))`)
    await expectRefused(insert('area', 'POLYGON((124.03 47.321,124.035 47.325,124.035 47.321,124.03 47.325,124.03 47.321))'), /zones_geom_valid/)
    await expectRefused(insert('area', 'LINESTRING(124.03 47.321,124.035 47.325)'), /check constraint/)
    await expectRefused(insert('road', 'POINT(124.03 47.321)'), /check constraint/)
    await expectRefused(insert('area', 'POLYGON((116.3 39.9,116.31 39.9,116.31 39.91,116.3 39.9))'), /outside_district/)
    const many = Array.from({ length: 6000 }, (_, i) => {
      const a = (2 * Math.PI * i) / 6000
      return `${(124.03 + 0.004 * Math.cos(a)).toFixed(7)} ${(47.325 + 0.003 * Math.sin(a)).toFixed(7)}`
    })
    await expectRefused(insert('area', `POLYGON((${many.join(',')},${many[0]}))`), /zones_vertex_cap/)
    await expectRefused(db.sql(`update public.zones set geom = extensions.ST_GeomFromText('POLYGON((124.03 47.321,124.035 47.325,124.035 47.321,124.03 47.325,124.03 47.321))', 4326), version = version + 1 where id = 101`), /zones_geom_valid/)
    expect(await zonesFingerprint(db)).toBe(before)
  })

  it('restores a deleted zone only for whoever may edit the unit that last owned it', async () => {
    // a zone of unit A, handed to unit B by an administrator, then deleted by B
    const z = await db.rpc('save_zone', { zone: { unit_id: 1, name: '移交片', kind: 'area', geom: boxGeoJson([124.03, 47.326, 124.034, 47.329]) } }, USERS.officerA)
    const moved = await db.rpc('save_zone', { zone: { id: z.id, version: 1, unit_id: 2, name: '移交片', kind: 'area', geom: boxGeoJson([124.03, 47.326, 124.034, 47.329]) } }, USERS.admin)
    await db.rpc('delete_zone', { zone_id: z.id, version: moved.version }, USERS.officerB)
    const before = await zonesFingerprint(db)
    // officer A asks for version 1, which was A's: refused — B owned it last
    const e = await db.rpc('restore_zone', { zone_id: z.id, to_version: 1, version: 3 }, USERS.officerA).catch(toApiError)
    expect(e.code).toBe('forbidden')
    // B cannot bring back A's version into A's unit either
    const e2 = await db.rpc('restore_zone', { zone_id: z.id, to_version: 1, version: 3 }, USERS.officerB).catch(toApiError)
    expect(e2.code).toBe('forbidden')
    expect(await zonesFingerprint(db)).toBe(before)
    const back = await db.rpc('restore_zone', { zone_id: z.id, to_version: 2, version: 3 }, USERS.officerB)
    expect([back.id, back.version, back.unit_id]).toEqual([z.id, 4, 2])
  })

  it('shows a user only their own sign-in row', async () => {
    const rows = await db.asUser(USERS.officerA, (tx) => tx.query('select id from public.app_users'))
    expect(rows.rows).toEqual([{ id: USERS.officerA }])
    expect(await db.rpc('current_user_info', {}, USERS.officerA)).toMatchObject({ role: 'officer', unit_id: 1, unit_name: '区城管执法局' })
  })
})
