// Bounding boxes: the one way to compute one ([west, south, east, north] in degrees, as the
// SQL functions return `bbox`). Pure: no map, no database.
import type { Feature, FeatureCollection, Geometry } from 'geojson'

export type Bbox = [number, number, number, number]

/** The bounding box of geometries, features or collections; null when there are no coordinates. */
export function bboxOf(...shapes: (Geometry | Feature | FeatureCollection | null | undefined)[]): Bbox | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (c: any): void => {
    if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]) } else c.forEach(visit)
  }
  const walk = (x: Geometry | Feature | FeatureCollection | null | undefined): void => {
    if (!x) return
    if (x.type === 'FeatureCollection') x.features.forEach(walk)
    else if (x.type === 'Feature') walk(x.geometry)
    else if (x.type === 'GeometryCollection') x.geometries.forEach(walk)
    else visit(x.coordinates)
  }
  shapes.forEach(walk)
  return Number.isFinite(w) ? [w, s, e, n] : null
}
