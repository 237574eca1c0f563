// The import cannot freeze the page or put a shape in the wrong place: a damaged zip is
// refused at once (before but-unzip, which loops forever on one), the parser's worker is ended
// when it overruns its time limit, and coordinates copied from 高德/腾讯 (GCJ-02) or 百度 (BD-09)
// are converted to WGS 84 as the officer said, by gcoord.
import { describe, expect, it } from 'vitest'
import { readZoneBytes, readZoneFile } from '../../src/lib/zones-io/read-file'
import { readZoneFileInWorker, type WorkerLike } from '../../src/lib/zones-io/read-in-worker'
import { positionToWgs84 } from '../../src/lib/zones-io/coordinate-systems'
import type { ParseAnswer, ParseRequest } from '../../src/lib/zones-io/parse-protocol'
import { ImportFileError } from '../../src/lib/zones-io/candidates'
import { zhCN } from '../../src/lib/i18n/zh-CN'
import { en } from '../../src/lib/i18n/en'
import { fileOf, zippedShapefile } from '../helpers/shapefile-writer'

const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('accepted') }, (e) => e as ImportFileError)
/** metres between two lon/lat points (equirectangular; plenty for hundreds of metres) */
const metres = ([a, b]: number[], [c, d]: number[]) => Math.hypot((c - a) * Math.cos(((b + d) / 2) * Math.PI / 180), d - b) * 111_320

/** A worker run in this process: the same readZoneBytes the real parse.worker.ts runs. */
function inProcessWorker(behaviour: 'parse' | 'silent' | 'crash', ended: { terminated: boolean }): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(m: ParseRequest) {
      if (behaviour === 'silent') return
      if (behaviour === 'crash') { setTimeout(() => w.onerror?.({ message: 'Uncaught RangeError: out of memory', preventDefault() {} } as ErrorEvent)); return }
      readZoneBytes(m.name, new Uint8Array(m.bytes), { defaultUnit: m.defaultUnit, crs: m.crs }).then(
        (result) => w.onmessage?.({ data: { ok: true, result } as ParseAnswer } as MessageEvent<ParseAnswer>),
        (e: ImportFileError) => w.onmessage?.({ data: { ok: false, code: e.code, vars: e.vars } as ParseAnswer } as MessageEvent<ParseAnswer>))
    },
    terminate() { ended.terminated = true },
  }
  return w
}

const square = { type: 'Polygon', coordinates: [[[124.03, 47.32], [124.031, 47.32], [124.031, 47.321], [124.03, 47.321], [124.03, 47.32]]] }

