// 包保责任区: area zones are contiguous groups of ~12 grids inside a community (grown over
// shared edges, so each zone's union is one polygon), one unit each; a few grids are left in
// no zone (gaps) and a few zones also take a neighbour's grid (overlaps), for the coverage
// report. Road zones are stretches of community borders (the main roads); point zones are
// markets and squares.
import type { Position } from 'geojson'
import type { District } from './district'
import { dist } from './geo'
import { chainEdges, edgeKey, sharedBorders } from './noding'
import { ROADS, chineseNumber, nth } from './names'
import type { Market, Square } from './places'
import type { Rng } from './prng'

export interface Unit { id: number; name: string; kind: string; street?: number }
export interface AreaZone { id: number; unit: number; name: string; grids: number[] }
export interface LineZone { id: number; unit: number; name: string; line: Position[] }
export interface PointZone { id: number; unit: number; name: string; at: Position }
export interface Zones {
  area: AreaZone[]
  road: LineZone[]
  point: PointZone[]
  /** grids left in no area zone (coverage gaps) */
  gaps: number[]
  /** grids that zone `zone` took in addition, though zone `alsoIn` already has them (overlaps) */
  overlaps: { zone: number; grid: number; alsoIn: number }[]
}

type Adjacency = Map<number, Map<number, number>>

/** Grid index → neighbour index → length of their shared border in metres. */
export function gridAdjacency(district: District): Adjacency {
  return sharedBorders(district.grids.map((g) => ({ type: 'Polygon', coordinates: g.polygon.coordinates.map((r) => r.map(district.frame.toMetres)) })))
}

const perimetreM = (district: District, i: number) => {
  const ring = district.grids[i].polygon.coordinates[0].map(district.frame.toMetres)
  return ring.slice(1).reduce((s, p, k) => s + dist(p, ring[k]), 0)
}

export function planZones(rng: Rng, district: District, adjacency: Adjacency, units: Unit[], communityNames: string[],
  places: { markets: Market[]; squares: Square[] }, scale: number): Zones {
  const groups = district.communities.flatMap((c) => growRegions(rng, district, adjacency, c.grids, Math.max(1, Math.round(c.grids.length / 12))))
  const [first, second] = neighbouringPair(district, groups, adjacency)
  const gaps = pickGaps(rng, district, adjacency, groups, [first, second], 4 * scale)
  const overlaps = pickOverlaps(rng, adjacency, groups, [first, second], gaps, 3 * scale)
  const owners = assignUnits(rng, district, groups, units, first, second)
  // Zone 1 is unit 1's and zone 2 unit 2's (they border each other); the rest follow in community order.
  const order = [first, second, ...groups.map((_, i) => i).filter((i) => i !== first && i !== second)]
  const idOf = new Map(order.map((g, k) => [g, k + 1]))
  const area = order.map((g, k): AreaZone => ({ id: k + 1, unit: owners[g], name: zoneName(district, communityNames, groups, g), grids: groups[g] }))
  const road = roadZones(rng, district, units, scale, area.length)
  const point = [...places.markets.filter((m) => m.kind !== 'stall_zone').slice(0, 8 * scale), ...places.squares]
    .map((p, i): PointZone => ({ id: area.length + road.length + i + 1, unit: units[rng.int(0, units.length - 1)].id, name: p.name, at: p.at }))
  return {
    area, road, point, gaps,
    overlaps: overlaps.map((o) => ({ zone: idOf.get(o.group)!, grid: o.grid, alsoIn: idOf.get(o.owner)! })),
  }
}

/**
 * Splits `ids` into `k` compact edge-connected groups: seeds far apart, then the smallest
 * group takes the free neighbour nearest its seed, until every grid has a group.
 */
