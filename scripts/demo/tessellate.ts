// Cuts an area into pieces that look like city blocks: Voronoi cells of seeds spread by a
// population density (weighted k-means, so dense quarters get small cells and the outskirts
// big ones), clipped to the area. A convex cell clipped to a concave area can fall apart;
// the cut-off bits join the neighbour they share the longest border with, so every seed
// ends up with exactly one connected polygon and the pieces cover the area without gaps.
import { featureCollection, point, union, voronoi } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { cellClipper } from './clip'
import { BoxIndex, bboxOf, cleanPolygon, pointInPolygon, polygonArea, polygonLocatorXY } from './geo'
import { nodePolygons, sharedBorders } from './noding'
import type { Rng } from './prng'

/**
 * Sample points of an area with their population weights, as columns: at ×100 they are millions,
 * and an object per point was a heap that every garbage collection walked again.
 */
export interface Sample { xs: Float64Array; ys: Float64Array; ws: Float64Array }

/** Millimetre rounding in the metre frame: identical computations give identical vertices. */
const mm = (n: number) => Math.round(n * 1000) / 1000
const roundPolygon = (coords: Position[][]): Polygon => ({ type: 'Polygon', coordinates: coords.map((r) => r.map(([x, y]) => [mm(x), mm(y)])) })
const asFeature = (g: Polygon): Feature<Polygon> => ({ type: 'Feature', properties: {}, geometry: g })
const polygonsOf = (g: Polygon | MultiPolygon): Polygon[] =>
  g.type === 'Polygon' ? [roundPolygon(g.coordinates)] : g.coordinates.map((c) => roundPolygon(c))

/**
 * `k` seeds for `points` (indices into `sample`, in order): k-means++ start (weighted), then `iterations` Lloyd steps. Seeds
 * stay inside `area` (a centroid that falls outside moves to its cluster's nearest point).
 * Flat typed arrays and plain loops: at ×10 this runs over hundreds of thousands of points.
 * With `power`, each point weighs w^(power-1) instead of w (reweighted here, not copied: at ×100
 * the sample is millions of points).
 */
export function kMeansSeeds(rng: Rng, sample: Sample, points: ArrayLike<number>, k: number, iterations: number, area: Polygon, power?: number): Position[] {
  if (points.length <= k) throw new Error(`too few sample points (${points.length}) for ${k} seeds`)
  const xs = new Float64Array(points.length), ys = new Float64Array(points.length), ws = new Float64Array(points.length)
  for (let i = 0; i < points.length; i++) {
    const q = points[i], w = sample.ws[q]
    xs[i] = sample.xs[q]; ys[i] = sample.ys[q]; ws[i] = power === undefined ? w : w ** (power - 1)
  }
  const { sx, sy } = kMeansPlusPlus(rng, xs, ys, ws, k)
  for (let it = 0; it < iterations; it++) {
    const owner = nearestSeeds(xs, ys, sx, sy)
    const ax = new Float64Array(k), ay = new Float64Array(k), aw = new Float64Array(k)
    for (let i = 0; i < xs.length; i++) { const j = owner[i]; ax[j] += xs[i] * ws[i]; ay[j] += ys[i] * ws[i]; aw[j] += ws[i] }
    for (let j = 0; j < k; j++) if (aw[j] > 0) { sx[j] = ax[j] / aw[j]; sy[j] = ay[j] / aw[j] }
  }
  const owner = nearestSeeds(xs, ys, sx, sy)
  return Array.from(sx, (x, j): Position => {
    if (pointInPolygon([x, sy[j]], area)) return [mm(x), mm(sy[j])]
    let best = -1, bestD = Infinity
    for (let i = 0; i < xs.length; i++) if (owner[i] === j && Math.hypot(xs[i] - x, ys[i] - sy[j]) < bestD) { bestD = Math.hypot(xs[i] - x, ys[i] - sy[j]); best = i }
    return [mm(xs[best]), mm(ys[best])]
  })
}

/**
 * k-means++: each next seed drawn with probability ∝ weight × squared distance to the nearest seed so far.
 * A draw sums every point's weight in order (the float sum decides which point is drawn), so it
 * stays m·k per area, quadratic in a community's grids; what is cut is the rest: each point's
 * product d²·w is kept, and a new seed only visits the buckets of points it can come nearer to.
 */
