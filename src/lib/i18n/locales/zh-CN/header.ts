// The header bar: title, language switch, who is signed in and their role, reset demo data.
export const header = {
  'app.title': '网格化治理一张图',
  'app.subtitle': '建华区 · 城市综合管理',
  'lang.switch': 'English',
  'user.label': '演示登录',
  'header.sign_out': '退出登录',
  /** the header's tools folded into a menu on a phone */
  'header.menu': '菜单',
  'header.tools': '工具',
  'header.people': '人员管理',
  'role.admin': '系统管理员',
  'role.leader': '包保领导',
  'role.officer': '网格员',
  'role.wall': '指挥中心大屏',
  'role.dispatcher': '指挥中心调度员',
  'user.anonymous': '访客（只读）',
  'reset.action': '重置演示数据',
  'reset.confirm': '将删除本机上的全部修改并恢复演示数据，确定吗？',
  'reset.other_tabs': '本机数据库还在其他标签页中使用。请先关闭其他标签页，再重置演示数据。',
} as const
