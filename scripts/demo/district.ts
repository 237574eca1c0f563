// The administrative hierarchy inside the real boundary: district → streets → communities →
// grids, each level Voronoi cells inside its parent (see tessellate.ts), dense towards the
// urban south-west where 建华区 meets downtown Qiqihar, sparse in the rural north. At the end
// every grid and the district boundary are noded together in lon/lat, so neighbours share
// identical vertices and the grids cover the district exactly.
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { bboxOf, cleanRing, metreFrame, polygonLocatorXY, r6, ringCentroid, type Frame } from './geo'
import { nodePolygons } from './noding'
import type { Rng } from './prng'
import { apportion, kMeansSeeds, pointsInside, splitPolygon, type Sample } from './tessellate'

/** A street or community as found, before it has a name: its population (relative) and centre (lon/lat). */
export interface Found { population: number; centre: Position }

/**
 * How many streets, communities and grids. `communities` is a total shared out by population,
 * or a function that, given the streets as found, says how many each of them has.
 */
export interface Plan { streets: number; communities: number | ((streets: Found[]) => number[]); grids: number }

export interface Grid {
  /** index among all grids, in code order */
  index: number
  street: number
  community: number
  /** 1-based number inside its community */
  number: number
  polygon: Polygon
  centre: Position
}

export interface District {
  frame: Frame
  /** the boundary as stored: the source ring cleaned, with the grids' border vertices inserted */
  boundary: Polygon
  /** street index → its communities (indices), communities → grids */
  streets: ({ communities: number[] } & Found)[]
  communities: ({ street: number; grids: number[] } & Found)[]
  grids: Grid[]
  /** population density (relative) at a lon/lat point; for placing things where people are */
  density(lonLat: Position): number
}

/** Where people live, relative to the bounding box (x east, y north): the urban south-west. */
const TOWN_CENTRES = [
  { x: 0.30, y: 0.08, weight: 10, sigmaM: 1800 },
  { x: 0.45, y: 0.20, weight: 6, sigmaM: 1600 },
  { x: 0.17, y: 0.24, weight: 4, sigmaM: 1300 },
  { x: 0.63, y: 0.33, weight: 3, sigmaM: 1700 },
  { x: 0.06, y: 0.56, weight: 1.5, sigmaM: 1100 },
]
const RURAL_DENSITY = 0.25

