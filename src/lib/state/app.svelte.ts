// The app's state in one place, composed of the stores: the data module, who is signed in,
// the start-up, the map's data, the one interaction state, the views in the history, and
// the zone panel, leaders' and officers' stores. It decides what an inspect click does and
// which panel holds the right side; components read it and call its methods.
import { createConfiguredApi } from '../api/api'
import type { AdminLevel, LedgerFilters, PlaceMatch } from '../api/types'
import { toApiError } from '../api/errors'
import { LAYER } from '../api/layer-ids'
import { DEFAULT_USER } from '../api/demo-users'
import type { SupabaseSession } from '../api/supabase-session.svelte'
import type { StartStage } from '../db/worker-protocol'
import { bboxOf } from '../geo/bbox'
import { setLocale, t } from '../i18n/i18n.svelte'
import { EditSession } from './edit-session.svelte'
import { Interaction } from './interaction.svelte'
import { IssueLoop } from './issue-loop.svelte'
import { Leaders } from './leaders.svelte'
import { guardUnsavedWork } from './leave-guard'
import { keepLayersLive } from './live-layers'
import { MapData } from './map-data.svelte'
import type { MapPort, MapPosition } from './map-port'
import { PendingSaves } from './pending-saves.svelte'
import { parseView } from './url-state'
import { retryDelaySeconds, startFailed, startSucceeded } from './start-retry'
import { Views, type View } from './views.svelte'
import { isWallRoute, WALL_USER } from './wall.svelte'
import { ZonePanel } from './zone-panel.svelte'

const USER_KEY = 'gridgov.user'
export type DataPanel = 'coverage' | 'import' | null

