// Read an imported file in a Web Worker with a time limit. The size is checked before a byte
// is read; then the bytes go to parse.worker.ts, and if no answer comes within
// IMPORT_LIMITS.parseSeconds the worker is terminated (the only way to stop a parser stuck
// in a loop) and the officer gets `parse_timeout`. A worker that fails to load or crashes
// gives `parse_failed`. Every way out settles the promise once and ends the worker.
import { ImportFileError } from './candidates'
import type { SourceCrs } from './coordinate-systems'
import { IMPORT_LIMITS } from './limits'
import type { ParseAnswer, ParseRequest } from './parse-protocol'
import { checkFileSize, type FileLike, type ReadResult } from './read-file'

/** What the client needs of a Worker, so a test can hand it one that never answers. */
export interface WorkerLike {
  onmessage: ((e: MessageEvent<ParseAnswer>) => void) | null
  onerror: ((e: ErrorEvent) => void) | null
  postMessage(message: ParseRequest, transfer: Transferable[]): void
  terminate(): void
}

const spawnParser = (): WorkerLike => new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' })

export interface WorkerReadOptions {
  defaultUnit: number | null
  crs: SourceCrs
  timeoutMs?: number
  spawn?: () => WorkerLike
}

export async function readZoneFileInWorker(file: FileLike, opts: WorkerReadOptions): Promise<ReadResult> {
  checkFileSize(file.size)
  const bytes = await file.arrayBuffer()
  const timeoutMs = opts.timeoutMs ?? IMPORT_LIMITS.parseSeconds * 1000
  const worker = (opts.spawn ?? spawnParser)()
  return new Promise<ReadResult>((resolve, reject) => {
    const finish = (fn: () => void) => { clearTimeout(timer); worker.onmessage = null; worker.onerror = null; worker.terminate(); fn() }
    const timer = setTimeout(() => finish(() => reject(new ImportFileError('parse_timeout', { seconds: Math.round(timeoutMs / 1000) }))), timeoutMs)
    worker.onmessage = (e) => {
      const a = e.data
      finish(() => (a.ok ? resolve(a.result) : reject(new ImportFileError(a.code, a.vars))))
    }
    worker.onerror = (e) => {
      e.preventDefault?.()
      finish(() => reject(new ImportFileError('parse_failed', { reason: String(e.message || 'worker error').slice(0, 120) })))
    }
    worker.postMessage({ name: file.name, bytes, defaultUnit: opts.defaultUnit, crs: opts.crs }, [bytes])
  })
}
