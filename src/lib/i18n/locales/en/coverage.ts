// The coverage view: gaps and overlaps between zones. English; the keys are those of ../zh-CN/coverage.ts, checked by the type.
import type { coverage as zh } from '../zh-CN/coverage'

export const coverage: Record<keyof typeof zh, string> = {
  'coverage.open': 'Coverage',
  'coverage.title': 'Zone coverage check',
  'coverage.share': 'Full coverage (share with exactly one responsible unit)',
  'coverage.district': 'District area',
  'coverage.covered_once': 'Covered once',
  'coverage.gaps': 'Gaps (nobody responsible)',
  'coverage.overlaps': 'Overlaps (several units responsible)',
  'coverage.gap_badge': 'G',
  'coverage.overlap_badge': 'O',
  'coverage.gap_item': 'Gap {n}',
  'coverage.overlap_item': 'Overlap {n}',
  'coverage.count_area': '{n}, {area} in all',
  'coverage.none_gaps': 'No gaps',
  'coverage.none_overlaps': 'No overlaps',
  'coverage.loading': 'Computing coverage…',
  'coverage.refresh': 'Recompute',
  'coverage.close': 'Close',
  'coverage.hint': 'Click an item or its number on the map to go there.',
  'coverage.overlap_pair': '{unitA} “{zoneA}” and {unitB} “{zoneB}”',
}
