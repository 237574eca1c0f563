// Precompressed copies of the build's compressible files (`x.wasm.br`, `x.wasm.gz` beside
// `x.wasm`), so the ~16 MB of PGlite's engine and data files and the app's scripts cross the
// network at a fraction of their size without a server compressing them on every request: any
// static host serves them (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`, most CDNs),
// and `vite preview` here does (the middleware below). Files that are already compressed
// (`demo-db.tar.gz`, PostGIS's `.tar.gz`) and small ones are left alone.
import { createReadStream, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin, ResolvedConfig } from 'vite'

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.wasm', '.data', '.txt'])
const TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.html': 'text/html',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.txt': 'text/plain',
}
const MIN_BYTES = 1024

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]))
}

/** Write `.br` and `.gz` beside every compressible file of `dir` worth it; returns bytes before and after (brotli). */
export function precompressDir(dir: string): { files: number; before: number; brotli: number } {
  let before = 0, brotli = 0, count = 0
  for (const file of files(dir)) {
    if (!COMPRESSIBLE.has(extname(file))) continue
    const body = readFileSync(file)
    if (body.length < MIN_BYTES) continue
    // brotli quality 9: within a few % of 11 on these files at a fraction of the build time
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    const gz = gzipSync(body, { level: 9 })
    if (br.length >= body.length * 0.95) continue
    writeFileSync(`${file}.br`, br)
    writeFileSync(`${file}.gz`, gz)
    before += body.length; brotli += br.length; count++
  }
  return { files: count, before, brotli }
}

export function precompress(): Plugin {
  let config: ResolvedConfig
  return {
    name: 'gridgov-precompress',
    configResolved(c) { config = c },
    closeBundle() {
      if (config.command !== 'build') return
      const out = join(config.root, config.build.outDir)
      const r = precompressDir(out)
      config.logger.info(`precompressed ${r.files} files: ${(r.before / 1048576).toFixed(1)} MB → ${(r.brotli / 1048576).toFixed(1)} MB (brotli)`)
    },
    // `vite preview`: a request that accepts br (or gzip) for a file that has the precompressed
    // copy gets that copy with the original type; everything else goes to Vite's static server.
    configurePreviewServer(server) {
      const out = join(server.config.root, server.config.build.outDir)
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '/').split('?')[0])
        const type = TYPES[extname(path)]
        if (!type || (req.method !== 'GET' && req.method !== 'HEAD')) return next()
        const file = normalize(join(out, path))
        if (!file.startsWith(out + sep)) return next()
        const accepts = String(req.headers['accept-encoding'] ?? '')
        const pick = [['br', '.br'], ['gzip', '.gz']].find(([enc, ext]) => accepts.includes(enc) && existsSync(file + ext))
        if (!pick) return next()
        const copy = file + pick[1]
        res.setHeader('Content-Type', type)
        res.setHeader('Content-Encoding', pick[0])
        res.setHeader('Content-Length', statSync(copy).size)
        res.setHeader('Vary', 'Accept-Encoding')
        // hashed asset names never change content; index.html and the like are checked each time
        res.setHeader('Cache-Control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
        if (req.method === 'HEAD') return res.end()
        createReadStream(copy).pipe(res)
      })
    },
  }
}
