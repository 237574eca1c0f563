// Which coordinate system a file's lon/lat are in, and the conversion to WGS 84 (what the
// database stores). Officers copy points and shapes from 高德 / 腾讯 maps (GCJ-02, China's
// offset datum) and 百度 (BD-09, offset once more): read as WGS 84 they land hundreds of
// metres off, often in a neighbour's street, and nothing in a GeoJSON file says so — the
// officer chooses the system in the import dialog. The conversion is gcoord's (MIT,
// maintained), not our own formulas. A Shapefile with a .prj is projected from its .prj
// instead (shapefile.ts); this choice applies to GeoJSON only.
import gcoord from 'gcoord'
import type { Feature, Geometry } from 'geojson'

export type SourceCrs = 'wgs84' | 'gcj02' | 'bd09'
export const SOURCE_CRS: readonly SourceCrs[] = ['wgs84', 'gcj02', 'bd09']

const GCOORD = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

export const isSourceCrs = (x: unknown): x is SourceCrs => typeof x === 'string' && (SOURCE_CRS as readonly string[]).includes(x)

/** One position from `crs` to WGS 84 (unchanged for WGS 84 and for anything not a number pair). */
export function positionToWgs84(p: number[], crs: SourceCrs): number[] {
  if (crs === 'wgs84' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return p
  const [lon, lat] = gcoord.transform([p[0], p[1]] as [number, number], GCOORD[crs], gcoord.WGS84)
  return [lon, lat, ...p.slice(2)]
}

/** A geometry's every position converted; a copy, the input is left as it was. */
export function geometryToWgs84(g: Geometry, crs: SourceCrs): Geometry {
  if (crs === 'wgs84') return g
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map((x) => geometryToWgs84(x, crs)) }
  const walk = (c: unknown): unknown =>
    Array.isArray(c) ? (typeof c[0] === 'number' ? positionToWgs84(c as number[], crs) : c.map(walk)) : c
  return { ...g, coordinates: walk((g as { coordinates?: unknown }).coordinates) } as Geometry
}

export function featuresToWgs84(features: Feature[], crs: SourceCrs): Feature[] {
  if (crs === 'wgs84') return features
  return features.map((f) => (f && f.geometry && typeof f.geometry === 'object' ? { ...f, geometry: geometryToWgs84(f.geometry, crs) } : f))
}
