// Plane geometry for the generator. Shapes are built in a local metre frame (x east, y north,
// an equirectangular projection around the district: distances and Voronoi cells are true
// there) and only converted to lon/lat, rounded to 6 decimals, when written out.
import type { Polygon, Position } from 'geojson'

export type Ring = Position[]

/** Round to 6 decimals (≈ 0.1 m), the precision of every coordinate in seed.sql. */
export const r6 = (n: number) => Math.round(n * 1e6) / 1e6

export interface Frame {
  toMetres(lonLat: Position): Position
  toLonLat(xy: Position): Position
}

/** A local metre frame with its origin at (lon0, lat0). */
export function metreFrame(lon0: number, lat0: number, latMid: number): Frame {
  const ky = 111_132.92 - 559.82 * Math.cos(2 * rad(latMid)) // metres per degree of latitude
  const kx = 111_412.84 * Math.cos(rad(latMid)) - 93.5 * Math.cos(3 * rad(latMid))
  return {
    toMetres: ([lon, lat]) => [(lon - lon0) * kx, (lat - lat0) * ky],
    toLonLat: ([x, y]) => [r6(lon0 + x / kx), r6(lat0 + y / ky)],
  }
}
const rad = (deg: number) => (deg * Math.PI) / 180

export const dist = (a: Position, b: Position) => Math.hypot(a[0] - b[0], a[1] - b[1])
export const samePoint = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1]

/** Shoelace area, positive for counter-clockwise rings. */
export function signedArea(ring: Ring): number {
  let s = 0
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return s / 2
}

export function polygonArea(poly: Polygon): number {
  return poly.coordinates.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * Math.abs(signedArea(ring)), 0)
}

export function ringCentroid(ring: Ring): Position {
  let a = 0, cx = 0, cy = 0
  for (let i = 0; i < ring.length - 1; i++) {
    const f = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    a += f
    cx += (ring[i][0] + ring[i + 1][0]) * f
    cy += (ring[i][1] + ring[i + 1][1]) * f
  }
  return a === 0 ? ring[0] : [cx / (3 * a), cy / (3 * a)]
}

/** Even-odd ray casting over every ring, so holes count as outside. */
export function pointInPolygon(p: Position, poly: Polygon): boolean {
  let inside = false
  for (const ring of poly.coordinates) {
    for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j]
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

/** A polygon's rings as one flat array (x, y, x, y, …; `ends[r]` is where ring r stops), for pointInPacked. */
export interface PackedPolygon { xy: Float64Array; ends: Int32Array }

export function packPolygon(poly: Polygon): PackedPolygon {
  const xy = new Float64Array(poly.coordinates.reduce((n, r) => n + 2 * r.length, 0))
  const ends = new Int32Array(poly.coordinates.length)
  let k = 0
  poly.coordinates.forEach((ring, r) => { for (const [x, y] of ring) { xy[k++] = x; xy[k++] = y } ends[r] = k })
  return { xy, ends }
}

/**
 * pointInPolygon on a packed polygon: the same test edge by edge. At ×100 the grids' vertices,
 * an array each, lay all over a heap of gigabytes, and locating a million issues waited on memory.
 */
export function pointInPacked(px: number, py: number, { xy, ends }: PackedPolygon): boolean {
  let inside = false, start = 0
  for (let r = 0; r < ends.length; r++) {
    const last = ends[r] - 2 // the closing point repeats the first
    for (let i = start, j = last - 2; i < last; j = i, i += 2) {
      const xi = xy[i], yi = xy[i + 1], xj = xy[j], yj = xy[j + 1]
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside
    }
    start = ends[r]
  }
  return inside
}

/**
 * pointInPolygon for many points against one polygon: the same answer, each edge tested as
 * there, but only the edges of the point's horizontal band (an edge can only count for a point
 * whose y its y-span holds).
 */
export function polygonLocator(poly: Polygon): (p: Position) => boolean {
  const inside = polygonLocatorXY(poly)
  return (p) => inside(p[0], p[1])
}

/** polygonLocator for a point given as two numbers (no array per point tested). */
export function polygonLocatorXY(poly: Polygon): (x: number, y: number) => boolean {
  let s = Infinity, n = -Infinity, count = 0
  for (const ring of poly.coordinates) for (const [, y] of ring) { s = Math.min(s, y); n = Math.max(n, y); count++ }
  const bands = Math.max(1, Math.min(4096, Math.ceil(count / 4)))
  const h = (n - s) / bands || 1
  const band = (y: number) => Math.min(bands - 1, Math.max(0, Math.floor((y - s) / h)))
  const lists: number[][] = Array.from({ length: bands }, () => [])
  for (const ring of poly.coordinates) {
    for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j]
      for (let b = band(Math.min(yi, yj)); b <= band(Math.max(yi, yj)); b++) lists[b].push(xi, yi, xj, yj)
    }
  }
  const edges = lists.map((l) => Float64Array.from(l))
  return (px, py) => {
    if (!(py >= s && py <= n)) return false
    const e = edges[band(py)]
    let inside = false
    for (let k = 0; k < e.length; k += 4) {
      const xi = e[k], yi = e[k + 1], xj = e[k + 2], yj = e[k + 3]
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside
    }
    return inside
  }
}

