// Live checks while an officer draws, in the browser with Turf: the quick, obvious problems
// (the boundary crosses itself, too few points, a tiny area) shown as the shape changes.
// PostGIS (validate_zone / save_zone) stays the authority on save; these use the same
// problem codes so the panel and the map show both kinds the same way (their text:
// liveProblemText in ../i18n/api-errors.ts).
import { area, kinks, length } from '@turf/turf'
import type { Geometry, Point, Polygon, LineString } from 'geojson'
import type { ProblemCode, ZoneKind } from './zone-types'
import { MIN_AREA_M2, MIN_LENGTH_M } from './zone-limits'

/** The same limits as zone_limits() in SQL (min_area_m2, min_length_m): ./zone-limits.ts. */
export { MIN_AREA_M2, MIN_LENGTH_M }

export interface LiveProblem {
  code: Extract<ProblemCode, 'self_intersection' | 'too_few_points' | 'too_small'>
  /** where it applies (crossing points, the shape's first vertex), for the map */
  location: Geometry | null
  /** the figure the message quotes (area in m², length in m) */
  value?: number
}

const distinct = (ps: number[][]) => new Set(ps.map((p) => `${p[0]},${p[1]}`)).size
const same = (a: number[], b: number[]) => a[0] === b[0] && a[1] === b[1]
const dropRepeats = (ps: number[][]) => ps.filter((p, i) => i === 0 || !same(p, ps[i - 1]))

/**
 * The shape without any point repeated right after itself (a double click on one spot, or a
 * clipped ring whose closing point comes twice). Such a zero-length edge crosses nothing, yet
 * Turf's kinks reports it as a crossing, and PostGIS drops it anyway.
 */
export function withoutRepeatedPoints(geom: Geometry): Geometry {
  if (geom.type === 'Polygon') return { ...geom, coordinates: geom.coordinates.map(dropRepeats) }
  if (geom.type === 'LineString') return { ...geom, coordinates: dropRepeats(geom.coordinates) }
  return geom
}

export function checkShape(drawn: Geometry | null, kind: ZoneKind): LiveProblem[] {
  if (!drawn) return []
  const geom = withoutRepeatedPoints(drawn)
  if (kind === 'point' || geom.type === 'Point') return []
  if (geom.type === 'Polygon') {
    const ring = (geom as Polygon).coordinates[0] ?? []
    if (distinct(ring) < 3) return [{ code: 'too_few_points', location: ring[0] ? { type: 'Point', coordinates: ring[0] } : null }]
    const crossings = kinks(geom as Polygon).features.map((f) => (f.geometry as Point).coordinates)
    if (crossings.length) return [{ code: 'self_intersection', location: { type: 'MultiPoint', coordinates: crossings } }]
    const m2 = area(geom)
    if (m2 < MIN_AREA_M2) return [{ code: 'too_small', location: { type: 'Point', coordinates: ring[0] }, value: Math.round(m2 * 10) / 10 }]
    return []
  }
  if (geom.type === 'LineString') {
    const line = (geom as LineString).coordinates
    if (distinct(line) < 2) return [{ code: 'too_few_points', location: line[0] ? { type: 'Point', coordinates: line[0] } : null }]
    const crossings = kinks(geom as LineString).features.map((f) => (f.geometry as Point).coordinates)
    if (crossings.length) return [{ code: 'self_intersection', location: { type: 'MultiPoint', coordinates: crossings } }]
    const m = length({ type: 'Feature', geometry: geom, properties: {} }, { units: 'meters' })
    if (m < MIN_LENGTH_M) return [{ code: 'too_small', location: { type: 'Point', coordinates: line[0] }, value: Math.round(m * 10) / 10 }]
  }
  return []
}
