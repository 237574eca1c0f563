// Applies supabase/migrations (and the demo seed) to a database we hold directly — PGlite
// in the browser worker, PGlite or PostgreSQL in tests — recording them where the Supabase
// CLI does (supabase_migrations.schema_migrations), so each file runs once and a later
// start applies only what is new. A fresh database gets everything in one transaction
// (setUpFreshDatabase); an existing one gets each new file in its own (applyMigrations).

export interface MigrationFile {
  /** file name, e.g. 20261209000200_tables.sql */
  name: string
  sql: string
}

export interface ExecDatabase {
  exec(sql: string): Promise<unknown>
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
}

const LEDGER = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (version text primary key, name text);`

/** The version of a migration file: the timestamp before the first underscore. */
export function migrationVersion(name: string): string {
  const m = /^(\d+)_/.exec(name)
  if (!m) throw new Error(`migration file name must start with a timestamp: ${name}`)
  return m[1]
}

/**
 * Apply the migrations not yet recorded, in file-name order, each in its own transaction.
 * Returns the names applied. `onStep` reports progress (index, total, name).
 */
export async function applyMigrations(
  db: ExecDatabase,
  files: MigrationFile[],
  onStep?: (done: number, total: number, name: string) => void,
): Promise<string[]> {
  await db.exec(LEDGER)
  const { rows } = await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
  const applied = new Set(rows.map((r) => r.version))
  // As `supabase db push` does: a database that records a migration we do not have was built
  // from other SQL (here: the chain before the migrations were folded by topic); running ours
  // on top would fail half-way. The embedded demo database is reset instead (the start screen
  // offers it).
  const known = new Set(files.map((f) => migrationVersion(f.name)))
  const unknown = [...applied].filter((v) => !known.has(v)).sort()
  if (unknown.length > 0) {
    throw new Error(`migrations_unknown: the database records ${unknown.length} migration(s) these files do not have (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}); it was built from other SQL — reset it`)
  }
  const pending = [...files].sort((a, b) => a.name.localeCompare(b.name)).filter((f) => !applied.has(migrationVersion(f.name)))
  for (const [i, file] of pending.entries()) {
    onStep?.(i, pending.length, file.name)
    await execInTransaction(db, `${file.sql}\n;\nreset search_path;\n${ledgerInsert(file.name)}`)
  }
  onStep?.(pending.length, pending.length, '')
  return pending.map((f) => f.name)
}

/** Whether this database has never been set up (no migration ledger yet). */
export async function isFreshDatabase(db: ExecDatabase): Promise<boolean> {
  const { rows } = await db.query<{ ledger: string | null }>(`select to_regclass('supabase_migrations.schema_migrations')::text as ledger`)
  return rows[0]?.ledger == null
}

/**
 * First start: every migration and the seed in ONE transaction, so a database is either
 * fully set up or untouched (a tab closed half-way leaves nothing to repair), with each file
 * recorded in the ledger. `onStep(done, total, name)` counts the files, the seed last.
 */
export async function setUpFreshDatabase(
  db: ExecDatabase,
  files: MigrationFile[],
  seedSql: string | null,
  onStep?: (done: number, total: number, name: string) => void,
): Promise<string[]> {
  const ordered = [...files].sort((a, b) => a.name.localeCompare(b.name))
  const total = ordered.length + (seedSql ? 1 : 0)
  await db.exec('begin')
  try {
    await db.exec(LEDGER)
    for (const [i, file] of ordered.entries()) {
      onStep?.(i, total, file.name)
      await db.exec(`${file.sql}\n;\nreset search_path;\n${ledgerInsert(file.name)}`)
    }
    if (seedSql) {
      onStep?.(ordered.length, total, 'seed.sql')
      await db.exec(`${seedSql}\n;\nreset search_path;\nanalyze;`)
    }
    await db.exec('commit')
  } catch (err) {
    await db.exec('rollback').catch(() => undefined)
    throw err
  }
  onStep?.(total, total, '')
  return ordered.map((f) => f.name)
}

const ledgerInsert = (name: string) =>
  `insert into supabase_migrations.schema_migrations (version, name) values ('${migrationVersion(name)}', '${name.replace(/'/g, "''")}');`

/** Load the demo seed in one transaction (batched: one fsync, not thousands). */
export async function applySeed(db: ExecDatabase, seedSql: string): Promise<void> {
  await execInTransaction(db, `${seedSql}\n;\nreset search_path;`)
}

/** Run a script all-or-nothing: on any error roll back, so no half-applied file remains. */
async function execInTransaction(db: ExecDatabase, script: string): Promise<void> {
  await db.exec('begin')
  try {
    await db.exec(script)
    await db.exec('commit')
  } catch (err) {
    await db.exec('rollback').catch(() => undefined)
    throw err
  }
}
