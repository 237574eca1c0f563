// A year (or --years) of issues (挂号 → 派遣 → 接单 → 处置 → 核实 → 结案), as offsets in seconds before load time
// so the demo always looks live. Most cluster at markets (stalls, litter, fumes) and old
// compounds (litter, manholes, illegal building), the rest follow the population; a few places
// see the same problem come back week after week (反复出现). Each issue's steps after its
// registration (workflow.ts): about nine in ten closed, some late, some reworked, extended or
// deferred; the open ones past their deadline escalate (1 督办, 2 催办, 3 查办: computed in SQL
// from the deadline and the escalation_levels table, whose thresholds — a week, six weeks — these follow).
import type { Position } from 'geojson'
import type { District } from './district'
import { BoxIndex, bboxOf, packPolygon, pointInPacked, polygonArea, ringCentroid, type PackedPolygon } from './geo'
import { CATEGORIES, DESCRIPTIONS, ROADS } from './names'
import type { Compound, Market } from './places'
import { weightTable, type Rng, type WeightTable } from './prng'
import { planSteps, type Step } from './workflow'

export interface Issue {
  id: number
  code: string
  category: string
  description: string
  address: string
  source: 'patrol' | 'hotline' | 'app' | 'inspection'
  at: Position
  reportedAgo: number
  /** seconds the command centre takes to dispatch it by hand, should no unit be clearly responsible at its point */
  manualDelay: number
  /** the steps after registration and dispatch, seconds after the report (SQL drops them where no unit is responsible) */
  steps: Step[]
}

const HOUR = 3600, DAY = 86400, WEEK = 7 * DAY
const CATEGORY = new Map(CATEGORIES.map((c) => [c.code, c]))
const RESPONSE_HOURS = { urgent: 1, high: 2, normal: 4 } // issue_urgencies (migration *_issue_catalogue.sql)
const MARKET_MIX: [string, number][] = [['street_stall', 35], ['litter', 20], ['fumes', 15], ['illegal_parking', 15], ['small_ads', 10], ['road_damage', 5]]
const COMPOUND_MIX: [string, number][] = [['litter', 25], ['manhole', 15], ['illegal_building', 15], ['small_ads', 15], ['abandoned_vehicle', 10], ['greenery', 10], ['illegal_parking', 10]]
const ANYWHERE_MIX: [string, number][] = CATEGORIES.map((c) => [c.code, c.code === 'illegal_building' ? 6 : 10])

export interface IssueContext {
  markets: Market[]
  compounds: Compound[]
  communityNames: string[]
  streetNames: string[]
}

interface Draft { at: Position; category: string; reportedAgo: number; place?: string }

/**
 * The issues, made as they are read: where and when each is reported is drawn up front (they
 * are numbered by report time), the rest of each issue (its words, channel and steps) only when
 * `each` reaches it, so a million issues with their steps are never held at once. One pass.
 */
export interface IssueStream { count: number; each(): Iterable<Issue> }

