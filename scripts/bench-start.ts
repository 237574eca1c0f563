// The start-up bench (issue 14, "a fast start"): the built app served by `vite preview` and
// opened in Debian's Chromium, the embedded database's three starts measured in alternating
// rounds on one browser:
//   cold   a fresh browser context: empty IndexedDB and HTTP cache, so the engine, PostGIS and
//          the prepared demo database (demo-db.tar.gz) all cross the network;
//   warm   the same context loaded again: the database is in IndexedDB, the files in the cache;
//   naive  a fresh context with `?db=naive`: the worker ignores the prepared database and runs
//          initdb + PostGIS + every migration + the seed in WebAssembly (the start without it);
// each to all default layers drawn (<body data-map-ready>), and the static outline
// (district-outline.json, <body data-outline-drawn>) on a cold start; bytes on the wire are the
// cold start's response bodies as received (compressed), the worker's requests included.
//
//   npx tsx scripts/bench-start.ts [--rounds 3] [--dist dist-bench-start] [--no-build] [--against dist-old]
//
// --against: a second build measured in the same rounds (before/after side by side); the machine
// is shared, so only figures from one run compare.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'
import { CHROMIUM_ARGS } from '../test/e2e/browser'
import { percentile, type BenchRow } from './bench-row'
import { root } from './sql-files'

interface Sample { coldS: number; outlineS: number; coldMB: number; warmS: number; naiveS: number; stages: Record<string, unknown> }

const MB = 1048576
const TIMEOUT = 240_000

/** Serve a built app folder with the project's vite config (the precompressed copies included). */
async function serve(outDir: string): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(root, outDir, 'index.html'))) throw new Error(`${outDir}/ has no build`)
  const server: PreviewServer = await preview({ root, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' })
  const a = server.httpServer.address()
  const port = typeof a === 'object' && a ? a.port : 4173
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.httpServer.close(() => r())) }
}

/** Seconds from the document's start (navigation included) until <body data-…> says `key`. */
function whenFlag(page: Page, key: 'mapReady' | 'outlineDrawn'): Promise<number> {
  return page.waitForFunction((k) => (document.body?.dataset[k] === 'true' ? performance.now() / 1000 : null), key, { timeout: TIMEOUT, polling: 50 })
    .then((h) => h.jsonValue() as Promise<number>)
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  // nothing may leave the machine (as in the e2e tests)
  await context.route('**/*', (route) => (/^(data|blob):|\/\/(127\.0\.0\.1|localhost)[:/]/.test(route.request().url()) ? route.continue() : route.abort('blockedbyclient')))
  return context
}

/** Bytes received for every response of the context while `run` runs (compressed bodies + headers). */
async function bytesDuring<T>(context: BrowserContext, run: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  const sizes: Promise<number>[] = []
  const onFinished = (r: import('playwright-core').Request) => { sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize, () => 0)) }
  context.on('requestfinished', onFinished)
  try {
    const result = await run()
    return { result, bytes: (await Promise.all(sizes)).reduce((a, b) => a + b, 0) }
  } finally {
    context.off('requestfinished', onFinished)
  }
}

async function coldAndWarm(browser: Browser, url: string): Promise<Omit<Sample, 'naiveS'>> {
  const context = await newContext(browser)
  try {
    const page = await context.newPage()
    const { result: [outlineS, coldS], bytes } = await bytesDuring(context, async () => {
      await page.goto(url + '/', { waitUntil: 'commit' })
      // a build without the static outline draws the district first with the layers
      return Promise.all([Promise.race([whenFlag(page, 'outlineDrawn'), whenFlag(page, 'mapReady')]), whenFlag(page, 'mapReady')])
    })
    const cold = await page.evaluate(() => (window as any).__gridgov.api.backend.startReport?.timings)
    await page.reload({ waitUntil: 'commit' })
    const warmS = await whenFlag(page, 'mapReady')
    const warm = await page.evaluate(() => (window as any).__gridgov.api.backend.startReport?.timings)
    return { coldS, outlineS, coldMB: bytes / MB, warmS, stages: { cold, warm } }
  } finally {
    await context.close()
  }
}

async function naive(browser: Browser, url: string): Promise<{ naiveS: number; stages: unknown }> {
  const context = await newContext(browser)
  try {
    const page = await context.newPage()
    await page.goto(url + '/?db=naive', { waitUntil: 'commit' })
    const naiveS = await whenFlag(page, 'mapReady')
    const report = await page.evaluate(() => (window as any).__gridgov.api.backend.startReport)
    if (report?.prepared !== false || report?.fresh !== true) throw new Error(`?db=naive did not take the naive path: ${JSON.stringify(report)}`)
    return { naiveS, stages: report.timings }
  } finally {
    await context.close()
  }
}