export function growRegions(rng: Rng, district: District, adjacency: Adjacency, ids: number[], k: number): number[][] {
  const allowed = new Set(ids)
  // each grid's centre in metres once (the seeds' spread and the growth measure them again and again)
  const centres = new Map(ids.map((i) => [i, district.frame.toMetres(district.grids[i].centre)]))
  const centre = (i: number) => centres.get(i)!
  const seeds = [ids[rng.int(0, ids.length - 1)]]
  // each grid's distance to the nearest seed so far, lowered as seeds are added (a minimum is
  // exact, so the same as measuring every seed again); the next seed is the farthest grid
  // (the lowest index on a tie)
  const nearest = new Map(ids.map((i) => [i, dist(centre(seeds[0]), centre(i))]))
  while (seeds.length < k) {
    let far = -1, farD = -Infinity
    for (const i of ids) {
      if (seeds.includes(i)) continue
      const d = nearest.get(i)!
      if (d > farD || (d === farD && i < far)) { far = i; farD = d }
    }
    seeds.push(far)
    for (const i of ids) nearest.set(i, Math.min(nearest.get(i)!, dist(centre(far), centre(i))))
  }
  const owner = new Map(seeds.map((s, g) => [s, g]))
  const groups = seeds.map((s) => [s])
  const frontier = (g: number) => {
    let best: [number, number] | null = null
    for (const i of groups[g]) for (const j of adjacency.get(i)!.keys()) {
      if (!allowed.has(j) || owner.has(j)) continue
      const d = dist(centre(j), centre(seeds[g]))
      if (!best || d < best[1] || (d === best[1] && j < best[0])) best = [j, d]
    }
    return best
  }
  for (;;) {
    // the smallest group with a free neighbour grows (frontiers looked at in that order, only until one has one)
    let next: { g: number; best: [number, number] } | undefined
    for (const { g } of groups.map((grp, g) => ({ g, n: grp.length })).sort((a, b) => a.n - b.n || a.g - b.g)) {
      const best = frontier(g)
      if (best) { next = { g, best }; break }
    }
    if (!next) break
    owner.set(next.best[0], next.g)
    groups[next.g].push(next.best[0])
  }
  if (owner.size !== ids.length) throw new Error('a community whose grids are not edge-connected')
  return groups
}

function isConnected(ids: number[], adjacency: Adjacency): boolean {
  if (ids.length === 0) return false
  const left = new Set(ids)
  const stack = [ids[0]]
  left.delete(ids[0])
  while (stack.length) for (const j of adjacency.get(stack.pop()!)!.keys()) if (left.delete(j)) stack.push(j)
  return left.size === 0
}

/** Two groups in the town with a shared border of 300 m or more: units 1 and 2 (the editing tests move it). */
function neighbouringPair(district: District, groups: number[][], adjacency: Adjacency): [number, number] {
  const groupOf = new Map(groups.flatMap((g, k) => g.map((i) => [i, k] as const)))
  const border = (a: number, b: number) => groups[a].reduce((s, i) => s + [...adjacency.get(i)!].filter(([j]) => groupOf.get(j) === b).reduce((t, [, l]) => t + l, 0), 0)
  const density = (g: number) => district.density(district.grids[groups[g][0]].centre)
  const pairs: [number, number][] = []
  // only groups that touch can share a border: each group's neighbours, from its grids' (the same sums as over every pair)
  for (let a = 0; a < groups.length; a++) {
    if (groups[a].length < 8) continue
    const touching = new Set<number>()
    for (const i of groups[a]) for (const j of adjacency.get(i)!.keys()) { const b = groupOf.get(j); if (b !== undefined && b > a) touching.add(b) }
    for (const b of [...touching].sort((x, y) => x - y)) if (groups[b].length >= 8 && border(a, b) >= 300) pairs.push([a, b])
  }
  if (!pairs.length) throw new Error('no two zones share a border')
  return pairs.sort((x, y) => density(y[0]) + density(y[1]) - density(x[0]) - density(x[1]) || x[0] - y[0] || x[1] - y[1])[0]
}

