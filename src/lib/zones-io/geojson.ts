// GeoJSON text → features. Accepts a FeatureCollection, a single Feature or a bare geometry;
// anything else is refused as a whole with a specific reason.
import type { Feature, Geometry } from 'geojson'
import { ImportFileError } from './candidates'

const GEOMETRY_TYPES = new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'])

export function parseGeoJsonText(text: string): Feature[] {
  if (!text.trim()) throw new ImportFileError('empty_file')
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    // the parser's own words carry the position ("... at position 123"), useful to whoever fixes the file
    throw new ImportFileError('broken_json', { reason: (e as Error).message.slice(0, 120) })
  }
  const o = doc as { type?: unknown; features?: unknown; geometry?: unknown }
  if (o && typeof o === 'object' && o.type === 'FeatureCollection') {
    if (!Array.isArray(o.features)) throw new ImportFileError('not_geojson', { type: 'FeatureCollection' })
    return o.features as Feature[]
  }
  if (o && typeof o === 'object' && o.type === 'Feature') return [o as Feature]
  if (o && typeof o === 'object' && typeof o.type === 'string' && GEOMETRY_TYPES.has(o.type)) {
    return [{ type: 'Feature', properties: {}, geometry: o as Geometry }]
  }
  const type = o && typeof o === 'object' && typeof o.type === 'string' ? o.type : Array.isArray(doc) ? 'array' : typeof doc
  throw new ImportFileError('not_geojson', { type: String(type).slice(0, 40) })
}
