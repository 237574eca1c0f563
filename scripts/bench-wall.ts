// The command-centre wall's soak run (part of `npm run bench`; alone: `npm run bench -- --only wall-soak`).
// The built app in Debian's Chromium (the e2e harness, test/e2e/browser.ts) at #/wall?tour=1 at
// 1920×1080, while a second tab of the same browser registers an issue every ~5 s through the
// data layer, as an officer would (the wall hears it through the embedded tabs' broadcast), for
// SOAK_MINUTES (default 10) of touring. Measured at the start (after a warm-up) and at the end:
// the wall page's JS heap after a forced GC (CDP), its DOM nodes and event listeners, what the
// map holds (style layers, sources, deck.gl layers, HTML markers), and the page's workers; and the
// frame times over the soak (requestAnimationFrame deltas, kept in a fixed histogram in the page
// so that measuring does not grow the heap it measures). The bar: heap end / start ≤ 1.2, and
// every count equal at both ends.
//
// Both ends are measured the same way: the tour is paused as a touch would pause it (a wheel
// event on the window; WallState waits a minute of quiet), the map is put at the same place and
// left to draw until idle, no issue is being registered, and the wall has had its next poll; the
// heap is the lower of two readings after a forced GC 10 s apart.
//
//   SOAK_MINUTES=10 SOAK_WARMUP_S=60 SOAK_EVERY_S=5 npm run bench -- --only wall-soak
//   (builds the app into dist-bench/ first; SOAK_NO_BUILD=1 uses dist-bench/ as it is)
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import type { CDPSession, Page } from 'playwright-core'
import { root } from './sql-files'
import type { BenchRow } from './bench-row'
import { mapPosition, settle, setUpInDb, askDb, startApp, waitForMap } from '../test/e2e/browser'

const OFFICER = '00000000-0000-4000-8000-000000000003'
const OUT_DIR = 'dist-bench'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)

interface Figures {
  heapUsed: number
  /** both GC'd readings, 10 s apart (heapUsed is the lower) */
  heapReadings: [number, number]
  heapTotal: number
  domNodes: number
  /** Memory.getDOMCounters: every node alive in the renderer (detached ones too), listeners */
  counterNodes: number
  documents: number
  listeners: number
  styleLayers: number
  sources: number
  deckLayers: number | null
  markers: number
  workers: number
  stale: boolean
}

/** Until the map is idle: the test surface's settled() gives up after 10 s, so ask again until it did not (at most a minute). */
async function idle(page: Page) {
  for (let i = 0; i < 6; i++) {
    const t = Date.now()
    await settle(page)
    if (Date.now() - t < 9500) return
  }
}

async function gcHeap(cdp: CDPSession) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
  return cdp.send('Runtime.getHeapUsage')
}

async function measure(page: Page, cdp: CDPSession, at: { lon: number; lat: number; zoom: number } | null) {
  // pause the tour as a touch does, and wait until the last flight has landed
  await page.evaluate(() => window.dispatchEvent(new WheelEvent('wheel')))
  await page.getByTestId('wall-paused').waitFor({ timeout: 10_000 })
  await idle(page)
  const here = at ?? await mapPosition(page)
  await page.evaluate((p) => (window as any).__gridgov.map().jumpTo(p), here)
  await idle(page)
  await sleep(2000) // grid labels follow the idle after a move
  await idle(page)
  // two GC'd readings 10 s apart, the lower kept: what is still in flight (tiles parsed, an
  // answer being read) is not what the page keeps
  const first = await gcHeap(cdp)
  await sleep(10_000)
  const second = await gcHeap(cdp)
  const heap = first.usedSize <= second.usedSize ? first : second
  process.stderr.write(`  heap after GC: ${(first.usedSize / 1048576).toFixed(1)} MB, 10 s later ${(second.usedSize / 1048576).toFixed(1)} MB\n`)
  const counters = await cdp.send('Memory.getDOMCounters')
  const page_ = await page.evaluate(() => ({
    domNodes: document.getElementsByTagName('*').length,
    holds: (window as any).__gridgov.map().holds(),
    stale: !!document.querySelector('[data-testid=wall-stale]'),
  }))
  const f: Figures = {
    heapUsed: heap.usedSize, heapReadings: [first.usedSize, second.usedSize], heapTotal: heap.totalSize, domNodes: page_.domNodes,
    counterNodes: counters.nodes, documents: counters.documents, listeners: counters.jsEventListeners,
    styleLayers: page_.holds.styleLayers, sources: page_.holds.sources, deckLayers: page_.holds.deckLayers, markers: page_.holds.markers,
    workers: page.workers().length, stale: page_.stale,
  }
  return { figures: f, at: here }
}

/** A GC'd heap sample during the run (the trend, one a minute). */
async function sample(page: Page, cdp: CDPSession) {
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')
  const counters = await cdp.send('Memory.getDOMCounters')
  return { heap: heap.usedSize, nodes: counters.nodes, listeners: counters.jsEventListeners, workers: page.workers().length }
}

