// The officer's editing session: who may edit what, the shape being drawn, and the one save
// path — live checks → validate_zone + zone_change_impact (problems and impact, shown on the
// map) → save_zone with the version the edit started from → on stale_version, a conflict
// with both shapes. Nothing drawn is dropped by a failed save: the shape stays in terra-draw
// and in the undo stack until the officer saves or cancels.
import type { Geometry } from 'geojson'
import type { Api } from '../api/api'
import { toApiError } from '../api/errors'
import type { ClippedZone, SavedZone, UserInfo, ZoneChange, ZoneKind, ZoneProblem, ZoneVersion } from '../api/types'
import { errorText } from '../api/error-text'
import { t } from '../i18n/i18n.svelte'
import type { MapData } from './map-data.svelte'
import type { Interaction, Mode } from './interaction.svelte'
import type { MapPort, ShapeEditor } from './map-port'
import { editClick, editKey } from './edit-gestures'
import { removeTarget, restoreVersion, showHistory, undoDelete } from './zone-versions'
import { checkShape, type LiveProblem } from '../geo/shape-check'
import { clearSave, journalSave, type PendingSave } from './save-journal'
import { LAYER } from '../api/layer-ids'

/** A zone as the zones layer carries it. */
export interface ZoneRef { id: number; name: string; kind: ZoneKind; unit_id: number; unit_name: string; version: number }

export type EditStep = 'idle' | 'draw' | 'grids' | 'history'
/** Each step of editing is a mode of the one interaction state. */
const STEP_MODE: Record<EditStep, Mode> = { idle: 'edit', draw: 'edit-draw', grids: 'edit-grids', history: 'edit-history' }
const EDIT_MODES = Object.values(STEP_MODE)

export class EditSession {
  user = $state.raw<UserInfo | null>(null)
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

  map: MapPort | null = null
  #draw: ShapeEditor | null = null
  /** the edit's starting shape and name (JSON), to tell an open edit with changes from one without */
  #original: { shape: string | null | undefined; name: string } = { shape: undefined, name: '' }
  /** save_zone is on its way (a reload now would lose it without the journal) */
  #saving = false

  constructor(private api: Api, private store: MapData, private ix: Interaction) {
    ix.handle(['edit', 'edit-grids'], { click: (c) => editClick(this, c, this.store) })
    ix.handle(['edit-draw'], { key: (e) => editKey(this, e) })
  }

  /** Edit mode is on (any of its steps). */
  get active() { return this.ix.editing }
  get step(): EditStep { return (Object.keys(STEP_MODE) as EditStep[]).find((k) => STEP_MODE[k] === this.ix.mode) ?? 'idle' }
  set step(s: EditStep) { if (this.active) this.ix.set(STEP_MODE[s]) }

  get isEditor() { return this.user?.role === 'officer' || this.user?.role === 'admin' }
  mayEdit(unitId: number) { return this.user?.role === 'admin' || (this.user?.role === 'officer' && this.user.unit_id === unitId) }

  /** After a sign-in change: a new person starts with nothing selected and nothing half-drawn. */
  async setUser() {
    this.cancel()
    this.target = null
    this.user = await this.api.currentUserInfo().catch(() => null)
    if (!this.isEditor) { this.ix.leave(...EDIT_MODES); this.#draw?.disable() }
  }

  /** Edit mode on or off. terra-draw is loaded the first time (a lazy chunk), before the mode changes. */
  async toggle() {
    if (this.active) {
      // leaving edit mode drops the shape being drawn: ask first, as a reload does
      if (this.hasUnsavedWork() && !confirm(t('edit.leave_unsaved'))) return
      this.cancel(); this.target = null
      this.ix.leave(...EDIT_MODES)
      this.#draw?.disable()
    } else if (this.isEditor && this.map) {
      this.#draw ??= await this.map.shapeEditor({
        shapeOf: (layer, props) => layer === LAYER.grids ? this.#gridShape(String(props.code)) : this.#zoneShape(Number(props.id)),
        ignoreZoneId: () => this.zoneId,
        onshape: (g) => this.#shapeChanged(g),
        onhistory: () => { this.canUndo = this.#draw?.canUndo() ?? false; this.canRedo = this.#draw?.canRedo() ?? false },
      })
      this.ix.set('edit')
      this.#draw.enable()
    }
    this.message = null
  }

  /** Start a new zone of a kind for the officer's unit (an admin draws for the unit of the selected zone). */
  drawNew(kind: ZoneKind) {
    this.#begin(null, kind, this.user?.unit_id ?? this.target?.unit_id ?? null, null, t('edit.new_name', { unit: this.user?.unit_name ?? '' }))
    this.#draw!.drawNew(kind)
  }

