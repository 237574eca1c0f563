// The ledger (台账) as files: CSV that Chinese Excel opens with the right characters, and
// GeoJSON for a GIS. Excel reads a CSV as the system's code page (GBK on a Chinese Windows)
// unless the file starts with a UTF-8 byte-order mark; and it runs a cell that starts with
// = + - @ (or a tab / carriage return) as a formula — a description typed by a citizen could
// be `=HYPERLINK(...)` — so such a cell is written with a leading apostrophe (OWASP's advice).
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { LedgerRow } from '../api/types'

export type Cell = string | number | boolean | null | undefined

const BOM = '\uFEFF'
const FORMULA_START = /^[=+\-@\t\r]/

/** One CSV field: formula characters defused, quoted when it holds a comma, quote or line break. */
export function csvField(value: Cell): string {
  if (value == null) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A whole CSV file: BOM, header row, rows, CRLF line ends (RFC 4180, as Excel writes them). */
export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** The ledger's rows as points with every column a property (coordinates are the point). */
export function ledgerGeojson(rows: LedgerRow[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: rows.map((r): Feature<Point> => {
      const { lon, lat, ...properties } = r
      return { type: 'Feature', id: r.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties }
    }),
  }
}

/** Hand a file to the browser's download (the name says what and when). */
export function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = Object.assign(document.createElement('a'), { href: url, download: name })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
