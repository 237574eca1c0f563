// What clicks and keys mean while an officer edits (registered with the interaction state by
// the edit session): a click picks grids or selects a zone; Ctrl+Z / Ctrl+Y undo and redo.
import type { EditSession } from './edit-session.svelte'
import type { MapClick } from './map-port'
import type { MapData } from './map-data.svelte'
import { LAYER } from '../api/layer-ids'

/** A click in edit mode: pick grids (shift adds) or select the zone under the pointer. */
export function editClick(s: EditSession, c: MapClick, store: MapData) {
  if (s.step === 'grids') {
    const hit = c.features(LAYER.grids)[0]
    if (!hit) return
    // shift-click adds or removes a grid; a plain click starts the selection again from this grid
    const code = String(hit.code)
    if (!c.shift) s.grids = [code]
    else s.grids = s.grids.includes(code) ? s.grids.filter((g) => g !== code) : [...s.grids, code]
    return
  }
  const hit = c.features(LAYER.zones, 4)[0]
  s.message = null
  const target = hit ? { id: Number(hit.id), name: String(hit.name ?? ''), kind: hit.kind, unit_id: Number(hit.unit_id), unit_name: String(hit.unit_name ?? ''), version: Number(hit.version) } : null
  s.target = target
  // the map's zones carry no unit name (layer_view's slim properties), and zoomed out neither name
  // nor version: they follow from the zone whole, found in a box around the click
  if (target && hit!.unit_name == null) {
    const d = 0.005
    void store.details(LAYER.zones, String(target.id), [c.lon - d, c.lat - d, c.lon + d, c.lat + d]).then((f) => {
      const p = f?.properties
      if (p && s.target?.id === target.id) s.target = { ...s.target, name: String(p.name), unit_name: String(p.unit_name), version: Number(p.version) }
    }, () => {})
  }
}

/** Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y while drawing: undo and redo. */
export function editKey(s: EditSession, e: KeyboardEvent): boolean {
  if (!(e.ctrlKey || e.metaKey)) return false
  const k = e.key.toLowerCase()
  if (k === 'z' && !e.shiftKey) s.undo()
  else if ((k === 'z' && e.shiftKey) || k === 'y') s.redo()
  else return false
  return true
}
