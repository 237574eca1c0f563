// The district and its streets drawn before any of the app's code has loaded: an SVG made by a
// script inlined into index.html at build time (scripts/vite-plugin-early-outline.ts), from the
// same static outline as district-outline.json. On this 2-core machine MapLibre takes seconds to
// create its context and draw a first frame (its worker competes with the database's start), so
// the outline on MapLibre (static-outline.ts) came 5–20 s after opening; the SVG is on the first
// paint. It is drawn where the map will draw the district — the same Web Mercator projection, fitted
// with the map's padding, or at the URL's view — and the map owner takes it away once MapLibre has
// drawn the outline itself.
import type { FeatureCollection, Position } from 'geojson'

/** The outline in Web Mercator pixels at zoom Z0 (MapLibre's 512 px world), relative to its box. */
export interface EarlyOutlineData {
  z0: number
  /** the box's west and north edge, in world pixels at z0 */
  x0: number
  y0: number
  /** the box's size in world pixels at z0 */
  w: number
  h: number
  district: string
  streets: string
  /** where each street's name goes: [x, y, name] */
  labels: [number, number, string][]
}

const Z0 = 12
const WORLD = 512 * 2 ** Z0
const worldX = (lon: number) => ((lon + 180) / 360) * WORLD
const worldY = (lat: number) => (0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI)) * WORLD

/** Build time: the outline's features as SVG paths (half-pixel precision at z12: ~15 m, plenty at district zoom). */
export function earlyOutlineData(fc: FeatureCollection): EarlyOutlineData | null {
  const rings: { kind: string; ring: Position[] }[] = []
  for (const f of fc.features) {
    const g = f.geometry
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : []
    for (const p of polys) for (const ring of p) rings.push({ kind: String(f.properties?.kind), ring })
  }
  if (!rings.length) return null
  const xs = rings.flatMap((r) => r.ring.map(([lon]) => worldX(lon))), ys = rings.flatMap((r) => r.ring.map(([, lat]) => worldY(lat)))
  const x0 = Math.min(...xs), y0 = Math.min(...ys)
  const r1 = (v: number) => Math.round(v * 2) / 2
  const at = (lon: number, lat: number) => `${r1(worldX(lon) - x0)} ${r1(worldY(lat) - y0)}`
  const path = (kind: string) => rings.filter((r) => r.kind === kind).map((r) => `M${r.ring.map(([lon, lat]) => at(lon, lat)).join('L')}Z`).join('')
  const labels = fc.features
    .filter((f) => f.properties?.kind === 'street' && Array.isArray(f.properties.label))
    .map((f) => { const [lon, lat] = f.properties!.label as number[]; return [r1(worldX(lon) - x0), r1(worldY(lat) - y0), String(f.properties!.name ?? '')] as [number, number, string] })
  return { z0: Z0, x0, y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0, district: path('district'), streets: path('street'), labels }
}

/** For the map owner: the SVG outline index.html drew (drawEarlyOutline), while it is there. */
export const earlyOutline = () => (window as { __gridgovEarlyOutline?: { place(rect: DOMRect, pad: EarlyPadding): void; remove(): void } }).__gridgovEarlyOutline

/** The map's fit padding for the district ('district' in fit-padding.ts), passed in by the build. */
export interface EarlyPadding { top: number; bottom: number; left: number; right: number }

/**
 * Runs inlined in index.html (serialized with toString: it may use nothing from outside itself).
 * Draws the outline under the header, where the map's first view will put it: fitted to the
 * map's area with `padding` (the map's fit), or at the URL's ?map=zoom/lat/lon. Exposes
 * window.__gridgovEarlyOutline { place, remove } for the map owner, and marks
 * <body data-outline-drawn> once the frame that shows it is drawn.
 */
export function drawEarlyOutline(d: EarlyOutlineData, padding: EarlyPadding, headerPx: number): void {
  // the wall (#/wall) has no header and shows its map only once the database is ready
  if (/^#\/wall(\?|\/|$)/.test(location.hash)) return
  const NS = 'http://www.w3.org/2000/svg'
  const el = (name: string, attrs: Record<string, string | number>) => {
    const e = document.createElementNS(NS, name)
    for (const k in attrs) e.setAttribute(k, String(attrs[k]))
    return e
  }
  const svg = el('svg', { id: 'early-outline', 'aria-hidden': 'true' }) as SVGSVGElement
  svg.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:1;pointer-events:none;overflow:hidden'
  const g = el('g', {})
  const line = { fill: 'none', 'vector-effect': 'non-scaling-stroke', 'stroke-linejoin': 'round' }
  g.append(
    el('path', { d: d.district, fill: '#ffffff', 'fill-opacity': 0.6, 'fill-rule': 'evenodd' }),
    el('path', { d: d.streets, ...line, stroke: '#35608f', 'stroke-width': 1.5, 'stroke-dasharray': '4.5 2.25' }),
    el('path', { d: d.district, ...line, stroke: '#0b3d6e', 'stroke-width': 2.5 }),
  )
  svg.append(g)
  const labels = d.labels.map(([, , name]) => {
    const t = el('text', { 'text-anchor': 'middle', 'dominant-baseline': 'central', class: 'early-street-label', fill: '#0b3d6e', stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke', 'stroke-linejoin': 'round' })
    t.style.cssText = "font:600 15px system-ui,'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;letter-spacing:2px"
    t.textContent = name
    svg.append(t)
    return t
  })
  /** Put the outline in the map's area `rect` (page px): fitted with `pad`, or at the URL's view. */
  const place = (rect: { left: number; top: number; width: number; height: number }, pad: EarlyPadding) => {
    Object.assign(svg.style, { left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` })
    const m = (new URLSearchParams(location.search).get('map') ?? '').split('/').map(Number)
    let s: number, cx: number, cy: number
    if (m.length === 3 && m.every(Number.isFinite)) {
      // the URL's view: its centre in the middle of the map, at its zoom
      s = 2 ** (m[0] - d.z0)
      const world = 512 * 2 ** d.z0
      cx = ((m[2] + 180) / 360) * world - d.x0
      cy = (0.5 - Math.log(Math.tan(Math.PI / 4 + (m[1] * Math.PI) / 360)) / (2 * Math.PI)) * world - d.y0
    } else {
      // as MapLibre's fitBounds: the box as large as fits inside the padding, centred in it
      const w = rect.width - pad.left - pad.right, h = rect.height - pad.top - pad.bottom
      s = Math.min(w / d.w, h / d.h)
      cx = d.w / 2 + ((pad.right - pad.left) / 2) / s
      cy = d.h / 2 + ((pad.bottom - pad.top) / 2) / s
    }
    const tx = rect.width / 2 - cx * s, ty = rect.height / 2 - cy * s
    g.setAttribute('transform', `translate(${tx} ${ty}) scale(${s})`)
    d.labels.forEach(([x, y], i) => { labels[i].setAttribute('x', String(tx + x * s)); labels[i].setAttribute('y', String(ty + y * s)) })
  }
  const phone = innerWidth <= 760
  const height = innerHeight - headerPx
  // fit-padding.ts's phone rule (the map owner places it again with paddingFor once it exists)
  place({ left: 0, top: headerPx, width: innerWidth, height }, phone ? { top: Math.min(110, height * 0.2), bottom: Math.min(30, height * 0.7), left: 16, right: 16 } : padding)
  document.body.append(svg)
  ;(window as any).__gridgovEarlyOutline = { place, remove: () => svg.remove() }
  requestAnimationFrame(() => { if (svg.isConnected) document.body.dataset.outlineDrawn = 'true' })
}
