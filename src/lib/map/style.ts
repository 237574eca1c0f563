// The base map and our palettes. The default base works offline — a plain background; the
// district, street and grid layers give orientation. A MapLibre style URL, or Tianditu
// (天地图) vector + annotation tiles with a key, can be configured; if they fail to load, our
// layers still draw (they never depend on the base map's sources, sprites or glyphs).
import type { StyleSpecification } from 'maplibre-gl'

export const COMMUNITY_COLOURS = ['#cfe0f1', '#dcebcf', '#f4e2c8', '#e6d8f0', '#d2ece8', '#f3d6db', '#e8e8c8', '#d7ddf2']
export const UNIT_COLOURS = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#3a5f8f', '#7f7f7f', '#a05195']
export const STATE_COLOURS = { open: '#f59e0b', overdue: '#dc2626', closed: '#94a3b8' } as const
/** A leader's ad-hoc area (drawn, circled or picked grids): teal, apart from the purple of recurring-problem cells. */
export const INSPECT_AREA_COLOURS = { fill: '#0891b2', line: '#0e7490' } as const
/** The boundaries' lines, and the zone a panel shows (its fill and outline): the map's and the printed legend's. */
export const BOUNDARY_COLOURS = { district: '#0b3d6e', streets: '#35608f', communities: '#6b86a6' } as const
export const SELECTED_ZONE_COLOURS = { fill: '#ffb400', line: '#e08a00' } as const
export const MARKET_COLOURS = { farmers: '#16a34a', morning: '#0ea5e9', night: '#7c3aed', stall_zone: '#ea580c' } as const
export const PHASE_COLOURS = ['#fde7c8', '#fcd49a', '#fbbf6b', '#f8a54a', '#f08a32', '#e36f22', '#cf5518', '#b23f12', '#8f2d0e']

export interface BasemapConfig {
  kind: 'offline' | 'style' | 'tianditu'
  styleUrl?: string
  tiandituKey?: string
}

export function basemapFromEnv(env: Record<string, string | undefined>): BasemapConfig {
  if (env.VITE_TIANDITU_KEY) return { kind: 'tianditu', tiandituKey: env.VITE_TIANDITU_KEY }
  if (env.VITE_BASEMAP_STYLE_URL) return { kind: 'style', styleUrl: env.VITE_BASEMAP_STYLE_URL }
  return { kind: 'offline' }
}

export function offlineStyle(): StyleSpecification {
  return { version: 8, name: 'GridGov offline', sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }] }
}

/** 天地图: vector base (vec_w) and Chinese annotation (cva_w), Web Mercator WMTS. */
export function tiandituStyle(key: string): StyleSpecification {
  const tiles = (layer: string) => [0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
    `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`)
  return {
    version: 8, name: 'Tianditu',
    sources: {
      'tdt-vec': { type: 'raster', tiles: tiles('vec'), tileSize: 256, maxzoom: 18, attribution: '天地图' },
      'tdt-cva': { type: 'raster', tiles: tiles('cva'), tileSize: 256, maxzoom: 18 },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
      { id: 'tdt-vec', type: 'raster', source: 'tdt-vec' },
      { id: 'tdt-cva', type: 'raster', source: 'tdt-cva' },
    ],
  }
}

/** The style to start from; a style URL that cannot be fetched falls back to offline. */
export async function resolveBaseStyle(config: BasemapConfig, timeoutMs = 5000): Promise<{ style: StyleSpecification; failed: boolean }> {
  if (config.kind === 'tianditu' && config.tiandituKey) return { style: tiandituStyle(config.tiandituKey), failed: false }
  if (config.kind === 'style' && config.styleUrl) {
    try {
      const res = await fetch(config.styleUrl, { signal: AbortSignal.timeout(timeoutMs) })
      if (!res.ok) throw new Error(String(res.status))
      return { style: (await res.json()) as StyleSpecification, failed: false }
    } catch {
      return { style: offlineStyle(), failed: true }
    }
  }
  return { style: offlineStyle(), failed: false }
}
