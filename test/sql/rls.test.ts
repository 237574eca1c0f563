// Row Level Security: an officer of unit A reads unit B's zone but cannot update, delete or
// take it over — neither through the API functions nor through the tables directly — while
// the allowed paths (their own zone; an admin) work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { boxGeoJson, buildSmallWorld, zonesFingerprint } from '../helpers/small-world'
import { toApiError } from '../../src/lib/api/errors'

describe.each(testBackends())('RLS on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
  })
  afterAll(() => db?.close())

  const B1 = 102 // unit B's zone; officer A is unit 1

  it('lets everyone, the anonymous wall display included, read zones', async () => {
    for (const user of [null, USERS.wall, USERS.leader, USERS.officerA]) {
      const rows = await db.asUser(user, (tx) => tx.query('select id::int from public.zones order by id'))
      expect(rows.rows.map((r: any) => r.id)).toEqual([101, 102])
    }
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
    expect(await zonesFingerprint(db)).toBe(before)
  })

  it('refuses the same through the tables', async () => {
    const before = await zonesFingerprint(db)
    const updated = await db.asUser(USERS.officerA, (tx) => tx.query(`update public.zones set name = 'hijacked' where id = ${B1} returning id`))
    expect(updated.rows).toEqual([]) // RLS hides the row from the update
    const taken = await db.asUser(USERS.officerA, (tx) => tx.query(`update public.zones set unit_id = 1 where id = ${B1} returning id`))
    expect(taken.rows).toEqual([])
    const deleted = await db.asUser(USERS.officerA, (tx) => tx.query(`delete from public.zones where id = ${B1} returning id`))
    expect(deleted.rows).toEqual([])
    await expect(db.asUser(USERS.officerA, (tx) => tx.query(`update public.zones set unit_id = 2 where id = 101`))).rejects.toThrow(/row-level security/)
    await expect(db.asUser(USERS.officerA, (tx) => tx.query(
      `insert into public.zones (unit_id, name, kind, geom) values (2, 'x', 'area', extensions.ST_GeomFromText('POLYGON((124.025 47.321,124.03 47.321,124.03 47.325,124.025 47.321))', 4326))`,
    ))).rejects.toThrow(/row-level security/)
    await expect(db.asUser(USERS.officerA, (tx) => tx.query(`insert into public.zone_history (zone_id, version, operation, unit_id, name, kind, geom) select id, 9, 'update', unit_id, name, kind, geom from public.zones where id = ${B1}`)))
      .rejects.toThrow(/row-level security|permission denied/)
    await expect(db.asUser(null, (tx) => tx.query(`delete from public.zones where id = 101`))).rejects.toThrow(/permission denied/)
    expect(await zonesFingerprint(db)).toBe(before)
  })

  it('refuses leaders and the wall display writing any zone', async () => {
    for (const user of [USERS.leader, USERS.wall]) {
      const rows = await db.asUser(user, (tx) => tx.query(`update public.zones set name = 'x' where id = 101 returning id`))
      expect(rows.rows).toEqual([])
    }
  })

  it('lets officer A change their own zone, and an admin change any', async () => {
    const mine = await db.asUser(USERS.officerA, (tx) => tx.query(`update public.zones set name = 'A1 西片（调整）' where id = 101 returning id::int`))
    expect(mine.rows).toEqual([{ id: 101 }])
    const admin = await db.rpc('save_zone', { zone: { id: B1, version: 1, unit_id: 2, name: 'B1 东南片', kind: 'area', geom: boxGeoJson([124.02, 47.3, 124.04, 47.319]) } }, USERS.admin)
    expect(admin.version).toBe(2)
  })

  it('shows a user only their own sign-in row', async () => {
    const rows = await db.asUser(USERS.officerA, (tx) => tx.query('select id from public.app_users'))
    expect(rows.rows).toEqual([{ id: USERS.officerA }])
    expect(await db.rpc('current_user_info', {}, USERS.officerA)).toMatchObject({ role: 'officer', unit_id: 1, unit_name: '区城管执法局' })
    expect(await db.rpc('current_user_info', {}, null)).toBeNull()
  })
})