/** Issues over `years` (1: ~1,900·scale over the year; more: 2,000·scale a year, the benchmark's million at ×100 over 5). */
export function generateIssues(rng: Rng, district: District, ctx: IssueContext, scale: number, years = 1): IssueStream {
  const gridAt = gridLocator(district)
  const inside = (p: Position) => gridAt(p) !== undefined
  const drafts = [...recurringDrafts(rng, district, ctx, inside, scale)]
  const total = years === 1 ? 1900 * scale : 2000 * scale * years
  const stalls = weightTable(ctx.markets.map((m) => m.stalls))
  while (drafts.length < total) {
    const roll = rng()
    const reportedAgo = reportAge(rng, years)
    if (roll < 0.42) {
      const m = ctx.markets[rng.weightedIn(stalls)]
      const at = near(rng, district, m.at, 50, inside)
      drafts.push({ at, category: mix(rng, MARKET_MIX), reportedAgo, place: m.name })
    } else if (roll < 0.7) {
      const c = rng.pick(ctx.compounds)
      const at = near(rng, district, ringCentroid(c.polygon.coordinates[0]), 90, inside)
      drafts.push({ at, category: mix(rng, COMPOUND_MIX), reportedAgo, place: c.name })
    } else {
      drafts.push({ at: anywhere(rng, district, inside), category: mix(rng, ANYWHERE_MIX), reportedAgo })
    }
  }
  const roads = ctx.communityNames.map(() => rng.shuffle(ROADS).slice(0, 3))
  const flow = rng.fork('workflow')
  drafts.sort((a, b) => b.reportedAgo - a.reportedAgo || a.at[0] - b.at[0])
  let read = false
  const issue = (d: Draft, i: number): Issue => {
    const grid = gridAt(d.at)!
    const community = district.grids[grid].community
    const words = { road: roads[community][0], cross: roads[community][1], community: ctx.communityNames[community], street: ctx.streetNames[district.grids[grid].street], place: d.place }
    if (rng.chance(0.5)) [words.road, words.cross] = [roads[community][rng.int(1, 2)], roads[community][0]]
    return {
      id: i + 1,
      code: `JH2026-${String(i + 1).padStart(6, '0')}`, // 7 digits past 999,999 (×100 over 5 years), as dispatch_issue's lpad would
      category: d.category,
      ...describe(rng, d.category, words),
      at: d.at,
      ...lifecycle(rng, flow, d.category, d.reportedAgo),
    }
  }
  return {
    count: drafts.length,
    *each() {
      if (read) throw new Error('the issues are made as they are read, once')
      read = true
      for (let i = 0; i < drafts.length; i++) yield issue(drafts[i], i)
    },
  }
}

/** ~8 places where one category comes back in 12-18 distinct weeks, within ~10 m. */
function recurringDrafts(rng: Rng, district: District, ctx: IssueContext, inside: (p: Position) => boolean, scale: number): Draft[] {
  const out: Draft[] = []
  const busyMarkets = ctx.markets.filter((m) => m.kind !== 'farmers')
  for (let k = 0; k < 8 * scale; k++) {
    const atMarket = k % 2 === 0
    const m = busyMarkets[(k / 2) % busyMarkets.length | 0], c = ctx.compounds[((k - 1) / 2) % ctx.compounds.length | 0]
    const centre = atMarket ? near(rng, district, m.at, 30, inside) : near(rng, district, c.polygon.coordinates[0][rng.int(0, 3)], 15, inside)
    const category = atMarket ? rng.pick(['street_stall', 'fumes', 'litter']) : rng.pick(['litter', 'illegal_parking', 'small_ads', 'manhole'])
    // Even week numbers only: two reports from chosen weeks are ≥ 8 days apart, so they fall
    // in different calendar weeks whatever the load time.
    const weeks = rng.shuffle(Array.from({ length: 26 }, (_, w) => 2 * w)).slice(0, rng.int(12, 18))
    for (const w of weeks) {
      out.push({ at: near(rng, district, centre, 6, inside), category, reportedAgo: w * WEEK + rng.int(HOUR, 6 * DAY), place: atMarket ? m.name : c.name })
    }
  }
  return out
}

/** The channel and the steps: registered at the report; the rest in workflow.ts. */
function lifecycle(rng: Rng, flow: Rng, category: string, reportedAgo: number): Pick<Issue, 'source' | 'reportedAgo' | 'manualDelay' | 'steps'> {
  const source = (['patrol', 'hotline', 'app', 'inspection'] as const)[rng.weighted([45, 25, 20, 10])]
  const c = CATEGORY.get(category)!
  const manualDelay = flow.int(10 * 60, 4 * HOUR)
  return { source, reportedAgo, manualDelay, steps: planSteps(flow, { category, source, hours: c.hours, responseHours: RESPONSE_HOURS[c.urgency] }, reportedAgo) }
}

/** Seconds since a report: over the past year (or `years`), somewhat more in recent months (the campaign picked up). */
function reportAge(rng: Rng, years: number): number {
  for (;;) {
    const age = rng.int(10 * 60, years * 365 * DAY - HOUR)
    if (rng() * 1.8 < 1 + 0.8 * Math.exp(-age / (75 * DAY))) return age
  }
}

