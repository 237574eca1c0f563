// The channel between tabs of the embedded database (src/lib/db/shared-tabs.ts), with real
// BroadcastChannels (Node has them): a tab that does not hold the database gets its answers
// from the one that does, errors keep their code, writes are announced to the other tabs only,
// and a call still open when the serving tab goes is handed back, not lost.
import { afterEach, describe, expect, it } from 'vitest'
import { SharedTabs, type Answer, type Call } from '../../src/lib/db/shared-tabs'

const open: SharedTabs[] = []
const tab = () => { const t = new SharedTabs(); open.push(t); return t }
afterEach(() => { open.splice(0).forEach((t) => t.close()) })

const rpc = (name: string, args: Record<string, unknown> = {}): Call => ({ type: 'rpc', name, args, userId: 'u1' })

describe('tabs sharing one embedded database', () => {
  it('answers a forwarded call from the serving tab, with the caller named', async () => {
    const server = tab(); const client = tab()
    const seen: string[] = []
    server.serve(async (call, by) => {
      seen.push(by)
      return { ok: true, result: call.type === 'rpc' ? { echo: call.name, user: call.userId } : null }
    })
    await client.findServer()
    expect(await client.forward(rpc('zone_summary'))).toEqual({ echo: 'zone_summary', user: 'u1' })
    expect(seen).toEqual([client.tab])
  })

  it('finds a server that starts serving only after the new tab asked', async () => {
    const server = tab(); const client = tab()
    const found = client.findServer()
    setTimeout(() => server.serve(async () => ({ ok: true, result: 1 })), 50)
    await found
    expect(await client.forward(rpc('layer_catalog'))).toBe(1)
  })

  it('passes an SQL error back with its code, hint and detail', async () => {
    const server = tab(); const client = tab()
    const refusal: Answer = { ok: false, error: { message: 'stale_version: 已被他人修改', code: 'P0001', hint: 'stale_version', detail: '{"version":3}' } }
    server.serve(async () => refusal)
    await client.findServer()
    await expect(client.forward(rpc('save_zone'))).rejects.toEqual(refusal.error)
  })

  it('tells every other tab about a write, but not the tab that made it', async () => {
    const server = tab(); const writer = tab(); const watcher = tab()
    const heard = { server: [] as string[], writer: [] as string[], watcher: [] as string[] }
    server.onChanged = (n) => heard.server.push(n)
    writer.onChanged = (n) => heard.writer.push(n)
    watcher.onChanged = (n) => heard.watcher.push(n)
    server.changed('save_zone', writer.tab)
    await new Promise((r) => setTimeout(r, 50))
    expect(heard).toEqual({ server: ['save_zone'], writer: [], watcher: ['save_zone'] })
  })

  it('counts the other tabs that are open', async () => {
    const me = tab(); tab(); tab()
    expect(await me.countOthers(100)).toBe(2)
  })

  it('hands back a call the serving tab never answered, so the tab taking over can run it', async () => {
    const server = tab(); const client = tab()
    server.serve(() => new Promise<Answer>(() => undefined)) // closes before answering
    await client.findServer()
    void client.forward(rpc('layer_geojson', { layer: 'zones' }))
    await new Promise((r) => setTimeout(r, 50))
    const unanswered = client.stopForwarding()
    expect(unanswered.map((f) => f.call)).toEqual([rpc('layer_geojson', { layer: 'zones' })])
    expect(client.stopForwarding()).toEqual([])
  })
})
