// The issue filters in the layer panel.
export const filters = {
  'filters.title': '问题筛选',
  'filters.days': '近{days}天',
  'filters.from': '开始日期',
  'filters.to': '结束日期',
} as const
