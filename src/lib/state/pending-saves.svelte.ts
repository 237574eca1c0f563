// At start-up: the saves the journal (save-journal.ts) says were sent but never answered —
// the page was reloaded or closed while save_zone was on its way. For each, ask the database
// whether it landed and tell the officer: saved (as version N), or not saved, with the shape
// offered back in the editor. Nothing is dropped without a word.
//
// How "landed" is told: an edit of zone Z from version v landed when Z's history has version
// v + 1 with the journalled shape; a new zone landed when a zone of the same unit and name
// has a version 1 with that shape. Shapes are compared at 1e-6° (the API returns 7 digits),
// with a one-part Multi* as its part (zone_geometry stores it so).
import type { Geometry } from 'geojson'
import type { Api } from '../api/api'
import type { ZoneVersion } from '../api/types'
import type { MapData } from './map-data.svelte'
import { LAYER } from '../api/layer-ids'
import { clearSave, pendingSaves, type PendingSave } from './save-journal'

export interface PendingOutcome {
  entry: PendingSave
  state: 'checking' | 'saved' | 'not_saved' | 'unknown'
  /** saved: the zone and version it became */
  zoneId?: number
  version?: number
}

const single = (g: Geometry): Geometry =>
  (g.type === 'MultiPolygon' || g.type === 'MultiLineString' || g.type === 'MultiPoint') && g.coordinates.length === 1
    ? ({ type: g.type.slice(5), coordinates: g.coordinates[0] } as Geometry) : g
const rounded = (g: Geometry) => JSON.stringify((single(g) as { coordinates?: unknown }).coordinates ?? g, (_, v) => (typeof v === 'number' ? Math.round(v * 1e6) : v))
export const sameShape = (a: Geometry, b: Geometry) => single(a).type === single(b).type && rounded(a) === rounded(b)

/** Did this journalled save reach the database? */
export async function findLanded(api: Api, store: MapData, e: PendingSave): Promise<{ zoneId: number; version: number } | null> {
  const z = e.zone
  const matches = (v: ZoneVersion, version: number) => v.version === version && v.operation !== 'delete' && sameShape(v.geom, z.geom)
  if (z.id != null) {
    const versions = await api.zoneVersions(z.id)
    const hit = versions.find((v) => matches(v, (z.version ?? 0) + 1))
    return hit ? { zoneId: z.id, version: hit.version } : null
  }
  const sameName = (await store.featuresIn(LAYER.zones, [-180, -90, 180, 90], { unit_id: z.unit_id })).features.filter((f) => Number(f.properties?.unit_id) === z.unit_id && f.properties?.name === z.name.trim())
  for (const f of sameName) {
    const id = Number(f.properties?.id)
    const versions = await api.zoneVersions(id)
    if (versions.some((v) => matches(v, 1))) return { zoneId: id, version: Number(f.properties?.version ?? 1) }
  }
  return null
}

export class PendingSaves {
  outcomes = $state.raw<PendingOutcome[]>([])

  constructor(private api: Api, private store: MapData) {}

  /** Look at the journal once the map's data is there (the zones layer is needed for new zones). */
  async check() {
    const entries = pendingSaves()
    if (!entries.length) return
    this.outcomes = entries.map((entry) => ({ entry, state: 'checking' }))
    const done: PendingOutcome[] = []
    for (const entry of entries) {
      try {
        const landed = await findLanded(this.api, this.store, entry)
        done.push(landed ? { entry, state: 'saved', ...landed } : { entry, state: 'not_saved' })
      } catch {
        done.push({ entry, state: 'unknown' }) // could not ask (the database failed): the entry stays for the next start
        continue
      }
    }
    this.outcomes = done
  }

  /** The officer has read it (or reopened the shape): the entry leaves the journal. */
  dismiss(o: PendingOutcome) {
    clearSave(o.entry.key)
    this.outcomes = this.outcomes.filter((x) => x !== o)
  }
}
