// The district and its streets as a small static GeoJSON file built with the app
// (`district-outline.json`), so the map draws them within a second or two of opening, before
// the embedded database has started (or, on Supabase, before the first layer arrives). Made
// from the prepared demo database — the same migrations and seed — simplified to ~1 m and
// rounded to 5 decimals (~1 m at this latitude); cached per version of the SQL.
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { preparedPgliteDump } from './prepared-db'
import { root, sqlFingerprint } from './sql-files'

export const OUTLINE_FILE = 'district-outline.json'
const cacheDir = join(root, 'node_modules', '.cache', 'gridgov')

// kind 'district' | 'street'; a street carries where its name goes (the streets layer's label point)
const OUTLINE_SQL = `
  select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f order by f->'properties'->>'kind', f->'properties'->>'code'), '[]')) as fc
  from (
    select json_build_object('type', 'Feature',
             'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.00001), 5)::json,
             'properties', json_build_object('kind', 'district', 'code', code, 'name', name)) f
    from public.districts
    union all
    select json_build_object('type', 'Feature',
             'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.00001), 5)::json,
             'properties', json_build_object('kind', 'street', 'code', code, 'name', name,
               'label', json_build_array(round(ST_X(ST_PointOnSurface(geom))::numeric, 5), round(ST_Y(ST_PointOnSurface(geom))::numeric, 5))))
    from public.streets
  ) s`

/** The outline's GeoJSON text; built from the prepared demo database when the SQL changed. */
export async function districtOutline(): Promise<string> {
  const file = join(cacheDir, `outline-${sqlFingerprint(true)}.json`)
  if (existsSync(file)) return readFileSync(file, 'utf8')
  const db = await PGlite.create({ extensions: { postgis }, loadDataDir: new Blob([readFileSync(await preparedPgliteDump('demo'))]) })
  try {
    await db.exec('set search_path = public, extensions')
    const { rows } = await db.query<{ fc: unknown }>(OUTLINE_SQL)
    const text = JSON.stringify(rows[0].fc)
    mkdirSync(cacheDir, { recursive: true })
    const partial = `${file}.${process.pid}.partial`
    writeFileSync(partial, text)
    renameSync(partial, file)
    return text
  } finally {
    await db.close()
  }
}
