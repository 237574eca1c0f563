// The leaders' toolbar and the areas they draw or pick. English; the keys are those of ../zh-CN/leader-tools.ts, checked by the type.
import type { leaderTools as zh } from '../zh-CN/leader-tools'

export const leaderTools: Record<keyof typeof zh, string> = {
  'tools.label': 'Leader tools',
  'tools.district': 'District overview',
  'tools.ranking': 'Monthly ranking',
  'tools.area': 'Inspect an area:',
  'tools.polygon': 'Polygon',
  'tools.circle': 'Circle',
  'tools.grids': 'Pick grids',
  'tools.done': 'Done',
  'tools.cancel': 'Cancel',
  'tools.hint_draw-polygon': 'Click each corner; click the first one again to finish',
  'tools.hint_draw-circle': 'Click the centre, move for the radius, click again to finish',
  'tools.hint_pick-grids': 'Click grids to add or remove them',
  'tools.hint_inspect': '',
  'draw.title_polygon': 'Drawn area',
  'draw.title_circle': 'Circular area',
  'draw.title_grids': 'Picked grids',
  'draw.grids_not_contiguous': 'The picked grids do not touch: pick grids that form one piece, or inspect them one at a time',
  'draw.grids_picked': 'Grids picked: {count}',
}
