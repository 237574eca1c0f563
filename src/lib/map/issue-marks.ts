// The issue loop's marks on the map (layers `issue-mark-*`, source `issue:marks`): the point of
// an issue being registered with the 50 m circle its duplicates are looked for in, the nearby
// open issues offered as duplicates, and the issue whose page is open (a ring over its dot).
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, FeatureCollection } from 'geojson'
import { circle } from '@turf/turf'

export interface IssueMarksInput {
  /** the point being registered, and the radius duplicates are looked for in */
  registering: { lon: number; lat: number; radiusM: number } | null
  nearby: { lon: number; lat: number }[]
  /** the issue whose page is open */
  selected: { lon: number; lat: number } | null
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const SOURCE = 'issue:marks'
const LAYERS = ['issue-mark-radius', 'issue-mark-nearby', 'issue-mark-selected', 'issue-mark-point'] as const

const point = (lon: number, lat: number, role: string): Feature => ({ type: 'Feature', properties: { role }, geometry: { type: 'Point', coordinates: [lon, lat] } })

export function createIssueMarks(map: MapLibreMap) {
  map.addSource(SOURCE, { type: 'geojson', data: EMPTY })
  const is = (role: string) => ['==', ['get', 'role'], role] as any
  map.addLayer({ id: 'issue-mark-radius', type: 'fill', source: SOURCE, filter: is('radius'), paint: { 'fill-color': '#f59e0b', 'fill-opacity': 0.12, 'fill-outline-color': '#b45309' } })
  map.addLayer({ id: 'issue-mark-nearby', type: 'circle', source: SOURCE, filter: is('nearby'), paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#b45309', 'circle-stroke-width': 2.5 } })
  map.addLayer({ id: 'issue-mark-selected', type: 'circle', source: SOURCE, filter: is('selected'), paint: { 'circle-radius': 14, 'circle-color': 'rgba(11,61,110,0.15)', 'circle-stroke-color': '#0b3d6e', 'circle-stroke-width': 3.5 } })
  map.addLayer({ id: 'issue-mark-point', type: 'circle', source: SOURCE, filter: is('point'), paint: { 'circle-radius': 7, 'circle-color': '#b3261e', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2.5 } })

  return {
    show({ registering, nearby, selected }: IssueMarksInput) {
      const features: Feature[] = []
      if (registering) {
        features.push({ ...circle([registering.lon, registering.lat], registering.radiusM / 1000, { steps: 48 }), properties: { role: 'radius' } })
        features.push(...nearby.map((n) => point(n.lon, n.lat, 'nearby')))
        features.push(point(registering.lon, registering.lat, 'point'))
      }
      if (selected) features.push(point(selected.lon, selected.lat, 'selected'))
      ;(map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features })
    },
    destroy() {
      for (const id of [...LAYERS].reverse()) if (map.getLayer(id)) map.removeLayer(id)
      if (map.getSource(SOURCE)) map.removeSource(SOURCE)
    },
  }
}
