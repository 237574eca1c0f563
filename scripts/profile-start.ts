// Where a start spends its time (issue 14): the built app served by `vite preview`, opened cold and
// then warm in Debian's Chromium, with a timeline of the page's own marks (performance.mark
// 'gridgov:…'), every call to the database worker (sent → answered, by name), the worker's start
// stages and the network's responses (start → end, bytes). A companion of bench-start.ts, which
// measures; this one explains.
//
//   npx tsx scripts/profile-start.ts [--dist dist-bench-start] [--path /]
import { chromium, type Page } from 'playwright-core'
import { preview } from 'vite'
import { CHROMIUM_ARGS } from '../test/e2e/browser'
import { root } from './sql-files'

const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined }
const outDir = arg('dist') ?? 'dist-bench-start'
const path = arg('path') ?? '/'

// In the page, before its code: log each worker call's send and answer on the page's clock.
const hook = () => {
  const log: { t: number; what: string }[] = ((window as any).__profile = [])
  const Native = window.Worker
  ;(window as any).Worker = class extends Native {
    constructor(url: string | URL, opts?: WorkerOptions) {
      super(url, opts)
      const names = new Map<number, string>()
      const send = this.postMessage.bind(this)
      this.postMessage = (m: any, ...rest: any[]) => {
        if (m?.id != null) names.set(m.id, m.type === 'rpc' ? m.name : m.type)
        log.push({ t: performance.now(), what: `→ ${m?.type === 'rpc' ? m.name + ' ' + JSON.stringify(m.args).slice(0, 60) : m?.type}` })
        return (send as any)(m, ...rest)
      }
      this.addEventListener('message', (e: MessageEvent) => {
        const d = e.data
        if (d?.id != null) log.push({ t: performance.now(), what: `← ${names.get(d.id)} ${d.ok ? 'ok' : 'error'} ${JSON.stringify(d.result ?? d.error ?? null).length} chars` })
        else if (d?.type === 'progress') log.push({ t: performance.now(), what: `worker stage ${d.stage} ${d.done}/${d.total} (worker clock ${d.elapsedMs} ms)` })
        else log.push({ t: performance.now(), what: `worker ${d?.type}` })
      })
    }
  }
}

/** Lines a probing build of the worker logs as `[gridgov-probe] @<epoch ms> <what>` (none by default), on the epoch's clock. */
const probes: { epoch: number; what: string }[] = []

async function timeline(page: Page, label: string) {
  await page.waitForFunction(() => document.body?.dataset.mapReady === 'true', null, { timeout: 300_000, polling: 50 })
  const rows = await page.evaluate(() => {
    const out: { t: number; what: string }[] = [...(window as any).__profile]
    for (const m of performance.getEntriesByType('mark')) out.push({ t: m.startTime, what: `mark ${m.name}` })
    for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      out.push({ t: r.startTime, what: `net start ${r.name.replace(location.origin, '')}` })
      out.push({ t: r.responseEnd, what: `net end   ${r.name.replace(location.origin, '')} ${(r.encodedBodySize / 1048576).toFixed(2)} MB${r.transferSize === 0 ? ' (cache)' : ''}` })
    }
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    out.push({ t: nav.domContentLoadedEventEnd, what: 'DOMContentLoaded' })
    out.push({ t: performance.now(), what: 'map ready seen' })
    return { out, origin: performance.timeOrigin }
  }).then(({ out, origin }) => {
    for (const p of probes.splice(0)) out.push({ t: p.epoch - origin, what: p.what })
    return out.sort((a, b) => a.t - b.t)
  })
  const report = await page.evaluate(() => (window as any).__gridgov.api.backend.startReport)
  console.log(`\n=== ${label} ===  worker report ${JSON.stringify(report?.timings)}`)
  for (const r of rows) console.log(`${(r.t / 1000).toFixed(2).padStart(7)} s  ${r.what}`)
}

const server = await preview({ root, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' })
const a = server.httpServer.address()
const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 4173}`
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  await context.route('**/*', (route) => (/^(data|blob):|\/\/127\.0\.0\.1[:/]/.test(route.request().url()) ? route.continue() : route.abort('blockedbyclient')))
  await context.addInitScript(hook)
  const page = await context.newPage()
  page.on('console', (m) => {
    const probe = /^\[gridgov-probe\] @(\d+) (.*)$/.exec(m.text())
    if (probe) probes.push({ epoch: Number(probe[1]), what: `worker: ${probe[2]}` })
    else if (/warn|error/.test(m.type())) console.log(`[console ${m.type()}] ${m.text().slice(0, 200)}`)
  })
  await page.goto(url + path, { waitUntil: 'commit' })
  await timeline(page, 'cold')
  // let the first start's write to IndexedDB finish, as a user's second visit would find it
  await page.waitForTimeout(Number(arg('settle') ?? 0))
  await page.reload({ waitUntil: 'commit' })
  await timeline(page, 'warm')
} finally {
  await browser.close()
  server.httpServer.close()
}
