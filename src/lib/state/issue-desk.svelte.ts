// The issue desk, the left-hand sheet of the issue loop: a role's work queues (issue-queues.ts)
// or the whole ledger (台账) with its filters, sorting and paging — all done in SQL
// (issue_ledger); each row carries the steps the signed-in person may take on it now
// (issue_actions_for), so a queue's next step is one button. The export takes every page of
// the filtered ledger. Only the latest request's answer is shown. A third tab, 问效, lists the
// recurring places tracked as tasks with their before/after figures (effect-tasks.svelte.ts).
import type { Api } from '../api/api'
import type { IssueAction, IssueCategory, IssueStep, Ledger, LedgerFilters, LedgerRow, LedgerSort } from '../api/types'
import { errorText } from '../api/error-text'
import { EffectTasks } from './effect-tasks.svelte'
import { LEDGER_PRESETS, queuesFor, type Queue, type QueueKey } from './issue-queues'
import type { Desk, Views } from './views.svelte'

export const PAGE_SIZE = 20
const EXPORT_PAGE = 500
/** An export stops here (a CSV of more is a job for the database's own tools). */
export const EXPORT_MAX = 20_000

export class IssueDesk {
  shown = $state<Desk>(null)
  role = $state<string | null>(null)
  unitId = $state<number | null>(null)
  queueKey = $state<QueueKey | null>(null)
  /** the ledger's own filters (the preset it started from, then what the user set) */
  filters = $state.raw<LedgerFilters>({})
  sort = $state<LedgerSort>('-reported_at')
  page = $state(1)
  ledger = $state.raw<Ledger | null>(null)
  actions = $state.raw<Map<number, IssueStep[]>>(new Map())
  loading = $state(false)
  error = $state<string | null>(null)
  /** a row's step being sent, and why one was refused (by row id) */
  busyRow = $state<number | null>(null)
  rowError = $state.raw<{ id: number; text: string } | null>(null)
  /**
   * 三级指挥: the command centre's queues for the whole district, one street or one community
   * (a 9- or 12-digit code; null: the district). Only narrows what is listed — who may dispatch
   * is the SQL functions' rule, for the whole district.
   */
  scope = $state<string | null>(null)
  /** the catalogue, for the ledger's category filter */
  categories = $state.raw<IssueCategory[]>([])
  /** 问效: the recurring places tracked as tasks (the desk's third tab; the hotspot list creates them) */
  readonly effect: EffectTasks
  #request = 0

  constructor(private api: Api, private views: Views) {
    this.effect = new EffectTasks(api)
  }

  get queues(): Queue[] { return queuesFor(this.role, this.unitId) }
  get queue(): Queue | null { return this.queues.find((q) => q.key === this.queueKey) ?? null }

  /** Who is signed in decides the queues (an officer sees the unit's, the command centre its own). */
  setUser(role: string | null, unitId: number | null) {
    this.role = role; this.unitId = unitId
    if (!this.queues.some((q) => q.key === this.queueKey)) this.queueKey = this.queues[0]?.key ?? null
    if (this.shown === 'queues' && !this.queues.length) this.shown = 'ledger'
    if (this.shown) void this.load()
  }

  /** Open the queues or the ledger (a step Back returns from); `toggle`: the same again closes it (the header's button). */
  show(desk: Desk, { record = true, toggle = false } = {}) {
    if (desk === 'queues' && !this.queues.length) desk = 'ledger'
    if (toggle && desk === this.shown) desk = null
    if (desk === this.shown && !toggle) return
    this.shown = desk
    this.page = 1
    if (desk) void this.load()
    if (desk && !this.categories.length) void this.api.issueCategoryList().then((c) => (this.categories = c), () => {})
    if (!record) return
    if (desk) this.views.record({ desk })
    else this.views.forget({ desk: null })
  }

  chooseQueue(key: QueueKey) { this.queueKey = key; this.page = 1; void this.load() }

  chooseScope(code: string | null) { this.scope = code; this.page = 1; void this.load() }

  /** A ledger preset (问题清单, 督办清单, 问效清单) replaces the filters. */
  preset(key: QueueKey) {
    const p = LEDGER_PRESETS.find((q) => q.key === key)
    if (p) this.setFilters(p.filters, p.sort)
  }

  setFilters(filters: LedgerFilters, sort: LedgerSort = this.sort) {
    this.filters = filters; this.sort = sort; this.page = 1
    void this.load()
  }

  /** Sort by a column: the first click ascending (newest first for times), the next reverses. */
  sortBy(key: LedgerSort) {
    const bare = key.replace(/^-/, '')
    this.sort = (this.sort === key ? (key.startsWith('-') ? bare : `-${bare}`) : key) as LedgerSort
    this.page = 1
    void this.load()
  }

  goTo(page: number) { this.page = Math.max(1, page); void this.load() }

  get current(): { filters: LedgerFilters; sort: LedgerSort } {
    const q = this.shown === 'queues' ? this.queue : null
    if (!q) return { filters: this.filters, sort: this.sort }
    const area = !this.scope ? {} : this.scope.length > 9 ? { community: this.scope } : { street: this.scope }
    return { filters: { ...q.filters, ...area }, sort: q.sort }
  }

  async load() {
    if (!this.shown) return
    if (this.shown === 'effect') return this.effect.load()
    const mine = ++this.#request
    this.loading = true; this.error = null
    const { filters, sort } = this.current
    try {
      const ledger = await this.api.issueLedger(filters, sort, this.page, PAGE_SIZE)
      const steps = ledger.rows.length && this.role !== 'leader' && this.role !== 'wall'
        ? await this.api.issueActionsFor(ledger.rows.map((r) => r.id)) : []
      if (mine !== this.#request) return
      this.ledger = ledger
      this.actions = new Map(steps.map((s) => [s.issue_id, s.actions]))
    } catch (e) {
      if (mine === this.#request) this.error = errorText(e)
    } finally {
      if (mine === this.#request) this.loading = false
    }
  }

  /** A row's step that needs no note (接单, 核实, 结案…); the list reloads after it. */
  async act(row: LedgerRow, action: IssueAction): Promise<boolean> {
    this.busyRow = row.id; this.rowError = null
    try {
      await this.api.advanceIssue(row.id, action, null, null)
      await this.load()
      return true
    } catch (e) {
      this.rowError = { id: row.id, text: errorText(e) }
      return false
    } finally {
      this.busyRow = null
    }
  }

  /** Every row of the filtered ledger, page by page, for an export (at most EXPORT_MAX). */
  async allRows(): Promise<LedgerRow[]> {
    const { filters, sort } = this.current
    const rows: LedgerRow[] = []
    for (let page = 1; rows.length < EXPORT_MAX; page++) {
      const l = await this.api.issueLedger(filters, sort, page, EXPORT_PAGE)
      rows.push(...l.rows)
      if (rows.length >= l.total || !l.rows.length) break
    }
    return rows.slice(0, EXPORT_MAX)
  }
}