/** Whether segments ab and cd cross or touch. */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const side = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  const within = (p: Position, q: Position, r: Position) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1])
  const d1 = side(c, d, a), d2 = side(c, d, b), d3 = side(a, b, c), d4 = side(a, b, d)
  if (d1 * d2 < 0 && d3 * d4 < 0) return true
  return (d1 === 0 && within(c, d, a)) || (d2 === 0 && within(c, d, b)) || (d3 === 0 && within(a, b, c)) || (d4 === 0 && within(a, b, d))
}

/** Whether `inner` lies strictly inside `outer` (its vertices inside, no edges meeting). */
export function polygonWithin(inner: Polygon, outer: Polygon): boolean {
  const ring = inner.coordinates[0]
  if (!ring.every((p) => pointInPolygon(p, outer))) return false
  for (let i = 0; i < ring.length - 1; i++) for (const o of outer.coordinates) {
    for (let j = 0; j < o.length - 1; j++) if (segmentsMeet(ring[i], ring[i + 1], o[j], o[j + 1])) return false
  }
  return true
}

/**
 * polygonWithin(inner, outer) for many inners against one outer: the same answer (the same
 * tests), the vertices by polygonLocator and the edges only against the outer edges whose
 * boxes meet theirs (segments whose boxes are apart never meet).
 */
export function polygonWithinOf(outer: Polygon): (inner: Polygon) => boolean {
  const inside = polygonLocator(outer)
  const [w, s, e, n] = bboxOf(outer.coordinates[0])
  const edges = new BoxIndex<[Position, Position]>(Math.max(e - w, n - s) / 256 || 1)
  for (const o of outer.coordinates) for (let j = 0; j < o.length - 1; j++) {
    edges.insert([Math.min(o[j][0], o[j + 1][0]), Math.min(o[j][1], o[j + 1][1]), Math.max(o[j][0], o[j + 1][0]), Math.max(o[j][1], o[j + 1][1])], [o[j], o[j + 1]])
  }
  return (inner) => {
    const ring = inner.coordinates[0]
    if (!ring.every((p) => inside(p))) return false
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i], b = ring[i + 1]
      const box: [number, number, number, number] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])]
      let meets = false
      edges.each(box, ([c, d]) => { if (!meets && segmentsMeet(a, b, c, d)) meets = true })
      if (meets) return false
    }
    return true
  }
}

/** Distance from p to segment ab, and where along it (0..1) the nearest point lies. */
export function segmentDistance(p: Position, a: Position, b: Position): { d: number; t: number } {
  const dx = b[0] - a[0], dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  return { d: Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy), t }
}

