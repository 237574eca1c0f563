// Names that look right to a Qiqihar resident: real street (街道) names of 建华区, local road
// names, community names, departments and people. Invented people, real-sounding places.
import type { Rng } from './prng'

export const STREETS = ['中华街道', '卜奎街道', '文化街道', '新华街道', '西大桥街道']

export const ROADS = ['龙华路', '卜奎大街', '中华路', '新明大街', '永安大街', '民航路', '建华路', '文化大街',
  '光明路', '平安路', '和平路', '富强路', '幸福路', '站前大街', '北局宅街', '西大桥路', '新华路', '繁荣路']

const COMMUNITY_STEMS = ['兴华', '光荣', '友谊', '繁荣', '春晖', '明星', '祥和', '安居', '新兴', '东升', '育英', '和平',
  '民航', '站前', '建设', '红旗', '胜利', '团结', '北苑', '南苑', '丰恒', '卜奎', '龙华', '永安', '文苑', '新明',
  '长青', '康乐', '景秀', '福源', '锦绣', '金达', '阳光', '铁西', '西桥', '立新', '华安', '宏伟', '利民', '同心']

export function communityName(i: number): string {
  const stem = COMMUNITY_STEMS[i % COMMUNITY_STEMS.length]
  const round = Math.floor(i / COMMUNITY_STEMS.length)
  return `${stem}${round ? ['', '二', '三', '四', '五', '六', '七', '八', '九', '十'][round % 10] || round + 1 : ''}社区`
}

export const DEPARTMENTS: [string, string, 'department' | 'street_office' | 'enterprise'][] = [
  ['区城管执法局', '局长', 'department'], ['区住建局', '局长', 'department'], ['区市场监管局', '局长', 'department'],
  ['区交通运输局', '局长', 'department'], ['区卫健局', '局长', 'department'], ['区教育局', '局长', 'department'],
  ['区民政局', '局长', 'department'], ['区生态环境分局', '局长', 'department'], ['区应急管理局', '局长', 'department'],
  ['区水务局', '局长', 'department'], ['区园林绿化中心', '主任', 'department'], ['区文体旅游局', '局长', 'department'],
  ['区财政局', '局长', 'department'], ['区发改局', '局长', 'department'], ['区司法局', '局长', 'department'],
  ['区人社局', '局长', 'department'], ['区自然资源分局', '局长', 'department'], ['区商务局', '局长', 'department'],
  ['区统计局', '局长', 'department'], ['区审计局', '局长', 'department'], ['区退役军人事务局', '局长', 'department'],
  ['区医保局', '局长', 'department'], ['区信访局', '局长', 'department'], ['区科技局', '局长', 'department'],
  ['区农业农村局', '局长', 'department'], ['区工信局', '局长', 'department'], ['区政务服务中心', '主任', 'department'],
  ['区机关事务中心', '主任', 'department'], ['区融媒体中心', '主任', 'department'], ['区总工会', '主席', 'department'],
  ['团区委', '书记', 'department'], ['区妇联', '主席', 'department'], ['区残联', '理事长', 'department'],
  ['区工商联', '主席', 'department'], ['区科协', '主席', 'department'], ['区档案馆', '馆长', 'department'],
  ['区委宣传部', '部长', 'department'], ['区委组织部', '部长', 'department'], ['区委统战部', '部长', 'department'],
  ['区委政法委', '书记', 'department'], ['区纪委监委', '书记', 'department'], ['区委办', '主任', 'department'],
  ['区政府办', '主任', 'department'], ['区人大办', '主任', 'department'], ['区政协办', '主任', 'department'],
  ['中华街道办事处', '主任', 'street_office'], ['卜奎街道办事处', '主任', 'street_office'], ['文化街道办事处', '主任', 'street_office'],
  ['新华街道办事处', '主任', 'street_office'], ['西大桥街道办事处', '主任', 'street_office'],
  ['区供电公司', '经理', 'enterprise'], ['区自来水公司', '经理', 'enterprise'], ['区热力公司', '经理', 'enterprise'],
  ['区燃气公司', '经理', 'enterprise'], ['区环卫集团', '经理', 'enterprise'], ['区公交公司', '经理', 'enterprise'],
  ['区城投公司', '经理', 'enterprise'], ['区物业服务中心', '主任', 'enterprise'], ['区建投集团', '经理', 'enterprise'],
  ['区通信分公司', '经理', 'enterprise'],
]

