// Keeps the map's zones and issues current: after this tab's own write (before the write's
// promise resolves, so the caller sees its change drawn) and after someone else's (another tab
// on the embedded database, another user via Supabase Realtime). A burst of others' changes
// costs one load: zones at most once a second, issues (busier, and the hotspots are recomputed
// with them) at most every 5 s. `after` runs once a layer is fresh (the open panel's figures).
import type { Api } from '../api/api'
import type { ChangedLayer } from '../api/writes'
import type { MapData } from './map-data.svelte'

const REDRAW_MS: Record<ChangedLayer, number> = { zones: 1000, issues: 5000 }

export function keepLayersLive(api: Api, store: MapData, isStarted: () => boolean, after: (layer: ChangedLayer) => void) {
  const soon = new Map<ChangedLayer, ReturnType<typeof setTimeout>>()
  const reload = (layer: ChangedLayer) => store.reloadLayer(layer).then(() => after(layer))
  api.onLayerChanged((layer, by) => {
    if (!isStarted()) return
    if (by === 'me') return reload(layer)
    if (soon.has(layer)) return
    soon.set(layer, setTimeout(() => { soon.delete(layer); void reload(layer) }, REDRAW_MS[layer]))
  })
}
