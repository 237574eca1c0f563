// 问效: recurring places tracked as tasks (create_effect_task / list_effect_tasks /
// close_effect_task). The command centre and administrators turn a recurring cell of the
// hotspot list into a task; everyone on the issue desk's 问效 tab sees each task with the issues
// of its category in its cell, 90 days before it was created against the days since.
import type { Api } from '../api/api'
import type { EffectTask } from '../api/types'
import { errorText } from '../api/error-text'

/** Who may create and close 问效事项 (the SQL functions' own rule): the command centre and administrators. */
export const mayTrackEffect = (role: string | null | undefined) => role === 'dispatcher' || role === 'admin'

const key = (cell: string, category: string) => `${cell}|${category}`

export class EffectTasks {
  tasks = $state.raw<EffectTask[]>([])
  loaded = $state(false)
  loading = $state(false)
  error = $state<string | null>(null)
  /** a place being tracked (cell|category) or a task being closed (its id), and why one was refused */
  busy = $state<string | number | null>(null)
  refusal = $state.raw<{ on: string | number; text: string } | null>(null)
  #request = 0

  constructor(private api: Api) {}

  /** The open tasks' places (cell|category), to mark a hotspot already tracked. */
  get tracked(): Set<string> {
    return new Set(this.tasks.filter((t) => t.status === 'open').map((t) => key(t.cell, t.category)))
  }

  isTracked(cell: string, category: string) { return this.tracked.has(key(cell, category)) }

  async load() {
    const mine = ++this.#request
    this.loading = true; this.error = null
    try {
      const tasks = await this.api.listEffectTasks()
      if (mine === this.#request) { this.tasks = tasks; this.loaded = true }
    } catch (e) {
      if (mine === this.#request) this.error = errorText(e)
    } finally {
      if (mine === this.#request) this.loading = false
    }
  }

  /** Read once, for the hotspot list's marks; the 问效 tab reloads on every visit. */
  ensureLoaded() { if (!this.loaded && !this.loading) void this.load() }

  /** Track a recurring cell and category; true when the task was created. */
  async track(cell: string, category: string, note?: string | null): Promise<boolean> {
    const on = key(cell, category)
    this.busy = on; this.refusal = null
    try {
      const task = await this.api.createEffectTask(cell, category, note ?? null)
      this.tasks = [task, ...this.tasks]
      return true
    } catch (e) {
      this.refusal = { on, text: errorText(e) }
      return false
    } finally {
      this.busy = null
    }
  }

  refusedFor(cell: string, category: string): string | null {
    return this.refusal?.on === key(cell, category) ? this.refusal.text : null
  }

  /** Mark a task done; the list is read again. */
  async close(task: EffectTask): Promise<boolean> {
    this.busy = task.id; this.refusal = null
    try {
      await this.api.closeEffectTask(task.id)
      await this.load()
      return true
    } catch (e) {
      this.refusal = { on: task.id, text: errorText(e) }
      return false
    } finally {
      this.busy = null
    }
  }
}
