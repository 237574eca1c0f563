// The app's imports run one way (README, Layout): pure modules and the database worker ←
// the data module ← the stores ← the map ← the components ← App.svelte. This reads every
// import of src/ (TypeScript and Svelte, `import type` too) and refuses any that climbs, and
// any MapLibre, deck.gl (with its luma.gl, math.gl and loaders.gl) or terra-draw import outside
// src/lib/map/.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '..', '..', 'src')
const RANK: Record<string, number> = { geo: 0, 'zones-io': 0, i18n: 0, db: 0, api: 1, state: 2, map: 3, components: 4, App: 5, main: 6 }
const MAP_ENGINES = /^(maplibre-gl|@deck\.gl\/|@luma\.gl\/|@math\.gl\/|@loaders\.gl\/|terra-draw)/

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(n) ? [p] : []
  })
}
/** The folder of the order a file belongs to. */
function room(file: string): string {
  const rel = relative(SRC, file)
  if (rel === 'App.svelte') return 'App'
  if (rel === 'main.ts') return 'main'
  return rel.split('/')[1] ?? rel
}
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? m[3])
}

describe('imports run one way', () => {
  const all = files(SRC)

  it('every folder of src/lib is in the order', () => {
    for (const f of all) expect(RANK, relative(SRC, f)).toHaveProperty(room(f))
  })

  it('no import climbs from a lower folder to a higher one', () => {
    const climbing: string[] = []
    for (const f of all) {
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue
        const target = resolve(dirname(f), spec)
        if (!target.startsWith(SRC)) continue
        const [from, to] = [room(f), room(target + (target.endsWith('.svelte') || /\.\w+$/.test(target) ? '' : '.ts'))]
        if (RANK[to] > RANK[from]) climbing.push(`${relative(SRC, f)} → ${spec}`)
      }
    }
    expect(climbing).toEqual([])
  })

  it('only src/lib/map/ imports MapLibre, deck.gl (luma.gl, math.gl, loaders.gl) or terra-draw', () => {
    const outside = all.filter((f) => room(f) !== 'map' && imports(f).some((s) => MAP_ENGINES.test(s))).map((f) => relative(SRC, f))
    expect(outside).toEqual([])
  })

  it('no source file is much over 300 lines', () => {
    const long = all.map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 320)
    expect(long).toEqual([])
  })

  it('App.svelte is a shell of at most 150 lines', () => {
    expect(readFileSync(join(SRC, 'App.svelte'), 'utf8').split('\n').length).toBeLessThanOrEqual(150)
  })
})
