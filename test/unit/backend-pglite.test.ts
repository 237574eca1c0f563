// The embedded backend's promises about a dying database worker, with a scripted stand-in for
// the Web Worker: every call settles; a worker that dies after starting is replaced and the
// call in flight fails with backend_unavailable; a worker that never started is not restarted
// in a loop; a worker that goes silent is replaced by the watchdog.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CALL_TIMEOUT_MS, createPgliteBackend } from '../../src/lib/api/backend-pglite'
import type { WorkerMessage, WorkerRequest } from '../../src/lib/db/worker-protocol'

class FakeWorker {
  static all: FakeWorker[] = []
  onmessage: ((e: { data: WorkerMessage }) => void) | null = null
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null
  received: WorkerRequest[] = []
  terminated = false
  constructor() { FakeWorker.all.push(this) }
  postMessage(m: WorkerRequest) { this.received.push(m) }
  terminate() { this.terminated = true }
  // what the real worker would send
  say(m: WorkerMessage) { this.onmessage?.({ data: m }) }
  start() { this.say({ type: 'started', report: { fresh: false, prepared: false, timings: { ready: 1 }, applied: [] } }) }
  crash(message = 'RuntimeError: unreachable') { this.onerror?.({ message, preventDefault() {} }) }
  answer(i: number, result: unknown) { this.say({ id: this.received[i].id, ok: true, result }) }
}

const latest = () => FakeWorker.all[FakeWorker.all.length - 1]

beforeEach(() => {
  FakeWorker.all = []
  vi.useFakeTimers()
  vi.stubGlobal('Worker', FakeWorker)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('the PGlite backend', () => {
  it('answers calls through the worker, as the chosen user', async () => {
    const backend = createPgliteBackend()
    backend.setUser('u-2')
    latest().start()
    const call = backend.rpc('zone_at', { lon: 1, lat: 2 })
    expect(latest().received[0]).toMatchObject({ type: 'rpc', name: 'zone_at', args: { lon: 1, lat: 2 }, userId: 'u-2' })
    latest().answer(0, { id: 7 })
    await expect(call).resolves.toEqual({ id: 7 })
  })

  it('fails the call in flight with backend_unavailable when the worker dies, and starts a new one', async () => {
    const backend = createPgliteBackend()
    latest().start()
    const call = backend.rpc('zone_summary', { zone_id: 1 })
    const first = latest()
    first.crash()
    await expect(call).rejects.toMatchObject({ name: 'ApiError', code: 'backend_unavailable' })
    expect(first.terminated).toBe(true)
    expect(FakeWorker.all).toHaveLength(2)
    latest().start()
    const again = backend.rpc('zone_summary', { zone_id: 1 })
    latest().answer(0, { ok: true })
    await expect(again).resolves.toEqual({ ok: true })
  })

  it('replaces the worker when it reports the database dead (fatal)', async () => {
    const backend = createPgliteBackend()
    latest().start()
    const call = backend.rpc('validate_zone', {})
    const first = latest()
    first.say({ id: first.received[0].id, ok: false, error: { message: 'unreachable', fatal: true } })
    first.say({ type: 'fatal', message: 'unreachable' })
    await expect(call).rejects.toMatchObject({ code: 'backend_unavailable' })
    expect(FakeWorker.all).toHaveLength(2)
  })

  it('keeps SQL errors as API errors with their code and problems', async () => {
    const backend = createPgliteBackend()
    latest().start()
    const call = backend.rpc('save_zone', {})
    latest().say({ id: latest().received[0].id, ok: false, error: { message: 'stale_version: 已被修改', hint: 'stale_version', code: 'P0001' } })
    await expect(call).rejects.toMatchObject({ code: 'stale_version' })
    expect(FakeWorker.all).toHaveLength(1)
  })

  it('does not restart a worker that never started, and reports the start failure once', async () => {
    const backend = createPgliteBackend()
    const errors: string[] = []
    backend.onStartError((m) => errors.push(m))
    const call = backend.rpc('layer_catalog', {})
    latest().say({ type: 'start_failed', message: 'could not load postgis' })
    await expect(call).rejects.toMatchObject({ code: 'backend_unavailable', message: 'could not load postgis' })
    await expect(backend.rpc('layer_catalog', {})).rejects.toMatchObject({ code: 'backend_unavailable' })
    expect(errors).toEqual(['could not load postgis'])
    expect(FakeWorker.all).toHaveLength(1)
  })

  it('stops restarting after repeated deaths in a minute', async () => {
    const backend = createPgliteBackend()
    for (let i = 0; i < 4; i++) {
      latest().start()
      const call = backend.rpc('zone_at', {})
      latest().crash()
      await expect(call).rejects.toMatchObject({ code: 'backend_unavailable' })
    }
    expect(FakeWorker.all).toHaveLength(4)
    await expect(backend.rpc('zone_at', {})).rejects.toMatchObject({ code: 'backend_unavailable' })
  })

  it('replaces a worker that stays silent with a call pending (a hung PostGIS)', async () => {
    const backend = createPgliteBackend()
    latest().start()
    const call = backend.rpc('coverage_report', {})
    // the caller hears 'timeout' after the call's own limit (8 s), not after the watchdog …
    const settled = expect(call).rejects.toMatchObject({ code: 'timeout' })
    vi.advanceTimersByTime(CALL_TIMEOUT_MS + 100)
    await settled
    expect(FakeWorker.all).toHaveLength(1)
    // … and the watchdog still replaces the worker that never answered
    vi.advanceTimersByTime(125_000)
    expect(FakeWorker.all).toHaveLength(2)
  })

  it('answers a slow call with timeout and ignores its late answer', async () => {
    const backend = createPgliteBackend()
    latest().start()
    const call = backend.rpc('issue_hotspots', {})
    const settled = expect(call).rejects.toMatchObject({ code: 'timeout' })
    vi.advanceTimersByTime(CALL_TIMEOUT_MS + 100)
    await settled
    const next = backend.rpc('zone_at', { lon: 124, lat: 47.4 })
    latest().answer(0, { late: true }) // the slow call's answer, after the caller gave up
    latest().answer(1, { id: 7 })
    await expect(next).resolves.toEqual({ id: 7 })
  })
})
