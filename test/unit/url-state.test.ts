// A copied link must reopen the same view: the URL state survives a round trip, and junk in
// a hand-edited URL is dropped rather than breaking the map.
import { describe, expect, it } from 'vitest'
import { issueFilters, parseView, serializeView } from '../../src/lib/state/url-state'

describe('view in the URL', () => {
  it('round-trips position, layers, opacity, filters and language', () => {
    const search = '?map=13.25/47.35120/123.94710&layers=grids,zones,issues&opacity=grids:60&cat=litter,fumes&state=overdue&days=30&lang=en'
    const view = parseView(search)
    expect(view).toMatchObject({ map: { zoom: 13.25, lat: 47.3512, lon: 123.9471 }, layers: ['grids', 'zones', 'issues'], opacity: { grids: 60 }, categories: ['litter', 'fumes'], states: ['overdue'], days: 30, lang: 'en' })
    expect(parseView(serializeView(view))).toEqual(view)
  })

  it('drops what is not a valid view', () => {
    const view = parseView('?map=99/500/1&cat=<script>,litter&state=lost,open&days=-3&from=yesterday&lang=fr')
    expect(view).toMatchObject({ map: null, layers: null, categories: ['litter'], states: ['open'], days: null, from: null, lang: null })
  })

  it('turns a custom date range into SQL filters that override the day window', () => {
    expect(issueFilters({ categories: [], states: [], days: 30, from: '2026-01-01', to: '2026-01-31' }))
      .toEqual({ category: null, state: null, days: null, from: '2026-01-01T00:00:00+08:00', to: '2026-01-31T24:00:00+08:00' })
  })
})
