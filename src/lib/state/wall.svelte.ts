// The command-centre wall (#/wall): its figures (wall_summary), kept fresh unattended, and its
// tour of the places that need attention.
// - Refresh: every 5 s, and at once when a layer changes (this tab's or another's write: the
//   embedded tabs broadcast them, Supabase Realtime on Supabase). The hotspots — the costly
//   part of the read — are asked for once a minute and after an issue changed.
// - When the database does not answer (an error, or no answer within 10 s) the last figures
//   stay and `stale` says since when; the next answer clears it by itself.
// - Tour (#/wall?tour=N, default 20 s): the map goes to the next street, hotspot or escalated
//   issue that needs attention, with a caption; any input pauses it for a minute of quiet.
import type { Api } from '../api/api'
import type { WallHotspot, WallSummary } from '../api/wall-types'
import type { MapPort } from './map-port'

export const WALL_USER = '00000000-0000-4000-8000-000000000005'
const POLL_MS = 5000
const HOTSPOTS_MS = 60_000
const ANSWER_MS = 10_000
const QUIET_MS = 60_000

/** The address is the wall's: #/wall, #/wall?tour=N. */
export function isWallRoute(hash = location.hash): boolean {
  return /^#\/wall(\?|\/|$)/.test(hash)
}

/** Seconds between tour stops: ?tour=N in the wall's hash (1–600; 1 for the soak bench), default 20. */
export function tourSeconds(hash = location.hash): number {
  const n = Number(new URLSearchParams(hash.split('?')[1] ?? '').get('tour'))
  return Number.isFinite(n) && n >= 1 && n <= 600 ? n : 20
}

/**
 * The wall's hotspots, most issues first: issue_hotspots ranks by the Gi* z-score, which can put a
 * cell with one issue among hot neighbours on top; read from across the room, "hotspot · 1 issue"
 * first looks wrong, so the wall (its list and its tour) shows the busiest places first.
 */
export function byCount(hotspots: WallHotspot[]): WallHotspot[] {
  return [...hotspots].sort((a, b) => b.count - a.count)
}

export interface TourStop {
  kind: 'street' | 'hotspot' | 'escalation'
  title: string
  /** the figures of the caption, as [label key, value] */
  lines: string[]
  bbox?: [number, number, number, number]
  lon?: number
  lat?: number
}

/** The stops of the tour, from the figures: the streets with the most escalated and overdue issues, the hottest cells, the newest escalations, in turn. */
export function tourStops(s: WallSummary, hotspots: WallHotspot[], words: (key: 'street' | 'hotspot' | 'escalation', x: any) => TourStop): TourStop[] {
  const streets = s.streets.filter((x) => x.escalated > 0 || x.overdue > 0)
    .sort((a, b) => b.escalated - a.escalated || b.overdue - a.overdue).slice(0, 4).map((x) => words('street', x))
  const hot = hotspots.filter((h) => h.hot || h.recurring).slice(0, 3).map((h) => words('hotspot', h))
  const newest = [...s.escalations.rows].sort((a, b) => a.hours_late - b.hours_late).slice(0, 3).map((e) => words('escalation', e))
  const stops: TourStop[] = []
  for (let i = 0; i < 4; i++) for (const list of [streets, hot, newest]) if (list[i]) stops.push(list[i])
  return stops
}

export class WallState {
  summary = $state.raw<WallSummary | null>(null)
  hotspots = $state.raw<WallHotspot[]>([])
  /** when the last answer came (ms) */
  answeredAt = $state<number | null>(null)
  /** the database stopped answering: since when (ms), null while it answers */
  stale = $state<number | null>(null)
  /** the clock, once a second */
  now = $state(Date.now())
  /** event ids seen before the newest answer: the ticker marks the others as new */
  seen = $state.raw<Set<number>>(new Set())
  stop = $state.raw<TourStop | null>(null)
  paused = $state(false)
  map: MapPort | null = null
  readonly tourMs: number
  #busy = false
  #again = false
  #hotspotsAt = 0
  #issuesChanged = false
  #timers: ReturnType<typeof setInterval>[] = []
  #quiet: ReturnType<typeof setTimeout> | null = null
  #stopIndex = 0
  #words: Parameters<typeof tourStops>[2] | null = null

  constructor(private api: Api, hash = location.hash) {
    this.tourMs = tourSeconds(hash) * 1000
  }

  /** Start polling, the clock and the tour; returns what stops them all. */
  start(words: Parameters<typeof tourStops>[2]): () => void {
    this.#words = words
    void this.refresh()
    this.#timers.push(setInterval(() => void this.refresh(), POLL_MS))
    this.#timers.push(setInterval(() => (this.now = Date.now()), 1000))
    this.#timers.push(setInterval(() => this.next(), this.tourMs))
    // a write: the figures at once (without the hotspots: quick), the hotspots with the next poll
    const unlisten = this.api.onLayerChanged((layer) => {
      if (layer === 'issues') this.#issuesChanged = true
      void this.refresh(true)
    })
    const input = () => this.pause()
    const events = ['pointerdown', 'wheel', 'keydown', 'touchstart'] as const
    for (const e of events) window.addEventListener(e, input, { passive: true, capture: true })
    return () => {
      unlisten()
      this.#timers.forEach(clearInterval); this.#timers = []
      if (this.#quiet) clearTimeout(this.#quiet)
      for (const e of events) window.removeEventListener(e, input, { capture: true })
    }
  }

  /** Ask for the figures (`quick`: without the hotspots); one request at a time (a change during one asks again after it). */
  async refresh(quick = false) {
    if (this.#busy) { this.#again = true; return }
    this.#busy = true
    try {
      const full = !quick && (this.#issuesChanged || Date.now() - this.#hotspotsAt >= HOTSPOTS_MS)
      if (full) this.#issuesChanged = false
      const s = await Promise.race([this.api.wallSummary(full),
        new Promise<never>((_, no) => setTimeout(() => no(new Error('timeout')), ANSWER_MS))])
      if (this.summary) this.seen = new Set(this.summary.latest.map((l) => l.event_id))
      else this.seen = new Set(s.latest.map((l) => l.event_id))
      if (s.hotspots) { this.hotspots = byCount(s.hotspots); this.#hotspotsAt = Date.now() }
      this.summary = s
      this.answeredAt = Date.now()
      this.stale = null
      if (!this.stop) this.next()
    } catch {
      this.stale ??= this.answeredAt ?? Date.now()
    } finally {
      this.#busy = false
      if (this.#again) { this.#again = false; void this.refresh(true) }
    }
  }

  /** The tour's next stop (unless paused): the map goes there and the caption says what it is. */
  next() {
    if (this.paused || !this.summary || !this.#words) return
    const stops = tourStops(this.summary, this.hotspots, this.#words)
    if (!stops.length) { this.stop = null; return }
    const stop = stops[this.#stopIndex++ % stops.length]
    this.stop = stop
    if (stop.bbox) this.map?.fit(stop.bbox, { clear: 'print' })
    else if (stop.lon != null && stop.lat != null) this.map?.flyTo(stop.lon, stop.lat, 16)
  }

  /** Someone touched the wall: the tour waits for a minute of quiet. */
  pause() {
    this.paused = true
    if (this.#quiet) clearTimeout(this.#quiet)
    this.#quiet = setTimeout(() => { this.paused = false; this.#quiet = null; this.next() }, QUIET_MS)
  }
}
