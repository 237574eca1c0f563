// A save in flight survives a reload: before save_zone is sent, what is being saved (the
// zone, the version the edit started from, the shape, the name) is written to localStorage;
// the entry goes when the answer comes. An entry still there at the next start means the page
// went away before the answer — the save may or may not have reached the database, and
// pending-saves.svelte.ts finds out which and tells the officer.
//
// One key per save ('gridgov.pending-save.<id>'), so saves in two tabs never overwrite each
// other's entry; a start looks only at its own tab's entries (sessionStorage keeps the tab's id
// across a reload) and at other tabs' entries old enough that their answer must have come.
import type { Geometry } from 'geojson'
import type { ZoneKind } from '../api/types'

const PREFIX = 'gridgov.pending-save.'
const TAB_KEY = 'gridgov.tab'
/** Another tab's entry younger than this may still be waiting for its answer. */
const OTHER_TAB_GRACE_MS = 2 * 60_000

export interface PendingSave {
  key: string
  tab: string
  /** when the save was sent (ISO time of this browser) */
  at: string
  userId: string | null
  zone: { id: number | null; unit_id: number; name: string; kind: ZoneKind; geom: Geometry; version: number | null }
}

function tabId(): string {
  let id = sessionStorage.getItem(TAB_KEY)
  if (!id) { id = crypto.randomUUID(); sessionStorage.setItem(TAB_KEY, id) }
  return id
}

/** Write the entry before sending; returns its key (null when storage is full or refused). */
export function journalSave(userId: string | null, zone: PendingSave['zone']): string | null {
  const key = `${PREFIX}${crypto.randomUUID()}`
  const entry: PendingSave = { key, tab: tabId(), at: new Date().toISOString(), userId, zone }
  try {
    localStorage.setItem(key, JSON.stringify(entry))
    return key
  } catch {
    return null // a save is not refused because the journal could not be written
  }
}

export function clearSave(key: string | null): void {
  if (key) localStorage.removeItem(key)
}

/** Saves that never got their answer: this tab's, and other tabs' old enough to be orphans. */
export function pendingSaves(now = Date.now()): PendingSave[] {
  const tab = tabId()
  const out: PendingSave[] = []
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)
    if (!key?.startsWith(PREFIX)) continue
    try {
      const e = JSON.parse(localStorage.getItem(key) ?? '') as PendingSave
      if (e.tab === tab || now - Date.parse(e.at) > OTHER_TAB_GRACE_MS) out.push({ ...e, key })
    } catch {
      localStorage.removeItem(key) // unreadable: nothing can be told from it
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at))
}
