// The view in the URL, so a copied link reopens the same view: map position, visible layers
// and their opacity, issue filters, language. Pure functions: parse ⇄ serialise.
//   ?map=13.20/47.3512/123.9471&layers=grids,zones,issues&opacity=grids:60&cat=litter,fumes&state=overdue&days=30&lang=en
// Routes (a zone, a drill-down level) live in the hash: #/zone/12.

export interface ViewState {
  map: { zoom: number; lat: number; lon: number } | null
  layers: string[] | null          // null: the catalogue's defaults
  opacity: Record<string, number>  // 0–100, only where changed
  categories: string[]             // empty: all
  states: ('open' | 'overdue' | 'closed')[] // empty: all
  days: number | null              // 7 / 30 / 365, or null with from/to, or all time
  from: string | null              // YYYY-MM-DD
  to: string | null
  lang: 'zh-CN' | 'en' | null
}

const STATES = ['open', 'overdue', 'closed'] as const
const list = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [])
const isDate = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null)

export function parseView(search: string): ViewState {
  const p = new URLSearchParams(search)
  const m = (p.get('map') ?? '').split('/').map(Number)
  const map = m.length === 3 && m.every(Number.isFinite) && m[0] >= 0 && m[0] <= 22 && Math.abs(m[1]) <= 90 && Math.abs(m[2]) <= 180
    ? { zoom: m[0], lat: m[1], lon: m[2] } : null
  const opacity: Record<string, number> = {}
  for (const pair of list(p.get('opacity'))) {
    const [id, v] = pair.split(':')
    const n = Number(v)
    if (id && Number.isFinite(n)) opacity[id] = Math.max(0, Math.min(100, Math.round(n)))
  }
  const days = Number(p.get('days'))
  const lang = p.get('lang')
  return {
    map,
    layers: p.has('layers') ? list(p.get('layers')) : null,
    opacity,
    categories: list(p.get('cat')).filter((c) => /^[a-z_]+$/.test(c)),
    states: list(p.get('state')).filter((s): s is ViewState['states'][number] => (STATES as readonly string[]).includes(s)),
    days: Number.isInteger(days) && days > 0 && days <= 3660 ? days : null,
    from: isDate(p.get('from')),
    to: isDate(p.get('to')),
    lang: lang === 'en' || lang === 'zh-CN' ? lang : null,
  }
}

export function serializeView(v: ViewState): string {
  const p = new URLSearchParams()
  if (v.map) p.set('map', `${v.map.zoom.toFixed(2)}/${v.map.lat.toFixed(5)}/${v.map.lon.toFixed(5)}`)
  if (v.layers) p.set('layers', v.layers.join(','))
  const op = Object.entries(v.opacity).map(([k, n]) => `${k}:${n}`)
  if (op.length) p.set('opacity', op.join(','))
  if (v.categories.length) p.set('cat', v.categories.join(','))
  if (v.states.length) p.set('state', v.states.join(','))
  if (v.days) p.set('days', String(v.days))
  if (v.from) p.set('from', v.from)
  if (v.to) p.set('to', v.to)
  if (v.lang) p.set('lang', v.lang)
  return `?${p.toString().replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':')}`
}

/** The SQL filters (issue_matches) for the view's issue filters. */
export function issueFilters(v: Pick<ViewState, 'categories' | 'states' | 'days' | 'from' | 'to'>) {
  return {
    category: v.categories.length ? [...v.categories] : null,
    state: v.states.length ? [...v.states] : null,
    days: v.from || v.to ? null : v.days,
    from: v.from ? `${v.from}T00:00:00+08:00` : null,
    to: v.to ? `${v.to}T24:00:00+08:00` : null,
  }
}
