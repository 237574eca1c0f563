// The monthly bulletin (月通报) as tables: what monthly_bulletin returned, put in the words and
// number formats of the page's language once, so the printed page and its CSV export show the
// same columns and the same cells. Nothing is computed here but the formatting.
import type { MonthIndicators, MonthlyBulletin } from '../api/bulletin-types'
import { formatDate, formatNumber, formatPercent as percent, i18n, pick, t, type MessageKey } from '../i18n/i18n.svelte'
import { toCsv, type Cell } from './ledger-export'

export interface Column { key: string; label: string; num?: boolean }
export interface Row {
  cells: Record<string, string>
  /** a unit with too few cases, or the district's total row */
  kind?: 'unrated' | 'total'
  flag?: 'red' | 'blue' | 'too_few'
  title?: string
}
export interface BulletinTable {
  id: 'streets' | 'units' | 'escalated' | 'reworked' | 'recurring'
  title: string
  columns: Column[]
  rows: Row[]
  /** what the list holds: a definition, or "N in all, the first M listed" */
  note?: string
  /** shown instead of an empty table ('none'); null: the note says it */
  empty?: string | null
}

/** "2026年11月" / "November 2026" for YYYY-MM. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1))
}

const day = (y: number, m: number, d: number) =>
  new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d))
const dayOf = (iso: string) => new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso))

export function bulletinTitle(b: MonthlyBulletin): string {
  return t('bulletin.title', { district: pick(b.district?.name, b.district?.name_en), month: monthLabel(b.month) })
}

/** The period in calendar days of the month (its first to its last day), or up to now for a month under way. */
export function bulletinPeriod(b: MonthlyBulletin): string {
  const [y, m] = b.month.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return b.complete ? t('bulletin.period', { from: day(y, m, 1), until: day(y, m, last) })
    : `${t('bulletin.period', { from: day(y, m, 1), until: formatDate(b.until) })} · ${t('bulletin.under_way', { until: formatDate(b.until) })}`
}

/** The district's figures, as the key-figure boxes at the top. */
export function districtFigures(b: MonthlyBulletin): { key: string; label: string; value: string }[] {
  const d = b.district
  if (!d) return []
  return [
    ['filed', formatNumber(d.filed)], ['due', formatNumber(d.due)], ['closed', formatNumber(d.closed)],
    ['closure_rate', percent(d.closure_rate)], ['on_time_rate', percent(d.on_time_rate)], ['rework_rate', percent(d.rework_rate)],
    ['hl_response', percent(d.hotline.response_rate)], ['hl_solve', percent(d.hotline.solve_rate)], ['hl_satisfaction', percent(d.hotline.satisfaction_rate)],
  ].map(([key, value]) => ({ key, label: (key.startsWith('hl_') ? '12345 ' : '') + t(`bulletin.${key}` as MessageKey), value }))
}

const col = (key: string, label: MessageKey, num = false): Column => ({ key, label: t(label), num })
const FIGURES: Column[] = [
  col('filed', 'bulletin.filed', true), col('due', 'bulletin.due', true), col('closed', 'bulletin.closed', true),
  col('closure_rate', 'bulletin.closure_rate', true), col('on_time_rate', 'bulletin.on_time_rate', true), col('rework_rate', 'bulletin.rework_rate', true),
]
const figureCells = (x: MonthIndicators) => ({
  filed: formatNumber(x.filed), due: formatNumber(x.due), closed: formatNumber(x.closed), closure_rate: percent(x.closure_rate),
  on_time_rate: percent(x.on_time_rate), rework_rate: percent(x.rework_rate), hl_response: percent(x.hotline.response_rate),
  hl_solve: percent(x.hotline.solve_rate), hl_satisfaction: percent(x.hotline.satisfaction_rate),
})
const listNote = (total: number, shown: number) => (total === 0 ? undefined : total > shown ? t('bulletin.more', { count: formatNumber(total), shown: formatNumber(shown) }) : t('bulletin.total', { count: formatNumber(total) }))
const place = (street: string | null, community: string | null) => [street, community].filter(Boolean).join(' / ') || '—'
const status = (s: string) => t(`istatus.${s}` as MessageKey)