// --- frame times: rAF deltas in a fixed histogram (1 ms buckets up to 10 s) ---
const BUCKET_MS = 1
const BUCKETS = 10_000
function installFrameClock(page: Page) {
  // sent as source: tsx's helpers (__name) do not exist in the page
  return page.evaluate(`(() => {
    const s = window.__soakFrames = { hist: new Uint32Array(${BUCKETS} + 1), last: 0, on: false, max: 0, n: 0, hidden: 0 }
    const tick = (t) => {
      if (s.on && s.last) {
        const d = t - s.last
        s.hist[Math.min(${BUCKETS}, Math.floor(d / ${BUCKET_MS}))]++
        if (d > s.max) s.max = d
        s.n++
        if (document.visibilityState !== 'visible') s.hidden++
      }
      s.last = s.on ? t : 0
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
}
const frameClock = (page: Page, on: boolean) => page.evaluate((on) => { (window as any).__soakFrames.on = on }, on)
async function frameStats(page: Page) {
  const s = await page.evaluate(() => { const f = (window as any).__soakFrames; return { hist: Array.from(f.hist as Uint32Array), max: f.max, n: f.n, hidden: f.hidden } })
  const at = (q: number) => {
    const want = Math.ceil(q * s.n)
    let seen = 0
    for (let i = 0; i < s.hist.length; i++) { seen += s.hist[i]; if (seen >= want) return (i + 1) * BUCKET_MS }
    return s.max
  }
  return { frames: s.n, hidden: s.hidden, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.max }
}

export async function wallSoak(): Promise<BenchRow[]> {
  const minutes = env('SOAK_MINUTES', 10)
  const warmupS = env('SOAK_WARMUP_S', 60)
  const everyS = env('SOAK_EVERY_S', 5)
  if (!process.env.SOAK_NO_BUILD) {
    process.stderr.write(`building the app into ${OUT_DIR}/…\n`)
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit', env: { ...process.env, GRIDGOV_DIST: OUT_DIR } })
  }
  const app = await startApp({ outDir: OUT_DIR })
  try {
    const t0 = Date.now()
    const load = [loadavg()[0]]
    const wall = await app.open('/#/wall?tour=1', { width: 1920, height: 1080 })
    await waitForMap(wall)
    await wall.getByTestId('wall-month').waitFor({ timeout: 120_000 })
    await wall.getByTestId('wall-caption').waitFor({ timeout: 120_000 })
    process.stderr.write(`wall up with its first figures after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`)
    const cdp = await wall.context().newCDPSession(wall)
    await cdp.send('HeapProfiler.enable')
    // the second tab: the workspace, whose data layer registers the issues
    const second = await wall.context().newPage()
    second.on('pageerror', (e) => app.pageErrors.push(e.message))
    await second.goto(app.url + '/')
    await waitForMap(second, 180_000)
    const places = await askDb<{ lon: number; lat: number }[], null>(wall, async (api) =>
      (await api.wallSummary(false)).escalations.rows.map((r: any) => ({ lon: r.lon, lat: r.lat })))
    const categories = await askDb<string[], null>(wall, async (api) => (await api.issueCategoryList()).map((c: any) => c.code))
    let registered = 0, failed = 0
    const codes: string[] = []
    const register = async () => {
      const p = places[registered % places.length]
      try {
        const filed = await setUpInDb(second, async (api, { officer, lon, lat, category, n }) => {
          api.backend.setUser(officer)
          return api.dispatchIssue(lon, lat, category, `大屏压力测试 #${n}`)
        }, { officer: OFFICER, lon: p.lon, lat: p.lat, category: categories[registered % categories.length], n: registered })
        codes.push(filed.code)
        registered++
      } catch (e) {
        failed++
        process.stderr.write(`registering failed: ${(e as Error).message.split('\n')[0]}\n`)
      }
    }
    /** Register every `everyS` for `ms` (each registration waits for the previous one). */
    const registerFor = async (ms: number, onMinute?: (minute: number) => Promise<void>) => {
      const start = Date.now()
      let minute = 0
      while (Date.now() - start < ms) {
        const tick = Date.now()
        await register()
        if (onMinute && Date.now() - start >= (minute + 1) * 60_000) await onMinute(++minute)
        await sleep(Math.max(0, everyS * 1000 - (Date.now() - tick)))
      }
    }

    process.stderr.write(`warm-up: ${warmupS} s of touring and registering\n`)
    await registerFor(warmupS * 1000)
    await sleep(8000) // the wall's next poll and the map's issue reload
    await installFrameClock(wall)
    const start = await measure(wall, cdp, null)
    const trend = [await sample(wall, cdp)]
    // the tour resumes after its minute of quiet; the soak counts from then
    await wall.getByTestId('wall-paused').waitFor({ state: 'detached', timeout: 120_000 })
    const registeredBefore = registered
    await frameClock(wall, true)
    const soakStart = Date.now()
    process.stderr.write(`soak: ${minutes} min at tour=1, an issue every ${everyS} s\n`)
    await registerFor(minutes * 60_000, async (m) => {
      await frameClock(wall, false) // a forced GC is not a frame of the wall's
      trend.push(await sample(wall, cdp))
      load.push(loadavg()[0])
      await frameClock(wall, true)
      process.stderr.write(`  ${m} min: heap ${(trend.at(-1)!.heap / 1048576).toFixed(1)} MB, ${trend.at(-1)!.nodes} nodes, ${registered} issues\n`)
    })
    await frameClock(wall, false)
    const soakMs = Date.now() - soakStart
    const frames = await frameStats(wall)
    await sleep(8000)
    const lastOnTicker = await wall.locator(`[data-testid=wall-step][data-code="${codes.at(-1)}"]`).count()
    const end = await measure(wall, cdp, start.at)

    const a = start.figures, b = end.figures
    const mb = (x: number) => (x / 1048576).toFixed(1)
    const ratio = b.heapUsed / a.heapUsed
    const counts: (keyof Figures)[] = ['domNodes', 'counterNodes', 'documents', 'listeners', 'styleLayers', 'sources', 'deckLayers', 'markers', 'workers']
    const equal = counts.every((k) => a[k] === b[k])
    console.log(`\nGridGov wall soak — #/wall?tour=1 at 1920×1080 in Chromium (SwiftShader), ${(soakMs / 60_000).toFixed(1)} min touring,`)
    console.log(`an issue registered from a second tab every ${everyS} s (${registered - registeredBefore} in the soak, ${failed} failed; the last on the wall's ticker: ${lastOnTicker ? 'yes' : 'no'})\n`)
    console.log('| figure | start | end |')
    console.log('| --- | ---: | ---: |')
    console.log(`| JS heap used after GC (MB; the lower of two readings 10 s apart) | ${mb(a.heapUsed)} (${a.heapReadings.map(mb).join(', ')}) | ${mb(b.heapUsed)} (${b.heapReadings.map(mb).join(', ')}) |`)
    console.log(`| JS heap total (MB) | ${mb(a.heapTotal)} | ${mb(b.heapTotal)} |`)
    const label: Record<string, string> = { domNodes: 'DOM elements in the document', counterNodes: 'DOM nodes alive (Memory.getDOMCounters)',
      documents: 'documents', listeners: 'JS event listeners', styleLayers: 'MapLibre style layers', sources: 'MapLibre sources',
      deckLayers: 'deck.gl layers (with sublayers)', markers: 'map HTML markers', workers: 'workers (page)' }
    for (const k of counts) console.log(`| ${label[k]} | ${a[k]} | ${b[k]} |`)
    console.log(`\nframe times over the soak (requestAnimationFrame deltas, ${frames.frames} frames${frames.hidden ? `, ${frames.hidden} hidden` : ''}):` +
      ` p50 ${frames.p50.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, p99 ${frames.p99.toFixed(1)} ms, max ${frames.max.toFixed(0)} ms`)
    console.log(`machine: 1-min load average at the start and each minute of the soak: ${load.map((l) => l.toFixed(1)).join(' → ')} (2 cores, shared)`)
    console.log(`heap after GC each minute (MB): ${trend.map((t) => mb(t.heap)).join(' → ')}`)
    console.log(`DOM nodes alive each minute: ${trend.map((t) => t.nodes).join(' → ')}`)
    if (a.stale || b.stale) console.log(`the "data as of" notice was up at the ${a.stale ? 'start' : ''}${a.stale && b.stale ? ' and the ' : ''}${b.stale ? 'end' : ''}`)
    if (app.pageErrors.length) console.log(`page errors: ${app.pageErrors.length} (first: ${app.pageErrors[0]})`)
    console.log(`\nheap end/start ${ratio.toFixed(2)} (≤ 1.2: ${ratio <= 1.2 ? 'yes' : 'NO'}); counts equal at both ends: ${equal ? 'yes' : 'NO (' + counts.filter((k) => a[k] !== b[k]).join(', ') + ')'}`)
    return [
      { group: 'wall-soak', measure: `wall JS heap after GC, end of ${(soakMs / 60_000).toFixed(0)} min touring`, value: b.heapUsed / 1048576, unit: 'MB',
        competitor: { name: 'start of the soak', value: a.heapUsed / 1048576 }, ratio, target: '≤ 1.2× of start', ok: ratio <= 1.2 },
      { group: 'wall-soak', measure: 'wall frame time p95 over the soak', value: frames.p95, unit: 'ms' },
      { group: 'wall-soak', measure: 'wall DOM nodes, style layers, sources, deck layers, markers, workers changed', value: counts.filter((k) => a[k] !== b[k]).length,
        unit: 'count', target: '0', ok: equal },
    ]
  } finally {
    await app.close()
  }
}
