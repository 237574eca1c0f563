// issue_hotspots on constructed cases with known answers: a planted cluster is hot and a
// uniform spread is not; issues in 10 distinct weeks at one place recur, 10 issues on one
// day do not; a hot or recurring cell names the grid, community and street it lies in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, testBackends, type TestDb } from '../helpers/db'
import { boxWkt, buildSmallWorld } from '../helpers/small-world'

const CLUSTER = [124.03, 47.31]
const RECURRING = [124.008, 47.326]
const BURST = [124.032, 47.326]

describe.each(testBackends())('issue_hotspots on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind, 'empty')
    await buildSmallWorld(db)
    await db.sql(`
      set search_path = public, extensions;
      insert into issue_categories values ('litter', '垃圾堆放', 'Litter', 24), ('street_stall', '占道经营', 'Street stalls', 24) on conflict do nothing; -- in the catalogue already
      -- a uniform background: one issue on a 0.004° lattice over the district (about one per cell)
      insert into issues (code, category, description, geom, reported_at, status)
      select 'U' || x || '-' || y, 'litter', '背景', ST_SetSRID(ST_MakePoint(124.002 + x * 0.004, 47.302 + y * 0.004), 4326),
             now() - interval '20 days', 'registered'
      from generate_series(0, 9) x, generate_series(0, 6) y;
      -- a planted cluster of 25 issues within ~40 m
      insert into issues (code, category, description, geom, reported_at, status)
      select 'C' || k, 'litter', '聚集', ST_SetSRID(ST_MakePoint(${CLUSTER[0]} + (k % 5) * 0.0001, ${CLUSTER[1]} + (k / 5) * 0.0001), 4326),
             now() - make_interval(days => k), 'registered'
      from generate_series(0, 24) k;
      -- the same category at one place in 10 distinct weeks
      insert into issues (code, category, description, geom, reported_at, status)
      select 'R' || w, 'street_stall', '反复', ST_SetSRID(ST_MakePoint(${RECURRING[0]}, ${RECURRING[1]}), 4326),
             date_trunc('week', now()) - make_interval(weeks => w) + interval '2 days', 'registered'
      from generate_series(1, 10) w;
      -- 10 issues at one place on a single day
      insert into issues (code, category, description, geom, reported_at, status)
      select 'B' || h, 'street_stall', '突发', ST_SetSRID(ST_MakePoint(${BURST[0]}, ${BURST[1]}), 4326),
             date_trunc('day', now()) - interval '3 days' + make_interval(hours => h), 'registered'
      from generate_series(1, 10) h;
      reset search_path;`)
  })
  afterAll(() => db?.close())

  const cellAt = (fc: any, [lon, lat]: number[]) => {
    // the cell whose centre is nearest the point (cells are ~300 m; the points sit well inside)
    return fc.features.reduce((best: any, f: any) => {
      const d = Math.hypot((f.properties.lon - lon) * 0.68, f.properties.lat - lat)
      return !best || d < best.d ? { f, d } : best
    }, null).f
  }

  it('marks the planted cluster hot and the uniform background not', async () => {
    const r = await db.rpc('issue_hotspots', { filters: { category: ['litter'] } })
    const cells = r.cells
    const cluster = cellAt(cells, CLUSTER)
    expect(cluster.properties.count).toBeGreaterThanOrEqual(25)
    expect(cluster.properties.hot).toBe(true)
    expect(cluster.properties.z).toBeGreaterThan(1.96)
    const far = cells.features.filter((f: any) => Math.hypot((f.properties.lon - CLUSTER[0]) * 0.68, f.properties.lat - CLUSTER[1]) > 0.01)
    expect(far.length).toBeGreaterThan(20)
    expect(far.filter((f: any) => f.properties.hot)).toEqual([])
    // the list is ranked: hot cells first, hottest on top
    expect(cells.features[0].properties.cell).toBe(cluster.properties.cell)
  })

  it('calls ten distinct weeks at one place recurring, and ten issues on one day not', async () => {
    const r = await db.rpc('issue_hotspots', { filters: { category: ['street_stall'] }, recurring_weeks: 6 })
    const recurring = cellAt(r.cells, RECURRING)
    const burst = cellAt(r.cells, BURST)
    expect(recurring.properties.count).toBe(10)
    expect(recurring.properties.recurring).toBe(true)
    expect(recurring.properties.recurring_categories[0]).toMatchObject({ category: 'street_stall', weeks: 10, name_zh: '占道经营' })
    expect(burst.properties.count).toBe(10)
    expect(burst.properties.recurring).toBe(false)
  })

  it('honours the time window of the filters', async () => {
    const r = await db.rpc('issue_hotspots', { filters: { category: ['street_stall'], days: 7 } })
    const total = r.cells.features.reduce((s: number, f: any) => s + f.properties.count, 0)
    const [{ n }] = await db.sql(`select count(*)::int n from public.issues where category = 'street_stall' and reported_at >= now() - interval '7 days'`)
    expect(total).toBe(n)
    expect(cellAt(r.cells, RECURRING)?.properties.recurring ?? false).toBe(false)
  })

  it('names the street, community and grid of each hot and recurring cell: where its centre lies, else where most of its issues lie', async () => {
    // two streets (west and east of 124.02), a community each, the west one in two grids (south and north of 47.315)
    const poly = (b: number[]) => `extensions.ST_Multi(extensions.ST_GeomFromText('${boxWkt(b)}', 4326))`
    await db.sql(`
      insert into public.streets values ('230299001', '230299', '西街道', ${poly([124.0, 47.3, 124.02, 47.33])}),
                                        ('230299002', '230299', '东街道', ${poly([124.02, 47.3, 124.04, 47.33])});
      insert into public.communities values ('230299001001', '230299001', '西社区', ${poly([124.0, 47.3, 124.02, 47.33])}),
                                            ('230299002001', '230299002', '东社区', ${poly([124.02, 47.3, 124.04, 47.33])});
      insert into public.grids (code, community_code, name, geom) values
        ('230299001001001', '230299001001', '西南网格', ${poly([124.0, 47.3, 124.02, 47.315])}),
        ('230299001001002', '230299001001', '西北网格', ${poly([124.0, 47.315, 124.02, 47.33])}),
        ('230299002001001', '230299002001', '东网格', ${poly([124.02, 47.3, 124.04, 47.33])});`)
    const place = (f: any) => [f.properties.street_code, f.properties.street_name, f.properties.community_code, f.properties.community_name,
      f.properties.grid_code, f.properties.grid_name, f.properties.place_by]
    const stalls = (await db.rpc('issue_hotspots', { filters: { category: ['street_stall'] } })).cells
    expect(cellAt(stalls, RECURRING).properties.recurring).toBe(true)
    expect(place(cellAt(stalls, RECURRING))).toEqual(['230299001', '西街道', '230299001001', '西社区', '230299001001002', '西北网格', 'centre'])
    const litter = (await db.rpc('issue_hotspots', { filters: { category: ['litter'] } })).cells
    const cluster = cellAt(litter, CLUSTER)
    expect(cluster.properties.hot).toBe(true)
    expect(place(cluster)).toEqual(['230299002', '东街道', '230299002001', '东社区', '230299002001001', '东网格', 'centre'])
    // every cell the hotspot list shows says where it is; a plain cell (neither) is not looked up
    for (const f of [...stalls.features, ...litter.features]) {
      if (f.properties.hot || f.properties.recurring) expect(f.properties.grid_name, f.properties.cell).toEqual(expect.any(String))
      else expect(f.properties.grid_code).toBeNull()
    }
    // the cluster's centre in no grid (a hole of ~10 m around it): the grid most of its 25 issues lie in answers
    await db.sql(`update public.grids set geom = extensions.ST_Multi(extensions.ST_Difference(geom,
      extensions.ST_Buffer(extensions.ST_SetSRID(extensions.ST_MakePoint($1, $2), 4326), 0.0001))) where code = '230299002001001'`,
      [cluster.properties.lon, cluster.properties.lat])
    const again = cellAt((await db.rpc('issue_hotspots', { filters: { category: ['litter'] } })).cells, CLUSTER)
    expect(again.properties.cell).toBe(cluster.properties.cell)
    expect(place(again)).toEqual(['230299002', '东街道', '230299002001', '东社区', '230299002001001', '东网格', 'issues'])
  })

  it('keeps each issue\'s 300 m cell on the issue as the binning computes it, and follows a changed district (issue 14)', async () => {
    const differ = `select count(*)::int n from public.issues i, public.hotspot_grid g,
      lateral public.hex_cell(6378137 * radians(extensions.ST_X(i.geom)), 6378137 * ln(tan(pi() / 4 + radians(extensions.ST_Y(i.geom)) / 2)), g.cell_radius) h
      where g.cell_m = 300 and (i.cell_q, i.cell_r) is distinct from (h.q, h.r)`
    const [{ n: issues }] = await db.sql(`select count(*)::int n from public.issues where cell_q is not null`)
    expect(issues).toBeGreaterThan(100)
    expect((await db.sql(differ))[0].n).toBe(0)
    const before = await db.rpc('issue_hotspots', { filters: { days: 365 } })
    // the district grows by a strip to the south: another grid, another radius, every cell recomputed
    await db.sql(`update public.districts set geom = extensions.ST_Multi(extensions.ST_MakeEnvelope(124.0, 47.29, 124.04, 47.33, 4326)) where code = '230299'`)
    const [{ radius }] = await db.sql(`select cell_radius radius from public.hotspot_grid`)
    expect((await db.sql(differ))[0].n).toBe(0)
    const after = await db.rpc('issue_hotspots', { filters: { days: 365 } })
    expect(after.cells_total).toBeGreaterThan(before.cells_total)
    expect(after.issues_total).toBe(before.issues_total)
    expect(radius).toBeGreaterThan(0)
  })
})
