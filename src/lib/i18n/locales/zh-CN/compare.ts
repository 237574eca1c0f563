// Comparing zones side by side.
export const compare = {
  'compare.title': '对比',
  'compare.add': '加入对比',
  'compare.added': '已加入对比',
  'compare.remove': '从对比中移除 {name}',
  'compare.need_two': '再加入一个责任区即可对比',
  'compare.show': '并排对比 {count} 个责任区',
  'compare.hide': '收起对比',
  'compare.unit': '责任单位',
  'compare.leader': '包保领导',
  'compare.markets_value': '{count} 处 · {stalls} 摊位',
  'compare.parking_value': '{count} 处 · {capacity} 车位',
  'compare.compounds_value': '{count} 个 · {households} 户',
  'compare.note': '红色加粗：该项在所比责任区中最需关注。各项数字由数据库按责任区边界统计，与责任区面板一致。',
} as const