function kMeansPlusPlus(rng: Rng, xs: Float64Array, ys: Float64Array, ws: Float64Array, k: number) {
  const m = xs.length
  const d2 = new Float64Array(m).fill(Infinity), prod = new Float64Array(m)
  const sx = new Float64Array(k), sy = new Float64Array(k)
  const buckets = pointBuckets(xs, ys)
  let total = 0
  for (let i = 0; i < m; i++) total += ws[i]
  let next = drawIndex(rng() * total, ws)
  for (let j = 0; j < k; j++) {
    sx[j] = xs[next]; sy[j] = ys[next]
    if (j === k - 1) break
    comeNearer(buckets, xs, ys, ws, d2, prod, sx[j], sy[j])
    total = 0
    for (let i = 0; i < m; i++) total += prod[i]
    next = drawIndex(rng() * total, prod)
  }
  return { sx, sy }
}

/** The first index where subtracting the weights one by one from x goes below 0. */
function drawIndex(x: number, weights: Float64Array): number {
  const m = weights.length
  for (let i = 0; i < m; i++) if ((x -= weights[i]) < 0) return i
  return m - 1
}

/** Points in spatial buckets of ~32 (compressed rows), each bucket with its points' box and their largest d². */
interface Buckets { start: Int32Array; order: Int32Array; box: Float64Array; far: Float64Array }

function pointBuckets(xs: Float64Array, ys: Float64Array): Buckets {
  const m = xs.length
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (let i = 0; i < m; i++) { w = Math.min(w, xs[i]); e = Math.max(e, xs[i]); s = Math.min(s, ys[i]); n = Math.max(n, ys[i]) }
  const size = Math.max(1e-9, Math.sqrt(((e - w) * (n - s)) / Math.max(1, m / 32)) || e - w || n - s)
  const cols = Math.floor((e - w) / size) + 1, rows = Math.floor((n - s) / size) + 1
  const cellOf = (i: number) => Math.floor((ys[i] - s) / size) * cols + Math.floor((xs[i] - w) / size)
  const start = new Int32Array(cols * rows + 1), order = new Int32Array(m)
  for (let i = 0; i < m; i++) start[cellOf(i) + 1]++
  for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c]
  const fill = start.slice(0, cols * rows)
  for (let i = 0; i < m; i++) order[fill[cellOf(i)]++] = i
  const box = new Float64Array(cols * rows * 4)
  for (let c = 0; c < cols * rows; c++) {
    let bw = Infinity, bs = Infinity, be = -Infinity, bn = -Infinity
    for (let t = start[c]; t < start[c + 1]; t++) { const i = order[t]; bw = Math.min(bw, xs[i]); be = Math.max(be, xs[i]); bs = Math.min(bs, ys[i]); bn = Math.max(bn, ys[i]) }
    box[c * 4] = bw; box[c * 4 + 1] = bs; box[c * 4 + 2] = be; box[c * 4 + 3] = bn
  }
  return { start, order, box, far: new Float64Array(cols * rows).fill(Infinity) }
}

/**
 * d2[i] = min(d2[i], squared distance to (x, y)), prod[i] = d2[i]·ws[i] where it changed. A bucket
 * whose box is farther (squared, computed the same way) than its farthest point's d² is skipped:
 * rounding is monotonic, so no point in the box can compute a smaller distance than the box.
 */
function comeNearer({ start, order, box, far }: Buckets, xs: Float64Array, ys: Float64Array, ws: Float64Array,
  d2: Float64Array, prod: Float64Array, x: number, y: number) {
  for (let c = 0; c < far.length; c++) {
    if (start[c] === start[c + 1]) continue
    const bx = x < box[c * 4] ? box[c * 4] - x : x > box[c * 4 + 2] ? x - box[c * 4 + 2] : 0
    const by = y < box[c * 4 + 1] ? box[c * 4 + 1] - y : y > box[c * 4 + 3] ? y - box[c * 4 + 3] : 0
    if (bx * bx + by * by > far[c]) continue
    let most = 0
    for (let t = start[c]; t < start[c + 1]; t++) {
      const i = order[t]
      const dx = xs[i] - x, dy = ys[i] - y, d = dx * dx + dy * dy
      if (d < d2[i]) { d2[i] = d; prod[i] = d * ws[i] }
      if (d2[i] > most) most = d2[i]
    }
    far[c] = most
  }
}

