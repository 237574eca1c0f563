// A seeded random source, so the demo district is the same on every machine and run.

export interface Rng {
  (): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  gaussian(sigma?: number): number
  chance(p: number): boolean
}

/** mulberry32: tiny, fast and good enough for demo data. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0
  const next = (() => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }) as Rng
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1))
  next.pick = (items) => items[Math.floor(next() * items.length)]
  next.gaussian = (sigma = 1) => {
    const u = Math.max(next(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next()) * sigma
  }
  next.chance = (p) => next() < p
  return next
}
