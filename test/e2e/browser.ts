// End-to-end harness: serves the built app (dist/) with Vite's preview server and drives
// Debian's Chromium through playwright-core. Any request that leaves this machine fails the
// test: the dashboard must work with no internet.
import { chromium, type Browser, type Page } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
]

export interface App {
  url: string
  browser: Browser
  /** A fresh page (own storage) at `path`, with external requests recorded. */
  open(path?: string, viewport?: { width: number; height: number }): Promise<Page>
  externalRequests: string[]
  close(): Promise<void>
}

export async function startApp(): Promise<App> {
  if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `npx vite build` first (npm test does)')
  const server: PreviewServer = await preview({ root, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' })
  const address = server.httpServer.address()
  const port = typeof address === 'object' && address ? address.port : 4173
  const url = `http://127.0.0.1:${port}`
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const externalRequests: string[] = []
  return {
    url,
    browser,
    externalRequests,
    async open(path = '/', viewport = { width: 1440, height: 900 }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' })
      const page = await context.newPage()
      page.on('request', (r) => {
        const u = new URL(r.url())
        if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) externalRequests.push(r.url())
      })
      page.on('pageerror', (e) => console.error('[page error]', e.message))
      await page.goto(url + path)
      return page
    },
    async close() {
      await browser.close()
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
    },
  }
}

/** Wait until the map has drawn its layers (the app sets data-map-ready on <body>). */
export async function waitForMap(page: Page, timeout = 180_000) {
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout })
}
