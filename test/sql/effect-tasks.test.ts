// 问效 (effect tasks, *_effect_tasks.sql): a recurring place of the hotspot list becomes a task,
// read with the issues of its category in its cell 90 days before and after. Who may create and
// close (the command centre and administrators), that nobody writes the table directly and anon
// reads nothing, the figures against a small case computed by hand, coded refusals, and that a
// window's figures are the indicators' (a month over the district = month_indicators).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toApiError } from '../../src/lib/api/errors'
import { openTestDb, testBackends, USERS, type TestDb } from '../helpers/db'
import { boxWkt, buildSmallWorld } from '../helpers/small-world'

const code = (p: Promise<unknown>) => p.then(() => 'accepted', (e) => toApiError(e).code)

describe.each(testBackends())('effect tasks on a constructed case (%s)', (kind) => {
  let db: TestDb
  let cell: string
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    // P (124.01, 47.31) lies in zone A1 (unit 1) and in 西街道 · 西社区 · 第1网格; Q (124.03, 47.31) far away.
    // The task will be dated 40 days ago (d = 0): before = days −130…−40, after = −40…now (40 days).
    // before: B1 closed on time; B2 closed late; B3 open past its deadline; B4 registered (no unit);
    //         B5 closed only after the window's end (at its end: due, not closed); B0 at −200 d (outside)
    // after:  A1 closed on time; A2 deferred past its deadline; A3 not yet due
    await db.sql(`
      set search_path = public, extensions;
      insert into app_users values ('${USERS.dispatcher}', '指挥中心调度员', 'dispatcher', null);
      insert into streets values ('230299001', '230299', '西街道', ST_Multi(ST_GeomFromText('${boxWkt([124, 47.3, 124.02, 47.33])}', 4326)));
      insert into communities values ('230299001001', '230299001', '西社区', ST_Multi(ST_GeomFromText('${boxWkt([124, 47.3, 124.02, 47.33])}', 4326)));
      insert into grids (code, community_code, name, geom) values
        ('230299001001001', '230299001001', '第1网格', ST_Multi(ST_GeomFromText('${boxWkt([124, 47.3, 124.02, 47.33])}', 4326)));
      insert into issues (code, category, description, geom, reported_at, dispatched_at, deadline, handled_at, closed_at, status, unit_id)
      select x.code, x.cat, x.code, ST_SetSRID(ST_MakePoint(x.lon, 47.31), 4326), now() + x.rep * interval '1 day',
             case when x.unit is not null then now() + x.rep * interval '1 day' end, now() + x.due * interval '1 day',
             now() + x.clo * interval '1 day', now() + x.clo * interval '1 day', x.status, x.unit
      from (values ('B0', 'litter', 124.01, -200, -199, -199.5, 'closed', 1),
                   ('B1', 'litter', 124.01, -45, -44, -44.5, 'closed', 1),
                   ('B2', 'litter', 124.01, -52, -51, -50, 'closed', 1),
                   ('B3', 'litter', 124.01, -59, -58, null, 'accepted', 1),
                   ('B4', 'litter', 124.01, -66, null, null, 'registered', null),
                   ('B5', 'litter', 124.01, -73, -72, -30, 'closed', 1),
                   ('S1', 'street_stall', 124.01, -50, -49, null, 'accepted', 1),
                   ('Q1', 'litter', 124.03, -50, -49, null, 'accepted', 2),
                   ('A1', 'litter', 124.01, -10, -9, -9.5, 'closed', 1),
                   ('A2', 'litter', 124.01, -20, -19, null, 'deferred', 1),
                   ('A3', 'litter', 124.01, -2, 1, null, 'accepted', 1)) x(code, cat, lon, rep, due, clo, status, unit);
      reset search_path;`)
    const hot = await db.rpc<any>('issue_hotspots', { filters: { category: 'litter' } }, USERS.dispatcher)
    const recurring = hot.cells.features.filter((f: any) => f.properties.recurring)
    expect(recurring).toHaveLength(1)
    cell = recurring[0].properties.cell
  })
  afterAll(() => db?.close())

  it('lets only the command centre and administrators create one, with coded refusals for the others', async () => {
    for (const user of [USERS.officerA, USERS.leader, USERS.wall]) {
      expect(await code(db.rpc('create_effect_task', { cell, category: 'litter' }, user))).toBe('forbidden')
    }
    const anon = await db.rpc('create_effect_task', { cell, category: 'litter' }, null).catch(toApiError)
    expect(anon.code).toBe('not_signed_in')
    expect((await db.sql('select count(*)::int as n from public.effect_tasks'))[0].n).toBe(0)

    const task = await db.rpc<any>('create_effect_task', { cell, category: 'litter', note: '  每周清运两次  ' }, USERS.dispatcher)
    expect(task).toMatchObject({ cell, cell_m: 300, category: 'litter', status: 'open', note: '每周清运两次', unit_id: 1,
      unit_name: '区城管执法局', street_name: '西街道', community_name: '西社区', grid_name: '第1网格', created_by_name: '指挥中心调度员' })
    const [row] = await db.sql(`select created_by::text, extensions.ST_Covers(area, extensions.ST_SetSRID(extensions.ST_MakePoint(124.01, 47.31), 4326)) as covers
                                from public.effect_tasks`)
    expect(row).toEqual({ created_by: USERS.dispatcher, covers: true })
    // one open task per place and category; an administrator may create one too, once it is done
    expect(await code(db.rpc('create_effect_task', { cell, category: 'litter' }, USERS.admin))).toBe('effect_task_exists')
    expect(await code(db.rpc('close_effect_task', { task_id: task.id }, USERS.officerA))).toBe('forbidden')
    expect(await code(db.rpc('close_effect_task', { task_id: task.id }, USERS.leader))).toBe('forbidden')
    const done = await db.rpc<any>('close_effect_task', { task_id: task.id }, USERS.admin)
    expect(done.status).toBe('done')
    expect(await code(db.rpc('close_effect_task', { task_id: task.id }, USERS.dispatcher))).toBe('illegal_transition')
    const again = await db.rpc<any>('create_effect_task', { cell, category: 'litter' }, USERS.admin)
    expect(again.id).not.toBe(task.id)
    await db.sql(`delete from public.effect_tasks where id = $1`, [again.id])
  })

  it('compares the 90 days before with the days after, as computed by hand', async () => {
    await db.sql(`update public.effect_tasks set created_at = now() - interval '40 days'`)
    const [t] = await db.rpc<any[]>('list_effect_tasks', {}, USERS.leader)
    expect(t.window_days).toBe(90)
    expect(t.after_days).toBe(40)
    const counts = (w: any) => [w.reported, w.filed, w.due, w.closed, w.closed_on_time, w.deferred, w.closure_rate, w.on_time_rate]
    // before: B1–B5 reported; B1, B2, B3, B5 filed and due; B1, B2 closed; B1 on time → 2/4, 1/4
    expect(counts(t.before)).toEqual([5, 4, 4, 2, 1, 0, 0.5, 0.25])
    // after: A1–A3 reported and filed; A1, A2 due; A1 closed on time; A2 deferred → 1/2, 1/(2 − 1)
    expect(counts(t.after)).toEqual([3, 3, 2, 1, 1, 1, 0.5, 1])
    // per day: 3 / 40 after against 5 / 90 before → +35 %
    expect(t.change_rate).toBe(0.35)
    // the list for the wall and the officers too; filtered by status
    expect(await db.rpc<any[]>('list_effect_tasks', {}, USERS.wall)).toHaveLength(1)
    expect(await db.rpc<any[]>('list_effect_tasks', { status: 'open' }, USERS.officerA)).toHaveLength(0)
    expect(await db.rpc<any[]>('list_effect_tasks', { status: 'done' }, USERS.officerA)).toHaveLength(1)
  })

  it('refuses bad input with its code, fast', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['create_effect_task', { cell, category: 'litter', note: '注'.repeat(501) }, 'input_too_long'],
      ['create_effect_task', { cell, category: 'litter', note: '坏\u0007说明' }, 'invalid_input'],
      ['create_effect_task', { cell: 'x'.repeat(100_000), category: 'litter' }, 'input_too_long'],
      ['create_effect_task', { cell: 'a:b', category: 'litter' }, 'invalid_cell'],
      ['create_effect_task', { cell: null, category: 'litter' }, 'invalid_cell'],
      ['create_effect_task', { cell, category: 'no_such_category' }, 'unknown_category'],
      ['create_effect_task', { cell, category: 'street_stall' }, 'not_recurring'],
      ['create_effect_task', { cell: '0:0', category: 'litter' }, 'not_recurring'],
      ['create_effect_task', { cell, category: 'litter', cell_m: 'NaN' }, 'invalid_cell_size'],
      ['close_effect_task', { task_id: '1000000000000000000' }, 'effect_task_not_found'],
      ['close_effect_task', { task_id: null }, 'invalid_input'],
      ['list_effect_tasks', { status: 'x'.repeat(100_000) }, 'input_too_long'],
      ['list_effect_tasks', { status: 'closed' }, 'invalid_input'],
    ]
    for (const [fn, args, expected] of cases) {
      const t0 = performance.now()
      expect([fn, args.cell ?? args.category, await code(db.rpc(fn, args, USERS.dispatcher))]).toEqual([fn, args.cell ?? args.category, expected])
      expect(performance.now() - t0).toBeLessThan(2000)
    }
  })

  it('keeps the table closed: anon reads nothing, nobody writes it directly', async () => {
    const refused = (p: Promise<unknown>) => p.then(() => 'accepted', (e) => String(e.message))
    expect(await refused(db.asUser(null, (tx) => tx.query('select * from public.effect_tasks')))).toMatch(/permission denied/)
    expect(String((await db.rpc('list_effect_tasks', {}, null).catch((e) => e)).message)).toMatch(/permission denied|not_signed_in/)
    for (const user of [USERS.dispatcher, USERS.admin, USERS.officerA]) {
      expect(await refused(db.asUser(user, (tx) => tx.query(`insert into public.effect_tasks (cell, cell_m, category, area, centre, created_by, created_by_name)
        select '1:1', 300, 'litter', area, centre, created_by, 'x' from public.effect_tasks limit 1`)))).toMatch(/permission denied/)
      expect(await refused(db.asUser(user, (tx) => tx.query(`update public.effect_tasks set status = 'open', done_at = null`)))).toMatch(/permission denied/)
      expect(await refused(db.asUser(user, (tx) => tx.query('delete from public.effect_tasks')))).toMatch(/permission denied/)
    }
    const rows = await db.asUser(USERS.leader, (tx) => tx.query('select count(*)::int as n from public.effect_tasks'))
    expect((rows as any).rows[0].n).toBe(1)
  })
})

