// Hover tooltips and click popups for every layer, built as DOM with text nodes — never by
// putting zone, issue or market names into HTML strings.
import type { MessageKey } from '../i18n/i18n.svelte'

type T = (key: MessageKey, params?: Record<string, string | number>) => string
type Props = Record<string, any>

/** Rows of [label, value] describing a feature of a layer, in the user's language. */
export function describe(layerId: string, p: Props, t: T, num: (n: number) => string, date: (s: string) => string, locale: string): { title: string; rows: [string, string][] } {
  const en = locale === 'en'
  switch (layerId) {
    // zoomed out the grids are drawn as their communities' outlines (layer_view): the community's name
    case 'grids': if (p.code == null) return { title: String(p.community_name ?? ''), rows: [] }
      return { title: [p.name, p.community_name].filter(Boolean).join(' · '), rows: [[t('popup.code'), p.code], [t('popup.street'), p.street_name ?? '—'], [t('popup.grid_officer'), p.officer_name ?? '—']] }
    case 'zones': return { title: p.name, rows: [[t('panel.unit'), p.unit_name], [t('popup.kind'), t(`kind.${p.kind}` as MessageKey)], [t('popup.version'), String(p.version)]] }
    case 'issues': return { title: `${en ? p.category_en : p.category_zh} · ${p.code}`, rows: [[t('popup.state'), t(`state.${p.state}` as MessageKey)], [t('popup.reported'), p.reported_at ? date(p.reported_at) : '…'], [t('popup.deadline'), p.deadline ? date(p.deadline) : '—'], [t('panel.unit'), p.unit_name ?? t('popup.undispatched')], [t('popup.description'), p.description ?? '…']] }
    case 'markets': return { title: p.name, rows: [[t('popup.kind'), t(`market.${p.kind}` as MessageKey)], [t('popup.stalls'), p.stall_count != null ? num(p.stall_count) : '—'], [t('popup.hours'), p.open_hours ?? '—']] }
    case 'parking': return { title: p.name, rows: [[t('popup.capacity'), num(p.capacity)], [t('popup.new_spaces'), num(p.new_spaces)], [t('popup.kind'), t(`parking.${p.kind}` as MessageKey)]] }
    case 'compounds': return { title: p.name, rows: [[t('popup.project'), p.project], [t('popup.phase'), t('popup.phase_n', { n: p.phase, year: p.year })], [t('popup.buildings'), num(p.buildings)], [t('popup.households'), num(p.households)]] }
    default: return { title: String(p.name ?? p.id ?? layerId), rows: Object.entries(p).filter(([k]) => k !== 'name').slice(0, 6).map(([k, v]) => [k, String(v)]) }
  }
}

export function popupElement(title: string, rows: [string, string][]): HTMLElement {
  const root = document.createElement('div')
  root.className = 'gg-popup'
  const h = document.createElement('div')
  h.className = 'gg-popup-title'
  h.textContent = title
  root.append(h)
  const dl = document.createElement('dl')
  for (const [k, v] of rows) {
    const dt = document.createElement('dt'); dt.textContent = k
    const dd = document.createElement('dd'); dd.textContent = v
    dl.append(dt, dd)
  }
  root.append(dl)
  return root
}
