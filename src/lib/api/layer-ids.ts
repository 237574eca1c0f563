// The catalogue layers the code names (layer_catalog() may list more: layers added as data
// show up without code). One typed constant each, so a misspelt layer is a type error; a
// contract test checks every one of them is in layer_catalog().
export const LAYER = {
  district: 'district',
  streets: 'streets',
  communities: 'communities',
  grids: 'grids',
  zones: 'zones',
  issues: 'issues',
  markets: 'markets',
  parking: 'parking',
  compounds: 'compounds',
} as const

export type KnownLayer = (typeof LAYER)[keyof typeof LAYER]
/** A catalogue layer id: a known one, or one the catalogue added as data. */
export type LayerId = KnownLayer | (string & {})
/** The hotspot cells, drawn with the issues (not a catalogue layer of their own). */
export const HOTSPOTS = 'hotspots'
