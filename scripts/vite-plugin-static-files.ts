// Two files the start needs, made at build time and served by the dev server:
// - `district-outline.json` (./district-outline.ts): the district and its streets, drawn before
//   the database is ready;
// - `postgis.tar.gz` (./postgis-bundle.ts): PostGIS for the embedded database without what the
//   app never loads (raster, topology, the tiger geocoder, upgrade scripts): 7.5 MB instead of
//   the package's 19.7 MB.
import type { Plugin } from 'vite'
import { districtOutline, OUTLINE_FILE } from './district-outline'
import { POSTGIS_BUNDLE_FILE, slimPostgisBundle } from './postgis-bundle'

const FILES: Record<string, { type: string; body: () => Promise<string | Buffer> }> = {
  [OUTLINE_FILE]: { type: 'application/json', body: districtOutline },
  [POSTGIS_BUNDLE_FILE]: { type: 'application/gzip', body: slimPostgisBundle },
}

export function staticStartFiles(): Plugin {
  return {
    name: 'gridgov-static-start-files',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const name = req.url?.split('?')[0].replace(/^\//, '') ?? ''
        const file = FILES[name]
        if (!file) return next()
        try {
          const body = await file.body()
          res.setHeader('Content-Type', file.type)
          res.setHeader('Cache-Control', 'no-cache')
          res.end(body)
        } catch (err) {
          next(err)
        }
      })
    },
    async generateBundle() {
      for (const [fileName, file] of Object.entries(FILES)) this.emitFile({ type: 'asset', fileName, source: await file.body() })
    },
  }
}
