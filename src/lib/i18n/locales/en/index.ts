// English: the same files as ../zh-CN/, each typed by its Chinese counterpart, so a key
// missing from or added to an English file is a type error.
import type { zhCN } from '../zh-CN'
import { common } from './common'
import { header } from './header'
import { signIn } from './sign-in'
import { people } from './people'
import { loading } from './loading'
import { map } from './map'
import { layers } from './layers'
import { filters } from './filters'
import { hotspots } from './hotspots'
import { zonePanel } from './zone-panel'
import { errors } from './errors'
import { coverage } from './coverage'
import { importExport } from './import'
import { inspect } from './inspect'
import { search } from './search'
import { ranking } from './ranking'
import { leaderTools } from './leader-tools'
import { compare } from './compare'
import { print } from './print'
import { editor } from './editor'
import { issues } from './issues'
import { wall } from './wall'
import { effect } from './effect'

export const en: Record<keyof typeof zhCN, string> = {
  ...common,
  ...header,
  ...signIn,
  ...people,
  ...loading,
  ...map,
  ...layers,
  ...filters,
  ...hotspots,
  ...zonePanel,
  ...errors,
  ...coverage,
  ...importExport,
  ...inspect,
  ...search,
  ...ranking,
  ...leaderTools,
  ...compare,
  ...print,
  ...editor,
  ...issues,
  ...wall,
  ...effect,
}
