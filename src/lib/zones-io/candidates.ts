// What an import produces before anything is written: one candidate zone per feature, with
// the problems found so far (local checks here, then validate_zone's), and the file-level
// refusals that stop an import before any feature exists.
import type { Feature, Geometry, Position } from 'geojson'
import type { ProblemCode, ZoneKind, ZoneProblem } from '../geo/zone-types'
import { IMPORT_LIMITS } from './limits'
import { MAX_NAME_LENGTH } from '../geo/zone-limits'

/** Problems only the importer can see, besides validate_zone's codes. */
export type ImportProblemCode = ProblemCode | 'no_geometry' | 'invalid_name' | 'forbidden'

export interface ImportProblem extends Omit<ZoneProblem, 'code'> {
  code: ImportProblemCode
}

export interface ImportCandidate {
  /** position in the file, 1-based, as an officer would count */
  index: number
  name: string
  kind: ZoneKind
  geom: Geometry | null
  unit_id: number | null
  problems: ImportProblem[]
}

/** Why a whole file was refused. `vars` fill the locale text `import.error.<code>`. */
export type ImportFileErrorCode =
  | 'file_too_large' | 'empty_file' | 'unsupported_file' | 'broken_json' | 'not_geojson' | 'empty_collection'
  | 'too_many_features' | 'not_a_zip' | 'shapefile_not_zipped' | 'shapefile_missing_shp'
  | 'shapefile_no_prj' | 'shapefile_bad_prj' | 'shapefile_broken'
  /** a .zip without its central directory (truncated or damaged) */
  | 'zip_damaged'
  /** the parser worker took longer than IMPORT_LIMITS.parseSeconds and was ended */
  | 'parse_timeout'
  /** the parser worker failed (did not load, or threw something that is not ours) */
  | 'parse_failed'

export class ImportFileError extends Error {
  constructor(readonly code: ImportFileErrorCode, readonly vars: Record<string, string | number> = {}) {
    super(`${code}${Object.keys(vars).length ? ` ${JSON.stringify(vars)}` : ''}`)
    this.name = 'ImportFileError'
  }

  /** Its locale text: `import.error.<code>`, or for broken JSON with a known place `…_at` / `…_end`. */
  get messageKey(): string {
    if (this.code === 'broken_json' && this.vars.line != null) return `import.error.broken_json_${this.vars.end ? 'end' : 'at'}`
    return `import.error.${this.code}`
  }
}

const NAME_KEYS = ['name', 'NAME', 'Name', '名称', 'zone_name', 'ZONE_NAME', 'mc', 'MC']
const KIND_OF: Record<string, ZoneKind> = {
  Polygon: 'area', MultiPolygon: 'area', LineString: 'road', MultiLineString: 'road', Point: 'point', MultiPoint: 'point',
}

/** Every position of a geometry (any nesting); non-arrays are skipped, SQL reports them. */
export function countPositions(g: Geometry): number {
  if (g.type === 'GeometryCollection') return g.geometries.reduce((n, x) => n + countPositions(x), 0)
  const walk = (c: unknown): number =>
    Array.isArray(c) ? (typeof c[0] === 'number' || c.length === 0 ? 1 : c.reduce((n: number, x) => n + walk(x), 0)) : 0
  return walk((g as { coordinates?: unknown }).coordinates)
}

/**
 * The geometry as sent to SQL: only type and coordinates (a file's `bbox` or foreign members
 * are dropped), and a single-part Multi* as its one part — other departments' files often
 * wrap every shape in a Multi*.
 */
function cleanGeometry(g: Geometry): Geometry {
  if (g.type === 'GeometryCollection') return { type: g.type, geometries: g.geometries }
  if ((g.type === 'MultiPolygon' || g.type === 'MultiLineString' || g.type === 'MultiPoint') && Array.isArray(g.coordinates) && g.coordinates.length === 1) {
    const type = g.type.slice(5) as 'Polygon' | 'LineString' | 'Point'
    return { type, coordinates: g.coordinates[0] as Position[][] & Position[] & Position } as Geometry
  }
  return { type: g.type, coordinates: (g as { coordinates: unknown }).coordinates } as Geometry
}

/** The rule of clean_zone_name() in SQL (save_zone is the authority; this warns before it refuses). */
export function nameProblem(name: string): ImportProblem | null {
  const n = name.trim()
  if (n.length === 0 || n.length > MAX_NAME_LENGTH) {
    return { code: 'invalid_name', message_zh: `名称须为 1 到 ${MAX_NAME_LENGTH} 个字符`, message_en: `The name must be 1 to ${MAX_NAME_LENGTH} characters` }
  }
  // eslint-disable-next-line no-control-regex
  if (/[<>\u0000-\u001f\u007f]/.test(n)) {
    return { code: 'invalid_name', message_zh: `名称「${n.slice(0, 40)}」含有 < > 或控制字符`, message_en: `The name "${n.slice(0, 40)}" contains < > or control characters` }
  }
  return null
}

function featureName(props: Record<string, unknown> | null, fallback: string): string {
  for (const k of NAME_KEYS) {
    const v = props?.[k]
    if (typeof v === 'string' && v.trim()) return v.trim()
    if (typeof v === 'number') return String(v)
  }
  return fallback
}

function featureUnit(props: Record<string, unknown> | null, defaultUnit: number | null): number | null {
  const v = props?.unit_id ?? props?.UNIT_ID
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v)
  return defaultUnit
}

/**
 * Features → candidates, with the checks that need no database: a geometry is present, the
 * name is acceptable, the vertex count is within the limit. Shape, place and overlaps are
 * validate_zone's job (validateCandidates).
 */
export function toCandidates(features: Feature[], opts: { defaultUnit: number | null; baseName: string }): ImportCandidate[] {
  if (features.length === 0) throw new ImportFileError('empty_collection')
  if (features.length > IMPORT_LIMITS.maxFeatures) {
    throw new ImportFileError('too_many_features', { count: features.length, max: IMPORT_LIMITS.maxFeatures })
  }
  return features.map((f, i) => {
    const props = (f && typeof f.properties === 'object' ? f.properties : null) as Record<string, unknown> | null
    const name = featureName(props, `${opts.baseName} #${i + 1}`)
    const raw = f && typeof f.geometry === 'object' ? f.geometry : null
    const geom = raw ? cleanGeometry(raw) : null
    const problems: ImportProblem[] = []
    if (!geom) problems.push({ code: 'no_geometry', message_zh: '该要素没有几何图形', message_en: 'This feature has no geometry' })
    const bad = nameProblem(name)
    if (bad) problems.push(bad)
    const n = geom ? countPositions(geom) : 0
    if (n > IMPORT_LIMITS.maxVertices) {
      problems.push({ code: 'too_many_vertices', message_zh: `顶点过多：${n} 个（上限 ${IMPORT_LIMITS.maxVertices} 个），请简化边界`, message_en: `Too many vertices: ${n} (at most ${IMPORT_LIMITS.maxVertices}); simplify the boundary` })
    }
    return { index: i + 1, name, kind: KIND_OF[geom?.type ?? ''] ?? 'area', geom, unit_id: featureUnit(props, opts.defaultUnit), problems }
  })
}