/**
 * The index of each point's nearest seed (lowest index on a tie). Seeds sit in buckets of a
 * grid; the search looks in a square of buckets around the point that doubles until it
 * holds a seed closer than the square's inner radius, so the answer is exact.
 */
function nearestSeeds(xs: Float64Array, ys: Float64Array, sx: Float64Array, sy: Float64Array): Int32Array {
  const m = xs.length, k = sx.length
  if (m >= 64 * k) return nearestSeedsByCells(xs, ys, sx, sy)
  if (k <= FEW_SEEDS) return nearestSeedsByScan(xs, ys, sx, sy)
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (let i = 0; i < m; i++) { w = Math.min(w, xs[i]); e = Math.max(e, xs[i]); s = Math.min(s, ys[i]); n = Math.max(n, ys[i]) }
  for (let j = 0; j < k; j++) { w = Math.min(w, sx[j]); e = Math.max(e, sx[j]); s = Math.min(s, sy[j]); n = Math.max(n, sy[j]) }
  const size = Math.max(1, Math.sqrt(((e - w + 1) * (n - s + 1)) / k))
  const cols = Math.floor((e - w) / size) + 1, rows = Math.floor((n - s) / size) + 1
  const cellOf = (x: number, y: number) => Math.floor((y - s) / size) * cols + Math.floor((x - w) / size)
  // seeds sorted by bucket (compressed rows: bucket c holds order[start[c] .. start[c + 1]))
  const start = new Int32Array(cols * rows + 1), order = new Int32Array(k)
  for (let j = 0; j < k; j++) start[cellOf(sx[j], sy[j]) + 1]++
  for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c]
  const fill = start.slice(0, cols * rows)
  for (let j = 0; j < k; j++) order[fill[cellOf(sx[j], sy[j])]++] = j
  const owner = new Int32Array(m)
  for (let i = 0; i < m; i++) {
    const ci = Math.floor((xs[i] - w) / size), cj = Math.floor((ys[i] - s) / size)
    let best = -1, bestD = Infinity
    for (let r = 1; ; r *= 2) {
      for (let b = Math.max(0, cj - r); b <= Math.min(rows - 1, cj + r); b++) {
        for (let a = Math.max(0, ci - r); a <= Math.min(cols - 1, ci + r); a++) {
          const c = b * cols + a
          for (let t = start[c]; t < start[c + 1]; t++) {
            const j = order[t]
            const dx = xs[i] - sx[j], dy = ys[i] - sy[j], d = dx * dx + dy * dy
            if (d < bestD || (d === bestD && j < best)) { bestD = d; best = j }
          }
        }
      }
      if (bestD <= (r * size) ** 2 || r > cols + rows) break
    }
    owner[i] = best
  }
  return owner
}

/**
 * Up to this many seeds (the streets, a street's communities) every seed is measured: a few
 * dozen sums per point beat the buckets, which for seeds gathered in the town leave the
 * countryside's points searching ever wider squares of empty buckets.
 */
const FEW_SEEDS = 32

/**
 * nearestSeeds for many points per seed (a street's communities at ×100: hundreds of thousands
 * of points, tens of seeds, 13 rounds): the points' box in cells of ~64 points, and for each cell
 * the seeds that can be nearest to a point in it — those no farther from the cell than the
 * cell's farthest corner is from the seed nearest to all of it (with a margin far above
 * rounding). Each point measures only its cell's seeds, in index order: the same answer.
 */
