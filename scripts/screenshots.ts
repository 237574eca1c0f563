// Screenshots of the built app as users see it: the desktop (1440×900) after a click with
// the zone panel open, and the command-centre wall (3840×2160). Run after `npx vite build`:
//   npx tsx scripts/screenshots.ts [outDir]
import { mkdirSync } from 'node:fs'
import { startApp, waitForMap } from '../test/e2e/browser'

const out = process.argv[2] ?? 'screenshots'
mkdirSync(out, { recursive: true })
const app = await startApp()
try {
  const page = await app.open('/')
  await waitForMap(page)
  await page.screenshot({ path: `${out}/map-desktop.png` })
  const box = (await page.getByTestId('map').boundingBox())!
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.55)
  await page.getByTestId('unit-name').or(page.getByTestId('no-zone')).waitFor()
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${out}/first-map-desktop.png` })
  const wall = await app.open('/', { width: 3840, height: 2160 })
  await waitForMap(wall)
  await wall.screenshot({ path: `${out}/wall.png` })
  console.log(`screenshots in ${out}/; external requests: ${app.externalRequests.length}`)
} finally {
  await app.close()
}
