// The printable A4 zone report.
export const print = {
  'print.open': '打印报告',
  'print.print': '打印 / 存为 PDF',
  'print.close': '关闭',
  'print.hint': '纸张 A4，纵向',
  'print.report': '责任区报告',
  'print.map_alt': '{name} 地图',
  'print.no_snapshot': '地图快照不可用',
  /** the printed map's scale bar, north arrow and legend */
  'print.scale_m': '{n} 米',
  'print.scale_km': '{n} 公里',
  'print.scale_label': '比例尺：{length}',
  'print.north': '北',
  'print.north_label': '指北针',
  'print.legend': '图例',
  'print.outline_zone': '本责任区',
  'print.outline_area': '本报告范围',
  'print.footer': '生成时间 {when} · 数据来自网格化治理数据库',
} as const
