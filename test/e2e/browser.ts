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
  try {
    await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout, polling: 100 })
  } catch (e) {
    // what the start-up screen says (a start that failed names its reason there)
    const screen = await page.locator('body').innerText().catch(() => '')
    throw new Error(`${(e as Error).message}\nThe page says: ${screen.replace(/\s+/g, ' ').slice(0, 600)}`)
  }
}

/**
 * A review screenshot at the command-centre wall's size (3840×2160); `act` runs at that size
 * first (a click). The viewport is put back whatever happens, so a slow shot cannot leave the
 * tests after it on a 4K page; software GL draws 4K slowly on a busy machine, hence the timeout.
 */
export async function wallScreenshot(page: Page, path: string, act?: () => Promise<void>) {
  const before = page.viewportSize() ?? { width: 1440, height: 900 }
  await page.setViewportSize({ width: 3840, height: 2160 })
  try {
    if (act) await act()
    await settle(page)
    await page.screenshot({ path, timeout: 120_000 })
  } finally {
    await page.setViewportSize(before)
    await settle(page)
  }
}

// --- The app's test hooks (window.__gridgov, src/App.svelte), used only through these functions ---
// by every test and by scripts/screenshots.ts (scripts/bench-wall.ts, a measurement, reads the
// map's hook itself).
// Tests act as users do: clicks, keys, typing, visible text. Two things a user has that a test
// lacks need a hook: the database (it lives in the page's PGlite worker, or behind Supabase,
// out of Node's reach) and the map's canvas (a user sees a place and what is drawn; a test
// cannot read pixels back as features).

/** `fn` (self-contained: it is sent as source) runs in the page with the data module (src/lib/api/api.ts). */
function withApi<T, A>(page: Page, fn: (api: any, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__gridgov.api, ${JSON.stringify(arg ?? null)})`) as Promise<T>
}

/**
 * A read-only question to the database, as the oracle a test checks the screen against
 * (`zone_summary` for the figures in the zone panel, `coverage_report` for the coverage list…).
 * Only reading calls here; a write is a user's action, or else `setUpInDb`.
 */
export const askDb = withApi

/**
 * Set-up no user action can do, said at each call: SQL as the database owner (a new layer by
 * data alone), another person's save from a second tab at an exact shape.
 */
export const setUpInDb = withApi

/** `fn` runs in the page with the map owner's test surface (testSurface() in src/lib/map/map-owner.svelte.ts). */
function onMap<T, A>(page: Page, fn: (map: any, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__gridgov.map(), ${JSON.stringify(arg ?? null)})`) as Promise<T>
}

/** Centre the map on a point at a zoom, wait for it to settle, and return the point in page pixels. */
export async function pointOnPage(page: Page, lon: number, lat: number, zoom: number): Promise<{ x: number; y: number }> {
  await jumpTo(page, lon, lat, zoom)
  return whereOnPage(page, lon, lat)
}

/** Where a place is on the page now, in page pixels (a user sees it; a test must be told). */
export async function whereOnPage(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const [x, y] = await onMap(page, (map, [lon, lat]) => map.screenPoint(lon, lat), [lon, lat])
  return { x, y }
}

/** Move the map as a user's pan and zoom would (to an exact place), and wait until it has drawn. */
export async function jumpTo(page: Page, lon: number, lat: number, zoom: number) {
  await onMap(page, async (map, p) => { map.jumpTo(p); await map.settled() }, { lon, lat, zoom })
}

/** Until the map has drawn what changed (idle), or 10 s on a busy machine. */
export function settle(page: Page) {
  return onMap(page, (map) => map.settled())
}

/** Every layer_view call the map's data made so far, in order: which layer, at which zoom bucket, over which box. */
export function viewLoads(page: Page): Promise<{ layer: string; bucket: number; box: [number, number, number, number] }[]> {
  return onMap(page, (map) => map.viewLoads())
}

/** Where the map is: its centre and zoom. */
export function mapPosition(page: Page): Promise<{ lon: number; lat: number; zoom: number }> {
  return onMap(page, (map) => map.position())
}

/** How many features of a catalogue layer are drawn on screen now. */
export function rendered(page: Page, layer: string): Promise<number> {
  return onMap(page, (map, layer) => map.rendered(layer), layer)
}

/**
 * The properties of the features drawn on screen now: a catalogue layer by its id ('issues'),
 * or an overlay's layers by their id prefix ('coverage-overlap-selected', 'import-line', 'leaders-unit').
 */
export function drawnFeatures(page: Page, layer: string): Promise<Record<string, any>[]> {
  return onMap(page, (map, layer) => map.features(layer), layer)
}

/** How many features of the static outline (district-outline.json) are drawn on screen now: 0 once the database's layers replaced it. */
export function outlineDrawn(page: Page): Promise<number> {
  return onMap(page, (map) => map.outline())
}

/** How many items an overlay draws ('editing': 'theirs' | 'history' | 'problem' | 'clip' | 'grid' | 'impact'). */
export function drawn(page: Page, overlay: string, what: string): Promise<number> {
  return onMap(page, (map, [overlay, what]) => map.drawn(overlay, what), [overlay, what])
}

/** The shape in the zone editor, vertex by vertex (null while none is finished). */
export function editorShape(page: Page): Promise<import('geojson').Geometry | null> {
  return onMap(page, (map) => map.editorShape())
}
