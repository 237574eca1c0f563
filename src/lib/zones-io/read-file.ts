// One entry point for the import worker and the tests: a chosen file → candidate zones.
// The format is told by content (a zip's magic bytes), not only by the file name. The
// import dialog does not call this on the main thread: it runs in parse.worker.ts
// (read-in-worker.ts), so a damaged or huge file cannot freeze the page.
import type { Feature } from 'geojson'
import { ImportFileError, toCandidates, type ImportCandidate } from './candidates'
import { featuresToWgs84, type SourceCrs } from './coordinate-systems'
import { parseGeoJsonText } from './geojson'
import { IMPORT_LIMITS } from './limits'
import { looksLikeZip, parseShapefileZip } from './shapefile'

/** What a browser File offers, so tests can pass bytes without a DOM. */
export interface FileLike {
  name: string
  size: number
  arrayBuffer(): Promise<ArrayBuffer>
}

export interface ReadOptions {
  defaultUnit: number | null
  /** the system a GeoJSON's lon/lat are in (the officer's choice; WGS 84 when not said) */
  crs?: SourceCrs
}

export interface ReadResult {
  candidates: ImportCandidate[]
  format: 'geojson' | 'shapefile'
  /** the system the coordinates were converted from (a Shapefile: from its .prj, so 'prj') */
  from: SourceCrs | 'prj'
}

/** The size check, before a byte is read (also done by the worker client before it copies). */
export function checkFileSize(size: number): void {
  if (size > IMPORT_LIMITS.maxFileBytes) {
    throw new ImportFileError('file_too_large', { mb: (size / 1048576).toFixed(1), max: IMPORT_LIMITS.maxFileBytes / 1048576 })
  }
  if (size === 0) throw new ImportFileError('empty_file')
}

export async function readZoneBytes(name: string, bytes: Uint8Array, opts: ReadOptions): Promise<ReadResult> {
  checkFileSize(bytes.length)
  const lower = name.toLowerCase()
  const baseName = name.replace(/\.[^.]*$/, '') || name
  let features: Feature[]
  let format: ReadResult['format'] = 'geojson'
  let from: ReadResult['from'] = opts.crs ?? 'wgs84'
  if (looksLikeZip(bytes) || lower.endsWith('.zip')) {
    features = await parseShapefileZip(bytes)
    format = 'shapefile'
    from = 'prj'
  } else if (lower.endsWith('.shp') || lower.endsWith('.dbf') || lower.endsWith('.shx')) throw new ImportFileError('shapefile_not_zipped')
  else if (/\.(geo)?json$/.test(lower) || bytes[0] === 0x7b /* { */ || lower.endsWith('.txt')) {
    features = featuresToWgs84(parseGeoJsonText(new TextDecoder().decode(bytes)), opts.crs ?? 'wgs84')
  } else throw new ImportFileError('unsupported_file', { name: name.slice(0, 60) })
  return { candidates: toCandidates(features, { defaultUnit: opts.defaultUnit, baseName }), format, from }
}

export async function readZoneFile(file: FileLike, opts: ReadOptions): Promise<ImportCandidate[]> {
  checkFileSize(file.size)
  return (await readZoneBytes(file.name, new Uint8Array(await file.arrayBuffer()), opts)).candidates
}
