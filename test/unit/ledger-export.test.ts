// The ledger's CSV as Chinese Excel reads it: UTF-8 with a byte-order mark, quoted where it
// must be, and no cell that Excel would run as a formula. Read back with a real CSV parser.
import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { csvField, ledgerGeojson, toCsv } from '../../src/lib/state/ledger-export'

describe('ledger CSV', () => {
  const header = ['编号', '问题描述', '上报次数']
  const rows = [
    ['WT-001', '路边垃圾堆积，"急"', 2],
    ['WT-002', '=HYPERLINK("http://x","点我")', 1],
    ['WT-003', '第一行\n第二行', null],
    ['WT-004', '+86 123', 3],
    ['WT-005', '-5℃ 井盖结冰', 1],
    ['WT-006', '@所有人', 1],
  ]
  const csv = toCsv(header, rows)

  it('starts with a UTF-8 byte-order mark and ends rows with CRLF', () => {
    const bytes = new TextEncoder().encode(csv)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.split('\r\n')).toHaveLength(rows.length + 2)
  })

  it('reads back, with a CSV parser, as the same rows and Chinese text — formulas defused by a leading apostrophe', () => {
    const back: string[][] = parse(csv, { bom: true })
    expect(back[0]).toEqual(header)
    expect(back.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r[0]))
    expect(back[1][1]).toBe('路边垃圾堆积，"急"')
    expect(back[3][1]).toBe('第一行\n第二行')
    expect(back[3][2]).toBe('')
    // what Excel would have run: = + - @ at the start
    expect(back[2][1]).toBe(`'=HYPERLINK("http://x","点我")`)
    expect(back[4][1]).toBe("'+86 123")
    expect(back[5][1]).toBe("'-5℃ 井盖结冰")
    expect(back[6][1]).toBe("'@所有人")
    // numbers are numbers, not text with an apostrophe (a negative figure stays a figure)
    expect(csvField(-3)).toBe('-3')
  })

  it('writes GeoJSON points with every column as a property', () => {
    const fc = ledgerGeojson([{ id: 7, code: 'WT-7', lon: 123.9, lat: 47.3, description: '井盖' } as any])
    expect(fc.features[0]).toEqual({ type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [123.9, 47.3] }, properties: { id: 7, code: 'WT-7', description: '井盖' } })
  })
})