describe('import safety', () => {
  it('refuses a damaged 11-byte .zip at once with its own code and text in both languages', async () => {
    const t0 = performance.now()
    const e = await refusal(readZoneFile(fileOf('from-street.zip', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6, 7])), { defaultUnit: 2 }))
    expect(performance.now() - t0).toBeLessThan(1000) // before the fix: but-unzip never returned
    expect(e).toBeInstanceOf(ImportFileError)
    expect(e.code).toBe('zip_damaged')
    expect(zhCN[e.messageKey as keyof typeof zhCN]).toContain('压缩包已损坏')
    expect(en[e.messageKey as keyof typeof en]).toContain('damaged')
    // a truncated copy of a good Shapefile zip is damaged too; the whole one still reads
    const good = zippedShapefile('z', [{ name: '北片', ring: square.coordinates[0] as [number, number][] }])
    expect((await refusal(readZoneFile(fileOf('cut.zip', good.slice(0, good.length - 30)), { defaultUnit: 2 }))).code).toBe('zip_damaged')
    expect((await readZoneFile(fileOf('whole.zip', good), { defaultUnit: 2 }))[0].name).toBe('北片')
  })

  it('ends a parser that overruns its time limit and says so; a crashed parser is a coded refusal too', async () => {
    const ended = { terminated: false }
    const file = fileOf('big.geojson', JSON.stringify({ type: 'Feature', properties: {}, geometry: square }))
    const t0 = performance.now()
    const slow = await refusal(readZoneFileInWorker(file, { defaultUnit: 2, crs: 'wgs84', timeoutMs: 200, spawn: () => inProcessWorker('silent', ended) }))
    expect(slow.code).toBe('parse_timeout')
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(ended.terminated).toBe(true)
    const crashed = { terminated: false }
    const e = await refusal(readZoneFileInWorker(file, { defaultUnit: 2, crs: 'wgs84', spawn: () => inProcessWorker('crash', crashed) }))
    expect(e.code).toBe('parse_failed')
    expect(String(e.vars.reason)).toContain('out of memory') // shown only as technical detail
    expect(zhCN['import.error.parse_failed']).toContain('技术信息')
    expect(crashed.terminated).toBe(true)
    // the size limit is checked before a byte is read or sent
    const huge = { name: 'huge.geojson', size: 25 * 1048576, arrayBuffer: async () => { throw new Error('read') } }
    expect((await refusal(readZoneFileInWorker(huge, { defaultUnit: 2, crs: 'wgs84', spawn: () => inProcessWorker('parse', ended) }))).code).toBe('file_too_large')
  })

  it('converts GCJ-02 and BD-09 to WGS 84 by the known offset (天安门), and leaves WGS 84 as it is', () => {
    // the widely published pair for Tiananmen: WGS 84 116.403988, 39.914266 = GCJ-02 116.410244, 39.915656
    const wgs = [116.403988, 39.914266]
    const back = positionToWgs84([116.41024449916938, 39.91565623152325], 'gcj02')
    // within 5 m of a ~570 m offset (published pairs differ by a metre or two between implementations)
    expect(metres([116.41024449916938, 39.91565623152325], wgs)).toBeGreaterThan(500)
    expect(metres(back, wgs)).toBeLessThan(5)
    // BD-09 of the same place (gcoord's README): 116.41661560068297, 39.92196580126834
    expect(metres(positionToWgs84([116.41661560068297, 39.92196580126834], 'bd09'), wgs)).toBeLessThan(5)
    expect(positionToWgs84(wgs, 'wgs84')).toEqual(wgs)
  })

  it('moves a GeoJSON copied from 高德 by some hundreds of metres in 建华区 when told it is GCJ-02; a Shapefile follows its .prj', async () => {
    const text = JSON.stringify({ type: 'Feature', properties: { name: '高德画的片区' }, geometry: square })
    const bytes = new TextEncoder().encode(text)
    const asIs = await readZoneBytes('amap.geojson', bytes, { defaultUnit: 2 })
    const gcj = await readZoneBytes('amap.geojson', bytes, { defaultUnit: 2, crs: 'gcj02' })
    const bd = await readZoneBytes('amap.geojson', bytes, { defaultUnit: 2, crs: 'bd09' })
    const first = (r: typeof asIs) => (r.candidates[0].geom as any).coordinates[0][0] as number[]
    expect(first(asIs)).toEqual([124.03, 47.32])
    expect(gcj.from).toBe('gcj02')
    const d = metres(first(gcj), [124.03, 47.32])
    expect(d).toBeGreaterThan(300); expect(d).toBeLessThan(800)
    expect(first(gcj)[0]).toBeLessThan(124.03) // GCJ-02 lies east of WGS 84 here: the conversion moves west
    expect(metres(first(bd), [124.03, 47.32])).toBeGreaterThan(d) // BD-09 is offset once more
    // the ring still closes after the conversion
    const ring = (gcj.candidates[0].geom as any).coordinates[0]
    expect(ring.at(-1)).toEqual(ring[0])
    const shp = await readZoneBytes('dept.zip', zippedShapefile('z', [{ name: '北片', ring: square.coordinates[0] as [number, number][] }]), { defaultUnit: 2, crs: 'gcj02' })
    expect(shp.from).toBe('prj')
    expect((shp.candidates[0].geom as any).coordinates[0][0][0]).toBeCloseTo(124.03, 9)
  })
})