export class AppState {
  readonly api = createConfiguredApi()
  readonly embedded = this.api.backend.kind === 'pglite'
  readonly initial = parseView(location.search)
  /** #/wall: the command-centre wall instead of the workspace (the demo signs in as its wall user) */
  readonly wall = isWallRoute()
  readonly store = new MapData(this.api)
  readonly interaction = new Interaction()
  readonly views = new Views((v, state) => this.#show(v, 'fly', state))
  readonly zonePanel = new ZonePanel(this.api, this.views, () => this.store.district ?? undefined)
  readonly leaders = new Leaders(this.api, this.store, this.interaction, this.views)
  readonly edit = new EditSession(this.api, this.store, this.interaction)
  readonly pending = new PendingSaves(this.api, this.store)
  readonly issues = new IssueLoop(this.api, this.views, this.interaction)

  // the demo has no anonymous sign-in; Supabase mode signs in on its own screen
  userId = $state<string | null>(null)
  session = $state.raw<SupabaseSession | null>(null)
  stage = $state<StartStage>('loading_postgis')
  progress = $state({ done: 0, total: 1 })
  startError = $state<string | null>(null)
  /** a failed start tries again by itself after this many seconds (start-retry.ts) */
  retryIn = $state<number | null>(null)
  started = $state(false)
  /** The map shows (the district's static outline) while the database starts: at once, or after sign-in on Supabase. */
  mapShown = $state(false)
  map: MapPort | null = null
  /** the map owner's test surface (see App.svelte's test hooks) */
  testMap: unknown = null
  mapReady = $state(false)
  mapPosition = $state<MapPosition | null>(null)
  dataPanel = $state<DataPanel>(null)
  rankingOpen = $state(false)
  peopleOpen = $state(false)

  constructor() {
    if (this.initial.lang) setLocale(this.initial.lang)
    this.mapPosition = this.initial.map
    if (this.embedded) this.userId = this.wall ? WALL_USER : localStorage.getItem(USER_KEY) || DEFAULT_USER
    this.api.backend.setUser(this.userId)
    if (this.embedded) void this.#whoAmI()
    guardUnsavedWork(() => this.edit.hasUnsavedWork())
    this.interaction.handle(['inspect'], { click: (c) => { this.leaders.closeArea({ record: false }); this.issues.page.close({ record: false }); void this.zonePanel.pick(c.lon, c.lat) } })
    this.api.backend.onProgress?.((s, d, n) => { this.stage = s; this.progress = { done: d, total: n } })
    // the open panels' figures follow the layers: a zone's after a zone or an issue changed, the issue desk and page after an issue did
    keepLayersLive(this.api, this.store, () => this.started, (layer) => {
      void this.zonePanel.refresh()
      if (layer === LAYER.issues) this.issues.issuesChanged()
    })
    // Supabase mode: nobody sees the map before signing in (anon reads nothing); the map starts
    // once a person with an app_users row is signed in. The embedded demo signs in with the switcher.
    const signedIn: Promise<void> = this.api.backend.startSession
      ? this.api.backend.startSession().then((s) => { this.session = s; return s.whenSignedIn() }).then(() => this.#whoAmI())
      : Promise.resolve()
    signedIn.then(() => { this.mapShown = true; return this.store.init(this.initial) }).then(
      () => { performance.mark('gridgov:store-init'); this.started = true; startSucceeded(); void this.pending.check() },
      (e) => { this.retryIn = retryDelaySeconds(this.wall); startFailed(); this.startError = toApiError(e).message })
  }

  /** The map exists (the district's static outline, before the database is ready): tests may look at it. */
  mapLoaded(testSurface?: unknown) { this.testMap ??= testSurface ?? null }

  /** The map is drawn: the stores may use it, and the view in the address bar opens. */
  attachMap(map: MapPort, testSurface?: unknown) {
    if (this.map) return
    this.map = map
    this.testMap = testSurface ?? null
    this.zonePanel.map = map; this.leaders.map = map; this.edit.map = map; this.issues.map = map
    this.mapReady = true
    this.#show(this.views.current, 'jump')
  }

  /** Which panel holds the right side: a panel's close (null), the zone panel, the area panel… */
  get rightPanel(): 'edit' | 'coverage' | 'import' | 'register' | 'issue' | 'area' | 'zone' | 'hint' | null {
    if (this.edit.active) return 'edit'
    if (this.dataPanel && this.mapReady) return this.dataPanel
    if (this.issues.register.active) return 'register'
    if (this.leaders.areaOpen) return 'area'
    if (this.issues.page.open) return 'issue'
    if (this.zonePanel.open) return 'zone'
    return this.interaction.mode === 'inspect' ? 'hint' : null
  }

  get selectedZoneId() { return this.zonePanel.open && !this.leaders.areaOpen ? (this.zonePanel.zone?.id ?? null) : null }

  /** The page's title: the view a user is on, for the tab and the history list. */
  get title() {
    const app = t('app.title')
    if (this.dataPanel === 'coverage') return `${t('coverage.title')} · ${app}`
    if (this.issues.page.detail) return `${this.issues.page.detail.code} · ${app}`
    const area = this.leaders.area
    if (area?.kind === 'admin') return `${area.report.name} · ${app}`
    if (this.zonePanel.open && this.zonePanel.summary) return `${this.zonePanel.summary.zone.name} · ${app}`
    if (this.rankingOpen) return `${t('rank.title')} · ${app}`
    return app
  }

  /** Coverage or import takes the right side; while one is open a map click opens no zone panel. */
  openDataPanel(which: 'coverage' | 'import', { record = true } = {}) {
    this.dataPanel = this.dataPanel === which ? null : which
    if (this.dataPanel) {
      this.zonePanel.close({ record: false }); this.leaders.closeArea({ record: false })
      this.interaction.set('side-panel')
    } else this.interaction.leave('side-panel')
    if (!record) return
    if (this.dataPanel === 'coverage') this.views.record({ panel: { kind: 'coverage' } })
    else if (this.views.current.panel.kind === 'coverage') this.views.forget({ panel: { kind: 'none' } })
  }
  closeDataPanel() { if (this.dataPanel) this.openDataPanel(this.dataPanel) }

  toggleRanking() {
    this.rankingOpen = !this.rankingOpen
    // the ranking and the issue desk share the left side
    if (this.rankingOpen && this.issues.desk.shown) this.issues.desk.show(null)
    if (!this.rankingOpen) this.leaders.highlightUnit(null)
    // opening is a step Back returns from; closing, as every panel's close, adds none
    if (this.rankingOpen) this.views.record({ ranking: true })
    else this.views.forget({ ranking: false })
  }

  /** A search result: a zone opens its panel; a unit highlights its zones and opens the first; an administrative area its summary. */
  choosePlace(m: PlaceMatch) {
    this.leaders.cancelInteraction()
    this.closeDataPanel()
    this.issues.page.close({ record: false })
    // while editing, a found zone is selected in the editor (the zone panel waits behind it)
    if (this.edit.active && m.kind === 'zone') return void this.#selectForEdit(Number(m.id))
    if (m.kind === 'zone') { this.leaders.closeArea({ record: false }); return void this.zonePanel.openZone(Number(m.id)) }
    if (m.kind === 'unit') {
      void this.leaders.highlightUnit(Number(m.id), 'panels')
      void this.leaders.unitZones(Number(m.id)).then(([first]) => {
        if (first) { this.leaders.closeArea({ record: false }); void this.zonePanel.openZone(Number(first.properties?.id), { move: 'stay' }) }
      })
      return
    }
    this.openArea(m.kind, m.id)
  }

  async #selectForEdit(id: number) {
    const s = await this.api.zoneSummary(id).catch(() => null)
    if (!s) return
    this.map?.fit(s.zone.bbox)
    this.edit.target = { id, name: s.zone.name, kind: s.zone.kind, unit_id: s.unit.id, unit_name: s.unit.name, version: s.zone.version }
  }

  /** The issue desk (queues or ledger) on the left, instead of the ranking; the same button again closes it. */
  toggleDesk() {
    if (this.rankingOpen) { this.rankingOpen = false; this.leaders.highlightUnit(null); this.views.forget({ ranking: false }) }
    const desk = this.issues.desk
    if (desk.shown) desk.show(null)
    else desk.show(desk.queues.length ? 'queues' : 'ledger')
  }

  /** The ledger with these filters (a zone's issues, from its panel). */
  openLedger(filters: LedgerFilters) {
    if (this.rankingOpen) this.toggleRanking()
    this.issues.desk.filters = filters
    this.issues.desk.show('ledger')
    void this.issues.desk.load()
  }

  /** An issue's page on the right (from the desk, a registration, a link). */
  openIssue(id: number) {
    this.zonePanel.close({ record: false }); this.leaders.closeArea({ record: false }); this.closeDataPanel()
    this.issues.openIssue(id)
  }

  /** A zone's panel from an issue's page (its responsible zone). */
  openZone(id: number) {
    this.issues.page.close({ record: false })
    void this.zonePanel.openZone(id)
  }

  /** Register an issue: the next click on the map is its point. */
  startRegister() {
    this.edit.active && void this.edit.toggle()
    this.zonePanel.close({ record: false }); this.leaders.closeArea({ record: false }); this.closeDataPanel()
    this.issues.startRegister()
  }

  openArea(level: AdminLevel, code: string) {
    this.zonePanel.close({ record: false }); this.closeDataPanel()
    void this.leaders.openAdmin(level, code)
  }

  openDistrict() {
    const code = this.store.district?.features[0]?.properties?.code
    if (code) this.openArea('district', String(code))
  }

  printZone() {
    const s = this.zonePanel.summary
    if (s) void this.leaders.openPrint({ title: s.zone.name, subtitle: `${s.unit.name} · ${t('panel.zone')} · ${t(`kind.${s.zone.kind}`)}`, report: s, unit: s.unit }, s.zone.bbox)
  }

  printArea() {
    const v = this.leaders.area
    if (!v) return
    if (v.kind === 'admin') void this.leaders.openPrint({ title: v.report.name, subtitle: v.trail.map((s) => s.name).join(' › '), report: v.report }, v.report.bbox)
    else void this.leaders.openPrint({ title: t(`draw.title_${v.shape}`), subtitle: t('inspect.adhoc'), report: v.report }, bboxOf(v.geom))
  }

  /** The demo's sign-in: who a user is decides what they may see and do (RLS). */
  setUser(id: string | null) {
    this.userId = id
    localStorage.setItem(USER_KEY, id ?? '')
    this.api.backend.setUser(id)
    void this.#whoAmI()
    void this.zonePanel.refresh()
  }

  async reset() {
    if (!confirm(t('reset.confirm'))) return
    // the other tabs use this database: deleting it under them would lose what they show
    if (await this.api.backend.otherTabs?.().catch(() => 0)) return alert(t('reset.other_tabs'))
    this.started = false
    this.startError = null
    try {
      await this.api.backend.reset?.()
      location.reload()
    } catch (e) {
      this.startError = toApiError(e).message
    }
  }

  /** Who is signed in now: the editor's rights and the issue loop's queues and steps follow. */
  async #whoAmI() {
    await this.edit.setUser()
    this.issues.userChanged(this.edit.user)
  }

