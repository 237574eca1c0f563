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

/**
 * How the dump is made (part of its cache name): 'wal1' = 1 MB WAL segments, a checkpoint and
 * only the segment it needs. Every byte of the data directory is unpacked into the browser's
 * memory, written to IndexedDB on a first start and read back on every later one: with
 * PostgreSQL's 16 MB segments, two of them (one spare) were 33 of its 72 MB.
 */
const FORMAT = 'wal1'

/** A checkpoint, then the WAL segments it no longer needs (spare, recycled ones) deleted. */
async function dropSpareWal(db: PGlite) {
  await db.exec('checkpoint')
  const { rows } = await db.query<{ cur: string; redo: string }>(
    `select pg_walfile_name(pg_current_wal_lsn()) as cur, (select pg_walfile_name(redo_lsn) from pg_control_checkpoint()) as redo`)
  const keep = new Set([rows[0].cur, rows[0].redo])
  const fs = (db as unknown as { Module: { FS: { readdir(p: string): string[]; unlink(p: string): void } } }).Module.FS
  const wal = '/pglite/data/pg_wal'
  for (const f of fs.readdir(wal)) if (/^[0-9A-F]{24}$/.test(f) && !keep.has(f)) fs.unlink(`${wal}/${f}`)
}

const cacheDir = join(root, 'node_modules', '.cache', 'gridgov')

/** The path of the prepared dump for a fixture; builds it when the SQL changed. */
export async function preparedPgliteDump(fixture: Fixture): Promise<string> {
  const file = join(cacheDir, `pglite-${fixture}-${sqlFingerprint(fixture === 'demo')}-${FORMAT}.tar.gz`)
  if (existsSync(file)) return file
  mkdirSync(cacheDir, { recursive: true })
  const db = await PGlite.create({ extensions: { postgis }, relaxedDurability: true, initDbStartParams: ['--wal-segsize=1'] })
  await applyMigrations(db, migrationFiles())
  if (fixture === 'demo') await applySeed(db, seedSql())
  await db.exec('vacuum analyze')
  await dropSpareWal(db)
  const dump = await db.dumpDataDir('gzip')
  await db.close()
  // write then rename: a concurrent reader never sees half a file
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
  renameSync(partial, file)
  return file
}
