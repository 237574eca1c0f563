// Concurrent writers cannot break what a single writer cannot (issue 10): two units' officers
// save overlapping new zones at the same moment, on two real connections, round after round.
// save_zone takes one transaction-level advisory lock before validating, so the second waits
// for the first to commit and then sees its zone: never do both get in, and the loser is told
// `overlaps_zone`. The control round drops the lock (as the database owner) and shows the
// same race lets both in — so this test can fail.
// PostgreSQL only: PGlite is one connection, nothing runs concurrently there.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toApiError } from '../../src/lib/api/errors'
import { openTestDb, securityBackends, USERS, type TestDb } from '../helpers/db'
import { boxGeoJson, buildSmallWorld } from '../helpers/small-world'

const ROUNDS = 24
const servers = securityBackends().filter((k) => k !== 'pglite')

/** Two shapes in the small world's gap that overlap each other by about 40 % (round r shifts them). */
function rivalShapes(r: number) {
  const w = 124.021 + (r % 6) * 0.003, s = 47.3205 + Math.floor(r / 6) * 0.002
  return [boxGeoJson([w, s, w + 0.002, s + 0.0015]), boxGeoJson([w + 0.0008, s + 0.0003, w + 0.0028, s + 0.0018])]
}

describe.skipIf(servers.length === 0).each(servers)('two officers saving at the same moment, on %s', (kind) => {
  let db: TestDb
  let a: pg.Client, b: pg.Client
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db, { overlap: false })
    a = new pg.Client({ connectionString: db.connectionString })
    b = new pg.Client({ connectionString: db.connectionString })
    a.on('error', () => undefined); b.on('error', () => undefined)
    await Promise.all([a.connect(), b.connect()])
  })
  afterAll(async () => {
    await Promise.all([a?.end(), b?.end()].map((p) => p?.catch(() => undefined)))
    await db?.close()
  })

  /** One officer's save as PostgREST runs it: a transaction, the role and claims, the call, commit. */
  async function save(c: pg.Client, user: string, unit: number, geom: unknown, barrier: Promise<void>, arrive: () => void) {
    await c.query('begin')
    try {
      await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
        [JSON.stringify({ sub: user, role: 'authenticated' })])
      arrive()
      await barrier // both transactions are open: start the two calls together
      const { rows } = await c.query(`select public.save_zone($1::jsonb) as z`, [JSON.stringify({ unit_id: unit, name: `并发${unit}`, kind: 'area', geom })])
      await c.query('commit')
      return { ok: true as const, id: rows[0].z.id as number }
    } catch (err) {
      await c.query('rollback').catch(() => undefined)
      return { ok: false as const, code: toApiError(err).code }
    }
  }

  async function race(r: number) {
    const [ga, gb] = rivalShapes(r)
    let arrived = 0
    let go!: () => void
    const barrier = new Promise<void>((resolve) => (go = resolve))
    const arrive = () => { if (++arrived === 2) go() }
    const outcomes = await Promise.all([
      save(a, USERS.officerA, 1, ga, barrier, arrive),
      save(b, USERS.officerB, 2, gb, barrier, arrive),
    ])
    // leave the gap empty for the next round (as the owner: the history keeps it)
    const ids = outcomes.flatMap((o) => (o.ok ? [o.id] : []))
    if (ids.length) await db.sql(`delete from public.zones where id = any($1::bigint[])`, [ids])
    return outcomes
  }

  it(`never lets both in, over ${ROUNDS} rounds; the loser gets overlaps_zone`, async () => {
    const tally = { one: 0, both: 0 }
    for (let r = 0; r < ROUNDS; r++) {
      const outcomes = await race(r)
      const winners = outcomes.filter((o) => o.ok)
      if (winners.length === 2) tally.both++
      expect(winners.length).toBe(1)
      expect(outcomes.find((o) => !o.ok)).toMatchObject({ code: 'overlaps_zone' })
      tally.one++
    }
    expect(tally).toEqual({ one: ROUNDS, both: 0 })
  })

  it('control: without the lock the same race lets both in', async () => {
    await db.sql(`alter function public.lock_zone_writes() rename to lock_zone_writes_off;
                  create function public.lock_zone_writes() returns void language sql as 'select null::void'`)
    try {
      let both = 0
      for (let r = 0; r < 8; r++) if ((await race(r)).every((o) => o.ok)) both++
      expect(both).toBeGreaterThan(0)
    } finally {
      await db.sql(`drop function public.lock_zone_writes(); alter function public.lock_zone_writes_off() rename to lock_zone_writes`)
    }
  })
})
