// While a data panel (coverage, import) is open the map should show zones and what the panel
// draws, not the issue heatmap and point layers on top of them (deck.gl draws issues above
// every MapLibre layer). Hide those layers now; the returned function shows again the ones
// this hid, leaving any the user toggled meanwhile as they are.
import type { MapData } from './map-data.svelte'
import { LAYER, type LayerId } from '../api/layer-ids'

export const BUSY_LAYERS: LayerId[] = [LAYER.issues, LAYER.markets, LAYER.parking, LAYER.compounds]

export function quietLayers(store: MapData, ids: LayerId[] = BUSY_LAYERS): () => void {
  const hidden = ids.filter((id) => store.isVisible(id))
  store.visible = store.visible.filter((id) => !hidden.includes(id))
  return () => {
    store.visible = [...store.visible, ...hidden.filter((id) => !store.isVisible(id))]
  }
}