  /** Open a view from the history or a link, without recording it again. */
  #show(v: View, move: 'jump' | 'fly', state: unknown = null) {
    if (!this.map) return
    this.map.closePopups()
    this.leaders.print = null // Back leaves the print view too
    this.rankingOpen = v.ranking
    if (!v.ranking) this.leaders.highlightUnit(null)
    this.issues.restore(v, move)
    const p = v.panel
    if (p.kind !== 'coverage' && this.dataPanel === 'coverage') { this.dataPanel = null; this.interaction.leave('side-panel') }
    if (p.kind === 'coverage') { if (this.dataPanel !== 'coverage') this.openDataPanel('coverage', { record: false }); return }
    if (p.kind === 'issue') { this.zonePanel.close({ record: false }); this.leaders.closeArea({ record: false }); return }
    if (p.kind === 'area') { this.zonePanel.close({ record: false }); void this.leaders.openAdmin(p.level, p.code, { record: false }); return }
    const adhoc = (state as { adhoc?: { geom: any; shape: 'polygon' | 'circle' | 'grids'; grids: string[] } } | null)?.adhoc
    if (p.kind === 'adhoc' && adhoc) { this.zonePanel.close({ record: false }); void this.leaders.openAdhoc(adhoc.geom, adhoc.shape, adhoc.grids, { record: false }); return }
    this.leaders.closeArea({ record: false })
    if (p.kind === 'zone') void this.zonePanel.openZone(p.id, { move, record: false })
    else if (p.kind === 'at') void this.zonePanel.pick(p.lon, p.lat, { record: false })
    else {
      this.zonePanel.close({ record: false })
      // no panel to fit to: the map goes back to where this entry left it (its ?map=)
      const at = parseView(location.search).map
      if (at && move === 'fly') this.map.jumpTo(at)
    }
  }
}
