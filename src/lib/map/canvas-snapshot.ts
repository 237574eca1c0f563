// The map as a PNG for the printed report, with its scale and bearing (MapOwner.snapshot frames
// the view; this reads the canvas).
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { MapSnapshot } from '../state/map-port'

/** the equator's length in Web Mercator (metres) */
const EARTH_CIRCUMFERENCE_M = 40_075_016.686

export async function canvasSnapshot(m: MapLibreMap): Promise<MapSnapshot | null> {
  const png = await new Promise<string | null>((r) => {
    // without preserveDrawingBuffer the canvas is readable only right after it was drawn
    m.once('render', () => { try { r(m.getCanvas().toDataURL('image/png')) } catch { r(null) } })
    m.triggerRepaint()
    setTimeout(() => r(null), 5000)
  })
  if (!png) return null
  // the scale: a MapLibre world is 512 × 2^zoom CSS px around the equator, shrinking with cos(latitude); a PNG pixel is a device pixel
  const canvas = m.getCanvas()
  const metresPerCssPx = (EARTH_CIRCUMFERENCE_M * Math.cos((m.getCenter().lat * Math.PI) / 180)) / (512 * 2 ** m.getZoom())
  return { png, metresPerPixel: m.getPitch() === 0 ? metresPerCssPx * (canvas.clientWidth / canvas.width) : null, bearing: m.getBearing() }
}
