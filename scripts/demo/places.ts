// Where things are: markets and squares by the roads of the busy quarters, parking lots,
// and the renovated old compounds (small rotated rectangles) in the old town.
import type { Polygon, Position } from 'geojson'
import type { District } from './district'
import { BoxIndex, cleanRing, dist, pointInPolygon, polygonArea, polygonWithinOf, type Frame } from './geo'
import { FARMERS_MARKETS, LANDMARKS, MORNING_MARKETS, NIGHT_MARKETS, OLD_COMPOUNDS, ROADS, SQUARES, chineseNumber, nth } from './names'
import { weightTable, type Rng, type WeightTable } from './prng'

export type MarketKind = 'farmers' | 'morning' | 'night' | 'stall_zone'
export interface Market { name: string; kind: MarketKind; stalls: number; hours: string; at: Position }
export interface Square { name: string; at: Position }
export interface Parking { name: string; kind: 'public' | 'compound' | 'roadside'; capacity: number; newSpaces: number; at: Position }
export interface Compound { name: string; project: string; phase: number; year: number; buildings: number; households: number; polygon: Polygon }

/**
 * A point a few metres inside a grid, beside one of its edges (the edges are the roads),
 * in a grid drawn with probability ∝ density^`power` × area; at least `spacing` m from `taken`.
 */
export function roadsidePoint(rng: Rng, district: District, taken: Position[], spacing: number, power = 2): Position {
  const { frame } = district
  const weights = gridWeights(district, power)
  const nearby = takenIndex(district, taken)
  for (let attempt = 0; ; attempt++) {
    const grid = district.grids[rng.weightedIn(weights)]
    const ring = grid.polygon.coordinates[0].map(frame.toMetres)
    const lengths = ring.slice(1).map((p, i) => dist(p, ring[i]))
    const e = rng.weighted(lengths)
    if (lengths[e] < 30) continue
    const [a, b] = [ring[e], ring[e + 1]]
    const t = rng.uniform(0.2, 0.8), off = rng.uniform(6, 14)
    // outer rings run counter-clockwise, so the inside is on the left of each edge
    const nx = -(b[1] - a[1]) / lengths[e], ny = (b[0] - a[0]) / lengths[e]
    const p = frame.toLonLat([a[0] + t * (b[0] - a[0]) + off * nx, a[1] + t * (b[1] - a[1]) + off * ny])
    // no closer than `spacing` to what is taken; after 500 attempts half that, and half again every 500 more (a full
    // district must still take the next one)
    const need = attempt > 500 ? spacing / 2 ** Math.ceil((attempt - 500) / 500) : spacing
    const pm = frame.toMetres(p)
    let far = true
    nearby.each([pm[0] - need, pm[1] - need, pm[0] + need, pm[1] + need], (q) => { if (far && dist(q, pm) < need) far = false })
    if (far && pointInPolygon(p, grid.polygon)) return p
  }
}

/**
 * The taken points in metres, in a box index kept up to date as callers push to `taken` (they
 * only append): the spacing test looks at the neighbours, not at every point taken.
 */
const takenIndexes = new WeakMap<Position[], { index: BoxIndex<Position>; count: number }>()
function takenIndex(district: District, taken: Position[]): BoxIndex<Position> {
  let entry = takenIndexes.get(taken)
  if (!entry) takenIndexes.set(taken, (entry = { index: new BoxIndex<Position>(100), count: 0 }))
  for (; entry.count < taken.length; entry.count++) {
    const q = district.frame.toMetres(taken[entry.count])
    entry.index.insert([q[0], q[1], q[0], q[1]], q)
  }
  return entry.index
}

/**
 * How much closer together the markets, squares and lots stand at a scale: the district does
 * not grow, so ×N of them cannot keep ×1's spacing (at ×100 the markets alone would need more
 * room than there is). 1 up to ×9, √N/3 beyond (×100: a third of ×1's spacing).
 */