export function bulletinTables(b: MonthlyBulletin): BulletinTable[] {
  const tg = b.ranking.targets
  // the 12345 rates, named as such (the other rates are over every channel)
  const hl = (key: string, label: MessageKey): Column => ({ key, label: `12345 ${t(label)}`, num: true })
  const hotline = [hl('hl_response', 'bulletin.hl_response'), hl('hl_solve', 'bulletin.hl_solve'), hl('hl_satisfaction', 'bulletin.hl_satisfaction')]
  return [
    {
      id: 'streets', title: t('bulletin.s_streets'),
      columns: [col('name', 'bulletin.street'), ...FIGURES, ...hotline],
      rows: [...b.streets.map((s): Row => ({ cells: { name: s.name, ...figureCells(s) } })),
             ...(b.district ? [{ kind: 'total' as const, cells: { name: pick(b.district.name, b.district.name_en), ...figureCells(b.district) } }] : [])],
    },
    {
      id: 'units', title: t('bulletin.s_units'),
      // a month without data ranks nobody: no table of units all "too few"
      note: b.ranking.has_data ? t('bulletin.rated_note', { min: b.ranking.min_due, rate: percent(tg.min_due_closure_rate), overdue: tg.max_overdue, hours: formatNumber(tg.max_response_hours) })
        : t('bulletin.no_data'),
      empty: b.ranking.has_data ? undefined : null,
      columns: [col('rank', 'rank.rank', true), col('name', 'bulletin.unit'), ...FIGURES, col('overdue', 'rank.overdue', true),
                hl('hl_satisfaction', 'bulletin.hl_satisfaction'), col('flag', 'rank.flag')],
      rows: b.ranking.has_data ? b.units.map((u): Row => ({
        kind: u.rated ? undefined : 'unrated', flag: u.flag ?? 'too_few',
        title: u.rated ? undefined : t('rank.too_few_title', { due: u.due, min: b.ranking.min_due }),
        cells: { rank: u.rank == null ? '—' : String(u.rank), name: u.unit_name, ...figureCells(u), overdue: formatNumber(u.overdue),
                 flag: u.flag === 'red' ? t('rank.red') : u.flag === 'blue' ? t('rank.blue') : t('rank.too_few') },
      })) : [],
    },
    {
      id: 'escalated', title: t('bulletin.s_escalated'), note: listNote(b.escalated.total, b.escalated.rows.length),
      columns: [col('code', 'bulletin.code'), col('category', 'bulletin.category'), col('unit', 'bulletin.unit'), col('place', 'bulletin.place'),
                col('reported', 'bulletin.reported'), col('deadline', 'bulletin.deadline'), col('level', 'bulletin.level'), col('status', 'bulletin.status')],
      rows: b.escalated.rows.map((r): Row => ({ cells: {
        code: r.code, category: pick(r.category_zh, r.category_en), unit: r.unit_name ?? '—', place: place(r.street_name, r.community_name),
        reported: formatDate(r.reported_at), deadline: formatDate(r.deadline), level: t(`escalation.${r.escalation}` as MessageKey), status: status(r.status),
      } })),
    },
    {
      id: 'reworked', title: t('bulletin.s_reworked'), note: listNote(b.reworked.total, b.reworked.rows.length),
      columns: [col('code', 'bulletin.code'), col('category', 'bulletin.category'), col('unit', 'bulletin.unit'), col('place', 'bulletin.place'),
                col('reworks', 'bulletin.reworks', true), col('reason', 'bulletin.last_reason'), col('status', 'bulletin.status')],
      rows: b.reworked.rows.map((r): Row => ({ cells: {
        code: r.code, category: pick(r.category_zh, r.category_en), unit: r.unit_name ?? '—', place: place(r.street_name, r.community_name),
        reworks: formatNumber(r.reworks), reason: r.last_reason ?? '—', status: status(r.status),
      } })),
    },
    {
      id: 'recurring', title: t('bulletin.s_recurring'),
      note: t('bulletin.recurring_note', { days: b.recurring.window_days, from: dayOf(b.recurring.window_from), weeks: b.recurring.recurring_weeks }),
      columns: [col('street', 'bulletin.street'), col('community', 'bulletin.community'), col('grid', 'bulletin.grid'),
                col('problems', 'bulletin.problems'), col('count', 'bulletin.issues', true)],
      rows: b.recurring.cells.map((c): Row => ({ cells: {
        street: c.street_name ?? '—', community: c.community_name ?? '—', grid: c.grid_name ? (i18n.locale === 'en' ? `${c.grid_name} (${c.grid_code})` : `${c.grid_name}（${c.grid_code}）`) : '—',
        problems: c.categories.map((r) => t('hotspot.category_weeks', { cat: pick(r.name_zh, r.name_en), weeks: r.weeks })).join(t('list.sep')),
        count: formatNumber(c.count),
      } })),
    },
  ]
}

/** The bulletin's tables in one CSV (UTF-8 with BOM, formulas defused: ledger-export's toCsv): each under its title, a blank line between. */
export function bulletinCsv(b: MonthlyBulletin): string {
  const rows: Cell[][] = [[bulletinPeriod(b)], []]
  rows.push([t('bulletin.s_district')], districtFigures(b).map((f) => f.label), districtFigures(b).map((f) => f.value), [])
  for (const table of bulletinTables(b)) {
    rows.push([table.title])
    if (table.note) rows.push([table.note])
    rows.push(table.columns.map((c) => c.label), ...table.rows.map((r) => table.columns.map((c) => r.cells[c.key] ?? '')), [])
  }
  return toCsv([bulletinTitle(b)], rows)
}
