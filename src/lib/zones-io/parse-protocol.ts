// Messages between the import dialog and its parser worker (parse.worker.ts).
import type { ImportFileErrorCode } from './candidates'
import type { SourceCrs } from './coordinate-systems'
import type { ReadResult } from './read-file'

export interface ParseRequest {
  name: string
  /** the file's bytes, transferred (not copied) to the worker */
  bytes: ArrayBuffer
  defaultUnit: number | null
  crs: SourceCrs
}

export type ParseAnswer =
  | { ok: true; result: ReadResult }
  | { ok: false; code: ImportFileErrorCode; vars: Record<string, string | number> }
