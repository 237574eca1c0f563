// One entry point for the import dialog and the tests: a chosen file → candidate zones.
// The format is told by content (a zip's magic bytes), not only by the file name.
import type { Feature } from 'geojson'
import { ImportFileError, toCandidates, type ImportCandidate } from './candidates'
import { parseGeoJsonText } from './geojson'
import { IMPORT_LIMITS } from './limits'
import { looksLikeZip, parseShapefileZip } from './shapefile'

/** What a browser File offers, so tests can pass bytes without a DOM. */
export interface FileLike {
  name: string
  size: number
  arrayBuffer(): Promise<ArrayBuffer>
}

export async function readZoneFile(file: FileLike, opts: { defaultUnit: number | null }): Promise<ImportCandidate[]> {
  if (file.size > IMPORT_LIMITS.maxFileBytes) {
    throw new ImportFileError('file_too_large', { mb: (file.size / 1048576).toFixed(1), max: IMPORT_LIMITS.maxFileBytes / 1048576 })
  }
  if (file.size === 0) throw new ImportFileError('empty_file')
  const bytes = new Uint8Array(await file.arrayBuffer())
  const lower = file.name.toLowerCase()
  const baseName = file.name.replace(/\.[^.]*$/, '') || file.name
  let features: Feature[]
  if (looksLikeZip(bytes) || lower.endsWith('.zip')) features = await parseShapefileZip(bytes)
  else if (lower.endsWith('.shp') || lower.endsWith('.dbf') || lower.endsWith('.shx')) throw new ImportFileError('shapefile_not_zipped')
  else if (/\.(geo)?json$/.test(lower) || bytes[0] === 0x7b /* { */ || lower.endsWith('.txt')) features = parseGeoJsonText(new TextDecoder().decode(bytes))
  else throw new ImportFileError('unsupported_file', { name: file.name.slice(0, 60) })
  return toCandidates(features, { defaultUnit: opts.defaultUnit, baseName })
}
