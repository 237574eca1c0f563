// A year of issues (挂号 → 派遣 → 接单 → 处置 → 销号), as offsets in seconds before load time so
// the demo always looks live. Most cluster at markets (stalls, litter, fumes) and old compounds
// (litter, manholes, illegal building), the rest follow the population; a few places see the
// same problem come back week after week (反复出现). About nine in ten are closed, some late;
// the open ones past their deadline escalate (1 督办, 2 催办, 3 查办: computed in SQL from the
// deadline and the escalation_levels table, whose thresholds — a week, six weeks — these follow).
import type { Position } from 'geojson'
import type { District } from './district'
import { BoxIndex, bboxOf, pointInPolygon, polygonArea, ringCentroid } from './geo'
import { CATEGORIES, DESCRIPTIONS, ROADS } from './names'
import type { Compound, Market } from './places'
import type { Rng } from './prng'

export type IssueStatus = 'registered' | 'dispatched' | 'accepted' | 'closed'
export interface Issue {
  id: number
  code: string
  category: string
  description: string
  address: string
  source: 'patrol' | 'hotline' | 'app' | 'inspection'
  at: Position
  reportedAgo: number
  dispatchedAgo: number | null
  closedAgo: number | null
  status: IssueStatus
}

const HOUR = 3600, DAY = 86400, WEEK = 7 * DAY
const HOURS = new Map(CATEGORIES.map((c) => [c.code, c.hours]))
const MARKET_MIX: [string, number][] = [['street_stall', 35], ['litter', 20], ['fumes', 15], ['illegal_parking', 15], ['small_ads', 10], ['road_damage', 5]]
const COMPOUND_MIX: [string, number][] = [['litter', 25], ['manhole', 15], ['illegal_building', 15], ['small_ads', 15], ['abandoned_vehicle', 10], ['greenery', 10], ['illegal_parking', 10]]
const ANYWHERE_MIX: [string, number][] = CATEGORIES.map((c) => [c.code, c.code === 'illegal_building' ? 6 : 10])
/** How much harder than average a category is to resolve (open longer). */
const DIFFICULTY: Record<string, number> = { illegal_building: 2.6, abandoned_vehicle: 1.9, road_damage: 1.4, fumes: 1.2, greenery: 1 }

export interface IssueContext {
  markets: Market[]
  compounds: Compound[]
  communityNames: string[]
  streetNames: string[]
  gapGrids: number[]
}

interface Draft { at: Position; category: string; reportedAgo: number; place?: string }

