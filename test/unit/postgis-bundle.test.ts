// The app's cut of the PostGIS bundle (scripts/postgis-bundle.ts) against the package it is cut
// from: every file kept is in the package, the tar round-trips, and what was dropped is what
// the app never loads (raster, topology, the tiger geocoder, upgrade scripts, PROJ's grids).
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { keptFiles, packagePostgisBundle, slimPostgisBundle, tarEntries } from '../../scripts/postgis-bundle'

describe('the slim PostGIS bundle', () => {
  it('keeps PostGIS, its install script and PROJ\'s database, and drops the rest', async () => {
    const full = tarEntries(gunzipSync(readFileSync(packagePostgisBundle())))
    const control = full.find((e) => e.name === 'share/postgresql/extension/postgis.control')!
    const keep = keptFiles(control.body.toString('utf8'))
    const slim = tarEntries(gunzipSync(await slimPostgisBundle()))
    expect(slim.map((e) => e.name).sort()).toEqual([...keep].sort())
    for (const e of slim) expect(e.body.equals(full.find((f) => f.name === e.name)!.body)).toBe(true)
    const names = full.map((e) => e.name)
    expect(names).toContain('lib/postgresql/postgis_raster-3.so')
    expect(slim.some((e) => /raster|topology|tiger/.test(e.name))).toBe(false)
  }, 60_000)
})
