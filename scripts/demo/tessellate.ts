// Cuts an area into pieces that look like city blocks: Voronoi cells of seeds spread by a
// population density (weighted k-means, so dense quarters get small cells and the outskirts
// big ones), clipped to the area. A convex cell clipped to a concave area can fall apart;
// the cut-off bits join the neighbour they share the longest border with, so every seed
// ends up with exactly one connected polygon and the pieces cover the area without gaps.
import { featureCollection, intersect, point, union, voronoi } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { BoxIndex, bboxOf, cleanPolygon, dist, pointInPolygon, polygonArea } from './geo'
import { nodePolygons, sharedBorders } from './noding'
import type { Rng } from './prng'

/** A sample point of the area with its population weight. */
export interface Weighted { p: Position; w: number }

/** Millimetre rounding in the metre frame: identical computations give identical vertices. */
const mm = (n: number) => Math.round(n * 1000) / 1000
const roundPolygon = (coords: Position[][]): Polygon => ({ type: 'Polygon', coordinates: coords.map((r) => r.map(([x, y]) => [mm(x), mm(y)])) })
const asFeature = (g: Polygon): Feature<Polygon> => ({ type: 'Feature', properties: {}, geometry: g })
const polygonsOf = (g: Polygon | MultiPolygon): Polygon[] =>
  g.type === 'Polygon' ? [roundPolygon(g.coordinates)] : g.coordinates.map((c) => roundPolygon(c))

/**
 * `k` seeds for `points`: k-means++ start (weighted), then `iterations` Lloyd steps. Seeds
 * stay inside `area` (a centroid that falls outside moves to its cluster's nearest point).
 */
export function kMeansSeeds(rng: Rng, points: Weighted[], k: number, iterations: number, area: Polygon): Position[] {
  if (points.length <= k) throw new Error(`too few sample points (${points.length}) for ${k} seeds`)
  const seeds = kMeansPlusPlus(rng, points, k)
  for (let it = 0; it < iterations; it++) {
    const owner = nearestSeeds(points, seeds)
    const sx = new Float64Array(k), sy = new Float64Array(k), sw = new Float64Array(k)
    points.forEach(({ p, w }, i) => { sx[owner[i]] += p[0] * w; sy[owner[i]] += p[1] * w; sw[owner[i]] += w })
    for (let j = 0; j < k; j++) if (sw[j] > 0) seeds[j] = [sx[j] / sw[j], sy[j] / sw[j]]
  }
  const owner = nearestSeeds(points, seeds)
  return seeds.map((s, j) => {
    if (pointInPolygon(s, area)) return [mm(s[0]), mm(s[1])]
    let best = s, bestD = Infinity
    points.forEach(({ p }, i) => { if (owner[i] === j && dist(p, s) < bestD) { bestD = dist(p, s); best = p } })
    return [mm(best[0]), mm(best[1])]
  })
}

function kMeansPlusPlus(rng: Rng, points: Weighted[], k: number): Position[] {
  const d2 = new Float64Array(points.length).fill(Infinity)
  const seeds: Position[] = []
  let next = rng.weighted(points.map((q) => q.w))
  for (;;) {
    const s = points[next].p
    seeds.push([s[0], s[1]])
    if (seeds.length === k) return seeds
    let total = 0
    for (let i = 0; i < points.length; i++) {
      const d = (points[i].p[0] - s[0]) ** 2 + (points[i].p[1] - s[1]) ** 2
      if (d < d2[i]) d2[i] = d
      total += d2[i] * points[i].w
    }
    let x = rng() * total
    next = points.length - 1
    for (let i = 0; i < points.length; i++) if ((x -= d2[i] * points[i].w) < 0) { next = i; break }
  }
}

/** The index of each point's nearest seed (exact; a bucket grid keeps it fast). */
function nearestSeeds(points: Weighted[], seeds: Position[]): Int32Array {
  const [w, s, e, n] = bboxOf(points.map((q) => q.p))
  const size = Math.max(1, Math.sqrt(((e - w) * (n - s)) / seeds.length) * 1.5)
  const index = new BoxIndex<number>(size)
  seeds.forEach((p, j) => index.insert([p[0], p[1], p[0], p[1]], j))
  const owner = new Int32Array(points.length)
  points.forEach(({ p }, i) => {
    let best = -1, bestD = Infinity
    for (const j of index.query([p[0] - size, p[1] - size, p[0] + size, p[1] + size])) {
      const d = dist(p, seeds[j])
      if (d < bestD || (d === bestD && j < best)) { bestD = d; best = j }
    }
    if (bestD > size) seeds.forEach((q, j) => { const d = dist(p, q); if (d < bestD) { bestD = d; best = j } })
    owner[i] = best
  })
  return owner
}