export function generateIssues(rng: Rng, district: District, ctx: IssueContext, scale: number): Issue[] {
  const gridAt = gridLocator(district)
  const inside = (p: Position) => gridAt(p) !== undefined
  const drafts = [...recurringDrafts(rng, district, ctx, inside, scale)]
  const total = 1900 * scale
  const stalls = ctx.markets.map((m) => m.stalls)
  while (drafts.length < total) {
    const roll = rng()
    const reportedAgo = reportAge(rng)
    if (roll < 0.42) {
      const m = ctx.markets[rng.weighted(stalls)]
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
  const gaps = new Set(ctx.gapGrids)
  return drafts.sort((a, b) => b.reportedAgo - a.reportedAgo || a.at[0] - b.at[0]).map((d, i) => {
    const grid = gridAt(d.at)!
    const community = district.grids[grid].community
    const words = { road: roads[community][0], cross: roads[community][1], community: ctx.communityNames[community], street: ctx.streetNames[district.grids[grid].street], place: d.place }
    if (rng.chance(0.5)) [words.road, words.cross] = [roads[community][rng.int(1, 2)], roads[community][0]]
    return {
      id: i + 1,
      code: `JH2026-${String(i + 1).padStart(6, '0')}`,
      category: d.category,
      ...describe(rng, d.category, words),
      at: d.at,
      ...lifecycle(rng, d.category, d.reportedAgo, gaps.has(grid)),
    }
  })
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

/**
 * Registered → dispatched → accepted → closed, as ages in seconds before load time (the steps
 * between — acceptance, handling, verification — are given times in SQL, seed-sql.ts).
 */
function lifecycle(rng: Rng, category: string, reportedAgo: number, inGap: boolean): Pick<Issue, 'source' | 'reportedAgo' | 'dispatchedAgo' | 'closedAgo' | 'status'> {
  const source = (['patrol', 'hotline', 'app', 'inspection'] as const)[rng.weighted([45, 25, 20, 10])]
  // Nobody is responsible for a gap: its issues wait, undispatched (the coverage report shows why).
  if (inGap) return { source, reportedAgo, dispatchedAgo: null, closedAgo: null, status: 'registered' }
  const dispatchDelay = source === 'hotline' ? rng.int(20 * 60, 6 * HOUR) : rng.int(5 * 60, 3 * HOUR)
  const dispatchedAgo = reportedAgo - dispatchDelay
  if (dispatchedAgo <= 0) return { source, reportedAgo, dispatchedAgo: null, closedAgo: null, status: 'registered' }
  const allowed = HOURS.get(category)! * HOUR
  const days = reportedAgo / DAY
  const stillOpen = days < 1 ? 0.88 : days < 3 ? 0.65 : days < 7 ? 0.45 : days < 14 ? 0.3 : days < 30 ? 0.22 : days < 90 ? 0.14 : 0.058
  if (!rng.chance(Math.min(0.95, stillOpen * (DIFFICULTY[category] ?? 0.7)))) {
    const late = rng.chance(0.1)
    const took = Math.round(allowed * (late ? rng.uniform(1.05, 3) : rng.uniform(0.1, 0.95)))
    const closedAgo = dispatchedAgo - took
    if (closedAgo > 60) return { source, reportedAgo, dispatchedAgo, closedAgo, status: 'closed' }
  }
  const working = dispatchedAgo > 0.15 * allowed && rng.chance(0.7)
  return { source, reportedAgo, dispatchedAgo, closedAgo: null, status: working ? 'accepted' : 'dispatched' }
}

/** Seconds since a report: over the past year, somewhat more in recent months (the campaign picked up). */
function reportAge(rng: Rng): number {
  for (;;) {
    const age = rng.int(10 * 60, 365 * DAY - HOUR)
    if (rng() * 1.8 < 1 + 0.8 * Math.exp(-age / (75 * DAY))) return age
  }
}

function describe(rng: Rng, category: string, words: { road: string; cross: string; community: string; street: string; place?: string }) {
  const place = words.place ?? `${words.community.replace('社区', '')}小区${rng.int(1, 40)}号楼`
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

const populationWeights = new WeakMap<District, number[]>()

/** A point where people are: a grid drawn by population, a uniform point inside it. */
function anywhere(rng: Rng, district: District, inside: (p: Position) => boolean): Position {
  if (!populationWeights.has(district)) populationWeights.set(district, district.grids.map((g) => district.density(g.centre) * polygonArea(g.polygon)))
  const weights = populationWeights.get(district)!
  for (;;) {
    const g = district.grids[rng.weighted(weights)]
    const [w, s, e, n] = bboxOf(g.polygon.coordinates[0])
    const p: Position = [rng.uniform(w, e), rng.uniform(s, n)].map((x) => Math.round(x * 1e6) / 1e6)
    if (pointInPolygon(p, g.polygon) && inside(p)) return p
  }
}

const mix = (rng: Rng, options: [string, number][]) => options[rng.weighted(options.map((o) => o[1]))][0]

/** The grid containing a lon/lat point (undefined outside the district). */
export function gridLocator(district: District): (p: Position) => number | undefined {
  const index = new BoxIndex<number>(0.005)
  district.grids.forEach((g, i) => index.insert(bboxOf(g.polygon.coordinates[0]), i))
  return (p) => index.query([p[0], p[1], p[0], p[1]]).sort((a, b) => a - b).find((i) => pointInPolygon(p, district.grids[i].polygon))
}