const crowding = (scale: number) => Math.max(1, Math.sqrt(scale) / 3)

const weightCache = new WeakMap<District, Map<number, WeightTable>>()
/** Each grid's weight: density^power × area (computed once per district and power). */
function gridWeights(district: District, power: number): WeightTable {
  if (!weightCache.has(district)) weightCache.set(district, new Map())
  const byPower = weightCache.get(district)!
  if (!byPower.has(power)) byPower.set(power, weightTable(district.grids.map((g) => district.density(g.centre) ** power * polygonArea(g.polygon))))
  return byPower.get(power)!
}

/** `n` integers in [min, max] summing to `total`. */
export function spread(rng: Rng, total: number, n: number, min: number, max: number): number[] {
  return spreadCapped(rng, total, Array(n).fill(max), min)
}

/** Integers summing to `total`, each at least `min` and at most its cap. */
function spreadCapped(rng: Rng, total: number, caps: number[], min: number): number[] {
  if (caps.length * min > total || caps.reduce((a, b) => a + b, 0) < total) throw new Error(`cannot spread ${total} over ${caps.length} shares`)
  const out = caps.map(() => min)
  const weights = weightTable(caps.map(() => rng.uniform(0.2, 1.8))) // uneven shares look real
  for (let left = total - caps.length * min; left > 0;) {
    const i = rng.weightedIn(weights)
    if (out[i] < caps[i]) { out[i]++; left-- }
  }
  return out
}

export function placeMarkets(rng: Rng, district: District, scale: number): Market[] {
  const taken: Position[] = []
  const at = () => { const p = roadsidePoint(rng, district, taken, 250 / crowding(scale)); taken.push(p); return p }
  const named = (names: string[], i: number) => nth(names[i % names.length], Math.floor(i / names.length))
  const stalls = spread(rng, 1233 * scale, 26 * scale, 15, 90)
  return [
    ...Array.from({ length: 6 * scale }, (_, i): Market => ({ name: named(FARMERS_MARKETS, i), kind: 'farmers', stalls: rng.int(80, 260), hours: '05:30-18:00', at: at() })),
    ...Array.from({ length: 3 * scale }, (_, i): Market => ({ name: named(MORNING_MARKETS, i), kind: 'morning', stalls: rng.int(150, 400), hours: '04:30-08:00', at: at() })),
    ...Array.from({ length: 3 * scale }, (_, i): Market => ({ name: named(NIGHT_MARKETS, i), kind: 'night', stalls: rng.int(60, 200), hours: '17:00-23:00', at: at() })),
    ...stalls.map((n, i): Market => ({
      name: `${ROADS[i % ROADS.length]}${['', '东段', '西段', '北段', '南段'][Math.floor(i / ROADS.length) % 5]}临时摊区${i >= ROADS.length * 5 ? chineseNumber(Math.floor(i / (ROADS.length * 5)) + 1) + '号' : ''}`,
      kind: 'stall_zone', stalls: n, hours: rng.pick(['06:00-09:00', '16:30-20:00', '06:00-09:00,16:30-20:00']), at: at(),
    })),
  ]
}

export function placeSquares(rng: Rng, district: District, scale: number, taken: Position[]): Square[] {
  return Array.from({ length: 2 * scale }, (_, i) => {
    const at = roadsidePoint(rng, district, taken, 400 / crowding(scale), 3)
    taken.push(at)
    return { name: nth(SQUARES[i % SQUARES.length], Math.floor(i / SQUARES.length)), at }
  })
}

