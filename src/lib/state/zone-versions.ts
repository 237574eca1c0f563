// Deleting and undeleting a zone, and its versions (zone_versions, restore_zone): the edit
// session's history steps, kept apart from its drawing and saving.
import type { Api } from '../api/api'
import type { ZoneVersion } from '../api/types'
import { t } from '../i18n/i18n.svelte'
import type { EditSession } from './edit-session.svelte'

/** Delete the selected zone (after a confirmation); it is offered back until the next action. */
export async function removeTarget(s: EditSession, api: Api) {
  const z = s.target
  if (!z || !s.mayEdit(z.unit_id) || !confirm(t('edit.delete_confirm', { name: z.name }))) return
  await s.run(async () => {
    await api.deleteZone(z.id, z.version)
    s.cancel()
    s.target = null
    s.message = t('edit.deleted', { name: z.name })
    s.lastDeleted = z
  })
}

/** Bring the zone just deleted back: its last version, under its own id. */
export async function undoDelete(s: EditSession, api: Api) {
  const z = s.lastDeleted
  if (!z) return
  await s.run(async () => {
    // the deletion is recorded as the version after the last one the officer saw
    const saved = await api.restoreZone(z.id, z.version, z.version + 1)
    s.lastDeleted = null
    s.target = { ...z, version: saved.version }
    s.message = t('edit.undeleted', { name: z.name, version: saved.version })
  })
}

/** The selected zone's versions, newest first. */
export async function showHistory(s: EditSession, api: Api) {
  const z = s.target
  if (!z) return
  await s.run(async () => {
    s.versions = await api.zoneVersions(z.id)
    s.step = 'history'
    s.shownVersion = null
  })
}

/** Make a past version the current one (a new version; the history keeps every step). */
export async function restoreVersion(s: EditSession, api: Api, v: ZoneVersion) {
  const z = s.target
  if (!z) return
  await s.run(async () => {
    const saved = await api.restoreZone(z.id, v.version, z.version)
    s.target = { ...z, version: saved.version, name: saved.name }
    s.versions = await api.zoneVersions(z.id)
    s.message = t('edit.restored', { from: v.version, version: saved.version })
  })
}
