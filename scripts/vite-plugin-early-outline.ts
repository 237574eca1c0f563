// Inlines into index.html a small script that draws the district and its streets as an SVG on the
// first paint, before the app's code has loaded (src/lib/map/early-outline.ts): the outline is the
// static district-outline.json (./district-outline.ts), turned into paths at build time.
import type { Plugin } from 'vite'
import { districtOutline } from './district-outline'
import { drawEarlyOutline, earlyOutlineData } from '../src/lib/map/early-outline'
import { FIT_PADDING } from '../src/lib/map/fit-padding'

/** The header's height over the map (Header.svelte's min-height on a desktop); the map owner corrects it once the header is drawn. */
const HEADER_PX = 52

export function earlyOutline(): Plugin {
  let supabase = false
  return {
    name: 'gridgov-early-outline',
    configResolved(config) { supabase = !!config.env.VITE_SUPABASE_URL },
    async transformIndexHtml() {
      // Supabase mode shows the sign-in screen first, and the map only after it: nothing to draw early
      if (supabase) return []
      const data = earlyOutlineData(JSON.parse(await districtOutline()))
      if (!data) return []
      const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c')
      return [{ tag: 'script', injectTo: 'body', children: `(${drawEarlyOutline.toString()})(${json(data)}, ${json(FIT_PADDING.district)}, ${HEADER_PX})` }]
    },
  }
}
