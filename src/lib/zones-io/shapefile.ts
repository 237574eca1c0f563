// A zipped Shapefile → features, reprojected to lon/lat (WGS 84) from its .prj by shpjs/proj4.
//
// A Shapefile without a .prj is refused. Its coordinates carry no CRS: numbers that look like
// lon/lat may still be GCJ-02 (China's offset datum, hundreds of metres off) or a local grid,
// and guessing would silently put a boundary in the wrong street. The officer is told to ask
// for the .prj (or a GeoJSON in EPSG:4326) instead. A .prj proj4 cannot read is refused too,
// rather than imported unprojected.
import { iter } from 'but-unzip'
import proj4 from 'proj4'
import { parseDbf, parseShp } from 'shpjs'
import type { Feature, Geometry } from 'geojson'
import { ImportFileError } from './candidates'

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]

export function looksLikeZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b)
}

/**
 * Does the zip end with its central directory record (PK\x05\x06, in the last 22 + 65,535
 * bytes)? A truncated or damaged zip has none, and but-unzip then searches for it forever
 * (an 11-byte .zip froze the tab): such a file is refused before but-unzip sees it.
 */
export function hasZipDirectory(bytes: Uint8Array): boolean {
  const last = bytes.length - 22
  for (let i = last; i >= 0 && i >= last - 65535; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true
  }
  return false
}

/** The .dbf's text encoding: its .cpg if present, else UTF-8 when it decodes, else GBK (common in Chinese GIS exports). */
function dbfEncoding(dbf: Uint8Array, cpg: string | undefined): string {
  if (cpg?.trim()) return cpg.trim()
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf)
    return 'utf-8'
  } catch {
    return 'gbk'
  }
}

export async function parseShapefileZip(bytes: Uint8Array): Promise<Feature[]> {
  if (!looksLikeZip(bytes)) throw new ImportFileError('not_a_zip')
  if (!hasZipDirectory(bytes)) throw new ImportFileError('zip_damaged', { bytes: bytes.length })
  const files = new Map<string, Uint8Array>()
  try {
    for (const entry of iter(bytes)) {
      if (entry.filename.includes('__MACOSX') || entry.filename.endsWith('/')) continue
      files.set(entry.filename.toLowerCase(), await entry.read())
    }
  } catch (e) {
    throw new ImportFileError('not_a_zip', { reason: (e as Error).message.slice(0, 80) })
  }
  const layers = [...files.keys()].filter((k) => k.endsWith('.shp')).map((k) => k.slice(0, -4))
  if (layers.length === 0) {
    throw new ImportFileError('shapefile_missing_shp', { files: [...files.keys()].slice(0, 5).join(', ') || '—' })
  }
  const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined)
  const features: Feature[] = []
  for (const layer of layers) {
    const label = layer.split('/').pop() ?? layer
    const prj = text(files.get(`${layer}.prj`))
    if (!prj?.trim()) throw new ImportFileError('shapefile_no_prj', { layer: label })
    try {
      proj4(prj)
    } catch {
      throw new ImportFileError('shapefile_bad_prj', { layer: label })
    }
    const shp = files.get(`${layer}.shp`)!
    const dbf = files.get(`${layer}.dbf`)
    let geoms: (Geometry | null)[]
    let rows: Record<string, unknown>[] = []
    try {
      geoms = parseShp(new DataView(shp.buffer, shp.byteOffset, shp.byteLength), prj)
      if (dbf) rows = parseDbf(new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength), dbfEncoding(dbf, text(files.get(`${layer}.cpg`))))
    } catch (e) {
      throw new ImportFileError('shapefile_broken', { layer: label, reason: (e as Error).message.slice(0, 80) })
    }
    geoms.forEach((geometry, i) => features.push({ type: 'Feature', geometry: geometry as Geometry, properties: rows[i] ?? {} }))
  }
  return features
}
