// The printable A4 zone report. English; the keys are those of ../zh-CN/print.ts, checked by the type.
import type { print as zh } from '../zh-CN/print'

export const print: Record<keyof typeof zh, string> = {
  'print.open': 'Print report',
  'print.print': 'Print / save as PDF',
  'print.close': 'Close',
  'print.hint': 'A4 paper, portrait',
  'print.report': 'Zone report',
  'print.map_alt': 'Map of {name}',
  'print.no_snapshot': 'Map snapshot unavailable',
  /** the printed map's scale bar, north arrow and legend */
  'print.scale_m': '{n} m',
  'print.scale_km': '{n} km',
  'print.scale_label': 'Scale: {length}',
  'print.north': 'N',
  'print.north_label': 'North arrow',
  'print.legend': 'Legend',
  'print.outline_zone': 'This zone',
  'print.outline_area': 'This report’s area',
  'print.footer': 'Generated {when} · figures from the GridGov database',
}