/** One polygon per seed: its Voronoi cell clipped to `area`, with stray bits given to neighbours. */
export function splitPolygon(area: Polygon, seeds: Position[]): Polygon[] {
  if (seeds.length === 1) return [area]
  const [w, s, e, n] = bboxOf(area.coordinates[0])
  const cells = voronoi(featureCollection(seeds.map((p) => point(p))), { bbox: [w - 50, s - 50, e + 50, n + 50] })
  const pieces: { polygon: Polygon; owner: number }[] = []
  cells.features.forEach((cell, i) => {
    if (!cell) throw new Error(`two seeds at the same place: ${seeds[i]}`)
    const cut = intersect(featureCollection([asFeature(roundPolygon(cell.geometry.coordinates)), asFeature(area)]))
    if (!cut) throw new Error(`a seed's cell misses the area: ${seeds[i]}`)
    for (const polygon of polygonsOf(cut.geometry)) pieces.push({ polygon, owner: i })
  })
  const noded = nodePolygons(pieces.map((p) => p.polygon), 0.02, 100)
  noded.forEach((polygon, i) => { pieces[i].polygon = polygon })
  reassignStrayPieces(pieces, sharedBorders(noded))
  return seeds.map((_, i) => {
    const own = pieces.filter((p) => p.owner === i).map((p) => p.polygon)
    if (own.length === 1) return own[0]
    const merged = union(featureCollection(own.map(asFeature)))
    if (!merged || merged.geometry.type !== 'Polygon') throw new Error(`pieces of cell ${i} did not merge into one polygon`)
    return cleanPolygon(roundPolygon(merged.geometry.coordinates))!
  })
}

/** Each seed keeps its largest piece; every other piece goes to the neighbour it borders most. */
function reassignStrayPieces(pieces: { polygon: Polygon; owner: number }[], borders: Map<number, Map<number, number>>) {
  const largest = new Map<number, number>()
  pieces.forEach((p, i) => {
    const cur = largest.get(p.owner)
    if (cur === undefined || polygonArea(p.polygon) > polygonArea(pieces[cur].polygon)) largest.set(p.owner, i)
  })
  const settled = new Set(largest.values())
  for (let pending = pieces.length - settled.size; pending > 0;) {
    let progressed = false
    pieces.forEach((p, i) => {
      if (settled.has(i)) return
      const best = [...borders.get(i)!].filter(([j]) => settled.has(j)).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]
      if (!best) return
      p.owner = pieces[best[0]].owner
      settled.add(i); pending--; progressed = true
    })
    if (!progressed) throw new Error('a stray piece borders no other piece')
  }
}

/** The sample points inside each polygon (a point on a shared border goes to the first). */
export function pointsInside(polygons: Polygon[], points: Weighted[]): Weighted[][] {
  const index = new BoxIndex<number>(500)
  polygons.forEach((poly, i) => index.insert(bboxOf(poly.coordinates[0]), i))
  const out: Weighted[][] = polygons.map(() => [])
  for (const q of points) {
    const i = index.query([q.p[0], q.p[1], q.p[0], q.p[1]]).sort((a, b) => a - b).find((j) => pointInPolygon(q.p, polygons[j]))
    if (i !== undefined) out[i].push(q)
  }
  return out
}

/** `total` split in proportion to `weights` (largest remainders), each share at least `min`. */
export function apportion(total: number, weights: number[], min: number): number[] {
  const free = total - min * weights.length
  if (free < 0) throw new Error(`cannot give ${weights.length} shares at least ${min} of ${total}`)
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (free * w) / sum)
  const shares = exact.map(Math.floor)
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  const left = free - shares.reduce((a, b) => a + b, 0)
  for (let k = 0; k < left; k++) shares[order[k][1]]++
  return shares.map((s) => s + min)
}
