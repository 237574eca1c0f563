// Issues at street zoom, drawn with deck.gl over MapLibre (overlaid mode: MapLibre 6's
// interleaved mode disturbs labels, deck.gl #10700): each issue a dot coloured by state
// (open / overdue / closed) carrying its category's character (摊 广 垃 井 违 停 路 烟 绿 车),
// drawn with the local font. At district zoom MapLibre's heatmap (layers.ts) shows density
// from the bins layer_view sends; deck.gl's screen-space heatmap re-aggregates on every move
// and crawls in software GL. The dots get only single issues (the caller passes null for bins).
// deck.gl starts only when needed — at street zoom, or by `start()` once the map's first view is
// drawn: its own WebGL canvas, shaders and font atlas took ~10 s of the page's thread in a
// software-GL start, for dots that do not show at district zoom.
import { MapLibreOverlay } from '@deck.gl/maplibre'
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { STATE_COLOURS } from './style'

export const STREET_ZOOM = 14

const rgb = (hex: string, a = 255): [number, number, number, number] =>
  [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), a]

type IssueFeature = Feature<Point, { id: number; state: keyof typeof STATE_COLOURS; category: string }>

export interface IssuesOverlay {
  /** `glyphs`: each category's character, from the catalogue (issue_category_list) */
  update(data: FeatureCollection | null, visible: boolean, opacity: number, glyphs: Record<string, string>): void
  pick(x: number, y: number): IssueFeature | null
  /** Every issue point drawn in the viewport (street zoom; the heatmap is not pickable). */
  pickAll(): IssueFeature[]
  /** How many deck.gl layers exist now, sublayers included (the wall's soak bench: a leak shows as growth). */
  deckLayerCount(): number | null
  /** Start deck.gl now (after the first view is drawn), if it has not started yet. */
  start(): void
  /** Until deck.gl has started and can draw and pick (at once when it has not been started). */
  loaded(): Promise<void>
  destroy(): void
}

export function createIssuesOverlay(map: MapLibreMap): IssuesOverlay {
  let overlay: MapLibreOverlay | null = null
  let ready = false
  let loaded: Promise<void> = Promise.resolve()
  function start() {
    if (overlay) return
    let done!: () => void
    loaded = new Promise((resolve) => (done = resolve))
    // No picking of deck.gl's own on pointer events: it read the picking buffer back at every
    // mousedown and hover (a synchronous readPixels that waits for the GPU to finish the frames
    // queued: ~1 s each in software GL at a city's street zoom, 17 s of a 90-frame pan). Nothing
    // here uses deck.gl's onHover/onClick; the app picks when it needs to (pick, pickAll below).
    // `false` turns deck-managed picking off (Deck._resolveInternalPickingMode); pickObject still works.
    overlay = new MapLibreOverlay({ interleaved: false, layers: [], pickAsync: false as unknown as 'sync', onLoad: () => { ready = true; done() } })
    map.addControl(overlay as any)
    render()
  }
  let current: { data: IssueFeature[]; visible: boolean; opacity: number; glyphs: Record<string, string> } = { data: [], visible: false, opacity: 1, glyphs: {} }

  function render() {
    const { data, visible, opacity, glyphs } = current
    const street = map.getZoom() >= STREET_ZOOM
    if (!overlay) {
      if (visible && street) start() // calls render again, with deck.gl there
      return
    }
    overlay.setProps({
      layers: [
        new ScatterplotLayer<IssueFeature>({
          id: 'issues-points', data, visible: visible && street, opacity,
          getPosition: (f) => f.geometry.coordinates as [number, number],
          getFillColor: (f) => rgb(STATE_COLOURS[f.properties.state] ?? STATE_COLOURS.open),
          getLineColor: [255, 255, 255, 255], stroked: true, lineWidthMinPixels: 1.5,
          radiusUnits: 'pixels', getRadius: (f) => (f.properties.state === 'closed' ? 8 : 11), pickable: true,
          updateTriggers: { getFillColor: data },
        }),
        new TextLayer<IssueFeature>({
          id: 'issues-glyphs', data: data.filter((f) => f.properties.state !== 'closed'), visible: visible && street, opacity,
          getPosition: (f) => f.geometry.coordinates as [number, number], getText: (f) => glyphs[f.properties.category] ?? '·', updateTriggers: { getText: glyphs },
          getSize: 13, getColor: [255, 255, 255, 255], characterSet: 'auto',
          fontFamily: '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif', fontWeight: 700,
        }),
      ],
    })
  }
  const onZoom = () => render()
  map.on('zoomend', onZoom)

  return {
    update(data, visible, opacity, glyphs) {
      current = { data: (data?.features ?? []) as IssueFeature[], visible, opacity, glyphs }
      render()
    },
    pick(x, y) {
      // below street zoom the dots are not drawn (the heatmap is): nothing there to click
      if (!overlay || !ready || !current.visible || map.getZoom() < STREET_ZOOM) return null
      const info = overlay.pickObject({ x, y, radius: 4, layerIds: ['issues-points'] })
      return (info?.object as IssueFeature) ?? null
    },
    pickAll() {
      if (!overlay || !ready || !current.visible || map.getZoom() < STREET_ZOOM) return []
      const canvas = map.getCanvas()
      return overlay.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['issues-points'] })
        .map((i) => i.object as IssueFeature)
    },
    deckLayerCount() {
      // MapLibreOverlay has no public accessor for its Deck; read-only, for the bench (scripts/bench-wall.ts)
      const deck = (overlay as any)?._deck
      return deck?.layerManager ? deck.layerManager.getLayers().length : null
    },
    start,
    loaded: () => loaded,
    destroy() {
      map.off('zoomend', onZoom)
      if (overlay) map.removeControl(overlay as any)
    },
  }
}
