// A prepared database: a gzipped PGlite data directory with the migrations (and, for 'demo',
// the seed) already applied, built once per version of the SQL and cached on disk. Tests
// clone it instead of migrating per file, and the app ships it so a first start in the
// browser loads a ready database (seconds) instead of running every migration and the seed
// in WebAssembly (most of a minute).
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyMigrations, applySeed } from '../src/lib/db/apply-migrations'
import { migrationFiles, root, seedSql, sqlFingerprint } from './sql-files'

export type Fixture = 'empty' | 'demo'

const cacheDir = join(root, 'node_modules', '.cache', 'gridgov')

/** The path of the prepared dump for a fixture; builds it when the SQL changed. */
export async function preparedPgliteDump(fixture: Fixture): Promise<string> {
  const file = join(cacheDir, `pglite-${fixture}-${sqlFingerprint(fixture === 'demo')}.tar.gz`)
  if (existsSync(file)) return file
  mkdirSync(cacheDir, { recursive: true })
  const db = await PGlite.create({ extensions: { postgis }, relaxedDurability: true })
  await applyMigrations(db, migrationFiles())
  if (fixture === 'demo') await applySeed(db, seedSql())
  await db.exec('vacuum analyze')
  const dump = await db.dumpDataDir('gzip')
  await db.close()
  // write then rename: a concurrent reader never sees half a file
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
  renameSync(partial, file)
  return file
}
