// Which part of a layer to ask layer_view for, and when an answer can be reused (pure).
// The map's view is snapped outward to a lattice of half-tiles of its zoom bucket: a small
// pan stays inside what was loaded (nothing is asked), a larger one asks for a box that the
// next small pans again stay in, and the same box at the same bucket is the same cache key.
import type { Bbox } from '../geo/bbox'

/** From this zoom layer_view sends issue dots and single grids (layer_view_limits().features_zoom). */
export const FEATURES_ZOOM = 14
/** From this zoom layer_view sends shapes unsimplified with 6 decimals, as layer_geojson does (exact_zoom). */
export const EXACT_ZOOM = 15
/** Zoom buckets: whole zooms, 0–22 (layer_view simplifies and rounds by the bucket, so one bucket is one answer). */
export const MAX_BUCKET = 22

export interface MapView { bbox: Bbox; zoom: number }

export const zoomBucket = (zoom: number) => Math.max(0, Math.min(MAX_BUCKET, Math.floor(zoom)))

/** The view's box padded by a tenth each side and snapped outward to half-tiles of the bucket, clamped to the world. */
export function loadBox([w, s, e, n]: Bbox, bucket: number): Bbox {
  const step = 180 / 2 ** bucket
  const padX = (e - w) / 10, padY = (n - s) / 10
  const down = (v: number) => Math.floor(v / step) * step
  const up = (v: number) => Math.ceil(v / step) * step
  const r = (v: number) => Math.round(v * 1e7) / 1e7
  return [r(Math.max(-180, down(w - padX))), r(Math.max(-85, down(s - padY))), r(Math.min(180, up(e + padX))), r(Math.min(85, up(n + padY)))]
}

export const contains = (outer: Bbox, inner: Bbox) => outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]

/** One answer of layer_view: a layer at a bucket over a box, at a data version, under filters. */
export function cacheKey(layer: string, bucket: number, box: Bbox, version: number, filters: unknown): string {
  return `${layer}|${bucket}|${box.join(',')}|v${version}|${filters == null ? '' : JSON.stringify(filters)}`
}

/** A small LRU of answers: zooming back or panning back to where one was costs nothing. */
export class AnswerCache<T> {
  #map = new Map<string, T>()
  constructor(private size = 40) {}
  get(key: string): T | undefined {
    const v = this.#map.get(key)
    if (v !== undefined) { this.#map.delete(key); this.#map.set(key, v) }
    return v
  }
  set(key: string, value: T) {
    this.#map.delete(key)
    this.#map.set(key, value)
    while (this.#map.size > this.size) this.#map.delete(this.#map.keys().next().value!)
  }
  /** Forget a layer's answers (its data changed). */
  drop(layer: string) { for (const k of [...this.#map.keys()]) if (k.startsWith(`${layer}|`)) this.#map.delete(k) }
}
