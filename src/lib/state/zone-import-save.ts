// The database half of an import. validateCandidates asks validate_zone (PostGIS, the
// authority) about every candidate that passed the local checks; nothing is written. After
// the officer confirms, saveCandidates saves each chosen candidate with save_zone — one call,
// one transaction per feature, so a refused feature leaves nothing behind and the others are
// still saved. The result says which were saved and which were refused, and why.
import type { Api } from '../api/api'
import { toApiError, type ApiError } from '../api/errors'
import type { SavedZone } from '../api/types'
import type { ImportCandidate, ImportProblem } from '../zones-io/candidates'

export interface ValidateOptions {
  /** May the signed-in user write zones of this unit? (save_zone refuses otherwise; this says so up front) */
  canEdit?: (unitId: number) => boolean
  unitName?: (unitId: number) => string | undefined
}

export async function validateCandidates(api: Api, candidates: ImportCandidate[], opts: ValidateOptions = {}): Promise<ImportCandidate[]> {
  const out: ImportCandidate[] = []
  for (const c of candidates) {
    if (c.problems.length > 0 || !c.geom) { out.push(c); continue }
    const problems: ImportProblem[] = []
    if (c.unit_id != null && opts.canEdit && !opts.canEdit(c.unit_id)) {
      const unit = opts.unitName?.(c.unit_id) ?? `#${c.unit_id}`
      problems.push({ code: 'forbidden', message_zh: `该要素属于其他单位（${unit}），只能导入本单位的责任区`, message_en: `This feature belongs to another unit (${unit}); you can import only your unit's zones` })
    }
    try {
      problems.push(...(await api.validateZone(c.geom, c.unit_id ?? (null as unknown as number), null)))
    } catch (e) {
      const err = toApiError(e)
      problems.push(...(err.problems.length ? err.problems : [{ code: 'invalid_geojson' as const, message_zh: err.message, message_en: err.message }]))
    }
    out.push({ ...c, problems })
  }
  return out
}

export type SaveOutcome =
  | { index: number; name: string; saved: SavedZone }
  | { index: number; name: string; error: ApiError }

export async function saveCandidates(api: Api, chosen: ImportCandidate[]): Promise<SaveOutcome[]> {
  const outcomes: SaveOutcome[] = []
  for (const c of chosen) {
    try {
      if (!c.geom || c.unit_id == null) throw new Error('invalid_input: 缺少几何或责任单位')
      const saved = await api.saveZone({ unit_id: c.unit_id, name: c.name, kind: c.kind, geom: c.geom })
      outcomes.push({ index: c.index, name: c.name, saved })
    } catch (e) {
      outcomes.push({ index: c.index, name: c.name, error: toApiError(e) })
    }
  }
  return outcomes
}
