// The issue filters in the layer panel.
export const filters = {
  'filters.title': '问题筛选',
  'filters.days': '近{days}天',
  'filters.from': '开始日期',
  'filters.to': '结束日期',
  'filters.date_placeholder': '年/月/日',
  'filters.date_pick': '从日历选择{label}',
  'filters.date_invalid': '不是有效日期，请按 2026年12月02日 或 2026-12-02 输入',
} as const
