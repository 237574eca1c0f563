// The hotspot ranking.
export const hotspots = {
  'hotspot.title': '热点排行',
  'hotspot.none': '当前筛选下没有热点',
  'hotspot.hot': '高发热点',
  'hotspot.recurring_cat': '反复出现：{cat}',
  'hotspot.category_weeks': '{cat}（{weeks}周）',
  'hotspot.cell': '{count} 件',
  'hotspot.z': '热点 z 值',
  'hotspot.where': '位置',
} as const
