// End-to-end harness: serves the built app (dist/) with Vite's preview server and drives
// Debian's Chromium through playwright-core. The dashboard must work with no internet: any
// request to a host other than this machine is aborted and recorded, and tests assert none
// was made. Page errors are recorded too.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
]

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
const isLocal = (url: string) => {
  const u = new URL(url)
  return ['data:', 'blob:'].includes(u.protocol) || LOCAL_HOSTS.has(u.hostname)
}

export interface App {
  url: string
  browser: Browser
  /** A fresh page in its own context (own storage and IndexedDB) at `path`. */
  open(path?: string, viewport?: { width: number; height: number }, options?: { deviceScaleFactor?: number }): Promise<Page>
  /** Requests that tried to leave the machine (aborted). */
  externalRequests: string[]
  /** Uncaught errors in any page. */
  pageErrors: string[]
  close(): Promise<void>
}

/** `outDir`: another build than GRIDGOV_DIST / dist (the Supabase-mode build, dist-supabase). */
export async function startApp(options: { outDir?: string } = {}): Promise<App> {
  const outDir = options.outDir ?? process.env.GRIDGOV_DIST ?? 'dist'
  if (!existsSync(join(root, outDir, 'index.html'))) throw new Error(`${outDir}/ is missing: run \`npx vite build\` first (npm test does)`)
  const server: PreviewServer = await preview({ root, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' })
  const address = server.httpServer.address()
  const port = typeof address === 'object' && address ? address.port : 4173
  const url = `http://127.0.0.1:${port}`
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const externalRequests: string[] = []
  const pageErrors: string[] = []
  const contexts: BrowserContext[] = []
  return {
    url,
    browser,
    externalRequests,
    pageErrors,
    async open(path = '/', viewport = { width: 1440, height: 900 }, options = {}) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: options.deviceScaleFactor ?? 1 })
      contexts.push(context)
      await context.route('**/*', (route) => {
        if (isLocal(route.request().url())) return route.continue()
        externalRequests.push(route.request().url())
        return route.abort('blockedbyclient')
      })
      const page = await context.newPage()
      page.on('pageerror', (e) => { pageErrors.push(e.message); console.error('[page error]', e.message) })
      await page.goto(url + path)
      return page
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined)
      await browser.close()
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
    },
  }
}

/** Wait until the map has drawn its layers: the app sets data-map-ready="true" on <body>. */
export async function waitForMap(page: Page, timeout = 180_000) {
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout, polling: 100 })
}

/** Centre the map on a point at a zoom, wait for it to settle, and return the point in page pixels. */
export async function pointOnPage(page: Page, lon: number, lat: number, zoom: number): Promise<{ x: number; y: number }> {
  // a test hook: a user sees where a place is; a test needs its pixel (the map owner's test surface)
  return page.evaluate(async ({ lon, lat, zoom }) => {
    const map = (window as any).__gridgov.map()
    map.jumpTo({ lon, lat, zoom })
    await map.settled()
    const [x, y] = map.screenPoint(lon, lat)
    return { x, y }
  }, { lon, lat, zoom })
}

/** Until the map has drawn what changed (idle), or 10 s on a busy machine. */
export function settle(page: Page) {
  return page.evaluate(() => (window as any).__gridgov.map().settled())
}
