// Clipping Voronoi cells to an area, as Turf's `intersect` (polyclip-ts) does, but without its
// cost where it is not needed. polyclip-ts sweeps every edge of both polygons in BigNumber
// arithmetic, so each of a community's ~200 cells paid for the whole community outline: the
// district's cut was most of a city's generation. Most cells lie well inside their area, and
// for those the answer is known exactly: the cell itself, written as polyclip-ts writes a ring
// (from its lowest-leftmost vertex, counter-clockwise). Only cells that come near the area's
// border are clipped by polyclip-ts, so every vertex stays the one it computed.
import { featureCollection, intersect } from '@turf/turf'
import Flatbush from 'flatbush'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { polygonLocator } from './geo'

/**
 * How close (metres) an area edge may come to a cell before the cell is left to polyclip-ts: far
 * above the floating-point error of the distances below, so "apart" is certain.
 */
const MARGIN = 0.01

const asFeature = (g: Polygon): Feature<Polygon> => ({ type: 'Feature', properties: {}, geometry: g })

/**
 * A clipper for many cells against one area: `cut(cell)` is what
 * `intersect(featureCollection([cell, area]))?.geometry` gives (null when they do not meet).
 * With `verify`, every shortcut is checked against polyclip-ts and a difference throws.
 */
export function cellClipper(area: Polygon, verify = false): (cell: Polygon) => Polygon | MultiPolygon | null {
  const slow = (cell: Polygon) => intersect(featureCollection([asFeature(cell), asFeature(area)]))?.geometry ?? null
  const edges = areaEdges(area)
  const inside = polygonLocator(area)
  return (cell) => {
    const ring = cell.coordinates.length === 1 ? convexCcwFromLowestLeft(cell.coordinates[0]) : null
    if (!ring || !clearOfEdges(ring, edges) || !inside(ring[0])) return slow(cell)
    const fast: Polygon = { type: 'Polygon', coordinates: [ring] }
    if (verify) {
      const want = JSON.stringify(slow(cell))
      if (want !== JSON.stringify(fast)) throw new Error(`cell shortcut differs from polyclip-ts:\n${JSON.stringify(fast)}\n${want}`)
    }
    return fast
  }
}

interface Edges { index: Flatbush; xy: Float64Array }

/** The area's edges (x1, y1, x2, y2 each) in a static R-tree of their boxes. */
function areaEdges(area: Polygon): Edges {
  const count = area.coordinates.reduce((n, r) => n + r.length - 1, 0)
  const index = new Flatbush(Math.max(1, count))
  const xy = new Float64Array(count * 4)
  let k = 0
  for (const r of area.coordinates) for (let i = 0; i < r.length - 1; i++, k++) {
    const [ax, ay] = r[i], [bx, by] = r[i + 1]
    xy.set([ax, ay, bx, by], k * 4)
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))
  }
  if (count === 0) index.add(0, 0, 0, 0)
  index.finish()
  return { index, xy }
}

/** Whether every area edge near the ring's box stays more than MARGIN from each of its edges. */
function clearOfEdges(ring: Position[], { index, xy }: Edges): boolean {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (const [x, y] of ring) { if (x < w) w = x; if (x > e) e = x; if (y < s) s = y; if (y > n) n = y }
  for (const k of index.search(w - MARGIN, s - MARGIN, e + MARGIN, n + MARGIN)) {
    const cx = xy[k * 4], cy = xy[k * 4 + 1], dx = xy[k * 4 + 2], dy = xy[k * 4 + 3]
    for (let i = 0; i < ring.length - 1; i++) {
      if (segmentGap(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1], cx, cy, dx, dy) <= MARGIN) return false
    }
  }
  return true
}

/** The distance between segments ab and cd (0 when they cross). */
function segmentGap(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  const crosses = Math.sign(cross(cx, cy, dx, dy, ax, ay)) * Math.sign(cross(cx, cy, dx, dy, bx, by)) < 0 &&
    Math.sign(cross(ax, ay, bx, by, cx, cy)) * Math.sign(cross(ax, ay, bx, by, dx, dy)) < 0
  if (crosses) return 0
  return Math.min(pointGap(ax, ay, cx, cy, dx, dy), pointGap(bx, by, cx, cy, dx, dy), pointGap(cx, cy, ax, ay, bx, by), pointGap(dx, dy, ax, ay, bx, by))
}

const cross = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => (qx - px) * (ry - py) - (qy - py) * (rx - px)

function pointGap(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2))
  return Math.hypot(px - ax - t * dx, py - ay - t * dy)
}

/**
 * The ring as polyclip-ts writes a lone convex ring: closed, starting at its lowest-leftmost
 * vertex (least x, then least y), counter-clockwise. Null unless it is strictly convex with
 * distinct vertices (then polyclip-ts would drop points or merge edges: left to it). The
 * coordinates are whole millimetres (tessellate.ts rounds them), so the turns are decided
 * exactly on integers.
 */
function convexCcwFromLowestLeft(ring: Position[]): Position[] | null {
  const pts = ring.slice(0, ring.length - 1)
  const m = pts.length
  if (m < 3 || ring[0][0] !== ring[m][0] || ring[0][1] !== ring[m][1]) return null
  const mm = pts.map(([x, y]) => [Math.round(x * 1000), Math.round(y * 1000)])
  if (mm.some(([x, y], i) => x / 1000 !== pts[i][0] || y / 1000 !== pts[i][1])) return null
  let turn = 0
  for (let i = 0; i < m; i++) {
    const t = exactTurn(mm[i], mm[(i + 1) % m], mm[(i + 2) % m])
    if (t === 0 || (turn !== 0 && t !== turn)) return null
    turn = t
  }
  let start = 0
  for (let i = 1; i < m; i++) if (pts[i][0] < pts[start][0] || (pts[i][0] === pts[start][0] && pts[i][1] < pts[start][1])) start = i
  const out: Position[] = []
  for (let k = 0; k <= m; k++) out.push(pts[(start + turn * k + m * (m + 1)) % m])
  return out
}

/** The sign of the turn a → b → c (1 left, -1 right, 0 straight) on integer coordinates, exactly. */
function exactTurn(a: number[], b: number[], c: number[]): number {
  const d = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
  if (Math.abs(d) > 1e6) return Math.sign(d) // products below 2^63 err by far less than this
  const e = BigInt(b[0] - a[0]) * BigInt(c[1] - a[1]) - BigInt(b[1] - a[1]) * BigInt(c[0] - a[0])
  return e > 0n ? 1 : e < 0n ? -1 : 0
}
