// An issue's page (#/issue/7): the issue with its event log and the steps the signed-in person
// may take now (issue_detail), its place on the map, and taking a step (advance_issue) or
// recording the reporter's satisfaction (follow_up_issue). A refused step keeps the page as it
// was and says why in the user's language; the figures are SQL's, held as returned.
import type { Api } from '../api/api'
import type { IssueAction, IssueDetail, Satisfaction } from '../api/types'
import { errorText } from '../api/error-text'
import type { FitClearance, MapPort } from './map-port'
import type { Views } from './views.svelte'

export class IssuePage {
  id = $state<number | null>(null)
  detail = $state.raw<IssueDetail | null>(null)
  loading = $state(false)
  error = $state<string | null>(null)
  /** the step being sent, and why the last one was refused */
  busy = $state(false)
  stepError = $state<string | null>(null)
  /** the signed-in person's role: 回访 (follow-up) is the command centre's (follow_up_issue) */
  role = $state<string | null>(null)
  /**
   * Every unit of the district, by name, for 派遣 to a unit that is not among the ranked
   * candidates (a place no zone covers has none): unit_ranking's list, which names every unit.
   * Read once, when a dispatch form first asks for it; null until then.
   */
  units = $state.raw<{ id: number; name: string }[] | null>(null)
  unitsError = $state<string | null>(null)
  map: MapPort | null = null
  /** which panels the issue's point must stay clear of when the map goes to it */
  clearance: () => FitClearance = () => 'panels'
  #request = 0

  constructor(private api: Api, private views: Views) {}

  get open() { return this.id != null }

  /** A closed 12345 issue not yet followed up, and someone who may (as follow_up_issue checks). */
  get mayFollowUp() {
    const d = this.detail
    return !!d && d.status === 'closed' && d.source === 'hotline' && !d.followed_up_at && (this.role === 'dispatcher' || this.role === 'admin')
  }

  /** Open an issue's page; `move` flies the map to its point ('stay': the list was clicked with the map where the user wants it). */
  async openIssue(id: number, { record = true, move = 'fly' }: { record?: boolean; move?: 'fly' | 'jump' | 'stay' } = {}) {
    const mine = ++this.#request
    const same = this.id === id
    this.id = id; this.error = null; this.stepError = null
    if (!same) { this.detail = null; this.loading = true }
    if (record) this.views.record({ panel: { kind: 'issue', id } })
    try {
      const d = await this.api.issueDetail(id)
      if (mine !== this.#request) return
      this.detail = d
      // about 150 m around the point, clear of the panels (the desk may cover the map's centre)
      if (move !== 'stay' && !same) this.map?.fit([d.lon - 0.002, d.lat - 0.0013, d.lon + 0.002, d.lat + 0.0013], { animate: move === 'fly', clear: this.clearance() })
    } catch (e) {
      if (mine === this.#request) this.error = errorText(e)
    } finally {
      if (mine === this.#request) this.loading = false
    }
  }

  /** The open page again (someone took a step elsewhere), the map left where it is. */
  async refresh() {
    if (this.id != null && !this.busy) await this.openIssue(this.id, { record: false, move: 'stay' })
  }

  close({ record = true } = {}) {
    this.#request++
    this.id = null; this.detail = null; this.error = null; this.stepError = null
    if (record && this.views.current.panel.kind === 'issue') this.views.forget({ panel: { kind: 'none' } })
  }

  /** Read the units to dispatch to, once (a failure is said, and the next form asks again). */
  async loadUnits() {
    if (this.units) return
    this.unitsError = null
    try {
      const r = await this.api.unitRanking()
      this.units = r.units.map((u) => ({ id: u.unit_id, name: u.unit_name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    } catch (e) {
      this.unitsError = errorText(e)
    }
  }

  /** Take a step; true when it went through (the page then shows the issue after it). */
  async act(action: IssueAction, note: string | null, unitId: number | null = null): Promise<boolean> {
    return this.#write(() => this.api.advanceIssue(this.id!, action, note, unitId))
  }

  async followUp(satisfaction: Satisfaction, note: string | null): Promise<boolean> {
    return this.#write(() => this.api.followUpIssue(this.id!, satisfaction, note))
  }

  async #write(send: () => Promise<unknown>): Promise<boolean> {
    if (this.id == null || this.busy) return false
    this.busy = true; this.stepError = null
    try {
      await send()
      this.busy = false
      await this.openIssue(this.id, { record: false, move: 'stay' })
      return true
    } catch (e) {
      this.stepError = errorText(e)
      return false
    } finally {
      this.busy = false
    }
  }
}
