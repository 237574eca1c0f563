// Export zones as a GeoJSON file: the data comes from SQL (layer_geojson('zones'), filtered by
// unit in SQL), with each zone's name, kind, unit and version as properties, so an exported
// file re-imports with its names and units.
import type { FeatureCollection } from 'geojson'
import type { Api } from '../api/api'

export async function exportZones(api: Api, unitId: number | null): Promise<{ fc: FeatureCollection; fileName: string }> {
  const fc = await api.layerGeojson('zones', null, unitId == null ? null : { unit_id: unitId })
  const day = new Date().toISOString().slice(0, 10)
  return { fc, fileName: `zones-${unitId == null ? 'all' : `unit-${unitId}`}-${day}.geojson` }
}

/** Hand a FeatureCollection to the browser as a file download. */
export function downloadGeoJson(fc: FeatureCollection, fileName: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }))
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