function describe(rng: Rng, category: string, words: { road: string; cross: string; community: string; street: string; place?: string }) {
  const place = words.place ?? (words.community.endsWith('村') ? `${words.community}${rng.int(1, 12)}组`
    : `${words.community.replace('社区', '')}小区${rng.int(1, 40)}号楼`)
  const description = rng.pick(DESCRIPTIONS[category]).replace('{road}', words.road).replace('{cross}', words.cross)
    .replace('{community}', words.community).replace('{place}', place)
  const address = rng.pick([`建华区${words.road}${rng.int(1, 400)}号`, `${words.road}与${words.cross}交口`,
    `${words.street}${words.community}${place}`])
  return { description, address }
}

/** A point with a Gaussian scatter of `sigmaM` metres around `c`, inside the district. */
function near(rng: Rng, district: District, c: Position, sigmaM: number, inside: (p: Position) => boolean): Position {
  const m = district.frame.toMetres(c)
  for (let i = 0; i < 100; i++) {
    const p = district.frame.toLonLat([m[0] + rng.gaussian(sigmaM), m[1] + rng.gaussian(sigmaM)])
    if (inside(p)) return p
  }
  return anywhere(rng, district, inside)
}

const packedByDistrict = new WeakMap<District, PackedPolygon[]>()

/** The grids' polygons packed for point tests (pointInPacked), made once per district. */
function packedGrids(district: District): PackedPolygon[] {
  if (!packedByDistrict.has(district)) packedByDistrict.set(district, district.grids.map((g) => packPolygon(g.polygon)))
  return packedByDistrict.get(district)!
}

const populationWeights = new WeakMap<District, WeightTable>()

/** A point where people are: a grid drawn by population, a uniform point inside it. */
function anywhere(rng: Rng, district: District, inside: (p: Position) => boolean): Position {
  if (!populationWeights.has(district)) populationWeights.set(district, weightTable(district.grids.map((g) => district.density(g.centre) * polygonArea(g.polygon))))
  const weights = populationWeights.get(district)!
  for (;;) {
    const i = rng.weightedIn(weights), g = district.grids[i]
    const [w, s, e, n] = bboxOf(g.polygon.coordinates[0])
    const p: Position = [rng.uniform(w, e), rng.uniform(s, n)].map((x) => Math.round(x * 1e6) / 1e6)
    if (pointInPacked(p[0], p[1], packedGrids(district)[i]) && inside(p)) return p
  }
}

const mix = (rng: Rng, options: [string, number][]) => options[rng.weighted(options.map((o) => o[1]))][0]

/**
 * Degrees around a grid's box within which the even-odd test is still run: far above the few
 * ulps (~1e-14°) by which a computed crossing can stray beyond its edge. Outside the box by more,
 * the ray meets every edge it straddles (an even number) or none, so the point is outside.
 */
const BOX_SLACK = 1e-9

/** The grid containing a lon/lat point (undefined outside the district). */
export function gridLocator(district: District): (p: Position) => number | undefined {
  // cells about as small as the grids (×1: 0.005°), so a look-up tests a few of them whatever the scale
  const index = new BoxIndex<number>(0.005 / Math.sqrt(Math.max(1, district.grids.length / 840)))
  district.grids.forEach((g, i) => index.insert(bboxOf(g.polygon.coordinates[0]), i))
  const packed = packedGrids(district)
  // The grids' boxes side by side: a point outside a grid's box (by more than any rounding of the
  // crossing test) is outside the grid, so most candidates are ruled out without their vertices.
  const boxes = new Float64Array(district.grids.length * 4)
  district.grids.forEach((g, i) => boxes.set(bboxOf(g.polygon.coordinates[0]), i * 4))
  const apart = (x: number, y: number, i: number) =>
    x < boxes[i * 4] - BOX_SLACK || y < boxes[i * 4 + 1] - BOX_SLACK || x > boxes[i * 4 + 2] + BOX_SLACK || y > boxes[i * 4 + 3] + BOX_SLACK
  // a point is in one cell, whose grids were inserted in index order: the first that holds it is the lowest
  return (p) => {
    const x = p[0], y = p[1]
    for (const i of index.at(x, y)) if (!apart(x, y, i) && pointInPacked(x, y, packed[i])) return i
    return undefined
  }
}