/** One round on one build: cold + warm, and naive, in the order the round number says. */
async function round(browser: Browser, url: string, r: number): Promise<Sample> {
  if (r % 2) {
    const n = await naive(browser, url)
    const c = await coldAndWarm(browser, url)
    return { ...c, naiveS: n.naiveS, stages: { ...c.stages, naive: n.stages } }
  }
  const c = await coldAndWarm(browser, url)
  const n = await naive(browser, url)
  return { ...c, naiveS: n.naiveS, stages: { ...c.stages, naive: n.stages } }
}

function build(outDir: string) {
  process.stderr.write(`building into ${outDir}/…\n`)
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, GRIDGOV_DIST: outDir } })
}

const p50 = (xs: number[]) => percentile(xs, 50)

function rowsOf(samples: Sample[]): BenchRow[] {
  const cold = p50(samples.map((s) => s.coldS)), warm = p50(samples.map((s) => s.warmS)), naiveS = p50(samples.map((s) => s.naiveS))
  const mb = p50(samples.map((s) => s.coldMB)), outline = p50(samples.map((s) => s.outlineS))
  const n = samples.length
  return [
    { group: 'start', measure: `cold start to all default layers drawn, p50 of ${n}`, value: cold, unit: 's', target: '≤ 8 s', ok: cold <= 8 },
    { group: 'start', measure: `warm start (IndexedDB, cache) to all default layers drawn, p50 of ${n}`, value: warm, unit: 's', competitor: { name: 'cold start', value: cold }, ratio: warm / cold, target: '≤ 3 s', ok: warm <= 3 },
    { group: 'start', measure: 'naive start / cold start (naive: initdb + PostGIS + migrations + seed in the browser)', value: naiveS / cold, unit: 'x', competitor: { name: 'naive start s', value: naiveS }, target: '≥ 3×', ok: naiveS / cold >= 3 },
    { group: 'start', measure: `bytes transferred on a cold start, p50 of ${n}`, value: mb, unit: 'MB', target: '≤ 30 MB', ok: mb <= 30 },
    { group: 'start', measure: `district and streets drawn (static outline) on a cold start, p50 of ${n}`, value: outline, unit: 's', competitor: { name: 'cold start', value: cold }, target: '≤ 2 s', ok: outline <= 2 },
  ]
}

/**
 * Build the app into its own folder (GRIDGOV_DIST), serve it and measure `rounds` alternating
 * rounds of cold + warm and naive starts. With `against`, another build is measured in the same
 * rounds (its rows come back with group 'start (against)').
 */
export async function startBench(opts: { rounds: number; outDir?: string; build?: boolean; against?: string; log?: (line: string) => void }): Promise<BenchRow[]> {
  const outDir = opts.outDir ?? 'dist-bench-start'
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'))
  if (opts.build !== false) build(outDir)
  const builds = [outDir, ...(opts.against ? [opts.against] : [])]
  const servers = await Promise.all(builds.map(serve))
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const samples: Sample[][] = builds.map(() => [])
  try {
    for (let r = 0; r < opts.rounds; r++) {
      // alternate which build goes first, too
      for (const i of r % 2 ? [...builds.keys()].reverse() : [...builds.keys()]) {
        const s = await round(browser, servers[i].url, r)
        samples[i].push(s)
        log(`round ${r + 1} ${builds[i]}: cold ${s.coldS.toFixed(1)} s (outline ${s.outlineS.toFixed(2)} s, ${s.coldMB.toFixed(1)} MB), warm ${s.warmS.toFixed(1)} s, naive ${s.naiveS.toFixed(1)} s; worker stages (ms) ${JSON.stringify(s.stages)}`)
      }
    }
  } finally {
    await browser.close()
    await Promise.all(servers.map((s) => s.close()))
  }
  return [...rowsOf(samples[0]), ...(samples[1] ? rowsOf(samples[1]).map((r) => ({ ...r, group: `start (${opts.against})` })) : [])]
}

export function printRows(rows: BenchRow[]) {
  console.log('| part | measure | value | competitor | target | ok |')
  console.log('| --- | --- | ---: | --- | --- | --- |')
  for (const r of rows) {
    const v = `${r.value.toFixed(r.unit === 'x' ? 2 : r.unit === 's' ? 2 : 1)} ${r.unit}`
    const c = r.competitor ? `${r.competitor.name}: ${r.competitor.value.toFixed(2)}` : ''
    console.log(`| ${r.group} | ${r.measure} | ${v} | ${c} | ${r.target ?? ''} | ${r.ok == null ? '' : r.ok ? 'yes' : 'NO'} |`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined }
  const rows = await startBench({ rounds: Number(arg('rounds') ?? 3), outDir: arg('dist'), build: !process.argv.includes('--no-build'), against: arg('against') })
  printRows(rows)
}
