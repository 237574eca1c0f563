// The place search box.
export const search = {
  'search.placeholder': '搜索责任区、单位、网格编码、社区…',
  'search.label': '搜索地点',
  'search.none': '没有与“{q}”匹配的地点',
  'search.kind_zone': '责任区',
  'search.kind_unit': '单位',
  'search.kind_grid': '网格',
  'search.kind_community': '社区',
  'search.kind_street': '街道',
} as const
