// Keeps the place the user clicked in sight when the zone panel opens over the right side of
// the map: if the point would sit under the panel, pan just enough to move it clear.
import type { Map as MapLibreMap } from 'maplibre-gl'

/** Width the zone panel covers on the right (panel 340 px + its 12 px margin + 20 px air). */
export const ZONE_PANEL_CLEARANCE = 372

export function keepClearOfPanel(map: MapLibreMap, lngLat: [number, number], clearRight = ZONE_PANEL_CLEARANCE) {
  const p = map.project(lngLat)
  const limit = map.getCanvas().clientWidth - clearRight
  if (p.x > limit) map.panBy([p.x - limit + 40, 0], { duration: 400 })
}
