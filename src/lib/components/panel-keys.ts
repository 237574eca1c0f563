// The keyboard and the panels over the map (Svelte actions):
// - `use:escapeCloses={close}` on a panel or dialog: Esc pressed inside it closes it, and only
//   it (the key goes no further, so a drawing in progress is not cancelled as well);
// - `use:panelTitle` on a panel's heading (tabindex="-1"): when the panel opens from the
//   keyboard (Enter on a search result, on 全区总览, Back with Alt+←), the focus moves to its
//   heading, so the next Tab is inside the panel and not back through the layer panel; when the
//   heading goes and the focus with it, the focus returns to where it came from. A panel opened
//   with the mouse (a click on the map) leaves the focus alone.
// - `use:modalFocus` on a modal dialog (people, the print view): it takes the focus however it
//   was opened, and gives it back when it closes.

let fromKeyboard = false
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta'])
window.addEventListener('keydown', (e) => { if (!MODIFIERS.has(e.key)) fromKeyboard = true }, true)
window.addEventListener('pointerdown', () => { fromKeyboard = false }, true)

export function escapeCloses(node: HTMLElement, close: () => void) {
  let current = close
  const onkey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return
    e.preventDefault()
    e.stopPropagation()
    current()
  }
  node.addEventListener('keydown', onkey)
  return {
    update(next: () => void) { current = next },
    destroy() { node.removeEventListener('keydown', onkey) },
  }
}

export function panelTitle(node: HTMLElement) {
  let returnTo: HTMLElement | null = null
  if (fromKeyboard) {
    const active = document.activeElement
    returnTo = active instanceof HTMLElement && active !== document.body ? active : null
    // after the panel's other parts are in place
    queueMicrotask(() => { if (node.isConnected) node.focus({ preventScroll: true }) })
  }
  return {
    destroy() {
      const target = returnTo
      // once the panel is gone: if the focus went with it (to the page's body), it goes back
      if (target) queueMicrotask(() => { if ((!document.activeElement || document.activeElement === document.body) && target.isConnected) target.focus({ preventScroll: true }) })
    },
  }
}

export function modalFocus(node: HTMLElement) {
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
  queueMicrotask(() => { if (node.isConnected) node.focus({ preventScroll: true }) })
  return {
    destroy() { queueMicrotask(() => { if (before?.isConnected && (!document.activeElement || document.activeElement === document.body)) before.focus({ preventScroll: true }) }) },
  }
}
