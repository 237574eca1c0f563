// The zone panel: who is responsible at a clicked point (zone_at) and that zone's figures
// (zone_summary), or a zone opened by id (a link, a search result, Back). Only the latest
// request's answer is shown; the figures are SQL's, held as returned.
import type { FeatureCollection } from 'geojson'
import { booleanPointInPolygon } from '@turf/turf'
import type { Api } from '../api/api'
import type { ZoneAt, ZoneReport } from '../api/types'
import { errorText } from '../api/error-text'
import type { MapPort } from './map-port'
import type { Views } from './views.svelte'

export class ZonePanel {
  open = $state(false)
  zone = $state.raw<ZoneAt | null>(null)
  summary = $state.raw<ZoneReport | null>(null)
  loading = $state(false)
  error = $state<string | null>(null)
  /** the clicked point lies outside the district (no zone there is no coverage gap to fix) */
  outside = $state(false)
  #request = 0
  #picked: [number, number] | null = null
  map: MapPort | null = null

  /** `district`: the district's boundary as the map holds it, to tell a gap from outside the district */
  constructor(private api: Api, private views: Views, private district: () => FeatureCollection | undefined = () => undefined) {}

  /** Who is responsible at a point: the panel opens at once and fills when SQL answers. */
  async pick(lon: number, lat: number, { record = true } = {}) {
    const mine = this.#begin()
    this.#picked = [lon, lat]
    this.map?.keepInView(lon, lat)
    try {
      const found = await this.api.zoneAt(lon, lat)
      const figures = found ? await this.api.zoneSummary(found.id) : null
      if (mine !== this.#request) return
      this.zone = found; this.summary = figures
      const edge = this.district()?.features ?? []
      this.outside = !found && edge.length > 0 && !edge.some((f) => booleanPointInPolygon([lon, lat], f as any))
      // the panel becomes a link a leader can share, and a step Back returns to
      if (record) this.views.record({ panel: found ? { kind: 'zone', id: found.id } : { kind: 'at', lon, lat } })
    } catch (e) {
      if (mine === this.#request) this.error = errorText(e)
    } finally {
      if (mine === this.#request) this.loading = false
    }
  }

  /** A zone by id, shown on the map: 'jump' (a link at start), 'fly' (a search result), 'stay' (the map is already right). */
  async openZone(id: number, { move = 'fly', record = true }: { move?: 'jump' | 'fly' | 'stay'; record?: boolean } = {}) {
    const mine = this.#begin()
    this.#picked = null
    try {
      const figures = await this.api.zoneSummary(id)
      if (mine !== this.#request) return
      this.summary = figures
      this.zone = { id, name: figures.zone.name, kind: figures.zone.kind, version: figures.zone.version, unit_id: figures.unit.id, unit_name: figures.unit.name, also: [], grid: null }
      if (move !== 'stay') this.map?.fit(figures.zone.bbox, { animate: move === 'fly' })
      if (record) this.views.record({ panel: { kind: 'zone', id } })
    } catch (e) {
      if (mine === this.#request) this.error = errorText(e)
    } finally {
      if (mine === this.#request) this.loading = false
    }
  }

  /** The open panel after a change (someone's save, another sign-in): its figures again, the map left where it is. */
  async refresh() {
    if (!this.open || this.loading) return
    if (this.#picked && !this.zone) return void this.pick(...this.#picked, { record: false })
    const id = this.zone?.id
    if (!id) return
    try {
      const figures = await this.api.zoneSummary(id)
      if (this.open && this.zone?.id === id) this.summary = figures
    } catch (e) {
      if (this.open && this.zone?.id === id) this.error = errorText(e) // e.g. the zone was deleted meanwhile
    }
  }

  /** Close the panel; its link leaves the address bar, so a reload does not reopen it. */
  close({ record = true } = {}) {
    this.#request++
    this.open = false
    this.loading = false
    if (record) this.views.forget({ panel: { kind: 'none' } })
  }

  #begin() {
    this.open = true; this.loading = true; this.error = null; this.summary = null
    return ++this.#request
  }
}