/** Renovated old compounds: rectangles of 120-300 m (÷ crowding), slightly rotated, in the old town, not overlapping. */
export function placeCompounds(rng: Rng, district: District, scale: number): Compound[] {
  const perPhase = [2, 2, 3, 2, 2, 3, 2, 2, 2] // 20 projects in 9 phases, 2018-2026
  const phases = perPhase.flatMap((n, k) => Array.from({ length: n * scale }, () => k + 1))
  const placed: { centre: Position; radius: number }[] = []
  const inDistrict = polygonWithinOf(district.boundary)
  return phases.map((phase, i) => {
    for (let attempt = 0; ; attempt++) {
      // smaller at scale (×100: 2,000 compounds of ×1's size would need more than the whole district), and a
      // fifth smaller again every 1,000 failed attempts, so the next one always fits somewhere
      const shrink = crowding(scale) * 1.25 ** Math.floor(attempt / 1000)
      const centreLonLat = roadsidePoint(rng, district, [], 0, 3)
      const centre = district.frame.toMetres(centreLonLat)
      const w0 = rng.uniform(120, 300), h0 = rng.uniform(100, Math.min(220, w0)), angle = rng.uniform(-0.3, 0.3)
      const w = w0 / shrink, h = h0 / shrink
      const radius = Math.hypot(w, h) / 2
      if (placed.some((p) => dist(p.centre, centre) < p.radius + radius + 30 / shrink)) continue
      const polygon = rectangle(district.frame, centre, w, h, angle)
      if (!inDistrict(polygon)) continue
      placed.push({ centre, radius })
      const year = 2017 + phase
      return {
        name: nth(OLD_COMPOUNDS[i % OLD_COMPOUNDS.length], Math.floor(i / OLD_COMPOUNDS.length)),
        project: `${year}年老旧小区改造第${chineseNumber(phase)}期`,
        phase, year, buildings: rng.int(2, 12), households: rng.int(80, 900), polygon,
      }
    }
  })
}

function rectangle(frame: Frame, c: Position, w: number, h: number, angle: number): Polygon {
  const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([x, y]) => {
    const dx = (x * w) / 2, dy = (y * h) / 2
    return frame.toLonLat([c[0] + dx * Math.cos(angle) - dy * Math.sin(angle), c[1] + dx * Math.sin(angle) + dy * Math.cos(angle)])
  })
  return { type: 'Polygon', coordinates: [cleanRing([...corners, corners[0]])] }
}

export function placeParking(rng: Rng, district: District, scale: number, compounds: Compound[], communityNames: string[]): Parking[] {
  const kinds = [...Array(12 * scale).fill('public'), ...Array(18 * scale).fill('compound'), ...Array(10 * scale).fill('roadside')] as Parking['kind'][]
  const taken: Position[] = []
  const used = new Map<string, number>()
  const unique = (name: string) => { const n = used.get(name) ?? 0; used.set(name, n + 1); return nth(name, n) }
  const lots = rng.shuffle(kinds).map((kind, i): Parking => {
    const at = roadsidePoint(rng, district, taken, 150 / crowding(scale))
    taken.push(at)
    const base = kind === 'public' ? `${LANDMARKS[i % LANDMARKS.length]}公共停车场`
      : kind === 'roadside' ? `${rng.pick(ROADS)}路侧停车泊位`
      : `${rng.chance(0.5) ? compounds[i % compounds.length].name : rng.pick(communityNames).replace('社区', '小区')}停车场`
    const capacity = kind === 'public' ? rng.int(80, 600) : kind === 'roadside' ? rng.int(30, 120) : rng.int(30, 400)
    return { name: unique(base), kind, capacity, newSpaces: 0, at }
  })
  // 1,400 new spaces, mostly in compounds: 16 of every 40 lots gained some, the others none.
  const pick = (kind: Parking['kind'], n: number) => rng.shuffle(lots.flatMap((l, i) => (l.kind === kind ? [i] : []))).slice(0, n)
  const gaining = [...pick('compound', 12 * scale), ...pick('public', 3 * scale), ...pick('roadside', 1 * scale)].sort((a, b) => a - b)
  const shares = spreadCapped(rng, 1400 * scale, gaining.map((i) => lots[i].capacity), 10)
  gaining.forEach((lot, k) => { lots[lot].newSpaces = shares[k] })
  return lots
}
