// The header bar: title, language switch, who is signed in and their role, reset demo data. English; the keys are those of ../zh-CN/header.ts, checked by the type.
import type { header as zh } from '../zh-CN/header'

export const header: Record<keyof typeof zh, string> = {
  'app.title': 'City Grid Governance Map',
  'app.subtitle': 'Jianhua District · Urban management',
  'lang.switch': '中文',
  'user.label': 'Demo sign-in',
  'header.sign_out': 'Sign out',
  /** the header's tools folded into a menu on a phone */
  'header.menu': 'Menu',
  'header.tools': 'Tools',
  'header.people': 'People',
  'role.admin': 'Administrator',
  'role.leader': 'Leader',
  'role.officer': 'Grid officer',
  'role.wall': 'Wall display',
  'role.dispatcher': 'Command-centre dispatcher',
  'user.anonymous': 'Visitor (read only)',
  'reset.action': 'Reset demo data',
  'reset.confirm': 'This deletes every change on this device and restores the demo data. Continue?',
  'reset.other_tabs': 'Other tabs are still using the database on this device. Close them first, then reset the demo data.',
}
