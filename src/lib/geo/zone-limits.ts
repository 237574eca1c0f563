// The limits a zone must respect, as the SQL enforces them: zone_limits() in
// supabase/migrations/*_tables.sql, read there by the zones table's constraints and by
// validate_zone / save_zone. The browser checks the same numbers early (live drawing checks:
// shape-check.ts; the importer: ../zones-io/limits.ts; the name field), so an officer hears
// of a problem before a round trip. test/sql/zone-limits.test.ts keeps these equal to what
// zone_limits() returns on PGlite and PostgreSQL; api.zoneLimits() reads them at run time.

/** zone_limits(): what the SQL returns, key for key. */
export interface ZoneLimits {
  /** positions in one zone, all rings together (too_many_vertices) */
  max_vertices: number
  /** an area zone's smallest area, m² (too_small) */
  min_area_m2: number
  /** a road segment's shortest length, m (too_small) */
  min_length_m: number
  /** characters in a zone name, after trimming (invalid_name) */
  max_name_length: number
  /** an overlap with another zone this small is not reported (m² for areas, m for roads) */
  overlap_tolerance_m2: number
  /** the part of an area outside the district this small is not reported, m² */
  outside_tolerance_m2: number
  /** the part of a road outside the district this short is not reported, m */
  outside_tolerance_m: number
}

export const ZONE_LIMITS = {
  max_vertices: 5000,
  min_area_m2: 50,
  min_length_m: 5,
  max_name_length: 120,
  overlap_tolerance_m2: 1,
  outside_tolerance_m2: 1,
  outside_tolerance_m: 1,
} as const satisfies ZoneLimits

export const MAX_VERTICES = ZONE_LIMITS.max_vertices
export const MIN_AREA_M2 = ZONE_LIMITS.min_area_m2
export const MIN_LENGTH_M = ZONE_LIMITS.min_length_m
export const MAX_NAME_LENGTH = ZONE_LIMITS.max_name_length