export function buildDistrict(rng: Rng, source: Feature<Polygon | MultiPolygon>, plan: Plan): District {
  const outer = largestOuterRing(source)
  const boundaryLonLat: Polygon = { type: 'Polygon', coordinates: [cleanRing(outer.map(([x, y]) => [r6(x), r6(y)]))] }
  const [W, S, E, N] = bboxOf(boundaryLonLat.coordinates[0])
  const frame = metreFrame(W, S, (S + N) / 2)
  const area: Polygon = { type: 'Polygon', coordinates: [boundaryLonLat.coordinates[0].map(frame.toMetres)] }
  const [, , width, height] = bboxOf(area.coordinates[0])
  // the town centres in metres, once; the density is RURAL_DENSITY + Σ weight·exp(−d²/2σ²), summed in this order
  const centres = TOWN_CENTRES.map((c) => ({ x: c.x * width, y: c.y * height, weight: c.weight, twoSigma2: 2 * c.sigmaM ** 2 }))
  const densityXY = (x: number, y: number) => {
    let sum = 0
    for (const c of centres) sum += c.weight * Math.exp(-((x - c.x) ** 2 + (y - c.y) ** 2) / c.twoSigma2)
    return RURAL_DENSITY + sum
  }
  const densityAt = (p: Position) => densityXY(p[0], p[1])

  // Sample points drawn in proportion to the density (~40 per grid), each carrying its density.
  const densityMax = RURAL_DENSITY + TOWN_CENTRES.reduce((sum, c) => sum + c.weight, 0)
  // rejection sampling: most candidates are dropped, so a candidate is two numbers, not an array
  const count = plan.grids * 40
  const sample: Sample = { xs: new Float64Array(count), ys: new Float64Array(count), ws: new Float64Array(count) }
  const inArea = polygonLocatorXY(area)
  const atMost = densityCeiling(centres, width, height)
  for (let k = 0; k < count;) {
    const x = rng() * width, y = rng() * height
    // the draws in their order (x, y, then the one the density is compared with); the density's
    // five exponentials only where that draw is below what the density can reach there
    const u = rng() * densityMax
    if (u >= atMost(x, y)) continue
    const w = densityXY(x, y)
    if (u < w && inArea(x, y)) { sample.xs[k] = x; sample.ys[k] = y; sample.ws[k] = w; k++ }
  }
  const everyPoint = Int32Array.from({ length: count }, (_, i) => i)
  // Points are as dense as people, so a region's population is its number of points, and
  // k-means weights of density^(power-1) place seeds with density^power.
  const population = (pts: ArrayLike<number>) => pts.length

  // Streets: population-weighted k-means, so the town is split finely and the countryside not.
  const streetPolys = readingOrder(splitPolygon(area, kMeansSeeds(rng, sample, everyPoint, plan.streets, 20, area, 0.6)))
  const streetPoints = pointsInside(streetPolys, sample, everyPoint)
  const found = (polys: Polygon[], points: ArrayLike<number>[]): Found[] =>
    polys.map((p, i) => ({ population: population(points[i]), centre: frame.toLonLat(ringCentroid(p.coordinates[0])) }))
  const streetsFound = found(streetPolys, streetPoints)
  const communitiesPerStreet = typeof plan.communities === 'number'
    ? apportion(plan.communities, streetPoints.map(population), 3)
    : plan.communities(streetsFound)
  if (communitiesPerStreet.length !== streetPolys.length || communitiesPerStreet.some((n) => !(n >= 1))) {
    throw new Error(`a number of communities for each of the ${streetPolys.length} streets, got ${communitiesPerStreet}`)
  }

  const communityPolys: { street: number; polygon: Polygon; points: number[] }[] = []
  streetPolys.forEach((street, s) => {
    const seeds = kMeansSeeds(rng, sample, streetPoints[s], communitiesPerStreet[s], 12, street, 1.2)
    const polys = readingOrder(splitPolygon(street, seeds))
    pointsInside(polys, sample, streetPoints[s]).forEach((points, i) => communityPolys.push({ street: s, polygon: polys[i], points }))
  })
  const gridsPerCommunity = apportion(plan.grids, communityPolys.map((c) => population(c.points)), 4)

  const raw: Omit<Grid, 'index' | 'centre'>[] = []
  communityPolys.forEach((c, ci) => {
    const seeds = kMeansSeeds(rng, sample, c.points, gridsPerCommunity[ci], 4, c.polygon, 2)
    readingOrder(splitPolygon(c.polygon, seeds)).forEach((polygon, g) => raw.push({ street: c.street, community: ci, number: g + 1, polygon }))
  })

  // Node everything in lon/lat, the boundary first so its vertices stay where they are.
  const inLonLat = raw.map((g) => ({ type: 'Polygon' as const, coordinates: g.polygon.coordinates.map((r) => r.map(frame.toLonLat)) }))
  // The index's cells shrink with the grids (the answer does not depend on them, the time does).
  const [boundary, ...gridPolys] = nodePolygons([boundaryLonLat, ...inLonLat], 2.5e-6, 0.002 / Math.sqrt(Math.max(1, plan.grids / 840)))
  const grids: Grid[] = raw.map((g, i) => ({ ...g, index: i, polygon: gridPolys[i], centre: frame.toLonLat(ringCentroid(g.polygon.coordinates[0])) }))

  // each community's grids in index order, in one pass (a filter per community is 380 × 84,000 at ×100)
  const gridsOf: number[][] = communityPolys.map(() => [])
  for (const g of grids) gridsOf[g.community].push(g.index)

  return {
    frame,
    boundary,
    streets: streetPolys.map((_, s) => ({ ...streetsFound[s], communities: communityPolys.flatMap((c, ci) => (c.street === s ? [ci] : [])) })),
    communities: communityPolys.map((c, ci) => ({ street: c.street, grids: gridsOf[ci], ...found([c.polygon], [c.points])[0] })),
    grids,
    density: (lonLat) => densityAt(frame.toMetres(lonLat)),
  }
}

/**
 * An upper bound of the density at (x, y): per cell of a 256 × 256 grid over the box, each town
 * centre's term at its nearest point of the cell (grown by a hundredth of a cell), the sum raised
 * by a millionth — far above the rounding of either sum, so the bound is never below the density.
 */
function densityCeiling(centres: { x: number; y: number; weight: number; twoSigma2: number }[], width: number, height: number) {
  const G = 256, cw = width / G, ch = height / G
  const ceiling = new Float64Array(G * G)
  for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) {
    const x0 = (i - 0.01) * cw, x1 = (i + 1.01) * cw, y0 = (j - 0.01) * ch, y1 = (j + 1.01) * ch
    let sum = RURAL_DENSITY
    for (const c of centres) {
      const dx = Math.max(0, x0 - c.x, c.x - x1), dy = Math.max(0, y0 - c.y, c.y - y1)
      sum += c.weight * Math.exp(-(dx * dx + dy * dy) / c.twoSigma2)
    }
    ceiling[j * G + i] = sum * (1 + 1e-6)
  }
  const cell = (v: number, size: number) => Math.min(G - 1, Math.max(0, Math.floor(v / size)))
  return (x: number, y: number) => ceiling[cell(y, ch) * G + cell(x, cw)]
}

function largestOuterRing(f: Feature<Polygon | MultiPolygon>): Position[] {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
  if (polys.length !== 1 || polys[0].length !== 1) throw new Error('expected a district of one polygon without holes')
  return polys[0][0]
}

/** Codes follow reading order: north to south in bands of ~1 km, then west to east. */
function readingOrder(polys: Polygon[]): Polygon[] {
  const centres = polys.map((p) => ringCentroid(p.coordinates[0]))
  return polys.map((p, i) => ({ p, c: centres[i] }))
    .sort((a, b) => Math.floor(b.c[1] / 1000) - Math.floor(a.c[1] / 1000) || a.c[0] - b.c[0])
    .map((x) => x.p)
}
