// The locale files by screen (src/lib/i18n/locales/<locale>/<screen>.ts): both languages have
// the same files with the same keys, each text has the same {param} placeholders in both, no text
// is empty, and every key lives in exactly one file, which the locale's index includes.
import { describe, expect, it } from 'vitest'
import { zhCN } from '../../src/lib/i18n/zh-CN'
import { en } from '../../src/lib/i18n/en'

type Sections = Record<string, Record<string, Record<string, string>>>
const byFile = (modules: Record<string, unknown>): Sections =>
  Object.fromEntries(
    Object.entries(modules)
      .filter(([path]) => !path.endsWith('/index.ts'))
      .map(([path, mod]) => [path.split('/').pop()!, mod as Record<string, Record<string, string>>]),
  )
const zhFiles = byFile(import.meta.glob('../../src/lib/i18n/locales/zh-CN/*.ts', { eager: true }))
const enFiles = byFile(import.meta.glob('../../src/lib/i18n/locales/en/*.ts', { eager: true }))
const locales = { 'zh-CN': { all: zhCN as Record<string, string>, files: zhFiles }, en: { all: en as Record<string, string>, files: enFiles } }

/** Texts that are empty on purpose, with why. */
const EMPTY_ON_PURPOSE: Record<string, string[]> = {
  // never shown (LeaderTools shows a hint only outside inspect); present so `tools.hint_${mode}` is a key
  'zh-CN': ['tools.hint_inspect'],
  // English has no counter word for 个
  en: ['tools.hint_inspect', 'unit.count'],
}
const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort()

describe('locale files', () => {
  it('has the same files in both languages, each exporting one section', () => {
    expect(Object.keys(zhFiles).length).toBeGreaterThan(10)
    expect(Object.keys(enFiles).sort()).toEqual(Object.keys(zhFiles).sort())
    for (const [file, mod] of Object.entries(zhFiles)) {
      expect(Object.keys(mod), file).toHaveLength(1)
      expect(Object.keys(enFiles[file]), file).toEqual(Object.keys(mod))
    }
  })

  for (const [locale, { all, files }] of Object.entries(locales)) {
    it(`${locale}: every key is in exactly one file, and the index includes every file`, () => {
      const seen = new Map<string, string>()
      for (const [file, mod] of Object.entries(files)) {
        for (const key of Object.keys(Object.values(mod)[0])) {
          expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined()
          seen.set(key, file)
        }
      }
      expect([...seen.keys()].sort()).toEqual(Object.keys(all).sort())
    })

    it(`${locale}: a key's section ('edit' of 'edit.saved') lives in one file only`, () => {
      const home = new Map<string, string>()
      for (const [file, mod] of Object.entries(files)) {
        for (const key of Object.keys(Object.values(mod)[0])) {
          const section = key.split('.')[0]
          expect(home.get(section) ?? file, `${section}.* in ${file} and ${home.get(section)}`).toBe(file)
          home.set(section, file)
        }
      }
    })

    it(`${locale}: no text is empty (except ${EMPTY_ON_PURPOSE[locale].join(', ')})`, () => {
      const empty = Object.entries(all).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k)
      expect(empty.sort()).toEqual([...EMPTY_ON_PURPOSE[locale]].sort())
    })
  }

  it('has every key in both languages, with the same {param} placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort())
    const zh = zhCN as Record<string, string>
    const differ = Object.keys(zh).filter((k) => JSON.stringify(placeholders(zh[k])) !== JSON.stringify(placeholders((en as Record<string, string>)[k])))
    expect(differ).toEqual([])
  })
})
