// How far a fitted shape stays from the map's edges, per panel layout: the one place that
// knows how wide the panels over the map are (layer panel left ~320 px, zone/area panel right
// ~400 px, the ranking table ~640 px). On a narrow window the padding shrinks with the canvas so
// the shape still gets most of it.
import type { FitClearance } from '../state/map-port'

export interface Padding { top: number; bottom: number; left: number; right: number }

export const FIT_PADDING: Record<FitClearance | 'district', Padding> = {
  district: { top: 30, bottom: 30, left: 330, right: 30 },
  panels: { top: 60, bottom: 60, left: 340, right: 420 },
  ranking: { top: 60, bottom: 60, left: 660, right: 420 },
  // the issue desk (queues, ledger) on the left, an issue's page on the right
  desk: { top: 60, bottom: 60, left: 840, right: 420 },
  coverage: { top: 80, bottom: 80, left: 340, right: 440 },
  import: { top: 80, bottom: 80, left: 380, right: 520 },
  // the A4 frame is wider than the screen and crops the snapshot's top and bottom
  print: { top: 100, bottom: 100, left: 60, right: 60 },
}

/** Width the zone panel covers on the right (panel 340 px + its 12 px margin + 20 px air). */
export const ZONE_PANEL_CLEARANCE = 372

/** The fitted shape keeps at least this much of the canvas, however wide the panels. */
const MIN_FREE_PX = 240

/** app.css's phone layout (≤ 760 px): the toolbar across the top, the right-hand panel a sheet over the lower 55 %. */
export const PHONE_WIDTH = 760

/** The padding for a clearance: the panels' own widths, scaled down only when the canvas is too small to leave MIN_FREE_PX between them. */
export function paddingFor(clear: FitClearance | 'district', width: number, height: number): Padding {
  if (width <= PHONE_WIDTH && clear !== 'print') {
    const sheet = clear === 'district' ? 30 : Math.round(height * 0.55) + 16
    return { top: Math.min(110, height * 0.2), bottom: Math.min(sheet, height * 0.7), left: 16, right: 16 }
  }
  const p = FIT_PADDING[clear]
  const sx = Math.min(1, Math.max(0, width - MIN_FREE_PX) / (p.left + p.right))
  const sy = Math.min(1, Math.max(0, height - MIN_FREE_PX / 2) / (p.top + p.bottom))
  return { top: p.top * sy, bottom: p.bottom * sy, left: p.left * sx, right: p.right * sx }
}
