// Several tabs, one embedded database. Two PGlite instances over one IndexedDB store would
// not see each other's writes, and the later flush would silently undo the other tab's saves.
// So the tab whose worker holds the database lock runs PGlite; the workers of other tabs of
// the same browser send their calls to it over a BroadcastChannel and get its answers back.
// Every tab then sees one database: a zone saved in one tab is a stale version in another,
// and each write is announced so the other tabs redraw what changed. When the serving tab
// closes, its lock passes to a waiting tab, which opens the database itself (every write was
// flushed to IndexedDB before it was answered).
//
// This module is the channel only; the worker decides when it serves and when it forwards.

/** What a tab asks of the database: an API function as a user, or owner SQL. */
export type Call =
  | { type: 'rpc'; name: string; args: Record<string, unknown>; userId: string | null }
  | { type: 'sql'; sql: string }

/** An error as it crosses a channel: the fields the app's error mapping reads. */
export interface WireError { message: string; detail?: string; hint?: string; code?: string; fatal?: boolean }

type Message =
  | { kind: 'hello'; from: string }
  | { kind: 'here'; from: string }
  | { kind: 'call'; from: string; id: number; call: Call }
  | { kind: 'answer'; to: string; id: number; ok: true; result: unknown }
  | { kind: 'answer'; to: string; id: number; ok: false; error: WireError }
  | { kind: 'changed'; by: string; name: string }
  | { kind: 'who'; from: string }
  | { kind: 'me'; to: string; from: string }

export type Answer = { ok: true; result: unknown } | { ok: false; error: WireError }
export interface Forwarded { call: Call; resolve: (v: unknown) => void; reject: (e: WireError) => void }

const CHANNEL = 'gridgov-embedded-database'
/** How often a new tab asks for the serving tab until it answers (it may still be starting). */
const HELLO_EVERY_MS = 400

export class SharedTabs {
  /** This tab's name on the channel. */
  readonly tab = crypto.randomUUID()
  /** Another tab wrote (`name` is the API function, or 'sql'): redraw what it changed. */
  onChanged: (name: string) => void = () => undefined
  #channel = new BroadcastChannel(CHANNEL)
  #serve: ((call: Call, by: string) => Promise<Answer>) | null = null
  #pending = new Map<number, Forwarded>()
  #next = 1
  #serverSeen: (() => void) | null = null
  #others: Set<string> | null = null

  constructor() {
    this.#channel.onmessage = (e: MessageEvent<Message>) => void this.#receive(e.data)
  }

  /** Resolves when the tab that holds the database answers (at once, or when it is ready). */
  findServer(): Promise<void> {
    return new Promise((found) => {
      const timer = setInterval(() => this.#post({ kind: 'hello', from: this.tab }), HELLO_EVERY_MS)
      this.#serverSeen = () => { clearInterval(timer); this.#serverSeen = null; found() }
      this.#post({ kind: 'hello', from: this.tab })
    })
  }

  /** Run a call on the serving tab's database. */
  forward(call: Call): Promise<unknown> {
    const id = this.#next++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { call, resolve, reject })
      this.#post({ kind: 'call', from: this.tab, id, call })
    })
  }

  /** This tab holds the database now: calls forwarded and not yet answered are handed back. */
  stopForwarding(): Forwarded[] {
    const unanswered = [...this.#pending.values()]
    this.#pending.clear()
    return unanswered
  }

  /** Answer other tabs' calls with `run` (and tell tabs that wait for a server that it is here). */
  serve(run: (call: Call, by: string) => Promise<Answer>) {
    this.#serve = run
    this.#post({ kind: 'here', from: this.tab })
  }

  /** A write by tab `by` went through: every other tab redraws what changed. */
  changed(name: string, by: string) {
    if (by !== this.tab) this.onChanged(name)
    this.#post({ kind: 'changed', by, name })
  }

  /** How many other tabs of this browser have the app open (asked over the channel). */
  async countOthers(waitMs = 300): Promise<number> {
    this.#others = new Set()
    this.#post({ kind: 'who', from: this.tab })
    await new Promise((r) => setTimeout(r, waitMs))
    const n = this.#others.size
    this.#others = null
    return n
  }

  close() {
    this.#channel.close()
  }

  #post(m: Message) {
    this.#channel.postMessage(m)
  }

  async #receive(m: Message) {
    switch (m.kind) {
      case 'hello':
        if (this.#serve) this.#post({ kind: 'here', from: this.tab })
        return
      case 'here':
        this.#serverSeen?.()
        return
      case 'call': {
        if (!this.#serve) return // only the serving tab answers
        const answer = await this.#serve(m.call, m.from)
        this.#post({ kind: 'answer', to: m.from, id: m.id, ...answer })
        return
      }
      case 'answer': {
        if (m.to !== this.tab) return
        const p = this.#pending.get(m.id)
        this.#pending.delete(m.id)
        if (!p) return
        if (m.ok) p.resolve(m.result)
        else p.reject(m.error)
        return
      }
      case 'changed':
        if (m.by !== this.tab) this.onChanged(m.name)
        return
      case 'who':
        this.#post({ kind: 'me', to: m.from, from: this.tab })
        return
      case 'me':
        if (m.to === this.tab) this.#others?.add(m.from)
        return
    }
  }
}