function nearestSeedsByCells(xs: Float64Array, ys: Float64Array, sx: Float64Array, sy: Float64Array): Int32Array {
  const m = xs.length, k = sx.length
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (let i = 0; i < m; i++) { w = Math.min(w, xs[i]); e = Math.max(e, xs[i]); s = Math.min(s, ys[i]); n = Math.max(n, ys[i]) }
  const size = Math.max(1, Math.sqrt(((e - w + 1) * (n - s + 1)) / (m / 64)))
  const cols = Math.floor((e - w) / size) + 1, rows = Math.floor((n - s) / size) + 1
  const candidates: (Int32Array | undefined)[] = new Array(cols * rows)
  const near = new Float64Array(k)
  const seedsOf = (c: number): Int32Array => {
    // the cell grown by a metre, so a point's rounding never puts it outside
    const x0 = w + (c % cols) * size - 1, x1 = x0 + size + 2, y0 = s + Math.floor(c / cols) * size - 1, y1 = y0 + size + 2
    let bound = Infinity
    for (let j = 0; j < k; j++) {
      const fx = Math.max(sx[j] - x0, x1 - sx[j]), fy = Math.max(sy[j] - y0, y1 - sy[j])
      bound = Math.min(bound, fx * fx + fy * fy)
      const nx = Math.max(0, x0 - sx[j], sx[j] - x1), ny = Math.max(0, y0 - sy[j], sy[j] - y1)
      near[j] = nx * nx + ny * ny
    }
    const list: number[] = []
    for (let j = 0; j < k; j++) if (near[j] <= bound * (1 + 1e-9)) list.push(j)
    return Int32Array.from(list)
  }
  const owner = new Int32Array(m)
  for (let i = 0; i < m; i++) {
    const x = xs[i], y = ys[i]
    const c = Math.floor((y - s) / size) * cols + Math.floor((x - w) / size)
    const list = candidates[c] ?? (candidates[c] = seedsOf(c))
    let best = list[0], bestD = Infinity
    for (let t = 0; t < list.length; t++) {
      const j = list[t]
      const dx = x - sx[j], dy = y - sy[j], d = dx * dx + dy * dy
      if (d < bestD) { bestD = d; best = j }
    }
    owner[i] = best
  }
  return owner
}

/** nearestSeeds by measuring every seed: the same distances, the lowest index on a tie. */
function nearestSeedsByScan(xs: Float64Array, ys: Float64Array, sx: Float64Array, sy: Float64Array): Int32Array {
  const m = xs.length, k = sx.length
  const owner = new Int32Array(m)
  for (let i = 0; i < m; i++) {
    const x = xs[i], y = ys[i]
    let best = 0, bestD = Infinity
    for (let j = 0; j < k; j++) {
      const dx = x - sx[j], dy = y - sy[j], d = dx * dx + dy * dy
      if (d < bestD) { bestD = d; best = j }
    }
    owner[i] = best
  }
  return owner
}

/** GEN_VERIFY_CUT=1: check every clipping shortcut against polyclip-ts (slow; for changes to clip.ts). */
const VERIFY_CUT = process.env.GEN_VERIFY_CUT === '1'

/** One polygon per seed: its Voronoi cell clipped to `area`, with stray bits given to neighbours. */
export function splitPolygon(area: Polygon, seeds: Position[]): Polygon[] {
  if (seeds.length === 1) return [area]
  const [w, s, e, n] = bboxOf(area.coordinates[0])
  const cells = voronoi(featureCollection(seeds.map((p) => point(p))), { bbox: [w - 50, s - 50, e + 50, n + 50] })
  const pieces: { polygon: Polygon; owner: number }[] = []
  const clip = cellClipper(area, VERIFY_CUT)
  cells.features.forEach((cell, i) => {
    if (!cell) throw new Error(`two seeds at the same place: ${seeds[i]}`)
    const cut = clip(roundPolygon(cell.geometry.coordinates))
    if (!cut) throw new Error(`a seed's cell misses the area: ${seeds[i]}`)
    for (const polygon of polygonsOf(cut)) pieces.push({ polygon, owner: i })
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

/** The sample points (indices, in order) inside each polygon (a point on a shared border goes to the first). */
export function pointsInside(polygons: Polygon[], sample: Sample, points: ArrayLike<number>): number[][] {
  const index = new BoxIndex<number>(500)
  polygons.forEach((poly, i) => index.insert(bboxOf(poly.coordinates[0]), i))
  const inside = polygons.map((poly) => polygonLocatorXY(poly))
  const out: number[][] = polygons.map(() => [])
  for (let k = 0; k < points.length; k++) {
    const q = points[k], x = sample.xs[q], y = sample.ys[q]
    // the point's cell lists its polygons in index order: the first that holds it is the lowest
    const i = index.at(x, y).find((j) => inside[j](x, y))
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
