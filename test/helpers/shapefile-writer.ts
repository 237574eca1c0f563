// A tiny writer of zipped polygon Shapefiles, so importer tests build their inputs from
// coordinates in the test itself instead of binary fixtures nobody can read. It writes what
// the ESRI Shapefile Technical Description (1998) requires for shape type 5 (Polygon): the
// .shp and .shx with their 100-byte headers, a dBASE III .dbf with one text field NAME, an
// optional .prj, and a zip with stored (uncompressed) entries and CRC-32 checksums.
type Ring = [number, number][]

const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
export const PRJ = { wgs84: WGS84_PRJ }

/** Shapefile outer rings run clockwise (x east, y north); shpjs reads holes from the winding. */
function clockwise(ring: Ring): Ring {
  let twiceArea = 0
  for (let i = 0; i < ring.length - 1; i++) twiceArea += (ring[i + 1][0] - ring[i][0]) * (ring[i + 1][1] + ring[i][1])
  return twiceArea >= 0 ? ring : [...ring].reverse()
}

function header(view: DataView, fileBytes: number, bbox: number[]) {
  view.setInt32(0, 9994, false)
  view.setInt32(24, fileBytes / 2, false) // length in 16-bit words
  view.setInt32(28, 1000, true)
  view.setInt32(32, 5, true) // Polygon
  bbox.forEach((v, i) => view.setFloat64(36 + i * 8, v, true))
}

function shpAndShx(polygons: Ring[]): { shp: Uint8Array; shx: Uint8Array } {
  const rings = polygons.map(clockwise)
  const contentBytes = rings.map((r) => 4 + 32 + 4 + 4 + 4 + r.length * 16) // type, box, parts, points, part index, xy
  const shpBytes = 100 + contentBytes.reduce((n, c) => n + 8 + c, 0)
  const shx = new DataView(new ArrayBuffer(100 + rings.length * 8))
  const shp = new DataView(new ArrayBuffer(shpBytes))
  const all = rings.flat()
  const bbox = [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))]
  header(shp, shpBytes, bbox)
  header(shx, shx.byteLength, bbox)
  let at = 100
  rings.forEach((ring, i) => {
    shx.setInt32(100 + i * 8, at / 2, false)
    shx.setInt32(104 + i * 8, contentBytes[i] / 2, false)
    shp.setInt32(at, i + 1, false)
    shp.setInt32(at + 4, contentBytes[i] / 2, false)
    let o = at + 8
    shp.setInt32(o, 5, true); o += 4
    const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1])
    for (const v of [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]) { shp.setFloat64(o, v, true); o += 8 }
    shp.setInt32(o, 1, true); o += 4 // one part
    shp.setInt32(o, ring.length, true); o += 4
    shp.setInt32(o, 0, true); o += 4 // it starts at point 0
    for (const [x, y] of ring) { shp.setFloat64(o, x, true); shp.setFloat64(o + 8, y, true); o += 16 }
    at = o
  })
  return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) }
}

function dbf(names: string[]): Uint8Array {
  const width = 80
  const enc = new TextEncoder()
  const headerBytes = 32 + 32 + 1
  const recordBytes = 1 + width
  const out = new Uint8Array(headerBytes + names.length * recordBytes + 1)
  const v = new DataView(out.buffer)
  out[0] = 0x03
  out.set([126, 11, 25], 1) // 2026-11-25 (years since 1900)
  v.setUint32(4, names.length, true)
  v.setUint16(8, headerBytes, true)
  v.setUint16(10, recordBytes, true)
  out.set(enc.encode('NAME'), 32)
  out[32 + 11] = 'C'.charCodeAt(0)
  out[32 + 16] = width
  out[64] = 0x0d
  names.forEach((name, i) => {
    const at = headerBytes + i * recordBytes
    out.fill(0x20, at, at + recordBytes) // deletion flag ' ' and space padding
    out.set(enc.encode(name).slice(0, width), at + 1)
  })
  out[out.length - 1] = 0x1a
  return out
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** A zip of the given files, stored without compression. */
export function zip(files: Record<string, Uint8Array | string>): Uint8Array {
  const enc = new TextEncoder()
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? enc.encode(content) : content
    const nameBytes = enc.encode(name)
    const crc = crc32(data)
    const local = new Uint8Array(30 + nameBytes.length + data.length)
    const l = new DataView(local.buffer)
    l.setUint32(0, 0x04034b50, true); l.setUint16(4, 20, true)
    l.setUint32(14, crc, true); l.setUint32(18, data.length, true); l.setUint32(22, data.length, true)
    l.setUint16(26, nameBytes.length, true)
    local.set(nameBytes, 30); local.set(data, 30 + nameBytes.length)
    const central = new Uint8Array(46 + nameBytes.length)
    const c = new DataView(central.buffer)
    c.setUint32(0, 0x02014b50, true); c.setUint16(4, 20, true); c.setUint16(6, 20, true)
    c.setUint32(16, crc, true); c.setUint32(20, data.length, true); c.setUint32(24, data.length, true)
    c.setUint16(28, nameBytes.length, true); c.setUint32(42, offset, true)
    central.set(nameBytes, 46)
    locals.push(local); centrals.push(central)
    offset += local.length
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0)
  const end = new Uint8Array(22)
  const e = new DataView(end.buffer)
  e.setUint32(0, 0x06054b50, true); e.setUint16(8, centrals.length, true); e.setUint16(10, centrals.length, true)
  e.setUint32(12, cdSize, true); e.setUint32(16, offset, true)
  const out = new Uint8Array(offset + cdSize + 22)
  let at = 0
  for (const part of [...locals, ...centrals, end]) { out.set(part, at); at += part.length }
  return out
}

/** A zipped polygon Shapefile `layer.{shp,shx,dbf[,prj]}` with one feature per ring. */
export function zippedShapefile(layer: string, features: { name: string; ring: Ring }[], opts: { prj?: string | null } = {}): Uint8Array {
  const { shp, shx } = shpAndShx(features.map((f) => f.ring))
  const files: Record<string, Uint8Array | string> = { [`${layer}.shp`]: shp, [`${layer}.shx`]: shx, [`${layer}.dbf`]: dbf(features.map((f) => f.name)) }
  const prj = opts.prj === undefined ? PRJ.wgs84 : opts.prj
  if (prj !== null) files[`${layer}.prj`] = prj
  return zip(files)
}

/** A File-like object for readZoneFile. */
export function fileOf(name: string, content: Uint8Array | string) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer }
}