/** Grids on a border between zones whose own zone stays connected without them. */
function pickGaps(rng: Rng, district: District, adjacency: Adjacency, groups: number[][], keep: number[], n: number): number[] {
  const groupOf = new Map(groups.flatMap((g, k) => g.map((i) => [i, k] as const)))
  const onDistrictEdge = (i: number) => [...adjacency.get(i)!.values()].reduce((a, b) => a + b, 0) < perimetreM(district, i) * 0.999
  const gaps: number[] = []
  const usedGroups = new Set<number>(), perCommunity = new Map<number, number>()
  const maxPerCommunity = Math.ceil(n / district.communities.length)
  const full = (c: number) => (perCommunity.get(c) ?? 0) >= maxPerCommunity
  for (const g of rng.shuffle(groups.map((_, k) => k))) {
    if (gaps.length === n) break
    if (keep.includes(g) || groups[g].length < 8 || usedGroups.has(g)) continue
    const candidates = groups[g].filter((i) => !full(district.grids[i].community) && !onDistrictEdge(i)
      && [...adjacency.get(i)!.keys()].some((j) => groupOf.get(j) !== g && !keep.includes(groupOf.get(j)!))
      && isConnected(groups[g].filter((x) => x !== i), adjacency))
    if (!candidates.length) continue
    const grid = rng.pick(candidates.sort((a, b) => a - b))
    groups[g] = groups[g].filter((x) => x !== grid)
    gaps.push(grid)
    usedGroups.add(g)
    perCommunity.set(district.grids[grid].community, (perCommunity.get(district.grids[grid].community) ?? 0) + 1)
  }
  return gaps.sort((a, b) => a - b)
}

/** A group also takes one grid of a neighbouring group (which keeps it). */
function pickOverlaps(rng: Rng, adjacency: Adjacency, groups: number[][], keep: number[], gaps: number[], n: number) {
  const groupOf = new Map(groups.flatMap((g, k) => g.map((i) => [i, k] as const)))
  const out: { group: number; grid: number; owner: number }[] = []
  const touched = new Set<number>(keep)
  for (const g of rng.shuffle(groups.map((_, k) => k))) {
    if (out.length === n) break
    if (touched.has(g)) continue
    const options = [...new Set(groups[g].flatMap((i) => [...adjacency.get(i)!.keys()]))]
      .filter((j) => groupOf.has(j) && groupOf.get(j) !== g && !touched.has(groupOf.get(j)!) && !gaps.includes(j) && groups[groupOf.get(j)!].length > 1)
      .sort((a, b) => a - b)
    if (!options.length) continue
    const grid = rng.pick(options), owner = groupOf.get(grid)!
    groups[g].push(grid)
    out.push({ group: g, grid, owner })
    touched.add(g).add(owner)
  }
  return out
}

/**
 * Units 1 and 2 get the chosen pair; each street office a zone in its own street; every other
 * unit one zone; the zones left over go to units picked at random (so some own two).
 */
function assignUnits(rng: Rng, district: District, groups: number[][], units: Unit[], first: number, second: number): number[] {
  const owners: number[] = groups.map(() => 0)
  owners[first] = units[0].id
  owners[second] = units[1].id
  const free = () => groups.map((_, g) => g).filter((g) => owners[g] === 0)
  // each street's groups in index order, read per street office (not every group for each of them)
  const byStreet = new Map<number, number[]>()
  groups.forEach((grp, g) => {
    const street = district.grids[grp[0]].street
    const list = byStreet.get(street)
    if (list) list.push(g)
    else byStreet.set(street, [g])
  })
  for (const u of units.slice(2)) {
    if (u.street === undefined) continue
    const inStreet = (byStreet.get(u.street) ?? []).filter((g) => owners[g] === 0)
    if (inStreet.length) owners[rng.pick(inStreet)] = u.id
  }
  const owning = new Set(owners) // a set, not owners.includes for each of 6,000 units at ×100
  const waiting = units.slice(2).filter((u) => !owning.has(u.id))
  const shuffled = rng.shuffle(free())
  shuffled.forEach((g, k) => { if (k < waiting.length) owners[g] = waiting[k].id })
  const seconds = rng.shuffle(units.slice(2))
  free().forEach((g, k) => { owners[g] = seconds[k % seconds.length].id })
  return owners
}

const siblingCache = new WeakMap<number[][], Map<number, { k: number; grp: number[] }[]>>()

