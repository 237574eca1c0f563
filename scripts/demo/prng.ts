// A seeded random source, so the demo district is the same on every machine and run.

export interface Rng {
  /** uniform in [0, 1) */
  (): number
  /** integer in [min, max], both included */
  int(min: number, max: number): number
  /** uniform in [min, max) */
  uniform(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** index drawn with probability proportional to its weight */
  weighted(weights: readonly number[]): number
  /** the same draw as `weighted(table.weights)` (the same index for the same state), by binary search over a prepared table */
  weightedIn(table: WeightTable): number
  shuffle<T>(items: readonly T[]): T[]
  gaussian(sigma?: number): number
  chance(p: number): boolean
  /** an independent stream, so adding draws in one part leaves the others unchanged */
  fork(label: string): Rng
}

/** Prefix sums of fixed weights, for drawing from many of them often (weightTable). */
export interface WeightTable { weights: readonly number[]; prefix: Float64Array; total: number }

/** `weights` prepared for `rng.weightedIn`: the prefix sums, added in order as `weighted` adds them. */
export function weightTable(weights: readonly number[]): WeightTable {
  const prefix = new Float64Array(weights.length)
  let total = 0
  for (let i = 0; i < weights.length; i++) prefix[i] = total += weights[i]
  return { weights, prefix, total }
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
  next.uniform = (min, max) => min + next() * (max - min)
  next.pick = (items) => items[Math.floor(next() * items.length)]
  next.weighted = (weights) => {
    const total = weights.reduce((a, b) => a + b, 0)
    let x = next() * total
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i
    return weights.length - 1
  }
  next.weightedIn = ({ weights, prefix, total }) => {
    const x = next() * total
    // `weighted` subtracts the weights one by one from x: the first index where x falls below
    // the sum so far. The binary search finds it on the prefix sums; within a rounding error of
    // a boundary the two might differ, so there the subtraction itself decides.
    let lo = 0, hi = prefix.length - 1
    while (lo < hi) { const mid = (lo + hi) >> 1; if (x < prefix[mid]) hi = mid; else lo = mid + 1 }
    const eps = total * 1e-9
    if (Math.abs(x - prefix[lo]) > eps && (lo === 0 || Math.abs(x - prefix[lo - 1]) > eps)) return lo
    let y = x
    for (let i = 0; i < weights.length; i++) if ((y -= weights[i]) < 0) return i
    return weights.length - 1
  }
  next.shuffle = (items) => {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }
  next.gaussian = (sigma = 1) => {
    const u = Math.max(next(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next()) * sigma
  }
  next.chance = (p) => next() < p
  next.fork = (label) => createRng(hash(label) ^ seed)
  return next
}

/** FNV-1a of a string, for deriving stream seeds from labels. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}
