// Words shared by several screens: list separator, units, zone kinds, administrative levels, issue states.
export const common = {
  'kind.area': '片区',
  'kind.road': '路段',
  'kind.point': '点位',
  /** an area (formatArea): square metres below 0.01 km², square kilometres above */
  'unit.area_m2': '{n} 平方米',
  'unit.area_km2': '{n} 平方公里',
  'unit.hours': '{n} 小时',
  'unit.days': '{n} 天',
  'unit.count': '个',
  'chunk.failed': '这部分界面未能加载（系统可能刚刚更新），请重新加载页面',
  'chunk.reload': '重新加载',
  'chunk.close': '关闭',
  /** between the items of a list in running text */
  'list.sep': '、',
  'state.open': '在办',
  'state.overdue': '超期',
  'state.closed': '已办结',
  'level.district': '区县',
  'level.street': '街道',
  'level.community': '社区',
  'level.grid': '网格',
} as const
