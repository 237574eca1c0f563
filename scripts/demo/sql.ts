// SQL literals for the generated seed: quoted text, rounded coordinates, WKT.
import type { Polygon, Position } from 'geojson'

export const q = (s: string | null | undefined) => (s == null ? 'null' : `'${s.replace(/'/g, "''")}'`)
export const r6 = (n: number) => Math.round(n * 1e6) / 1e6
const pos = (p: Position) => `${r6(p[0])} ${r6(p[1])}`

export function polygonWkt(poly: Polygon): string {
  return `POLYGON(${poly.coordinates.map((ring) => `(${ring.map(pos).join(',')})`).join(',')})`
}
export function geom(wkt: string) {
  return `ST_GeomFromText('${wkt}',4326)`
}
export function point(lon: number, lat: number) {
  return `ST_SetSRID(ST_MakePoint(${r6(lon)},${r6(lat)}),4326)`
}

/** INSERT … VALUES in batches, so a big seed is a few hundred statements, not thousands. */
export function insertRows(table: string, columns: string[], rows: string[][], batch = 500): string {
  const out: string[] = []
  for (let i = 0; i < rows.length; i += batch) {
    out.push(`insert into ${table} (${columns.join(', ')}) values\n${rows.slice(i, i + batch).map((r) => `(${r.join(', ')})`).join(',\n')};`)
  }
  return out.join('\n')
}
