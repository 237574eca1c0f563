// "Leave site? Changes you made may not be saved": asked before a reload or close while any
// part of the app has unsaved work (a half-drawn zone, an open edit with changes, a save or
// an import in flight). Each part registers a question; one beforeunload listener asks them
// all. The browser shows its own words (no page may set the text any more) and only after the
// officer has interacted with the page.
const sources = new Set<() => boolean>()
let listening = false

function onBeforeUnload(e: BeforeUnloadEvent) {
  if (![...sources].some((hasUnsaved) => { try { return hasUnsaved() } catch { return false } })) return
  e.preventDefault()
  e.returnValue = '' // older Chromium needs a value set to show the prompt
}

/** Ask `hasUnsaved` before the page goes; returns the way to stop asking. */
export function guardUnsavedWork(hasUnsaved: () => boolean): () => void {
  sources.add(hasUnsaved)
  if (!listening) { window.addEventListener('beforeunload', onBeforeUnload); listening = true }
  return () => { sources.delete(hasUnsaved) }
}
