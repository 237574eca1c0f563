// Limits of a zone import, checked before anything is parsed deeply or sent to the database.
// max_vertices mirrors zone_limits() in SQL (validate_zone refuses more); the importer checks it
// first so a 100,000-vertex polygon is refused in the browser without a trip to the worker.
import { MAX_VERTICES } from '../geo/zone-limits'

export const IMPORT_LIMITS = {
  /** bytes of the chosen file */
  maxFileBytes: 20 * 1024 * 1024,
  /** features in one file */
  maxFeatures: 500,
  /** positions in one feature (all rings), as zone_limits().max_vertices */
  maxVertices: MAX_VERTICES,
  /** seconds the parser worker may take before it is ended (a 20 MB GeoJSON parses in ~2 s) */
  parseSeconds: 20,
} as const