/**
 * A closed ring without repeated points, without spikes (a → b → a) and without the
 * zero-width necks a coarse boundary leaves; counter-clockwise if `ccw`, else clockwise.
 */
export function cleanRing(ring: Ring, ccw = true): Ring {
  let pts = ring.slice(0, samePoint(ring[0], ring[ring.length - 1]) ? -1 : undefined)
  for (let changed = true; changed && pts.length > 2;) {
    changed = false
    const out: Position[] = []
    for (const p of pts) {
      if (out.length && samePoint(out[out.length - 1], p)) { changed = true; continue }
      if (out.length >= 2 && samePoint(out[out.length - 2], p)) { out.pop(); changed = true; continue }
      out.push(p)
    }
    while (out.length > 2 && (samePoint(out[0], out[out.length - 1]) || samePoint(out[1], out[out.length - 1]) || samePoint(out[0], out[out.length - 2]))) {
      if (samePoint(out[0], out[out.length - 1])) out.pop()
      else if (samePoint(out[1], out[out.length - 1])) { out.pop(); out.shift() }
      else { out.pop(); out.pop() }
      changed = true
    }
    pts = out
  }
  const closed = [...pts, pts[0]]
  return (signedArea(closed) > 0) === ccw ? closed : closed.reverse()
}

/** The polygon's rings cleaned and oriented (outer counter-clockwise, holes clockwise); null if it collapsed. */
export function cleanPolygon(poly: Polygon): Polygon | null {
  const outer = cleanRing(poly.coordinates[0], true)
  if (outer.length < 4 || signedArea(outer) <= 0) return null
  const holes = poly.coordinates.slice(1).map((r) => cleanRing(r, false)).filter((r) => r.length >= 4 && signedArea(r) < 0)
  return { type: 'Polygon', coordinates: [outer, ...holes] }
}

export function bboxOf(points: Iterable<Position>): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (const [x, y] of points) { w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y) }
  return [w, s, e, n]
}

/** A uniform-grid spatial index of items by bounding box: quick candidate look-ups. */
export class BoxIndex<T> {
  private cells = new Map<number, T[]>()
  constructor(private size: number) {}
  private key = (i: number, j: number) => (i + 1e6) * 4e6 + (j + 1e6)
  private range([w, s, e, n]: [number, number, number, number]) {
    return [Math.floor(w / this.size), Math.floor(s / this.size), Math.floor(e / this.size), Math.floor(n / this.size)]
  }
  insert(box: [number, number, number, number], item: T) {
    const [i0, j0, i1, j1] = this.range(box)
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) {
      const list = this.cells.get(this.key(i, j))
      if (list) list.push(item)
      else this.cells.set(this.key(i, j), [item])
    }
  }
  /** Calls `fn` for each item in the cells the box meets (an item spanning several cells may repeat). */
  each(box: [number, number, number, number], fn: (item: T) => void) {
    const [i0, j0, i1, j1] = this.range(box)
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) for (const item of this.cells.get(this.key(i, j)) ?? []) fn(item)
  }
  /** The items of the cell holding the point, in the order they were inserted (not a copy: do not change it). */
  at(x: number, y: number): readonly T[] {
    return this.cells.get(this.key(Math.floor(x / this.size), Math.floor(y / this.size))) ?? []
  }
  /** Items whose cells meet the box (a superset of the items whose boxes meet it), without repeats. */
  query(box: [number, number, number, number]): T[] {
    const [i0, j0, i1, j1] = this.range(box)
    if (i0 === i1 && j0 === j1) return [...(this.cells.get(this.key(i0, j0)) ?? [])]
    const seen = new Set<T>()
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) for (const item of this.cells.get(this.key(i, j)) ?? []) seen.add(item)
    return [...seen]
  }
}
