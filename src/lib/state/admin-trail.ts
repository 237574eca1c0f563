// The breadcrumb of an administrative area: district → street → community → grid.
// admin_area_summary names only the immediate parent; the levels above it are looked up in
// the hierarchy layers already loaded (names and codes only — never figures).
import type { FeatureCollection } from 'geojson'
import type { AdminAreaRef, AdminLevel } from '../api/types'
import { LAYER, type KnownLayer } from '../api/layer-ids'

export const LEVELS: AdminLevel[] = ['district', 'street', 'community', 'grid']

/** The catalogue layer that draws each level. */
export const LEVEL_LAYER: Record<AdminLevel, KnownLayer> = { district: LAYER.district, street: LAYER.streets, community: LAYER.communities, grid: LAYER.grids }

export interface Hierarchy { district?: FeatureCollection; streets?: FeatureCollection; communities?: FeatureCollection }

/** The parent of an area, from the loaded hierarchy layers (null at the top or when unknown). */
export function parentOf(ref: AdminAreaRef, layers: Hierarchy): AdminAreaRef | null {
  const props = (fc: FeatureCollection | undefined, code: string) => fc?.features.find((f) => f.properties?.code === code)?.properties ?? null
  if (ref.level === 'community') {
    const street = props(layers.streets, String(props(layers.communities, ref.code)?.street_code ?? ''))
    return street ? { level: 'street', code: street.code, name: street.name } : null
  }
  if (ref.level === 'street' || ref.level === 'grid') {
    // a street's district: the one district drawn; a grid's community is always given by SQL
    const d = layers.district?.features[0]?.properties
    return ref.level === 'street' && d ? { level: 'district', code: d.code, name: d.name } : null
  }
  return null
}

/** From the district down to `area`, given the parent SQL returned for it. */
export function adminTrail(area: AdminAreaRef, parent: AdminAreaRef | null, layers: Hierarchy): AdminAreaRef[] {
  const trail: AdminAreaRef[] = [area]
  let up = parent
  while (up && trail.length < LEVELS.length) {
    trail.unshift(up)
    up = parentOf(up, layers)
  }
  return trail.map(({ level, code, name }) => ({ level, code, name }))
}
