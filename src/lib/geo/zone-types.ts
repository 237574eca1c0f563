// The kinds of responsibility zone and the problems that keep one from being saved, as the
// SQL functions name them (validate_zone, save_zone). Here, below the data module, so the
// geometry checks (shape-check.ts) and the file readers (zones-io/) can use them without
// reaching up into api/; api/types.ts re-exports them.
import type { Geometry } from 'geojson'

export type ZoneKind = 'area' | 'road' | 'point'

export type ProblemCode =
  | 'invalid_geojson'
  | 'invalid_coordinates'
  | 'swapped_coordinates'
  | 'unclosed_ring'
  | 'too_few_points'
  | 'too_many_vertices'
  | 'wrong_geometry_type'
  | 'invalid_geometry'
  | 'self_intersection'
  | 'too_small'
  | 'outside_district'
  | 'overlaps_zone'
  | 'unknown_unit'
  /** zone_name_problems: the name save_zone would refuse (reason: empty | length | characters) */
  | 'invalid_name'

/** validate_zone(...) returns an array of these; empty when the zone is acceptable. */
export interface ZoneProblem {
  code: ProblemCode
  message_zh: string
  message_en: string
  /** where it applies: the self-intersection point, the overlap, the part outside the district */
  location?: Geometry | null
  /** for overlaps_zone: the other zone */
  zone_id?: number
  zone_name?: string
  unit_name?: string
  area_m2?: number
}
