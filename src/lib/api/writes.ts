// Which API functions change which map layers: the one list. The embedded backend uses it to
// tell the other tabs, the data module to tell this tab after a write has succeeded, so a
// layer is reloaded in one place (state/live-layers.svelte.ts) and never by the caller.
import { LAYER } from './layer-ids'

export type ChangedLayer = typeof LAYER.zones | typeof LAYER.issues

export const LAYERS_WRITTEN_BY: Readonly<Record<string, readonly ChangedLayer[]>> = {
  save_zone: [LAYER.zones],
  delete_zone: [LAYER.zones],
  restore_zone: [LAYER.zones],
  dispatch_issue: [LAYER.issues],
  advance_issue: [LAYER.issues],
  attach_issue_report: [LAYER.issues],
  follow_up_issue: [LAYER.issues],
}

export function layersWrittenBy(fn: string): readonly ChangedLayer[] {
  return LAYERS_WRITTEN_BY[fn] ?? []
}

/** A write whose answer did not come may still have landed ("saved or not is unknown"). */
export function isWrite(fn: string): boolean {
  return layersWrittenBy(fn).length > 0
}
