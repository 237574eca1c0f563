// The officer's editing session: who may edit what, the shape being drawn, and the one save
// path — live checks → validate_zone + zone_change_impact (problems and impact, shown on the
// map) → save_zone with the version the edit started from → on stale_version, a conflict
// with both shapes. Nothing drawn is dropped by a failed save: the shape stays in terra-draw
// and in the undo stack until the officer saves or cancels.
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import type { Geometry } from 'geojson'
import type { Api } from '../api/api'
import { toApiError } from '../api/errors'
import type { ClippedZone, SavedZone, UserInfo, ZoneChange, ZoneKind, ZoneProblem, ZoneVersion } from '../api/types'
import { errorText, liveProblemText, problemText } from '../api/error-text'
import { t } from '../i18n/i18n.svelte'
import type { MapData } from './map-data.svelte'
import { EditOverlay } from '../map/edit-overlay'
import { ZoneDraw } from '../map/zone-draw'
import { checkShape, type LiveProblem } from '../geo/shape-check'
import { clearSave, journalSave, type PendingSave } from './save-journal'

/** A zone as the zones layer carries it. */
export interface ZoneRef { id: number; name: string; kind: ZoneKind; unit_id: number; unit_name: string; version: number }

export type EditStep = 'idle' | 'draw' | 'grids' | 'history'

export class EditSession {
  user = $state.raw<UserInfo | null>(null)
  active = $state(false)
  step = $state<EditStep>('idle')
  /** the shape being edited was built from picked grids (the toolbar lights 'build from grids', not 'draw') */
  fromGrids = $state(false)
  /** the zone clicked in edit mode (own unit or not) */
  target = $state.raw<ZoneRef | null>(null)
  // the shape being drawn
  kind = $state<ZoneKind>('area')
  zoneId = $state<number | null>(null)
  baseVersion = $state<number | null>(null)
  unitId = $state<number | null>(null)
  name = $state('')
  shape = $state.raw<Geometry | null>(null)
  live = $state.raw<LiveProblem[]>([])
  /** validate_zone's answer for the current shape; null until checked */
  problems = $state.raw<ZoneProblem[] | null>(null)
  impact = $state.raw<ZoneChange[] | null>(null)
  clip = $state.raw<ClippedZone | null>(null)
  conflict = $state.raw<SavedZone | null>(null)
  versions = $state.raw<ZoneVersion[] | null>(null)
  shownVersion = $state<number | null>(null)
  grids = $state<string[]>([])
  busy = $state(false)
  message = $state<string | null>(null)
  /** the zone just deleted, offered back until the next action (restore_zone undeletes) */
  lastDeleted = $state.raw<ZoneRef | null>(null)
  error = $state<string | null>(null)
  canUndo = $state(false)
  canRedo = $state(false)

  #map: MapLibreMap | null = null
  #draw: ZoneDraw | null = null
  /** the edit's starting shape and name (JSON), to tell an open edit with changes from one without */
  #original: { shape: string | null | undefined; name: string } = { shape: undefined, name: '' }
  /** save_zone is on its way (a reload now would lose it without the journal) */
  #saving = false
  overlay: EditOverlay | null = null

  constructor(private api: Api, private store: MapData) {}

  get isEditor() { return this.user?.role === 'officer' || this.user?.role === 'admin' }
  mayEdit(unitId: number) { return this.user?.role === 'admin' || (this.user?.role === 'officer' && this.user.unit_id === unitId) }

