import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { readFileSync, readdirSync } from 'node:fs'
import { callRpc } from '/work/main/src/lib/api/rpc'
const dir = '/work/main/node_modules/.cache/gridgov/'
const f = readdirSync(dir).filter(f => f.startsWith('pglite-demo')).sort().pop()!
const db = await PGlite.create({ extensions: { postgis }, loadDataDir: new Blob([readFileSync(dir + f)]) })
const h = { transaction: (fn: any) => db.transaction((tx) => fn({ query: (q: string, p: any) => tx.query(q, p) })) }
const cat: any = await callRpc(h as any, 'layer_catalog', {}, null)
console.log(JSON.stringify(cat.map((c: any) => [c.id, c.title_zh, c.feature_count, c.default_visible, c.style])))
for (const id of ['district','streets','communities','grids','zones','issues','markets','parking','compounds']) {
  const fc: any = await callRpc(h as any, 'layer_geojson', { layer_id: id }, null)
  console.log(id, fc.features.length, JSON.stringify(fc.features[0]?.properties), JSON.stringify(fc).length)
}
const z = await callRpc(h as any, 'zone_at', { lon: 123.95, lat: 47.36 }, '00000000-0000-4000-8000-000000000002')
console.log(JSON.stringify(z))
console.log(JSON.stringify(await callRpc(h as any, 'current_user_info', {}, '00000000-0000-4000-8000-000000000003')))
const cov: any = await callRpc(h as any, 'coverage_report', { district_code: '230203' }, null)
console.log(JSON.stringify({ ...cov, gaps: cov.gaps.features.length, overlaps: cov.overlaps.features.length }))
console.log((await db.query("select id, display_name, role, unit_id from app_users order by id")).rows)
