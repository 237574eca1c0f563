// SQL literals for the generated seed: quoted text, WKT with 6-decimal coordinates, batched inserts.
import type { Polygon, Position } from 'geojson'
import { r6 } from './geo'

/** A text literal ('' doubles a quote); null for null. */
export const q = (s: string | null | undefined) => (s == null ? 'null' : `'${s.replace(/'/g, "''")}'`)
export const n = (x: number | null | undefined) => (x == null ? 'null' : String(x))

const pos = (p: Position) => `${r6(p[0])} ${r6(p[1])}`
const rings = (poly: Polygon) => `(${poly.coordinates.map((ring) => `(${ring.map(pos).join(',')})`).join(',')})`

export const polygonWkt = (poly: Polygon) => `POLYGON${rings(poly)}`
export const multiPolygonWkt = (poly: Polygon) => `MULTIPOLYGON(${rings(poly)})`
export const lineWkt = (line: Position[]) => `LINESTRING(${line.map(pos).join(',')})`
export const pointWkt = (p: Position) => `POINT(${pos(p)})`
export const geom = (wkt: string) => `ST_GeomFromText('${wkt}',4326)`

/** INSERT … VALUES in batches, so a big seed is a few hundred statements, not thousands. */
export function insertRows(table: string, columns: string[], rows: string[][], batch = 500): string {
  return batches(rows, batch).map((part) => `insert into ${table} (${columns.join(', ')})${overriding(table, columns)} values\n${values(part)};`).join('\n')
}

/** Tables whose ids are `generated always` (migration *_tables.sql). */
const IDENTITY_TABLES = new Set(['units', 'unit_officers', 'zones', 'zone_history', 'issues', 'markets', 'parking_lots', 'compounds'])

/** The seed keeps its ids stable across runs, which the identity columns allow only when asked. */
export const overriding = (table: string, columns: string[]) =>
  IDENTITY_TABLES.has(table) && columns.includes('id') ? ' overriding system value' : ''

/**
 * INSERT … SELECT over a VALUES list, in batches: `select` reads the list as `v(columns)`,
 * `tail` may join it to other tables (e.g. to compute timestamps from offsets and a lookup).
 */
export function insertFromValues(target: string, select: string, columns: string[], rows: string[][], tail = '', batch = 500): string {
  return batches(rows, batch)
    .map((part) => `${target}\n${select}\nfrom (values\n${values(part)}) as v(${columns.join(', ')})${tail ? `\n${tail}` : ''};`)
    .join('\n')
}

/**
 * A statement too big for one string (a million issues): its batches, made as written. Written
 * out, they are joined by a newline, as insertRows/insertFromValues join theirs.
 */
export interface Chunked { chunks: () => Iterable<string> }

/** insertRows, lazily: `row(i)` for i < count, a batch at a time. */
export const insertRowsChunked = (table: string, columns: string[], count: number, row: (i: number) => string[], batch = 500): Chunked => ({
  *chunks() {
    for (let i = 0; i < count; i += batch) yield insertRows(table, columns, rowsOf(i, Math.min(count, i + batch), row), batch)
  },
})

/** insertFromValues, lazily. */
export const insertFromValuesChunked = (target: string, select: string, columns: string[], count: number, row: (i: number) => string[], tail = '', batch = 500): Chunked => ({
  *chunks() {
    for (let i = 0; i < count; i += batch) yield insertFromValues(target, select, columns, rowsOf(i, Math.min(count, i + batch), row), tail, batch)
  },
})

const rowsOf = (from: number, to: number, row: (i: number) => string[]) => Array.from({ length: to - from }, (_, k) => row(from + k))

const values = (rows: string[][]) => rows.map((r) => `(${r.join(', ')})`).join(',\n')
function batches<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}