  /** After a sign-in change: a new person starts with nothing selected and nothing half-drawn. */
  async setUser() {
    this.cancel()
    this.target = null
    this.user = await this.api.currentUserInfo().catch(() => null)
    if (!this.isEditor) { this.active = false; this.#draw?.disable() }
  }

  attach(map: MapLibreMap) {
    this.#map = map
    this.overlay = new EditOverlay(map)
    this.#draw = new ZoneDraw(map, {
      shapeOf: (layer, props) => layer.startsWith('grids') ? this.#gridShape(String(props.code)) : this.#zoneShape(Number(props.id)),
      ignoreZoneId: () => this.zoneId,
      onshape: (g) => this.#shapeChanged(g),
      onhistory: () => { this.canUndo = this.#draw?.canUndo() ?? false; this.canRedo = this.#draw?.canRedo() ?? false },
    })
    map.on('click', (e) => this.#click(e))
    window.addEventListener('keydown', (e) => this.#key(e))
  }

  toggle() {
    if (this.active) { this.cancel(); this.target = null }
    this.active = !this.active && this.isEditor
    if (this.active) this.#draw?.enable()
    else this.#draw?.disable()
    this.message = null
  }

  /** Start a new zone of a kind for the officer's unit (an admin draws for the unit of the selected zone). */
  drawNew(kind: ZoneKind) {
    this.#begin(null, kind, this.user?.unit_id ?? this.target?.unit_id ?? null, null, t('edit.new_name', { unit: this.user?.unit_name ?? '' }))
    this.#draw!.drawNew(kind)
  }

  /** Edit the vertices of the selected zone (only offered for the officer's own unit). */
  editTarget() {
    const z = this.target
    const g = z && this.#zoneShape(z.id)
    if (!z || !g || !this.mayEdit(z.unit_id)) return
    this.#begin(z.id, z.kind, z.unit_id, z.version, z.name)
    this.#draw!.edit(g, z.kind)
  }

  pickGrids() {
    this.cancel()
    this.message = null // a 'saved' line from before does not belong to the new picking
    this.#map?.boxZoom.disable() // shift-click picks grids here, it does not start a box zoom
    this.step = 'grids'
    this.grids = []
    this.overlay?.clear()
  }

  async mergeGrids() {
    await this.#run(async () => {
      const g = await this.api.gridsUnion([...this.grids])
      const codes = this.grids
      this.#begin(null, 'area', this.user?.unit_id ?? this.target?.unit_id ?? null, null, t('edit.grids_name', { count: codes.length }), true)
      this.overlay?.set('grid', codes.map((c) => ({ geometry: this.#gridShape(c)! })).filter((x) => x.geometry))
      this.#draw!.edit(g, 'area')
    })
  }

  undo() { this.#draw?.undo() }
  redo() { this.#draw?.redo() }

  /** Authoritative check in PostGIS and the impact preview, together. */
  async check() {
    const g = this.shape
    if (!g || this.unitId === null) return
    await this.#run(async () => {
      const name = this.name
      // the name is checked with the shape: save_zone refuses a bad name as firmly as a bad shape
      const [nameProblems, problems, impact] = await Promise.all([
        this.api.zoneNameProblems(name),
        this.api.validateZone(g, this.unitId!, this.zoneId),
        this.kind === 'area' ? this.api.zoneChangeImpact(g, this.unitId!, this.zoneId).then((r) => r.changes) : Promise.resolve([]),
      ])
      if (g !== this.shape || name !== this.name) return // changed meanwhile; the officer checks again
      this.problems = [...nameProblems, ...problems]
      this.impact = impact
      this.#showProblems()
      this.overlay?.set('impact', impact.map((c) => ({ geometry: { type: 'Point', coordinates: [c.lon, c.lat] } })))
    })
  }

  /** The one-click fix for an overlap: the drawn area minus the other zones (shown, not yet taken). */
  async proposeClip() {
    if (!this.shape) return
    await this.#run(async () => {
      this.clip = await this.api.clipZone(this.shape!, this.zoneId)
      this.overlay?.set('clip', [{ geometry: this.clip.geom }])
    })
  }

  async acceptClip() {
    if (!this.clip) return
    this.#draw!.replace(this.clip.geom) // → #shapeChanged clears the clip and the old answers
    await this.check()
  }

  rejectClip() { this.clip = null; this.overlay?.clear('clip') }

  async save() {
    const g = this.shape
    if (!g || this.unitId === null) return
    await this.#run(async () => {
      const zone = { id: this.zoneId, unit_id: this.unitId!, name: this.name, kind: this.kind, geom: g, version: this.baseVersion }
      // journalled before it is sent: a reload before the answer is told 'saved' or 'not saved' at the next start
      const entry = journalSave(this.user?.id ?? null, JSON.parse(JSON.stringify(zone)))
      this.#saving = true
      try {
        const saved = await this.api.saveZone(zone)
        clearSave(entry)
        await this.store.reloadLayer('zones')
        this.#finish()
        this.target = { id: saved.id, name: saved.name, kind: saved.kind, unit_id: saved.unit_id, unit_name: this.#unitName(saved.unit_id) ?? this.user?.unit_name ?? '', version: saved.version }
        this.message = t('edit.saved', { name: saved.name, version: saved.version })
      } catch (e) {
        const err = toApiError(e)
        // a refusal is an answer: nothing was saved and the shape is still here. Only a lost
        // database or a call that timed out leaves it open whether the save landed; the journal tells at the next start.
        if (err.code !== 'backend_unavailable' && err.code !== 'timeout') clearSave(entry)
        if (err.code === 'invalid_name') {
          // the reason, in the problem list instead of a bare 'name not valid' beside an old 'check passed'
          this.problems = await this.api.zoneNameProblems(this.name).catch(() => null)
          if (this.problems?.length) return
        }
        if (err.code === 'stale_version' && err.detail && typeof err.detail === 'object') {
          this.conflict = err.detail as SavedZone
          this.#showTheirs()
          return
        }
        if (err.problems.length) { this.problems = err.problems; this.#showProblems() }
        throw e
      } finally {
        this.#saving = false
      }
    })
  }

  /**
   * Is there work a reload would lose? A shape half drawn (points clicked, not closed), a new
   * shape not saved, an open edit whose shape or name differs from where it started, a save on
   * its way.
   */
  hasUnsavedWork(): boolean {
    if (this.#saving) return true
    if (this.step !== 'draw') return false
    if (this.#draw?.drawing) return true
    if (this.zoneId === null) return this.shape !== null
    const now = this.shape ? JSON.stringify(this.shape) : null
    return (this.#original.shape !== undefined && now !== this.#original.shape) || this.name.trim() !== this.#original.name.trim()
  }

  /** The name was edited: a name problem from the last check no longer applies to it. */
  nameEdited() {
    if (this.problems?.some((p) => p.code === 'invalid_name')) this.problems = this.problems.filter((p) => p.code !== 'invalid_name')
  }

  /** A save that was not answered before the page went (pending-saves): its shape back in the editor. */
  reopen(e: PendingSave) {
    const z = e.zone
    if (!this.mayEdit(z.unit_id)) return false
    if (!this.active) this.toggle()
    this.target = null
    this.#begin(z.id, z.kind, z.unit_id, z.version, z.name)
    this.#original = { shape: null, name: '' } // all of it is unsaved work
    // at the API's 7 digits: terra-draw refuses coordinates finer than it keeps
    const g = JSON.parse(JSON.stringify(z.geom), (_, v) => (typeof v === 'number' ? Math.round(v * 1e7) / 1e7 : v)) as Geometry
    this.#draw!.edit(g, z.kind)
    return true
  }

  /** Conflict: save my shape over the newer version (theirs stays in the history). */
  async keepMine() {
    if (!this.conflict) return
    this.baseVersion = this.conflict.version
    this.conflict = null
    this.overlay?.clear('theirs')
    await this.save()
  }

  /** Conflict: continue from their shape (mine stays one undo away). */
  takeTheirs() {
    if (!this.conflict) return
    const theirs = this.conflict
    this.baseVersion = theirs.version
    this.name = theirs.name
    this.#draw!.replace(theirs.geom)
    this.conflict = null
    this.overlay?.clear('theirs')
  }

  async remove() {
    const z = this.target
    if (!z || !this.mayEdit(z.unit_id) || !confirm(t('edit.delete_confirm', { name: z.name }))) return
    await this.#run(async () => {
      await this.api.deleteZone(z.id, z.version)
      await this.store.reloadLayer('zones')
      this.cancel()
      this.target = null
      this.message = t('edit.deleted', { name: z.name })
      this.lastDeleted = z
    })
  }

  /** Bring the zone just deleted back: its last version, under its own id. */
  async undoDelete() {
    const z = this.lastDeleted
    if (!z) return
    await this.#run(async () => {
      // the deletion is recorded as the version after the last one the officer saw
      const saved = await this.api.restoreZone(z.id, z.version, z.version + 1)
      await this.store.reloadLayer('zones')
      this.lastDeleted = null
      this.target = { ...z, version: saved.version }
      this.message = t('edit.undeleted', { name: z.name, version: saved.version })
    })
  }

  async showHistory() {
    const z = this.target
    if (!z) return
    await this.#run(async () => {
      this.versions = await this.api.zoneVersions(z.id)
      this.step = 'history'
      this.shownVersion = null
    })
  }

  showVersion(v: ZoneVersion) {
    this.shownVersion = v.version
    this.#showVersion(v)
  }

  async restore(v: ZoneVersion) {
    const z = this.target
    if (!z) return
    await this.#run(async () => {
      const saved = await this.api.restoreZone(z.id, v.version, z.version)
      await this.store.reloadLayer('zones')
      this.target = { ...z, version: saved.version, name: saved.name }
      this.versions = await this.api.zoneVersions(z.id)
      this.message = t('edit.restored', { from: v.version, version: saved.version })
    })
  }

  /** Leave whatever is under way; the map shows the saved zones again. */
  cancel() {
    this.#finish()
    this.grids = []
  }

  /** The shape being drawn (for tests and the screenshot script). */
  currentShape() { return this.shape ? JSON.parse(JSON.stringify(this.shape)) as Geometry : null }

  #begin(zoneId: number | null, kind: ZoneKind, unitId: number | null, version: number | null, name: string, fromGrids = false) {
    this.#finish()
    Object.assign(this, { zoneId, kind, unitId, baseVersion: version, name, fromGrids, step: 'draw' as EditStep })
    this.#original = { shape: undefined, name } // the first shape terra-draw reports is the starting one
  }

  #finish() {
    this.#draw?.stop()
    this.#map?.boxZoom.enable()
    this.overlay?.clear()
    Object.assign(this, { step: 'idle' as EditStep, shape: null, live: [], problems: null, impact: null, clip: null, conflict: null,
      versions: null, shownVersion: null, zoneId: null, baseVersion: null, error: null, canUndo: false, canRedo: false })
  }

  #shapeChanged(g: Geometry | null) {
    if (this.#original.shape === undefined && this.step === 'draw') this.#original.shape = g ? JSON.stringify(g) : null
    this.shape = g
    this.live = checkShape(g, this.kind)
    this.problems = null; this.impact = null; this.clip = null; this.error = null; this.message = null
    this.overlay?.clear('problem', 'impact', 'clip')
    this.#showProblems()
    this.canUndo = this.#draw?.canUndo() ?? false
    this.canRedo = this.#draw?.canRedo() ?? false
  }

  /** The map's labels again, in the language just chosen (they are text, not bound to the locale). */
  relabel() {
    this.#showProblems()
    if (this.conflict) this.#showTheirs()
    const shown = this.versions?.find((v) => v.version === this.shownVersion)
    if (shown) this.#showVersion(shown)
  }

  #showTheirs() {
    const c = this.conflict!
    this.overlay?.set('theirs', [{ geometry: c.geom, label: t('edit.theirs_label', { who: c.updated_by_name ?? '—', version: c.version }) }])
  }

  #showVersion(v: ZoneVersion) {
    this.overlay?.set('history', [{ geometry: v.geom, label: t('edit.version_label', { version: v.version }) }])
  }

  /** Every problem at its place on the map: live ones until PostGIS has answered, then PostGIS's. */
  #showProblems() {
    const items = this.problems
      ? this.problems.filter((p) => p.location).map((p) => ({ geometry: p.location!, label: p.code === 'overlaps_zone' ? t('edit.overlap_label', { unit: p.unit_name ?? '', zone: p.zone_name ?? '' }) : problemText(p) }))
      : this.live.filter((p) => p.location).map((p) => ({ geometry: p.location!, label: liveProblemText(p, this.kind) }))
    this.overlay?.set('problem', items)
  }

  async #run(fn: () => Promise<void>) {
    this.busy = true; this.error = null; this.message = null; this.lastDeleted = null
    try { await fn() } catch (e) { this.error = errorText(e) } finally { this.busy = false }
  }

  #click(e: MapMouseEvent) {
    if (!this.active || !this.#map) return
    if (this.step === 'grids') {
      const hit = this.#map.queryRenderedFeatures(e.point, { layers: ['grids-fill'] })[0]
      if (!hit) return
      // shift-click adds or removes a grid; a plain click starts the selection again from this grid
      const code = String(hit.properties.code)
      if (!e.originalEvent.shiftKey) this.grids = [code]
      else this.grids = this.grids.includes(code) ? this.grids.filter((c) => c !== code) : [...this.grids, code]
      this.overlay?.set('grid', this.grids.map((c) => ({ geometry: this.#gridShape(c)! })).filter((x) => x.geometry))
      return
    }
    if (this.step !== 'idle') return // drawing: the click belongs to terra-draw
    const box: [[number, number], [number, number]] = [[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]]
    const layers = ['zones-point', 'zones-road', 'zones-fill'].filter((l) => this.#map!.getLayer(l))
    const hit = this.#map.queryRenderedFeatures(box, { layers })[0]
    this.message = null
    this.target = hit ? { id: Number(hit.properties.id), name: String(hit.properties.name), kind: hit.properties.kind, unit_id: Number(hit.properties.unit_id), unit_name: String(hit.properties.unit_name), version: Number(hit.properties.version) } : null
  }

  #key(e: KeyboardEvent) {
    if (!this.active || this.step !== 'draw' || !(e.ctrlKey || e.metaKey)) return
    if ((e.target as HTMLElement)?.closest?.('input, textarea')) return
    const k = e.key.toLowerCase()
    if (k === 'z' && !e.shiftKey) { e.preventDefault(); this.undo() }
    else if ((k === 'z' && e.shiftKey) || k === 'y') { e.preventDefault(); this.redo() }
  }

  #zoneShape(id: number): Geometry | null {
    return (this.store.data.zones?.features.find((f) => Number(f.properties?.id) === id)?.geometry as Geometry) ?? null
  }
  #gridShape(code: string): Geometry | null {
    return (this.store.data.grids?.features.find((f) => f.properties?.code === code)?.geometry as Geometry) ?? null
  }
  #unitName(unitId: number): string | null {
    return (this.store.data.zones?.features.find((f) => Number(f.properties?.unit_id) === unitId)?.properties?.unit_name as string) ?? null
  }
}
