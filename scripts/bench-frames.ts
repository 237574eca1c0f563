// Frame time while panning across the district with every layer on, at ×1 and at a city's scale,
// side by side in one run (part of `npm run bench`; alone: `npx tsx scripts/bench-frames.ts
// --small <database> --big <database>` with BENCH_PG_URL naming the server).
//
// The city's data cannot live in a browser (PGlite at ×100 would be gigabytes), so both sides
// run as production does: the Supabase-mode build, its rpc calls answered by a PostgreSQL 15
// database through test/e2e/fake-supabase.ts (GoTrue's and PostgREST's shapes, callRpc as the
// signed-in leader, so RLS and the functions are the real ones). One fake serves both sides: it
// forwards to whichever database the round is measuring. Rounds alternate ×1 / ×N.
//
// A round: a fresh browser context opens the app with every catalogued layer visible, signs in
// as the leader, waits for the map, then drags the map across the district as a hand would
// (mouse down, 12 moves, up; 6 drags in a loop that ends where it began), at the opening zoom
// and at street zoom, while a requestAnimationFrame loop in the page records every frame's
// interval. The answer is the frames' p50 and p95 and the ×N / ×1 ratio (the bar: ≤ 1.5).
import { execFileSync } from 'node:child_process'
import type { Page } from 'playwright-core'
import { callRpc } from '../src/lib/db/rpc'
import { startApp, waitForMap } from '../test/e2e/browser'
import { ANON_KEY, startFakeSupabase, type AuthUser } from '../test/e2e/fake-supabase'
import type { TestDb } from '../test/helpers/db'
import { percentile, type BenchRow } from './bench-row'
import { benchDatabase } from './bench-server'
import { root } from './sql-files'

const LEADER: AuthUser = { id: '00000000-0000-4000-8000-000000000002', email: 'leader@bench.local', password: 'Bench-2026-leader' }
const PORT = Number(process.env.GRIDGOV_FRAMES_PORT ?? 54329)
const OUT_DIR = process.env.GRIDGOV_FRAMES_DIST ?? 'dist-bench-frames'

/** A database on the bench's server, called as Supabase would (callRpc as the JWT's user). */
function pgDatabase(url: string, database: string) {
  const db = benchDatabase(url, database)
  return {
    rpc: (name: string, args: Record<string, unknown> = {}, userId: string | null = LEADER.id) => callRpc(db, name, args, userId),
    query: async <T>(sql: string) => (await db.query<T>(sql)).rows,
    end: () => db.end(),
  }
}

export function buildSupabaseMode(outDir = OUT_DIR, port = PORT) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: root, stdio: 'inherit',
    env: { ...process.env, GRIDGOV_DIST: outDir, VITE_SUPABASE_URL: `http://127.0.0.1:${port}`, VITE_SUPABASE_ANON_KEY: ANON_KEY },
  })
}

/** Every frame's interval (ms) while `act` runs, recorded in the page. */
async function frameTimes(page: Page, act: () => Promise<void>): Promise<number[]> {
  // a string, not a function: tsx names inner functions with a helper the page does not have
  await page.evaluate(`(() => {
    window.__frames = []; window.__framesOn = true
    let last = performance.now()
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__framesOn) requestAnimationFrame(tick) }
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick) })
  })()`)
  await act()
  return page.evaluate('window.__framesOn = false, window.__frames') as Promise<number[]>
}

/**
 * 6 drags around a loop ending where it began, each 12 mouse moves (the map follows the hand).
 * Each move waits for the page to take it (CDP), so on SwiftShader a move costs about a frame.
 */
async function panLoop(page: Page) {
  const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2
  const d = Math.min(box.width, box.height) * 0.3
  const steps: [number, number][] = [[d, 0], [0, d], [-d, 0], [-d, 0], [0, -d], [d, 0]]
  for (const [dx, dy] of steps) {
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    await page.mouse.move(cx + dx, cy + dy, { steps: 12 })
    await page.mouse.up()
    await page.waitForTimeout(150)
  }
}

export async function framesBench(opts: { pgUrl: string; small: string; big: string; bigLabel: string; rounds: number; build?: boolean }): Promise<BenchRow[]> {
  if (opts.build !== false) buildSupabaseMode()
  const dbs = [pgDatabase(opts.pgUrl, opts.small), pgDatabase(opts.pgUrl, opts.big)]
  let current = dbs[0]
  // the fake needs only rpc from its database; it forwards to the side being measured
  const fake = await startFakeSupabase({ rpc: (n: string, a?: Record<string, unknown>, u?: string | null) => current.rpc(n, a, u) } as unknown as TestDb, [LEADER], PORT)
  const app = await startApp({ outDir: OUT_DIR })
  const layers = (await dbs[0].query<{ id: string }>('select id from public.layers order by sort_order, id')).map((r) => r.id)
  const [{ lon, lat }] = await dbs[0].query<{ lon: number; lat: number }>(
    'select extensions.ST_X(c) lon, extensions.ST_Y(c) lat from (select extensions.ST_Centroid(geom) c from public.districts limit 1) s')
  const samples: { district: number[]; street: number[] }[] = [{ district: [], street: [] }, { district: [], street: [] }]
  try {
    for (let r = 0; r < opts.rounds; r++) {
      for (const side of r % 2 ? [1, 0] : [0, 1]) {
        current = dbs[side]
        const page = await app.open(`/?layers=${layers.join(',')}`)
        await page.getByTestId('sign-in-email').fill(LEADER.email)
        await page.getByTestId('sign-in-password').fill(LEADER.password)
        await page.getByTestId('sign-in-submit').click()
        const t0 = Date.now()
        await waitForMap(page)
        const t1 = Date.now()
        for (const [where, zoom] of [['district', 12], ['street', 15]] as const) {
          await page.evaluate((p) => (window as any).__gridgov.map().jumpTo(p), { lon, lat, zoom })
          await page.evaluate(() => (window as any).__gridgov.map().settled())
          samples[side][where].push(...await frameTimes(page, () => panLoop(page)))
        }
        await page.context().close()
        process.stderr.write(`  frames: round ${r + 1} ${side ? opts.bigLabel : '×1'}: map in ${((t1 - t0) / 1000).toFixed(1)} s, pans ${((Date.now() - t1) / 1000).toFixed(1)} s\n`)
      }
    }
  } finally {
    await app.close()
    await fake.close()
    await Promise.all(dbs.map((d) => d.end()))
  }
  const rows: BenchRow[] = []
  for (const where of ['district', 'street'] as const) {
    for (const p of [50, 95]) {
      const a = percentile(samples[0][where], p), b = percentile(samples[1][where], p)
      rows.push({ group: 'frames', measure: `pan frame time p${p}, ${where} zoom, all layers, ${opts.bigLabel}`, value: b, unit: 'ms',
        competitor: { name: 'same pan at ×1', value: a }, ratio: b / a, target: '≤ 1.5× of ×1', ok: b / a <= 1.5 })
    }
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (n: string) => { const i = process.argv.indexOf(`--${n}`); return i > 0 ? process.argv[i + 1] : undefined }
  const pgUrl = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL
  if (!pgUrl || !arg('small') || !arg('big')) throw new Error('BENCH_PG_URL=postgres://… npx tsx scripts/bench-frames.ts --small <db> --big <db> [--label ×100] [--rounds 2]')
  const rows = await framesBench({ pgUrl, small: arg('small')!, big: arg('big')!, bigLabel: arg('label') ?? '×N', rounds: Number(arg('rounds') ?? 2), build: !process.argv.includes('--no-build') })
  console.log(JSON.stringify(rows, null, 2))
}
