// Snapping: the pointer moves to the nearest vertex, else the nearest point on an edge, of the
// shapes near it (neighbouring zones, grid boundaries), if that lies within a tolerance in
// screen pixels. Vertices win over edges, so shared corners are drawn once and match exactly.
import { lineString, nearestPointOnLine, point } from '@turf/turf'
import type { Geometry, Position } from 'geojson'

export type Project = (p: Position) => { x: number; y: number }

/** The rings and lines of a geometry as lists of positions. */
export function linesOf(g: Geometry): Position[][] {
  switch (g.type) {
    case 'Polygon': return g.coordinates
    case 'MultiPolygon': return g.coordinates.flat()
    case 'LineString': return [g.coordinates]
    case 'MultiLineString': return g.coordinates
    case 'Point': return [[g.coordinates]]
    case 'MultiPoint': return [g.coordinates]
    default: return []
  }
}

export interface Pointer { lngLat: Position; x: number; y: number }

/** The snapped position for the pointer, or undefined when no vertex or edge is within `tolerancePx`. */
export function snapPosition(pointer: Pointer, shapes: Geometry[], project: Project, tolerancePx: number): Position | undefined {
  const px = (p: Position) => { const s = project(p); return Math.hypot(s.x - pointer.x, s.y - pointer.y) }
  let vertex: { at: Position; d: number } | null = null
  for (const g of shapes) for (const line of linesOf(g)) for (const p of line) {
    const d = px(p)
    if (d <= tolerancePx && (!vertex || d < vertex.d)) vertex = { at: p, d }
  }
  if (vertex) return vertex.at
  let edge: { at: Position; d: number } | null = null
  for (const g of shapes) for (const line of linesOf(g)) {
    if (line.length < 2) continue
    const at = nearestPointOnLine(lineString(line), point(pointer.lngLat)).geometry.coordinates
    const d = px(at)
    if (d <= tolerancePx && (!edge || d < edge.d)) edge = { at, d }
  }
  return edge?.at
}
