// PostGIS for the embedded database, cut to what the app uses. The package's bundle
// (@electric-sql/pglite-postgis, postgis.tar.gz) is 19.7 MB gzipped, 91 MB unpacked into the
// browser's memory on every start: PostGIS, raster and topology (17 MB of WebAssembly each),
// the tiger geocoder, every upgrade script, PROJ's grids. The app needs PostGIS itself, its
// install script (a first start without the prepared database runs `create extension postgis`)
// and PROJ's database (ST_Transform between 4326 and 3857 answers no row without it):
// 7.5 MB gzipped, 34 MB unpacked. The worker points the extension at this file instead
// (src/lib/db/pglite.worker.ts); test/unit/postgis-bundle.test.ts checks the list against the package.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { root } from './sql-files'

export const POSTGIS_BUNDLE_FILE = 'postgis.tar.gz'
const cacheDir = join(root, 'node_modules', '.cache', 'gridgov')

/** The package's bundle. */
export function packagePostgisBundle(): string {
  const entry = createRequire(join(root, 'package.json')).resolve('@electric-sql/pglite-postgis')
  return join(dirname(entry), 'postgis.tar.gz')
}

/** The files kept, given the package's control file (its default_version names the install script). */
export function keptFiles(control: string): string[] {
  const version = /default_version\s*=\s*'([^']+)'/.exec(control)?.[1]
  if (!version) throw new Error('postgis.control names no default_version')
  return [
    'lib/postgresql/postgis-3.so',
    'share/postgresql/extension/postgis.control',
    `share/postgresql/extension/postgis--${version}.sql`,
    'share/proj/proj.db',
  ]
}

interface Entry { name: string; header: Buffer; body: Buffer }

/** The entries of a plain (ustar/GNU) tar. */
export function tarEntries(tar: Buffer): Entry[] {
  const out: Entry[] = []
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512)
    if (header.every((b) => b === 0)) break
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '')
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '')
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8)
    const padded = Math.ceil(size / 512) * 512
    out.push({ name: prefix ? `${prefix}/${name}` : name, header, body: tar.subarray(at + 512, at + 512 + padded) })
    at += 512 + padded
  }
  return out
}

/** The slim bundle's bytes (gzip of a tar of the kept files); cached per package bundle. */
export async function slimPostgisBundle(): Promise<Buffer> {
  const source = packagePostgisBundle()
  const gz = readFileSync(source)
  const file = join(cacheDir, `postgis-slim-${gz.length}.tar.gz`)
  if (existsSync(file)) return readFileSync(file)
  const entries = tarEntries(gunzipSync(gz))
  const control = entries.find((e) => e.name === 'share/postgresql/extension/postgis.control')
  if (!control) throw new Error(`${source} has no postgis.control`)
  const keep = keptFiles(control.body.toString('utf8'))
  const kept = entries.filter((e) => keep.includes(e.name))
  const missing = keep.filter((k) => !kept.some((e) => e.name === k))
  if (missing.length) throw new Error(`${source} lacks ${missing.join(', ')}`)
  const slim = gzipSync(Buffer.concat([...kept.flatMap((e) => [e.header, e.body]), Buffer.alloc(1024)]), { level: 9 })
  mkdirSync(cacheDir, { recursive: true })
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, slim)
  renameSync(partial, file)
  return slim
}