/** '兴华社区片区' when the community has one zone, else 东/西/南/北 for two and 一, 二, … for more. */
function zoneName(district: District, communityNames: string[], groups: number[][], g: number): string {
  const community = district.grids[groups[g][0]].community
  if (!siblingCache.has(groups)) {
    const byCommunity = new Map<number, { k: number; grp: number[] }[]>()
    groups.forEach((grp, k) => {
      const c = district.grids[grp[0]].community
      if (!byCommunity.has(c)) byCommunity.set(c, [])
      byCommunity.get(c)!.push({ k, grp })
    })
    siblingCache.set(groups, byCommunity)
  }
  const siblings = siblingCache.get(groups)!.get(community)!
  const name = communityNames[community]
  if (siblings.length === 1) return `${name}片区`
  const centre = (grp: number[]) => district.frame.toMetres(district.grids[grp[Math.floor(grp.length / 2)]].centre)
  if (siblings.length === 2) {
    const [a, b] = siblings.map((s) => centre(s.grp))
    const eastWest = Math.abs(a[0] - b[0]) > Math.abs(a[1] - b[1])
    const mine = siblings[0].k === g ? a : b, other = siblings[0].k === g ? b : a
    return `${name}${eastWest ? (mine[0] > other[0] ? '东' : '西') : mine[1] > other[1] ? '北' : '南'}片区`
  }
  return `${name}第${chineseNumber(siblings.findIndex((s) => s.k === g) + 1)}片区`
}

/**
 * Stretches (≤ 1.5 km at ×1) of the borders between communities — where the main roads run —
 * preferring the busy quarters; named like '龙华路（卜奎大街至中华路）路段'.
 */
function roadZones(rng: Rng, district: District, units: Unit[], scale: number, firstId: number): LineZone[] {
  const owners = new Map<string, number[]>()
  district.grids.forEach((g, i) => {
    const ring = g.polygon.coordinates[0]
    for (let k = 0; k < ring.length - 1; k++) {
      const e = edgeKey(ring[k], ring[k + 1])
      owners.set(e, [...(owners.get(e) ?? []), i])
    }
  })
  const byPair = new Map<string, [Position, Position][]>()
  for (const [e, list] of owners) {
    if (list.length !== 2) continue
    const [ca, cb] = list.map((i) => district.grids[i].community).sort((a, b) => a - b)
    if (ca === cb) continue
    const [a, b] = e.split('|').map((s) => s.split(',').map(Number))
    const edges = byPair.get(`${ca}-${cb}`)
    if (edges) edges.push([a, b])
    else byPair.set(`${ca}-${cb}`, [[a, b]])
  }
  const metres = (line: Position[]) => line.slice(1).reduce((s, p, i) => s + dist(district.frame.toMetres(p), district.frame.toMetres(line[i])), 0)
  const maxM = Math.max(500, 1500 / Math.sqrt(scale)) // shorter stretches when there are more to find
  const stretches = [...byPair.keys()].sort().flatMap((pair) => chainEdges(byPair.get(pair)!).flatMap((chain) => cut(chain, maxM, metres))
    .filter((line) => metres(line) >= maxM / 3).map((line) => ({ pair, line, score: metres(line) * Math.sqrt(district.density(line[Math.floor(line.length / 2)])) })))
    .sort((a, b) => b.score - a.score)
  const perPair = new Map<string, number>()
  const chosen = stretches.filter((s) => {
    const n = perPair.get(s.pair) ?? 0
    if (n >= scale) return false
    perPair.set(s.pair, n + 1)
    return true
  }).slice(0, 12 * scale)
  const used = new Map<string, number>()
  return chosen.map((s, i) => {
    const road = ROADS[i % ROADS.length]
    const [from, to] = rng.shuffle(ROADS.filter((r) => r !== road)).slice(0, 2)
    const base = `${road}（${from}至${to}）路段`
    const n = used.get(base) ?? 0
    used.set(base, n + 1)
    return { id: firstId + i + 1, unit: units[rng.int(0, units.length - 1)].id, name: nth(base, n), line: s.line }
  })
}

/** A polyline cut into consecutive pieces of at most `max` metres (at vertices). */
function cut(line: Position[], max: number, metres: (l: Position[]) => number): Position[][] {
  const out: Position[][] = []
  let cur = [line[0]]
  for (const p of line.slice(1)) {
    if (cur.length >= 2 && metres([...cur, p]) > max) { out.push(cur); cur = [cur[cur.length - 1]] }
    cur.push(p)
  }
  if (cur.length >= 2) out.push(cur)
  return out
}

