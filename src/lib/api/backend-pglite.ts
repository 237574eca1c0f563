// The embedded backend: talks to the PGlite worker. If the worker dies (a WASM abort inside
// PostGIS can end PGlite), pending calls fail with backend_unavailable and a fresh worker is
// started on the same IndexedDB data.
import type { Backend } from './backend'
import { ApiError, toApiError } from './errors'
import type { StartStage, WorkerMessage, WorkerRequest } from '../db/worker-protocol'

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void }
type Listener = (stage: StartStage, done: number, total: number) => void

export function createPgliteBackend(): Backend {
  let worker: Worker
  let nextId = 1
  let userId: string | null = null
  const pending = new Map<number, Pending>()
  const listeners: Listener[] = []
  let last: [StartStage, number, number] = ['loading_postgis', 0, 1]

  function failAll(message: string) {
    for (const p of pending.values()) p.reject(new ApiError('backend_unavailable', message))
    pending.clear()
  }

  function start() {
    worker = new Worker(new URL('../db/pglite.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data
      if ('type' in m && m.type === 'progress') {
        last = [m.stage, m.done, m.total]
        listeners.forEach((l) => l(m.stage, m.done, m.total))
      } else if ('type' in m && m.type === 'fatal') {
        failAll(m.message)
        worker.terminate()
        start()
      } else if ('id' in m) {
        const p = pending.get(m.id)
        pending.delete(m.id)
        if (!p) return
        if (m.ok) p.resolve(m.result)
        else p.reject(m.error.fatal ? new ApiError('backend_unavailable', m.error.message) : toApiError(m.error))
      }
    }
    worker.onerror = (e) => {
      failAll(e.message || 'database worker failed')
      worker.terminate()
      start()
    }
  }
  start()

  function send<T>(req: Omit<WorkerRequest, 'id'>): Promise<T> {
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      worker.postMessage({ ...req, id } as WorkerRequest)
    })
  }

  return {
    kind: 'pglite',
    rpc: (name, args) => send({ type: 'rpc', name, args, userId }),
    setUser: (id) => { userId = id },
    reset: () => send({ type: 'reset' }),
    onProgress: (l) => { listeners.push(l); l(...last) },
  }
}
