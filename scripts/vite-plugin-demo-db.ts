// Ships the prepared demo database with the app as `demo-db.tar.gz` (served by the dev
// server, emitted into dist/ by a build). The database worker loads it on a first start, so
// the embedded dashboard is ready in seconds instead of running every migration and the
// seed in WebAssembly. The dump is rebuilt whenever the SQL changes (scripts/prepared-db.ts).
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'
import { preparedPgliteDump } from './prepared-db'

export const DEMO_DB_FILE = 'demo-db.tar.gz'

export function demoDatabase(): Plugin {
  return {
    name: 'gridgov-demo-db',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        if (req.url?.split('?')[0] !== `/${DEMO_DB_FILE}`) return next()
        try {
          const body = readFileSync(await preparedPgliteDump('demo'))
          res.setHeader('Content-Type', 'application/gzip')
          res.setHeader('Cache-Control', 'no-cache')
          res.end(body)
        } catch (err) {
          next(err)
        }
      })
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: DEMO_DB_FILE, source: readFileSync(await preparedPgliteDump('demo')) })
    },
  }
}