/** The nth unit's name; beyond the list (larger scales) units get numbered offices. */
export function unitAt(i: number): [string, string, 'department' | 'street_office' | 'enterprise'] {
  if (i < DEPARTMENTS.length) return DEPARTMENTS[i]
  const [name, title, kind] = DEPARTMENTS[i % DEPARTMENTS.length]
  return [`${name}第${Math.floor(i / DEPARTMENTS.length) + 1}工作组`, title, kind]
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志强海燕春雷晓东俊峰立新文博宏宇佳琪子涵浩然雨欣思远鹏飞'

export function personName(rng: Rng): string {
  const s = SURNAMES[Math.floor(rng() * SURNAMES.length)]
  const len = rng.chance(0.7) ? 2 : 1
  let g = ''
  for (let i = 0; i < len; i++) g += GIVEN[Math.floor(rng() * GIVEN.length)]
  return s + g
}

export function phone(rng: Rng): string {
  return `0452-24${String(rng.int(0, 99999)).padStart(5, '0')}`
}

export const CATEGORIES: [code: string, zh: string, en: string, hours: number][] = [
  ['street_stall', '占道经营', 'Street stalls', 24],
  ['small_ads', '小广告', 'Small ads', 48],
  ['litter', '垃圾堆放', 'Litter', 24],
  ['manhole', '井盖破损', 'Broken manhole cover', 12],
  ['illegal_building', '违章建筑', 'Illegal building', 168],
  ['illegal_parking', '违规停车', 'Illegal parking', 12],
  ['road_damage', '道路破损', 'Damaged road', 72],
  ['fumes', '油烟扰民', 'Cooking fumes', 72],
  ['greenery', '绿地损坏', 'Damaged green space', 72],
  ['abandoned_vehicle', '僵尸车', 'Abandoned vehicle', 168],
]

export const DESCRIPTIONS: Record<string, string[]> = {
  street_stall: ['{road}路边有流动摊贩占道经营', '{place}门前早市摊位越线经营', '{road}人行道被水果摊占用'],
  small_ads: ['{place}楼道墙面张贴小广告', '{road}电线杆上有办证小广告', '{place}单元门口喷涂小广告'],
  litter: ['{place}垃圾桶满溢未及时清运', '{road}绿化带内有建筑垃圾堆放', '{place}院内杂物堆放占用通道'],
  manhole: ['{road}雨水井盖破损存在安全隐患', '{place}院内污水井盖缺失', '{road}检查井盖松动异响'],
  illegal_building: ['{place}一楼住户私搭乱建彩钢房', '{place}楼顶违规加建', '{road}沿街商户违规搭建雨棚'],
  illegal_parking: ['{road}车辆违停占用消防通道', '{place}门口车辆乱停乱放', '{road}公交站台前车辆违停'],
  road_damage: ['{road}路面坑槽影响通行', '{road}人行道砖破损翘起', '{place}内部道路塌陷'],
  fumes: ['{road}沿街烧烤店油烟扰民', '{place}底商餐馆油烟直排', '{road}夜市摊点油烟较大'],
  greenery: ['{road}绿地被踩踏形成便道', '{place}绿化带被毁种菜', '{road}行道树被车辆撞损'],
  abandoned_vehicle: ['{place}内长期停放僵尸车', '{road}路边废弃车辆占用车位', '{place}车棚内废弃电动车堆放'],
}
