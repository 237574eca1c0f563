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
    // the parser's words are the engine's English; only where it went wrong is passed on
    throw new ImportFileError('broken_json', jsonErrorPlace(text, (e as Error).message))
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

/**
 * Where JSON.parse gave up, as 1-based line and column, read from the engine's message: V8 says
 * "at position 58" (newer ones add "(line 3 column 5)"), Firefox "at line 3 column 5", and
 * "Unexpected end of JSON input" means the text stopped early (`end: 1`). Safari names no
 * place; then there are no vars and the message says only that the file is not valid JSON.
 */
export function jsonErrorPlace(text: string, message: string): Record<string, number> {
  const end: Record<string, number> = /unexpected end|end of (the )?(json )?(data|input)/i.test(message) ? { end: 1 } : {}
  const lc = /line (\d+),? column (\d+)/i.exec(message)
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]), ...end }
  const at = /position (\d+)/i.exec(message)
  const pos = at ? Number(at[1]) : 'end' in end ? text.length : null
  if (pos == null || pos > text.length) return {}
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  return { line, column: pos - (before.lastIndexOf('\n') + 1) + 1, ...end }
}
