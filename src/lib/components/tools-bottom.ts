// `use:toolsBottom` on the toolbar across the top of the map (the leaders' tools, or the
// officer's drawing tools on a phone): where it ends goes to `--tools-bottom` on <main>, so on
// narrow windows the panels below it start there (app.css: --layers-top) and do not slide under
// it, however it wraps. Only one such toolbar shows at a time (leaders' tools hide while editing).
export function toolsBottom(node: HTMLElement) {
  const main = node.closest('main')
  if (!main) return {}
  const measure = () => {
    const b = node.getBoundingClientRect()
    // a toolbar not at the top (the drawing tools at the bottom on a wide window) pushes nothing down
    if (b.height && b.top - main.getBoundingClientRect().top < main.clientHeight / 2) main.style.setProperty('--tools-bottom', `${Math.round(b.bottom - main.getBoundingClientRect().top)}px`)
    else main.style.removeProperty('--tools-bottom')
  }
  const observer = new ResizeObserver(measure)
  observer.observe(node)
  observer.observe(main)
  return { destroy() { observer.disconnect(); main.style.removeProperty('--tools-bottom') } }
}