describe.each(testBackends())('effect task windows are the indicators (%s)', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'demo') })
  afterAll(() => db?.close())

  it('gives month_indicators’ figures for last month over the district', async () => {
    const [{ w, m }] = await db.sql(`
      select public.effect_window_figures((select extensions.ST_Union(geom) from public.districts), null,
               date_trunc('month', now()) - interval '1 month', date_trunc('month', now())) as w,
             (select indicators from public.month_indicators((date_trunc('month', now()) - interval '1 month')::date, 'district')) as m`)
    const keys = ['filed', 'due', 'closed', 'closed_on_time', 'deferred', 'closure_rate', 'on_time_rate']
    const pick = (x: any) => keys.map((k) => Number(x[k]))
    expect(m.filed).toBeGreaterThan(50)
    expect(pick(w)).toEqual(pick(m))
  })

  it('creates a task from a recurring cell of the seed, quickly enough', async () => {
    const hot = await db.rpc<any>('issue_hotspots', { filters: { days: 365 } }, USERS.dispatcher)
    const p = hot.cells.features.find((f: any) => f.properties.recurring).properties
    const t0 = performance.now()
    const task = await db.rpc<any>('create_effect_task', { cell: p.cell, category: p.recurring_categories[0].category }, USERS.dispatcher)
    console.log(`create_effect_task on ${kind} (seeded): ${Math.round(performance.now() - t0)} ms`)
    expect([task.street_name, task.community_name, task.grid_name]).toEqual([p.street_name, p.community_name, p.grid_name])
    expect(task.before.reported).toBeGreaterThan(0)
    const t1 = performance.now()
    expect(await db.rpc<any[]>('list_effect_tasks', {}, USERS.leader)).toHaveLength(1)
    console.log(`list_effect_tasks on ${kind} (seeded): ${Math.round(performance.now() - t1)} ms`)
  })
})
