// Comparing zones side by side. English; the keys are those of ../zh-CN/compare.ts, checked by the type.
import type { compare as zh } from '../zh-CN/compare'

export const compare: Record<keyof typeof zh, string> = {
  'compare.title': 'Compare',
  'compare.add': 'Add to compare',
  'compare.added': 'Added to compare',
  'compare.remove': 'Remove {name} from compare',
  'compare.need_two': 'Add one more zone to compare',
  'compare.show': 'Compare {count} zones side by side',
  'compare.hide': 'Hide comparison',
  'compare.unit': 'Unit',
  'compare.leader': 'Leader',
  'compare.markets_value': '{count} · {stalls} stalls',
  'compare.parking_value': '{count} · {capacity} spaces',
  'compare.compounds_value': '{count} · {households} households',
  'compare.note': 'Bold red: the value that needs most attention among these zones. Every figure is counted by the database within the zone boundary, as in the zone panel.',
}
