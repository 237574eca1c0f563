// The views a user moves between, in the browser's history: a zone's panel, a place with no
// zone, a drill-down step (district → street → community → grid), the coverage view, and the
// ranking beside any of them. Opening one pushes an entry (#/zone/12, #/area/street/230203001,
// #/coverage, #/issue/7, …+ranking or +queues / +ledger / +effect: the issue desk on the left), so Back and Forward walk them without reloading the database, and a
// copied link opens the same view. Stores tell `record` what they opened; on Back/Forward
// (popstate) `onrestore` opens the entry's view again without recording it a second time.
import type { AdminLevel } from '../api/types'

export type Panel =
  | { kind: 'none' }
  | { kind: 'zone'; id: number }
  | { kind: 'at'; lon: number; lat: number }
  | { kind: 'area'; level: AdminLevel; code: string }
  | { kind: 'coverage' }
  /** an issue's page: its steps on a timeline, its place on the map */
  | { kind: 'issue'; id: number }
  /** a drawn or picked area: its shape rides in the history entry's state, not in the link */
  | { kind: 'adhoc' }

/** The left-hand sheet of the issue loop: the work queues, the ledger (台账) or the 问效事项. */
export type Desk = 'queues' | 'ledger' | 'effect' | null

export interface View { panel: Panel; ranking: boolean; desk: Desk }

const LEVELS: AdminLevel[] = ['district', 'street', 'community', 'grid']

export function parseHash(hash: string): View {
  const parts = hash.replace(/^#\/?/, '').split('+').filter(Boolean)
  const view: View = { panel: { kind: 'none' }, ranking: false, desk: null }
  for (const part of parts) {
    const [kind, a, b] = part.split('/')
    if (kind === 'ranking') view.ranking = true
    else if (kind === 'queues' || kind === 'ledger' || kind === 'effect') view.desk = kind
    else if (kind === 'issue' && /^\d+$/.test(a ?? '')) view.panel = { kind: 'issue', id: Number(a) }
    else if (kind === 'coverage') view.panel = { kind: 'coverage' }
    else if (kind === 'zone' && /^\d+$/.test(a ?? '')) view.panel = { kind: 'zone', id: Number(a) }
    else if (kind === 'area' && a === 'drawn') view.panel = { kind: 'adhoc' }
    else if (kind === 'area' && LEVELS.includes(a as AdminLevel) && b) view.panel = { kind: 'area', level: a as AdminLevel, code: decodeURIComponent(b) }
    else if (kind === 'at') {
      const [lon, lat] = (a ?? '').split(',').map(Number)
      if (Number.isFinite(lon) && Number.isFinite(lat)) view.panel = { kind: 'at', lon, lat }
    }
  }
  return view
}

export function hashOf(view: View): string {
  const p = view.panel
  const panel = p.kind === 'zone' ? `zone/${p.id}` : p.kind === 'issue' ? `issue/${p.id}` : p.kind === 'area' ? `area/${p.level}/${encodeURIComponent(p.code)}`
    : p.kind === 'at' ? `at/${p.lon.toFixed(6)},${p.lat.toFixed(6)}` : p.kind === 'coverage' ? 'coverage' : p.kind === 'adhoc' ? 'area/drawn' : ''
  const parts = [panel, view.ranking ? 'ranking' : '', view.desk ?? ''].filter(Boolean)
  return parts.length ? `#/${parts.join('+')}` : ''
}

export class Views {
  current = $state.raw<View>(parseHash(location.hash))

  constructor(private onrestore: (view: View, state: unknown) => void) {
    // Back/Forward, or a link typed into the address bar: show that view
    const restore = () => {
      const next = parseHash(location.hash)
      if (hashOf(next) === hashOf(this.current)) return
      this.current = next
      this.onrestore(next, history.state)
    }
    window.addEventListener('popstate', restore)
    window.addEventListener('hashchange', restore)
  }

  /** A store opened something: a new history entry, unless it is the view already shown. */
  record(change: Partial<View>, state: unknown = null) {
    const next = { ...this.current, ...change }
    if (hashOf(next) === hashOf(this.current) && state === null) return
    this.current = next
    history.pushState(state, '', `${location.pathname}${location.search}${hashOf(next)}`)
  }

  /** Something closed: the address bar no longer carries it, and no entry is added for a close. */
  forget(change: Partial<View>) {
    const next = { ...this.current, ...change }
    if (hashOf(next) === hashOf(this.current)) return
    this.current = next
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hashOf(next)}`)
  }
}
