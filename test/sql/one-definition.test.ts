// Every table and every SQL function is defined once across supabase/migrations, so a reader
// finds the code that runs in one place (its topic file). The one exception is the README's
// rule for changing a function once a production database exists ("The SQL"): a later
// migration replaces the function whole with `create or replace function`, and the earlier
// definition carries `-- REPLACED by <that file>` right above it. This test enforces the rule
// on the files and checks the files against a migrated database, so a definition the parser
// cannot see (dynamic SQL, a rename) fails too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { migrationFiles } from '../helpers/sql-files'

interface SqlFile { name: string; sql: string }
interface Definition { kind: 'function' | 'table'; name: string; file: string; line: number; orReplace: boolean; replacedBy: string | null }

const DEFINITION = /^[ \t]*create[ \t]+(or[ \t]+replace[ \t]+)?(function|table)[ \t]+(?:if[ \t]+not[ \t]+exists[ \t]+)?((?:"?\w+"?\.)?"?\w+"?)[ \t]*\(/gim
const MARKER = /^--[ \t]*REPLACED by[ \t]+(\S+\.sql)\b/
const COMMENT_LINE = /^[ \t]*(--|\/\*\*|\*|\*\/)/

/** Every `create [or replace] function|table [schema.]name(` in the files, in applying order. */
function definitions(files: SqlFile[]): Definition[] {
  const out: Definition[] = []
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const lines = f.sql.split('\n')
    for (const m of f.sql.matchAll(DEFINITION)) {
      const line = f.sql.slice(0, m.index).split('\n').length - 1
      // the comment block directly above the definition may carry the marker
      let replacedBy: string | null = null
      for (let i = line - 1; i >= 0 && COMMENT_LINE.test(lines[i]); i--) {
        const marker = MARKER.exec(lines[i].trim())
        if (marker) { replacedBy = marker[1]; break }
      }
      const raw = m[3].replace(/"/g, '').toLowerCase()
      out.push({
        kind: m[2].toLowerCase() as Definition['kind'], name: raw.includes('.') ? raw : `public.${raw}`,
        file: f.name, line: line + 1, orReplace: !!m[1], replacedBy,
      })
    }
  }
  return out
}

/** What breaks the rule, in words; [] when every table and function is defined once (or replaced by the rule). */
function definitionProblems(files: SqlFile[]): string[] {
  const problems: string[] = []
  const byName = new Map<string, Definition[]>()
  for (const d of definitions(files)) byName.set(`${d.kind} ${d.name}`, [...(byName.get(`${d.kind} ${d.name}`) ?? []), d])
  const at = (d: Definition) => `${d.file}:${d.line}`
  for (const [key, defs] of byName) {
    const [first, ...later] = defs
    if (first.kind === 'table') {
      for (const d of later) problems.push(`${key} is created again at ${at(d)} (first at ${at(first)}): change a table with alter table`)
      continue
    }
    if (first.orReplace) problems.push(`${key} is first defined with "create or replace" at ${at(first)}: a new function is "create function"`)
    defs.forEach((d, i) => {
      const next = defs[i + 1]
      if (!next) {
        if (d.replacedBy) problems.push(`${key} at ${at(d)} is marked REPLACED by ${d.replacedBy}, but no later definition exists`)
        return
      }
      if (!d.replacedBy) problems.push(`${key} is defined again at ${at(next)} (before: ${at(d)}): mark the earlier one "-- REPLACED by ${next.file}"`)
      else if (d.replacedBy !== next.file) problems.push(`${key} at ${at(d)} says REPLACED by ${d.replacedBy}, but the next definition is in ${next.file}`)
      if (next.file === d.file) problems.push(`${key} is defined twice in ${d.file} (${at(d)}, ${at(next)})`)
      if (!next.orReplace) problems.push(`${key} at ${at(next)} replaces a function: use "create or replace function"`)
    })
  }
  return problems
}

const files = migrationFiles()

describe('one definition each, in the migration files', () => {
  it('finds the definitions of the functions the app calls, each in its topic file', () => {
    const defs = definitions(files)
    const fileOf = (name: string) => defs.find((d) => d.name === `public.${name}`)?.file
    expect(defs.length).toBeGreaterThan(90)
    expect(fileOf('zone_problems')).toMatch(/_zone_validation\.sql$/)
    expect(fileOf('unit_ranking')).toMatch(/_ranking\.sql$/)
    expect(fileOf('save_zone')).toMatch(/_zone_editing\.sql$/)
    expect(fileOf('zone_limits')).toBeDefined()
    expect(defs.find((d) => d.kind === 'table' && d.name === 'public.zones')?.file).toMatch(/_tables\.sql$/)
  })

  it('defines every table and every function once', () => {
    expect(definitionProblems(files)).toEqual([])
  })

  // The checker itself, on the real files plus one more: it must catch a second definition.
  const zoneProblems = files.find((f) => /_zone_validation\.sql$/.test(f.name))!
  const copy = /create function public\.zone_problems\([^]*?\nend \$\$;/.exec(zoneProblems.sql)![0]
  const later = '20991231000100_zone_problems_change.sql'
  const withMarker = (replacedBy: string) => ({ ...zoneProblems, sql: zoneProblems.sql.replace('create function public.zone_problems(', `-- REPLACED by ${replacedBy}\ncreate function public.zone_problems(`) })
  const others = files.filter((f) => f !== zoneProblems)

  it('refuses a second definition of a function that does not follow the rule', () => {
    const again = [...files, { name: later, sql: copy.replace('create function', 'create or replace function') }]
    expect(definitionProblems(again)).toEqual([expect.stringContaining(`function public.zone_problems is defined again at ${later}`)])
    const sameFile = [...others, { ...zoneProblems, sql: `${zoneProblems.sql}\n${copy}\n` }]
    expect(definitionProblems(sameFile).join('\n')).toMatch(/defined again[^]*defined twice in .*_zone_validation\.sql[^]*use "create or replace function"/)
  })

  it('accepts a replacement made by the rule, and nothing short of it', () => {
    const replacement = { name: later, sql: copy.replace('create function', 'create or replace function') }
    expect(definitionProblems([...others, withMarker(later), replacement])).toEqual([])
    expect(definitionProblems([...others, withMarker('20991231000200_elsewhere.sql'), replacement]))
      .toEqual([expect.stringContaining('says REPLACED by 20991231000200_elsewhere.sql, but the next definition is in ' + later)])
    expect(definitionProblems([...others, withMarker(later), { name: later, sql: copy }]))
      .toEqual([expect.stringContaining('use "create or replace function"')])
    expect(definitionProblems([...others, withMarker(later)]))
      .toEqual([expect.stringContaining('no later definition exists')])
  })

  it('refuses a table created twice', () => {
    const again = [...files, { name: later, sql: 'create table if not exists public.zones (id bigint);' }]
    expect(definitionProblems(again)).toEqual([expect.stringContaining(`table public.zones is created again at ${later}:1`)])
  })
})

describe.each(testBackends())('one definition each, in the migrated database on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => { db = await openTestDb(kind, 'empty') })
  afterAll(() => db?.close())

  // the live definition of each name (the last one, where the rule replaced it)
  const parsed = (k: Definition['kind']) => [...new Set(definitions(files).filter((d) => d.kind === k && d.name.startsWith('public.')).map((d) => d.name.slice(7)))].sort()

  it('has exactly the functions the files define, none under two signatures', async () => {
    const rows = await db.sql<{ name: string; n: number }>(`
      select p.proname as name, count(*)::int as n from pg_proc p
      where p.pronamespace = 'public'::regnamespace group by p.proname`)
    expect(rows.map((r) => r.name).sort()).toEqual(parsed('function'))
    expect(rows.filter((r) => r.n > 1)).toEqual([])
  })

  it('has exactly the tables the files define', async () => {
    const rows = await db.sql<{ name: string }>(`
      select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')`)
    expect(rows.map((r) => r.name).sort()).toEqual(parsed('table'))
  })
})
