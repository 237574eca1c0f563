// Registering an issue (挂号): pick its point on the map (or type its coordinates), say what and
// where, and file it with dispatch_issue — which dispatches it at once when exactly one unit is
// clearly responsible there. While the form is open, the open issues of the chosen category
// within 50 m are offered first (nearby_open_issues): a second report of the same problem is
// attached to that issue (attach_issue_report) instead of becoming a duplicate. Who would be
// responsible (dispatch_candidates) is shown before filing, so nobody is surprised.
import type { Api } from '../api/api'
import type { DispatchCandidate, DispatchedIssue, IssueCategory, IssueInfo, IssueSource, NearbyIssue } from '../api/types'
import { errorText } from '../api/error-text'
import type { Interaction } from './interaction.svelte'

export const DUPLICATE_RADIUS_M = 50

export interface IssueDraft { category: string; description: string; address: string; source: IssueSource }

export class IssueRegister {
  /** pick: waiting for a point; form: filling in; filed / attached: done (the result is shown) */
  phase = $state<'pick' | 'form' | 'filed' | 'attached' | null>(null)
  point = $state.raw<{ lon: number; lat: number } | null>(null)
  draft = $state<IssueDraft>({ category: '', description: '', address: '', source: 'patrol' })
  categories = $state.raw<IssueCategory[]>([])
  nearby = $state.raw<NearbyIssue[]>([])
  candidates = $state.raw<DispatchCandidate[]>([])
  filed = $state.raw<DispatchedIssue | IssueInfo | null>(null)
  busy = $state(false)
  error = $state<string | null>(null)
  #request = 0

  constructor(private api: Api, private interaction: Interaction) {
    interaction.handle(['pick-point'], {
      click: (c) => void this.at(c.lon, c.lat),
      key: (e) => { if (e.key !== 'Escape') return false; this.cancel(); return true },
    })
  }

  get active() { return this.phase != null }

  /** Begin: the next click on the map is the issue's point. */
  async start() {
    this.phase = 'pick'; this.point = null; this.filed = null; this.error = null
    this.nearby = []; this.candidates = []
    this.draft = { category: '', description: '', address: '', source: 'patrol' }
    this.interaction.set('pick-point')
    if (!this.categories.length) this.categories = await this.api.issueCategoryList().catch(() => [])
  }

  cancel() {
    this.#request++
    this.phase = null; this.point = null; this.nearby = []; this.candidates = []
    this.interaction.leave('pick-point')
  }

  /** The issue's point: from a click, or typed. The duplicates and the responsible unit there are looked up. */
  async at(lon: number, lat: number) {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return
    this.point = { lon, lat }
    if (this.phase === 'pick') this.phase = 'form'
    await this.lookAround()
  }

  /** The category changed: the duplicates offered are those of that category. */
  chooseCategory(code: string) { this.draft.category = code; void this.lookAround() }

  async lookAround() {
    const p = this.point
    if (!p) return
    const mine = ++this.#request
    this.error = null
    try {
      const category = this.draft.category || null
      const [nearby, candidates] = await Promise.all([
        this.api.nearbyOpenIssues(p.lon, p.lat, category, DUPLICATE_RADIUS_M),
        this.api.dispatchCandidates(p.lon, p.lat, category),
      ])
      if (mine !== this.#request) return
      this.nearby = nearby; this.candidates = candidates
    } catch (e) {
      if (mine === this.#request) this.error = errorText(e)
    }
  }

  /** File the issue; true when it was registered (the form then shows where it went). */
  async submit(): Promise<boolean> {
    const p = this.point
    if (!p || this.busy) return false
    this.busy = true; this.error = null
    try {
      const d = this.draft
      this.filed = await this.api.dispatchIssue(p.lon, p.lat, d.category, d.description.trim(), d.address.trim() || null, d.source)
      this.phase = 'filed'
      this.interaction.leave('pick-point')
      return true
    } catch (e) {
      this.error = errorText(e)
      return false
    } finally {
      this.busy = false
    }
  }

  /** "It is this one": the report counts on the existing issue instead of a new one. */
  async attach(issueId: number): Promise<boolean> {
    if (this.busy) return false
    this.busy = true; this.error = null
    try {
      const note = this.draft.description.trim() || null
      this.filed = await this.api.attachIssueReport(issueId, note, this.draft.source)
      this.phase = 'attached'
      this.interaction.leave('pick-point')
      return true
    } catch (e) {
      this.error = errorText(e)
      return false
    } finally {
      this.busy = false
    }
  }
}
