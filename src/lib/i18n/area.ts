// How big an area reads, decided once for every screen (formatArea in i18n.svelte.ts): square
// metres below 0.01 km² (a 2,800 m² zone reads "2,800 平方米", not "0.00 平方公里"), square
// kilometres from there on with enough decimals to show two significant figures (0.015 km²,
// 0.52 km², 31.52 km²). A list whose parts are compared with each other (the coverage view's
// gaps and overlaps) asks for square metres throughout.

/** Below this, an area is given in square metres (0.01 km²). */
export const SMALL_AREA_M2 = 10_000

export interface AreaParts {
  /** the figure to print, in `unit` */
  n: number
  /** decimals to print it with */
  digits: number
  unit: 'm2' | 'km2'
}

/** The figure, its decimals and its unit for an area of `m2` square metres. */
export function areaParts(m2: number, unit: 'auto' | 'm2' = 'auto'): AreaParts {
  const size = Math.abs(m2)
  if (unit === 'm2' || size < SMALL_AREA_M2) return { n: m2, digits: size > 0 && size < 10 ? 1 : 0, unit: 'm2' }
  const km2 = m2 / 1e6
  return { n: km2, digits: Math.abs(km2) < 0.1 ? 3 : 2, unit: 'km2' }
}