  /** Edit the vertices of the selected zone (only offered for the officer's own unit), from its exact shape. */
  async editTarget() {
    const z = this.target
    if (!z || !this.mayEdit(z.unit_id)) return
    const g = this.store.exactZoneInView(z.id) ?? await this.store.exactZone(z.id, z.unit_id).then((f) => f?.geometry ?? null, () => null) ?? this.#zoneShape(z.id)
    if (!g || this.target !== z) return
    this.#begin(z.id, z.kind, z.unit_id, z.version, z.name)
    this.#draw!.edit(g, z.kind)
  }

  pickGrids() {
    this.cancel()
    this.message = null // a 'saved' line from before does not belong to the new picking
    this.step = 'grids' // shift-click picks grids here, it does not start a box zoom (interaction.boxZoom)
    this.grids = []
  }

  async mergeGrids() {
    await this.run(async () => {
      const g = await this.api.gridsUnion([...this.grids])
      const codes = this.grids
      this.#begin(null, 'area', this.user?.unit_id ?? this.target?.unit_id ?? null, null, t('edit.grids_name', { count: codes.length }), true)
      this.#draw!.edit(g, 'area')
    })
  }

  undo() { this.#draw?.undo() }
  redo() { this.#draw?.redo() }

  /** Authoritative check in PostGIS and the impact preview, together. */
  async check() {
    const g = this.shape
    if (!g || this.unitId === null) return
    await this.run(async () => {
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
    })
  }

  /** The one-click fix for an overlap: the drawn area minus the other zones (shown, not yet taken). */
  async proposeClip() {
    if (!this.shape) return
    await this.run(async () => {
      this.clip = await this.api.clipZone(this.shape!, this.zoneId)
    })
  }

  async acceptClip() {
    if (!this.clip) return
    this.#draw!.replace(this.clip.geom) // → #shapeChanged clears the clip and the old answers
    await this.check()
  }

  rejectClip() { this.clip = null }

  async save() {
    const g = this.shape
    if (!g || this.unitId === null) return
    await this.run(async () => {
      const zone = { id: this.zoneId, unit_id: this.unitId!, name: this.name, kind: this.kind, geom: g, version: this.baseVersion }
      // journalled before it is sent: a reload before the answer is told 'saved' or 'not saved' at the next start
      const entry = journalSave(this.user?.id ?? null, JSON.parse(JSON.stringify(zone)))
      this.#saving = true
      try {
        const saved = await this.api.saveZone(zone)
        clearSave(entry)
        this.#finish()
        this.target = { id: saved.id, name: saved.name, kind: saved.kind, unit_id: saved.unit_id, unit_name: (this.target?.unit_id === saved.unit_id ? this.target.unit_name : null) ?? this.user?.unit_name ?? (await this.store.unitName(saved.unit_id)) ?? '', version: saved.version }
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
          return
        }
        if (err.problems.length) this.problems = err.problems
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
  async reopen(e: PendingSave) {
    const z = e.zone
    if (!this.mayEdit(z.unit_id)) return false
    if (!this.active) await this.toggle()
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
  }

  // deleting, undeleting and a zone's versions: zone-versions.ts
  remove() { return removeTarget(this, this.api) }
  undoDelete() { return undoDelete(this, this.api) }
  showHistory() { return showHistory(this, this.api) }
  restore(v: ZoneVersion) { return restoreVersion(this, this.api, v) }
  showVersion(v: ZoneVersion) { this.shownVersion = v.version }

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
    Object.assign(this, { step: 'idle' as EditStep, shape: null, live: [], problems: null, impact: null, clip: null, conflict: null,
      versions: null, shownVersion: null, zoneId: null, baseVersion: null, error: null, canUndo: false, canRedo: false })
  }

  #shapeChanged(g: Geometry | null) {
    if (this.#original.shape === undefined && this.step === 'draw') this.#original.shape = g ? JSON.stringify(g) : null
    this.shape = g
    this.live = checkShape(g, this.kind)
    this.problems = null; this.impact = null; this.clip = null; this.error = null; this.message = null
    this.canUndo = this.#draw?.canUndo() ?? false
    this.canRedo = this.#draw?.canRedo() ?? false
  }

  /** Run one step with the busy flag on; its failure becomes the panel's error line. */
  async run(fn: () => Promise<void>) {
    this.busy = true; this.error = null; this.message = null; this.lastDeleted = null
    try { await fn() } catch (e) { this.error = errorText(e) } finally { this.busy = false }
  }

  /** A grid's or zone's geometry as loaded for the view (the map's tiles clip and quantise theirs): exact from zoom 15, where officers snap. */
  gridShape(code: string) { return this.#gridShape(code) }

  #zoneShape(id: number): Geometry | null {
    return (this.store.drawn.zones?.features.find((f) => Number(f.properties?.id) === id)?.geometry as Geometry) ?? null
  }
  #gridShape(code: string): Geometry | null {
    return (this.store.drawn.grids?.features.find((f) => f.properties?.code === code)?.geometry as Geometry) ?? null
  }

}
