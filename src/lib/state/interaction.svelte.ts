// The one interaction state: what a click, a key and a drag on the map mean now. Every mode
// that owns clicks registers its handler here; the map owner reports each gesture and this
// decides who gets it. A gesture belongs to the mode it began in (the mode when the pointer
// went down), so the click that finishes a drawing cannot also count as the next mode's
// first click — no timers between modes.
import type { MapClick } from './map-port'

export type Mode =
  | 'inspect' // a click opens the zone panel (and a popup for points)
  | 'side-panel' // coverage or import holds the right side: popups only
  | 'draw-area' // a leader draws an ad-hoc area: terra-draw owns clicks and drags
  | 'pick-grids' // a leader picks grids for an ad-hoc area
  | 'pick-point' // registering an issue: a click is the point
  | 'edit' // an officer's edit mode: a click selects a zone
  | 'edit-draw' // drawing or reshaping a zone: terra-draw owns clicks and drags; Ctrl+Z / Ctrl+Y undo and redo
  | 'edit-grids' // picking grids to build a zone: shift-click adds (no box zoom)
  | 'edit-history' // a zone's versions are listed: clicks select nothing

export interface ModeHandlers {
  click?(c: MapClick): void
  /** true when the key was used */
  key?(e: KeyboardEvent): boolean
}

export class Interaction {
  mode = $state<Mode>('inspect')
  #handlers = new Map<Mode, ModeHandlers>()
  #pressedIn: Mode | null = null

  /** Register what a mode does with clicks and keys (one owner per mode). */
  handle(modes: Mode[], handlers: ModeHandlers) {
    for (const m of modes) this.#handlers.set(m, handlers)
  }

  set(mode: Mode) { this.mode = mode }

  /** Leave `from` for inspecting, unless another mode has taken over meanwhile. */
  leave(...from: Mode[]) { if (from.includes(this.mode)) this.mode = 'inspect' }

  get editing() { return this.mode.startsWith('edit') }
  /** Shift+drag zooms to a box, except where shift-click picks grids. */
  get boxZoom() { return this.mode !== 'edit-grids' }

  /** The pointer went down on the map: the gesture belongs to the mode in force now. */
  press() { this.#pressedIn = this.mode }

  /** A click: `popup` shows what was clicked (a market's name, an issue's details), only while nobody draws or picks. */
  click(c: MapClick, popup?: () => void) {
    const mode = this.#pressedIn ?? this.mode
    this.#pressedIn = null
    if (mode === 'inspect' || mode === 'side-panel') popup?.()
    this.#handlers.get(mode)?.click?.(c)
  }

  /** A key pressed anywhere but in a text field. */
  key(e: KeyboardEvent) {
    if ((e.target as HTMLElement)?.closest?.('input, textarea, select, [contenteditable]')) return
    if (this.#handlers.get(this.mode)?.key?.(e)) e.preventDefault()
  }
}
