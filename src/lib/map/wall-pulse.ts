// The wall's new issues on the map (layers `wall-pulse-*`, source `wall:pulse`): where an issue
// was just registered or moved a step, a ring swells and fades a few times, so a new case
// catches the eye of someone across the room. The animation runs only while a pulse is on
// (a wall runs for weeks: nothing draws or ticks when nothing is new).
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'

const SOURCE = 'wall:pulse'
const LAYERS = ['wall-pulse-ring', 'wall-pulse-dot'] as const
/** one swell (ms), and how many before the marks go */
const PERIOD_MS = 1500
const PULSES = 6

export interface PulsePoint { lon: number; lat: number; key: string | number }

export function createWallPulse(map: MapLibreMap) {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] }
  map.addSource(SOURCE, { type: 'geojson', data: empty })
  map.addLayer({ id: 'wall-pulse-ring', type: 'circle', source: SOURCE, paint: { 'circle-radius': 10, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffd166', 'circle-stroke-width': 4, 'circle-stroke-opacity': 1 } })
  map.addLayer({ id: 'wall-pulse-dot', type: 'circle', source: SOURCE, paint: { 'circle-radius': 8, 'circle-color': '#ffd166', 'circle-stroke-color': '#7a4b00', 'circle-stroke-width': 2 } })
  let frame: number | null = null
  let started = 0
  let shown = ''

  function tick(now: number) {
    const t = now - started
    if (t >= PERIOD_MS * PULSES) { stop(); return }
    const phase = (t % PERIOD_MS) / PERIOD_MS
    map.setPaintProperty('wall-pulse-ring', 'circle-radius', 10 + 40 * phase)
    map.setPaintProperty('wall-pulse-ring', 'circle-stroke-opacity', 1 - phase)
    frame = requestAnimationFrame(tick)
  }
  function stop() {
    if (frame != null) cancelAnimationFrame(frame)
    frame = null
    shown = ''
    ;(map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(empty)
  }

  return {
    /** Pulse at these points (the same points again change nothing; none: a pulse on finishes its swells). */
    show(points: PulsePoint[]) {
      const key = points.map((p) => p.key).join(',')
      if (key === shown || !points.length) return
      shown = key
      ;(map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection',
        features: points.map((p) => ({ type: 'Feature', properties: { key: p.key }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })) })
      started = performance.now()
      if (frame == null) frame = requestAnimationFrame(tick)
    },
    /** How many points pulse now. */
    count: () => (shown ? shown.split(',').length : 0),
    destroy() {
      stop()
      for (const id of [...LAYERS].reverse()) if (map.getLayer(id)) map.removeLayer(id)
      if (map.getSource(SOURCE)) map.removeSource(SOURCE)
    },
  }
}
