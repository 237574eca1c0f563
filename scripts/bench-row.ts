// One row of `npm run bench`'s table: a figure, the competitor measured beside it in the same run
// (plain GeoJSON, the naive start, a Turf loop, the 1× figure…) and the target it is held to.
// Every part of the bench returns rows; scripts/bench.ts prints them as one table and writes them
// as JSON (bench-results.json), so the README quotes one run.
export interface BenchRow {
  /** the part of the bench: 'sql', 'lookup', 'payload', 'start', 'frames', 'load', 'wall-soak' */
  group: string
  /** what was measured, e.g. 'issue_hotspots (365 days) p95 at ×100' */
  measure: string
  value: number
  unit: 'ms' | 's' | 'MB' | 'KB' | 'x' | 'count'
  /** the competitor measured side by side in the same run */
  competitor?: { name: string; value: number }
  /** value / competitor.value (or the inverse where noted in `target`) */
  ratio?: number
  /** the bar, as text: '≤ 100 ms', '≥ 3×', '≤ 1.5' */
  target?: string
  /** whether the target holds (undefined: no target) */
  ok?: boolean
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
