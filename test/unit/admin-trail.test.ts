// The drill-down breadcrumb: from the district down to the area shown, whatever level the
// leader arrived at (a grid found by search gets its community, street and district above it).
import { describe, expect, it } from 'vitest'
import type { FeatureCollection } from 'geojson'
import { adminTrail } from '../../src/lib/state/admin-trail'

const fc = (props: Record<string, unknown>[]): FeatureCollection =>
  ({ type: 'FeatureCollection', features: props.map((p) => ({ type: 'Feature', geometry: null as any, properties: p })) })
const layers = {
  district: fc([{ code: '230203', name: '建华区' }]),
  // the real divisions (scripts/demo/divisions-230203.json)
  streets: fc([{ code: '230203002', name: '中华街道' }, { code: '230203005', name: '卜奎街道' }]),
  communities: fc([{ code: '230203005003', name: '天增社区', street_code: '230203005' }]),
}

describe('adminTrail', () => {
  it('walks a grid up through its community and street to the district', () => {
    const trail = adminTrail({ level: 'grid', code: '230203005003011', name: '第11网格' },
      { level: 'community', code: '230203005003', name: '天增社区' }, layers)
    expect(trail.map((s) => s.name)).toEqual(['建华区', '卜奎街道', '天增社区', '第11网格'])
    expect(trail.map((s) => s.level)).toEqual(['district', 'street', 'community', 'grid'])
  })

  it('is the district alone at the top, and a street sits under it', () => {
    expect(adminTrail({ level: 'district', code: '230203', name: '建华区' }, null, layers).map((s) => s.name)).toEqual(['建华区'])
    expect(adminTrail({ level: 'street', code: '230203002', name: '中华街道' }, { level: 'district', code: '230203', name: '建华区' }, layers)
      .map((s) => s.code)).toEqual(['230203', '230203002'])
  })

  it('stops where the hierarchy layers do not know a parent, rather than guessing', () => {
    const trail = adminTrail({ level: 'community', code: 'x', name: '某社区' }, { level: 'street', code: '999', name: '未知街道' }, { district: undefined, streets: fc([]), communities: fc([]) })
    expect(trail.map((s) => s.name)).toEqual(['未知街道', '某社区'])
  })
})
