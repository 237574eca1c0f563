// Runs supabase/tests/*.test.sql — the pgTAP files `supabase test db` runs — on PGlite and
// on PostgreSQL, and fails on any "not ok" or a plan that was not met.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { root } from '../helpers/sql-files'

const dir = join(root, 'supabase', 'tests')
const files = readdirSync(dir).filter((f) => f.endsWith('.test.sql')).sort()

describe.each(testBackends())('pgTAP files on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'demo') })
  afterAll(() => db?.close())

  it.each(files)('%s passes', async (file) => {
    const sql = readFileSync(join(dir, file), 'utf8')
    // One statement per call so every TAP line comes back.
    const lines: string[] = []
    for (const statement of splitStatements(sql)) {
      for (const row of await db.sql(statement)) lines.push(...Object.values(row).map(String))
    }
    const tap = lines.filter((l) => /^(not )?ok \d+|^1\.\.\d+|^# /.test(l))
    const failures = tap.filter((l) => l.startsWith('not ok') || /Looks like/.test(l))
    expect(failures, tap.join('\n')).toEqual([])
    expect(tap.some((l) => /^1\.\.\d+$/.test(l))).toBe(true)
    expect(tap.filter((l) => l.startsWith('ok ')).length).toBe(Number(tap.find((l) => /^1\.\./.test(l))!.slice(3)))
  })
})

/** Split on semicolons at line ends outside dollar quotes — enough for our test files. */
function splitStatements(sql: string): string[] {
  const out: string[] = []
  let current = '', inDollar = false
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && !inDollar) continue
    current += line + '\n'
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar
    if (!inDollar && /;\s*$/.test(line)) { out.push(current.trim()); current = '' }
  }
  if (current.trim()) out.push(current.trim())
  return out
}
