// Shared borders that are really shared: after clipping, two neighbours may carry the same
// border with slightly different vertices (a crossing computed twice, a vertex one side has
// and the other lacks). Noding makes every shared border the same vertex sequence on both
// sides, so PostGIS unions dissolve it cleanly and adjacency can be read off identical edges.
import type { Polygon, Position } from 'geojson'
import { BoxIndex, cleanPolygon, dist, segmentDistance } from './geo'

const key = (p: Position) => `${p[0]},${p[1]}`
/** The same key for a→b and b→a. */
export const edgeKey = (a: Position, b: Position) => {
  const ka = key(a), kb = key(b)
  return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`
}

/**
 * Vertices closer than `tol` become one (the earliest polygon's wins, so list a boundary that
 * must not move first), and a vertex lying within `tol` of another polygon's edge is inserted
 * into that edge. `cell` is the spatial index's cell size (about a typical edge length).
 */
export function nodePolygons(polys: Polygon[], tol: number, cell: number): Polygon[] {
  const snapped = snapVertices(polys, tol)
  const vertices = new BoxIndex<Position>(cell)
  const seen = new Set<string>()
  for (const poly of snapped) for (const ring of poly.coordinates) for (const p of ring) {
    if (seen.has(key(p))) continue
    seen.add(key(p))
    vertices.insert([p[0], p[1], p[0], p[1]], p)
  }
  return snapped.map((poly) => {
    const rings = poly.coordinates.map((ring) => insertVerticesOnEdges(ring, vertices, tol))
    return cleanPolygon({ type: 'Polygon', coordinates: rings }) ?? poly
  })
}

function snapVertices(polys: Polygon[], tol: number): Polygon[] {
  // buckets of tol × tol by column, then row: numbers as keys, not strings (millions of look-ups at ×100)
  const canon = new Map<number, Map<number, Position[]>>()
  const snap = (p: Position): Position => {
    const bx = Math.floor(p[0] / tol), by = Math.floor(p[1] / tol)
    let best: Position | null = null, bestD = tol
    for (let i = bx - 1; i <= bx + 1; i++) {
      const column = canon.get(i)
      if (column) for (let j = by - 1; j <= by + 1; j++) {
        for (const c of column.get(j) ?? []) {
          const d = dist(c, p)
          if (d < bestD) { bestD = d; best = c }
        }
      }
    }
    if (best) return best
    let column = canon.get(bx)
    if (!column) canon.set(bx, column = new Map())
    const list = column.get(by)
    if (list) list.push(p)
    else column.set(by, [p])
    return p
  }
  return polys.map((poly) => {
    const rings = poly.coordinates.map((ring) => ring.map(snap))
    return cleanPolygon({ type: 'Polygon', coordinates: rings }) ?? poly
  })
}

function insertVerticesOnEdges(ring: Position[], vertices: BoxIndex<Position>, tol: number): Position[] {
  const out: Position[] = []
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i], b = ring[i + 1]
    out.push(a)
    const box: [number, number, number, number] = [Math.min(a[0], b[0]) - tol, Math.min(a[1], b[1]) - tol, Math.max(a[0], b[0]) + tol, Math.max(a[1], b[1]) + tol]
    const onEdge: { p: Position; t: number }[] = []
    // vertices are points, each in one cell of the index: no repeats (and the order is sorted below)
    vertices.each(box, (v) => {
      if (v[0] < box[0] || v[0] > box[2] || v[1] < box[1] || v[1] > box[3]) return
      if (dist(v, a) < tol || dist(v, b) < tol) return
      const { d, t } = segmentDistance(v, a, b)
      if (d < tol && t > 0 && t < 1) onEdge.push({ p: v, t })
    })
    onEdge.sort((x, y) => x.t - y.t || x.p[0] - y.p[0] || x.p[1] - y.p[1])
    for (const { p } of onEdge) out.push(p)
  }
  out.push(ring[ring.length - 1])
  return out
}

/** For every pair of polygons sharing at least one edge: the total length of their shared edges. */
export function sharedBorders(polys: Polygon[]): Map<number, Map<number, number>> {
  const owners = new Map<string, number[]>()
  polys.forEach((poly, i) => {
    for (const ring of poly.coordinates) for (let k = 0; k < ring.length - 1; k++) {
      const e = edgeKey(ring[k], ring[k + 1])
      const list = owners.get(e)
      if (list) list.push(i)
      else owners.set(e, [i])
    }
  })
  const borders = new Map<number, Map<number, number>>(polys.map((_, i) => [i, new Map()]))
  for (const [e, list] of owners) {
    if (list.length !== 2 || list[0] === list[1]) continue
    const [ka, kb] = e.split('|')
    const len = dist(ka.split(',').map(Number), kb.split(',').map(Number))
    const [i, j] = list
    borders.get(i)!.set(j, (borders.get(i)!.get(j) ?? 0) + len)
    borders.get(j)!.set(i, (borders.get(j)!.get(i) ?? 0) + len)
  }
  return borders
}

/** Edges (each given once) joined end to end into the longest possible polylines. */
export function chainEdges(edges: [Position, Position][]): Position[][] {
  const at = new Map<string, number[]>()
  edges.forEach(([a, b], i) => {
    for (const p of [a, b]) {
      const list = at.get(key(p))
      if (list) list.push(i)
      else at.set(key(p), [i])
    }
  })
  const used = new Set<number>()
  const chains: Position[][] = []
  const walk = (start: Position): Position[] => {
    const line = [start]
    for (let p = start; ;) {
      const next = (at.get(key(p)) ?? []).find((i) => !used.has(i))
      if (next === undefined) return line
      used.add(next)
      const [a, b] = edges[next]
      p = key(a) === key(p) ? b : a
      line.push(p)
    }
  }
  // open chains start at their ends; what is left are closed loops
  for (const [a, b] of edges) for (const p of [a, b]) if (at.get(key(p))!.length % 2 === 1 && at.get(key(p))!.some((i) => !used.has(i))) chains.push(walk(p))
  edges.forEach(([a], i) => { if (!used.has(i)) chains.push(walk(a)) })
  return chains.filter((c) => c.length >= 2)
}
