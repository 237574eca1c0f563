// Cuts the real district boundary into grids that look like city blocks: a Voronoi diagram of
// points that are denser towards the urban centres, smoothed once (Lloyd), clipped to the
// boundary. Communities and streets are groups of whole grids, so every level shares the
// grids' edges exactly (their shapes are unions computed in SQL from the grids).
import { bbox as turfBbox, booleanPointInPolygon, centroid, featureCollection, intersect, point, voronoi } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import type { Rng } from './prng'
import { r6 } from './sql'

export type Area = Feature<Polygon | MultiPolygon>

export interface Cell {
  index: number
  polygon: Polygon
  centre: Position
}

/** A random point inside the area: near one of `centres` (σ in degrees) or anywhere. */
export function samplePoint(rng: Rng, area: Area, centres: Position[], sigma: number, uniformShare: number): Position {
  const [w, s, e, n] = turfBbox(area)
  for (;;) {
    let p: Position
    if (centres.length && !rng.chance(uniformShare)) {
      const c = rng.pick(centres)
      p = [c[0] + rng.gaussian(sigma * 1.45), c[1] + rng.gaussian(sigma)]
    } else {
      p = [w + rng() * (e - w), s + rng() * (n - s)]
    }
    if (booleanPointInPolygon(p, area)) return p
  }
}

function voronoiCells(seeds: Position[], area: Area): (Polygon | null)[] {
  const [w, s, e, n] = turfBbox(area)
  const pad = 0.01
  const cells = voronoi(featureCollection(seeds.map((p) => point(p))), { bbox: [w - pad, s - pad, e + pad, n + pad] })
  return cells.features.map((f) => (f ? roundPolygon(f.geometry) : null))
}

/** Round to 6 decimals so neighbours share bit-identical vertices. */
function roundPolygon(p: Polygon): Polygon {
  return { type: 'Polygon', coordinates: p.coordinates.map((ring) => ring.map(([x, y]) => [r6(x), r6(y)])) }
}

function clip(cell: Polygon, area: Area): Polygon[] {
  const inside = cell.coordinates[0].every((p) => booleanPointInPolygon(p, area))
  if (inside) return [cell]
  const cut = intersect(featureCollection([{ type: 'Feature', properties: {}, geometry: cell }, area]))
  if (!cut) return []
  const g = cut.geometry
  const polys = g.type === 'Polygon' ? [g] : g.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates }))
  return polys.map(roundPolygon)
}

/** `count` grid cells over the area; each cell the largest piece of its clipped Voronoi cell. */
export function tessellate(rng: Rng, area: Area, count: number, centres: Position[]): Cell[] {
  let seeds = Array.from({ length: count }, () => samplePoint(rng, area, centres, 0.012, 0.45))
  // One Lloyd step: move each seed to its cell's centroid, evening out the slivers.
  const first = voronoiCells(seeds, area)
  seeds = seeds.map((p, i) => {
    const c = first[i]
    if (!c) return p
    const m = centroid(c).geometry.coordinates
    return booleanPointInPolygon(m, area) ? m : p
  })
  const cells: Cell[] = []
  voronoiCells(seeds, area).forEach((cell) => {
    if (!cell) return
    for (const piece of clip(cell, area)) {
      cells.push({ index: cells.length, polygon: piece, centre: centroid(piece).geometry.coordinates })
    }
  })
  return cells
}

/** Cells that share an edge (two identical vertices in a row), not just a corner. */
export function adjacency(cells: Cell[]): Set<number>[] {
  const edgeOwner = new Map<string, number>()
  const neighbours = cells.map(() => new Set<number>())
  for (const cell of cells) {
    const ring = cell.polygon.coordinates[0]
    for (let i = 0; i < ring.length - 1; i++) {
      const a = `${ring[i][0]},${ring[i][1]}`, b = `${ring[i + 1][0]},${ring[i + 1][1]}`
      const key = a < b ? `${a}|${b}` : `${b}|${a}`
      const other = edgeOwner.get(key)
      if (other !== undefined && other !== cell.index) {
        neighbours[cell.index].add(other)
        neighbours[other].add(cell.index)
      } else edgeOwner.set(key, cell.index)
    }
  }
  return neighbours
}

/**
 * Splits cells into `groups` contiguous regions by growing from seeds chosen far apart
 * (breadth-first over shared edges, the smallest region grows next), so every group is one
 * connected piece and groups have similar numbers of cells.
 */
export function growRegions(rng: Rng, cells: Cell[], neighbours: Set<number>[], groups: number, within: number[] = cells.map((c) => c.index)): number[][] {
  const allowed = new Set(within)
  const owner = new Map<number, number>()
  const regions: number[][] = []
  const frontier: number[][] = []
  // farthest-point seeds
  const pool = [...within]
  let seed = pool[Math.floor(rng() * pool.length)]
  for (let g = 0; g < groups && pool.length; g++) {
    regions.push([seed]); frontier.push([seed]); owner.set(seed, g)
    let best = -1, bestD = -1
    for (const i of pool) {
      if (owner.has(i)) continue
      const d = Math.min(...regions.map((r) => dist2(cells[r[0]].centre, cells[i].centre)))
      if (d > bestD) { bestD = d; best = i }
    }
    if (best < 0) break
    seed = best
  }
  for (;;) {
    const order = regions.map((r, g) => [r.length, g]).sort((a, b) => a[0] - b[0] || a[1] - b[1])
    let grew = false
    for (const [, g] of order) {
      while (frontier[g].length) {
        const next = [...neighbours[frontier[g][0]]].filter((n) => allowed.has(n) && !owner.has(n)).sort((a, b) => a - b)[0]
        if (next === undefined) { frontier[g].shift(); continue }
        owner.set(next, g); regions[g].push(next); frontier[g].push(next); grew = true
        break
      }
      if (grew) break
    }
    if (!grew) break
  }
  // Cells cut off from every seed (islands) join the region of their nearest cell.
  for (const i of within) {
    if (owner.has(i)) continue
    let best = 0, bestD = Infinity
    for (const [g, r] of regions.entries()) for (const j of r) {
      const d = dist2(cells[i].centre, cells[j].centre)
      if (d < bestD) { bestD = d; best = g }
    }
    owner.set(i, best); regions[best].push(i)
  }
  return regions
}

const dist2 = (a: Position, b: Position) => ((a[0] - b[0]) * 0.68) ** 2 + (a[1] - b[1]) ** 2

/** Reading order for codes: north to south, then west to east. */
export function readingOrder(centres: Position[]): number[] {
  return centres.map((c, i) => [c, i] as const)
    .sort((a, b) => Math.round((b[0][1] - a[0][1]) * 200) || a[0][0] - b[0][0])
    .map(([, i]) => i)
}
