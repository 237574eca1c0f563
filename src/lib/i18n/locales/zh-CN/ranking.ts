// The monthly unit ranking (每月一评).
export const ranking = {
  'rank.title': '每月一评 · 单位排名',
  'rank.month': '月份',
  'rank.bad_month': '请选择一个月份',
  'rank.targets': '该月目标：到期办结率 ≥ {rate}，超期 ≤ {overdue} 件，平均响应 ≤ {hours} 小时',
  'rank.red': '红旗',
  'rank.blue': '蓝旗',
  'rank.rank': '名次',
  'rank.unit': '单位 / 包保领导',
  'rank.reported': '上报',
  'rank.closed': '办结',
  'rank.pending': '未到期',
  'rank.rate': '到期办结率',
  'rank.overdue': '超期',
  'rank.response': '响应（小时）',
  'rank.flag': '评定',
  'rank.hint': '红旗：达到该月全部目标；蓝旗：有目标未达到。到期办结率 = 办结 ÷（办结 + 超期），未到期的事件不计入；该月没有到期事件的单位不计到期办结率（—）。点击单位，在地图上突出显示其全部责任区。',
} as const
