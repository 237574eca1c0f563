// The browser-side drawing helpers: live shape checks (the same codes validate_zone uses)
// and pixel-tolerance snapping to vertices first, then edges.
import { describe, expect, it } from 'vitest'
import type { Polygon, Position } from 'geojson'
import { checkShape, withoutRepeatedPoints } from '../../src/lib/geo/shape-check'
import { snapPosition } from '../../src/lib/geo/snap'

// ~0.001° ≈ 75 m east–west and 111 m north–south at 47°N
const square = (x: number, y: number, d: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] })

describe('live shape checks', () => {
  it('accepts a plain square of about 8,000 m²', () => {
    expect(checkShape(square(123.9, 47.3, 0.001), 'area')).toEqual([])
  })
  it('takes a point repeated right after itself (a double click, a clipped ring closed twice) for no crossing', () => {
    const [w, s0, d] = [123.9, 47.3, 0.001]
    const closedTwice: Polygon = { type: 'Polygon', coordinates: [[[w, s0], [w + d, s0], [w + d, s0 + d], [w, s0 + d], [w, s0], [w, s0]]] }
    const doubleClick: Polygon = { type: 'Polygon', coordinates: [[[w, s0], [w + d, s0], [w + d, s0], [w + d, s0 + d], [w, s0 + d], [w, s0]]] }
    expect(checkShape(closedTwice, 'area')).toEqual([])
    expect(checkShape(doubleClick, 'area')).toEqual([])
    expect(withoutRepeatedPoints(closedTwice)).toEqual(square(w, s0, d))
  })
  it('finds a bow-tie and marks where the boundary crosses itself', () => {
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] }
    const [p] = checkShape(bowtie, 'area')
    expect(p.code).toBe('self_intersection')
    expect(p.location).toEqual({ type: 'MultiPoint', coordinates: [[1, 1]] })
  })
  it('refuses a polygon of two distinct points', () => {
    expect(checkShape({ type: 'Polygon', coordinates: [[[1, 1], [2, 2], [1, 1], [1, 1]]] }, 'area').map((p) => p.code)).toEqual(['too_few_points'])
  })
  it('calls an area under 50 m² too small and quotes it', () => {
    const [p] = checkShape(square(123.9, 47.3, 0.00005), 'area') // ~4 m × 5.5 m
    expect(p.code).toBe('too_small')
    expect(p.value).toBeGreaterThan(15)
    expect(p.value).toBeLessThan(50)
  })
  it('checks roads for crossings and length, and never points', () => {
    expect(checkShape({ type: 'LineString', coordinates: [[0, 0], [2, 2], [2, 0], [0, 2]] }, 'road')[0].code).toBe('self_intersection')
    const [short] = checkShape({ type: 'LineString', coordinates: [[123.9, 47.3], [123.90001, 47.3]] }, 'road')
    expect(short.code).toBe('too_small') // validate_zone's code; the message says metres (liveProblemText)
    expect(short.value).toBeCloseTo(0.8, 1)
    expect(checkShape({ type: 'Point', coordinates: [123.9, 47.3] }, 'point')).toEqual([])
  })
})

describe('snapping within a pixel tolerance', () => {
  // a flat projection: 1 degree = 1000 px
  const project = (p: Position) => ({ x: p[0] * 1000, y: -p[1] * 1000 })
  const at = (lon: number, lat: number) => ({ lngLat: [lon, lat], x: lon * 1000, y: -lat * 1000 })
  const shape = square(0, 0, 1)

  it('moves to a vertex within the tolerance', () => {
    expect(snapPosition(at(1.005, 0.996), [shape], project, 10)).toEqual([1, 1])
  })
  it('prefers a vertex to a nearer edge', () => {
    // 2 px from the edge x = 1, 8 px from the vertex (1, 1)
    expect(snapPosition(at(1.002, 0.992), [shape], project, 10)).toEqual([1, 1])
  })
  it('moves onto an edge when no vertex is near', () => {
    const p = snapPosition(at(1.004, 0.5), [shape], project, 10)!
    expect(p[0]).toBeCloseTo(1, 6)
    expect(p[1]).toBeCloseTo(0.5, 3)
  })
  it('leaves the pointer alone beyond the tolerance', () => {
    expect(snapPosition(at(1.02, 0.5), [shape], project, 10)).toBeUndefined()
  })
})
