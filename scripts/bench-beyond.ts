// "Beyond one database" (part of `npm run bench`): the figures behind the README's path for a city
// that outgrows one instance — what the issues and their event log cost on disk per issue at ×1,
// ×10 and ×100 (tables and each index, so 10 M issues can be projected), what each index on
// issues costs a write, and what partitioning issues by month does to the month-bounded reads
// the dashboard makes (a month's counts per unit, the last 30 days' issues in a box), measured on
// a partitioned copy of the ×100 issues beside the plain table. The copy lives in a schema of its
// own and is dropped at the end; the city's database is otherwise untouched.
import { percentile, type BenchRow } from './bench-row'
import { benchDatabase } from './bench-server'

type Db = ReturnType<typeof benchDatabase>
const one = async <T>(db: Db, sql: string) => (await db.query<T>(sql)).rows[0]

async function sizes(db: Db) {
  return one<{ issues: number; events: number; issues_heap: number; issues_idx: number; events_heap: number; events_idx: number; database: number }>(db, `
    select (select count(*) from public.issues)::float8 issues, (select count(*) from public.issue_events)::float8 events,
           pg_table_size('public.issues')::float8 issues_heap, pg_indexes_size('public.issues')::float8 issues_idx,
           pg_table_size('public.issue_events')::float8 events_heap, pg_indexes_size('public.issue_events')::float8 events_idx,
           pg_database_size(current_database())::float8 database`)
}

/** ms of `sql`, p50 over rounds, alternating with `other`. */
async function race(db: Db, a: string, b: string, rounds: number) {
  const ta: number[] = [], tb: number[] = []
  await db.query(a); await db.query(b)
  for (let r = 0; r < rounds; r++) {
    for (const [sql, into] of (r % 2 ? [[b, tb], [a, ta]] : [[a, ta], [b, tb]]) as [string, number[]][]) {
      const t0 = performance.now()
      await db.query(sql)
      into.push(performance.now() - t0)
    }
  }
  return [percentile(ta, 50), percentile(tb, 50)]
}

export async function beyondBench(opts: { pgUrl: string; databases: { label: string; database: string }[]; rounds: number }): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const mb = (x: number) => x / 1048576
  for (const { label, database } of opts.databases) {
    const db = benchDatabase(opts.pgUrl, database)
    try {
      const s = await sizes(db)
      const perIssue = (s.issues_heap + s.issues_idx + s.events_heap + s.events_idx) / s.issues
      rows.push({ group: 'beyond', measure: `${label}: ${s.issues.toLocaleString('en')} issues, ${s.events.toLocaleString('en')} events — issues ${mb(s.issues_heap).toFixed(0)} MB + indexes ${mb(s.issues_idx).toFixed(0)} MB, events ${mb(s.events_heap).toFixed(0)} MB + indexes ${mb(s.events_idx).toFixed(0)} MB; database ${mb(s.database).toFixed(0)} MB`,
        value: Math.round(perIssue), unit: 'count', target: 'bytes on disk per issue with its events and indexes' })
    } finally { await db.end() }
  }
  const big = opts.databases.at(-1)!
  const db = benchDatabase(opts.pgUrl, big.database)
  try {
    // each index on issues: its size, and what it adds to a write (10,000 rows into a copy with
    // only that index, beside the copy with none)
    const idx = (await db.query<{ name: string; def: string; bytes: number }>(`
      select c.relname name, pg_get_indexdef(i.indexrelid) def, pg_relation_size(i.indexrelid)::float8 bytes
      from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'public.issues'::regclass order by bytes desc`)).rows
    await db.query('drop schema if exists bench_beyond cascade')
    await db.query('create schema bench_beyond')
    await db.query('create table bench_beyond.sample as select * from public.issues order by id limit 10000')
    const insertMs = async (extra: string | null) => {
      await db.query('drop table if exists bench_beyond.w')
      await db.query('create table bench_beyond.w (like public.issues including defaults)')
      if (extra) await db.query(extra.replace(/ON public\.issues/i, 'ON bench_beyond.w').replace(/INDEX \S+ ON/i, 'INDEX ON'))
      const t0 = performance.now()
      await db.query('insert into bench_beyond.w overriding system value select * from bench_beyond.sample')
      return performance.now() - t0
    }
    const bare = percentile([await insertMs(null), await insertMs(null), await insertMs(null)], 50)
    for (const i of idx) {
      const with_ = percentile([await insertMs(i.def), await insertMs(i.def), await insertMs(i.def)], 50)
      rows.push({ group: 'beyond', measure: `index ${i.name} at ${big.label}: ${mb(i.bytes).toFixed(1)} MB; inserting 10,000 issues with it`, value: with_, unit: 'ms',
        competitor: { name: 'no index', value: bare }, ratio: with_ / bare })
    }
    // issues partitioned by month of reported_at, with the same indexes (local to each month)
    const [{ lo, hi }] = (await db.query<{ lo: string; hi: string }>(`select date_trunc('month', min(reported_at)) lo, date_trunc('month', max(reported_at)) + interval '1 month' hi from public.issues`)).rows
    await db.query(`create table bench_beyond.issues (like public.issues including defaults) partition by range (reported_at)`)
    await db.query(`do $$ declare m timestamptz; begin
      for m in select generate_series(${`'${new Date(lo).toISOString()}'`}::timestamptz, ${`'${new Date(hi).toISOString()}'`}::timestamptz - interval '1 month', interval '1 month') loop
        execute format('create table bench_beyond.%I partition of bench_beyond.issues for values from (%L) to (%L)', 'issues_' || to_char(m, 'YYYYMM'), m, m + interval '1 month');
      end loop; end $$`)
    const t0 = performance.now()
    await db.query('insert into bench_beyond.issues overriding system value select * from public.issues')
    const copyMs = performance.now() - t0
    await db.query('create index on bench_beyond.issues (reported_at); create index on bench_beyond.issues (unit_id, reported_at); create index on bench_beyond.issues using gist (geom); analyze bench_beyond.issues')
    const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int n from pg_inherits where inhparent = 'bench_beyond.issues'::regclass`)).rows
    const month = (t: string) => `select unit_id, count(*), count(*) filter (where closed_at is not null) from ${t}
      where reported_at >= date_trunc('month', now()) - interval '1 month' and reported_at < date_trunc('month', now()) group by unit_id`
    const box = (t: string) => `select count(*) from ${t} i, (select extensions.ST_Expand(extensions.ST_Centroid(geom), 0.01) b from public.districts limit 1) d
      where i.geom operator(extensions.&&) d.b and reported_at >= now() - interval '30 days'`
    const year = (t: string) => `select category, count(*) from ${t} where reported_at >= now() - interval '365 days' group by category`
    for (const [name, q] of [['last month per unit', month], ['last 30 days in a 2 km box', box], ['365 days per category', year]] as const) {
      const [plain, parted] = await race(db, q('public.issues'), q('bench_beyond.issues'), opts.rounds)
      rows.push({ group: 'beyond', measure: `${name}: issues partitioned by month (${n} partitions) at ${big.label}`, value: parted, unit: 'ms',
        competitor: { name: 'one table', value: plain }, ratio: parted / plain })
    }
    rows.push({ group: 'beyond', measure: `copying ${big.label}'s issues into monthly partitions`, value: copyMs / 1000, unit: 's' })
  } finally {
    await db.query('drop schema if exists bench_beyond cascade').catch(() => undefined)
    await db.end()
  }
  return rows
}
