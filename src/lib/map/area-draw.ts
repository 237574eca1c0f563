// Drawing an ad-hoc area for a leader's inspection (issue 5): a polygon, or a circle around a
// centre. terra-draw is created only for the one drawing and stopped and removed right after
// (the zone editor uses its own terra-draw instance; two live instances would fight over
// the map's pointer events). Its sources and layers are prefixed `leaders-draw`.
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Polygon } from 'geojson'
import { TerraDraw, TerraDrawCircleMode, TerraDrawPolygonMode } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import { INSPECT_AREA_COLOURS } from './style'

export type DrawShape = 'polygon' | 'circle'

/** Start drawing; `ondone` gets the finished shape once. Returns a function that cancels. */
export function drawArea(map: MapLibreMap, shape: DrawShape, ondone: (geom: Polygon) => void): () => void {
  const style = { fillColor: INSPECT_AREA_COLOURS.fill, outlineColor: INSPECT_AREA_COLOURS.line, fillOpacity: 0.15, outlineWidth: 3 } as const
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'leaders-draw' }),
    modes: [
      new TerraDrawPolygonMode({ styles: { ...style, closingPointColor: '#ffffff', closingPointOutlineColor: INSPECT_AREA_COLOURS.line, closingPointWidth: 6, closingPointOutlineWidth: 2 } }),
      new TerraDrawCircleMode({ styles: style }),
    ],
  })
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    // terra-draw is mid-event in its own finish handler; stop it on the next tick
    setTimeout(() => { try { draw.clear(); draw.stop() } catch { /* map already gone */ } }, 0)
  }
  draw.on('finish', (id) => {
    const feature = draw.getSnapshotFeature(id)
    stop()
    if (feature?.geometry.type === 'Polygon') ondone(feature.geometry as Polygon)
  })
  draw.start()
  draw.setMode(shape)
  return stop
}
