// Names that look right to a Qiqihar resident: local road names, district departments, the
// street offices of the district's real streets (divisions.ts has the streets and communities
// themselves, with their codes) and people. The people and phone numbers are invented.
import type { Rng } from './prng'

export const ROADS = ['龙华路', '卜奎大街', '中华路', '新明大街', '永安大街', '民航路', '文化大街', '建华路',
  '站前大街', '北局宅街', '新华路', '西大桥路', '繁荣路', '光荣街', '和平街', '太顺街', '公园路', '爱民路',
  '长青路', '育英街', '明星路', '兴华路', '团结路', '南苑大街']

export type UnitKind = 'department' | 'street_office' | 'enterprise'
export interface UnitName { name: string; title: string; kind: UnitKind }

const UNITS: [string, string, UnitKind][] = [
  ['区城管执法局', '局长', 'department'], ['区住建局', '局长', 'department'], ['区市场监管局', '局长', 'department'],
  ['区交通运输局', '局长', 'department'], ['区卫健局', '局长', 'department'], ['区教育局', '局长', 'department'],
  ['区民政局', '局长', 'department'], ['区生态环境分局', '局长', 'department'], ['区应急管理局', '局长', 'department'],
  ['区水务局', '局长', 'department'], ['区园林绿化中心', '主任', 'department'],
  // the seven streets of divisions-230203.json
  ['中华街道办事处', '党工委书记', 'street_office'], ['西大桥街道办事处', '党工委书记', 'street_office'],
  ['卜奎街道办事处', '党工委书记', 'street_office'], ['建设街道办事处', '党工委书记', 'street_office'],
  ['文化街道办事处', '党工委书记', 'street_office'], ['溪畔街道办事处', '党工委书记', 'street_office'],
  ['北华街道办事处', '党工委书记', 'street_office'],
  ['区供电公司', '总经理', 'enterprise'], ['区自来水公司', '总经理', 'enterprise'], ['区热力公司', '总经理', 'enterprise'],
  ['区燃气公司', '总经理', 'enterprise'], ['区环卫公司', '总经理', 'enterprise'], ['区公交公司', '总经理', 'enterprise'],
  ['区城投公司', '董事长', 'enterprise'], ['区移动分公司', '总经理', 'enterprise'], ['区联通分公司', '总经理', 'enterprise'],
  ['区邮政分公司', '总经理', 'enterprise'],
  ['区文体广电和旅游局', '局长', 'department'], ['区财政局', '局长', 'department'], ['区发改局', '局长', 'department'],
  ['区司法局', '局长', 'department'], ['区人社局', '局长', 'department'], ['区自然资源分局', '局长', 'department'],
  ['区商务局', '局长', 'department'], ['区统计局', '局长', 'department'], ['区审计局', '局长', 'department'],
  ['区退役军人事务局', '局长', 'department'], ['区医保局', '局长', 'department'], ['区信访局', '局长', 'department'],
  ['区科技局', '局长', 'department'], ['区农业农村局', '局长', 'department'], ['区工信局', '局长', 'department'],
  ['区营商环境建设局', '局长', 'department'], ['区机关事务服务中心', '主任', 'department'], ['区融媒体中心', '主任', 'department'],
  ['公安建华分局', '局长', 'department'], ['交警建华大队', '大队长', 'department'], ['区消防救援大队', '大队长', 'department'],
  ['区税务局', '局长', 'department'], ['区总工会', '主席', 'department'], ['团区委', '书记', 'department'],
  ['区妇联', '主席', 'department'], ['区残联', '理事长', 'department'], ['区委宣传部', '部长', 'department'],
  ['区委组织部', '部长', 'department'], ['区委统战部', '部长', 'department'], ['区委政法委', '书记', 'department'],
  ['区纪委监委', '书记', 'department'], ['区委办', '主任', 'department'], ['区政府办', '主任', 'department'],
  ['区人大办', '主任', 'department'],
]

/**
 * The i-th unit (0-based). Beyond the list (larger scales) the same offices get numbered
 * working groups. Some departments' 包保领导 is the deputy district head in charge.
 */
export function unitAt(i: number, rng: Rng): UnitName {
  const [base, title, kind] = UNITS[i % UNITS.length]
  const round = Math.floor(i / UNITS.length)
  const name = round === 0 ? base : `${base}第${chineseNumber(round + 1)}包保组`
  return { name, title: kind === 'department' && rng.chance(0.15) ? '副区长' : title, kind }
}

export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九'
  if (n < 10) return digits[n]
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`
  if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`
  return String(n)
}

// Common surnames in Heilongjiang, most frequent first (drawn with a bias towards the front).
const SURNAMES = '王李张刘杨赵孙于陈高徐马朱郭何林宋郑梁谢韩唐冯董曹袁许吕苏蒋蔡贾丁魏薛叶阎潘杜戴夏姜范方石姚谭邹金陆郝孔白崔康毛邱秦江史顾侯邵孟段钱汤尹常武乔贺付田任宫隋关佟'
const GIVEN_TWO = ['建国', '建华', '国庆', '志刚', '志强', '秀兰', '秀英', '桂兰', '桂芝', '玉珍', '淑芬', '淑华', '丽华', '红梅', '海涛',
  '海燕', '晓明', '晓东', '立新', '立华', '宏伟', '春燕', '凤琴', '雅琴', '文静', '德胜', '永刚', '长江', '金凤', '玉梅', '振华',
  '世杰', '国华', '冬梅', '洪亮', '子涵', '雨欣', '浩然', '思远', '佳琪', '梓轩', '欣怡', '宇航', '一鸣', '俊杰', '天宇', '明辉',
  '成林', '树军', '殿臣', '福生', '喜春', '艳华', '艳玲', '丽娟', '继红', '亚军', '庆丰', '雪峰', '晓丽']
const GIVEN_ONE = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华英斌鑫宇博颖琳'

export function personName(rng: Rng): string {
  const s = SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(SURNAMES.length * rng() ** 1.8))]
  return s + (rng.chance(0.72) ? rng.pick(GIVEN_TWO) : rng.pick([...GIVEN_ONE]))
}

/** A made-up office number in Qiqihar (area code 0452). */
export function phone(rng: Rng): string {
  return `0452-24${String(rng.int(0, 99999)).padStart(5, '0')}`
}

/** The catalogue's categories the demo files issues under (migration *_issue_catalogue.sql: hours, urgency). */
export interface Category { code: string; zh: string; en: string; hours: number; urgency: 'urgent' | 'high' | 'normal' }
export const CATEGORIES: Category[] = [
  { code: 'street_stall', zh: '占道经营', en: 'Street stalls', hours: 24, urgency: 'normal' },
  { code: 'small_ads', zh: '小广告', en: 'Small ads', hours: 48, urgency: 'normal' },
  { code: 'litter', zh: '垃圾堆放', en: 'Litter', hours: 24, urgency: 'normal' },
  { code: 'manhole', zh: '井盖破损', en: 'Broken manhole cover', hours: 12, urgency: 'urgent' },
  { code: 'illegal_building', zh: '违章建筑', en: 'Illegal building', hours: 168, urgency: 'normal' },
  { code: 'illegal_parking', zh: '违规停车', en: 'Illegal parking', hours: 12, urgency: 'high' },
  { code: 'road_damage', zh: '道路破损', en: 'Damaged road', hours: 72, urgency: 'high' },
  { code: 'fumes', zh: '油烟扰民', en: 'Cooking fumes', hours: 72, urgency: 'normal' },
  { code: 'greenery', zh: '绿地损坏', en: 'Damaged green space', hours: 72, urgency: 'normal' },
  { code: 'abandoned_vehicle', zh: '僵尸车', en: 'Abandoned vehicle', hours: 168, urgency: 'normal' },
]

/** Short reports as an officer or a caller would put them: {road}, {cross}, {place}, {community}. */
export const DESCRIPTIONS: Record<string, string[]> = {
  street_stall: ['{road}与{cross}交口有流动摊贩占道经营', '{place}门前摊位越线经营，占用人行道', '{road}人行道被水果摊占用',
    '{place}周边早市散摊占道，影响通行', '{road}沿街商户店外经营', '{community}门口有商贩摆摊卖菜'],
  small_ads: ['{community}楼道墙面张贴小广告', '{road}电线杆上有办证小广告', '{place}单元门口喷涂小广告',
    '{road}公交站亭被贴满小广告', '{community}宣传栏被乱贴乱画'],
  litter: ['{place}垃圾桶满溢，未及时清运', '{road}绿化带内有建筑垃圾堆放', '{community}院内杂物堆放占用消防通道',
    '{place}周边夜间经营后垃圾遍地', '{road}与{cross}交口有生活垃圾堆积', '{community}楼后空地垃圾长期未清'],
  manhole: ['{road}雨水井盖破损，存在安全隐患', '{community}院内污水井盖缺失', '{road}检查井盖松动，车辆经过异响',
    '{road}与{cross}交口井盖下沉', '{place}门前井盖破裂'],
  illegal_building: ['{community}一楼住户私搭乱建彩钢房', '{community}楼顶违规加建', '{road}沿街商户违规搭建雨棚',
    '{place}院内私建仓房', '{community}住户圈占公共绿地建小院'],
  illegal_parking: ['{road}车辆违停占用消防通道', '{place}门口车辆乱停乱放', '{road}公交站台前车辆违停',
    '{road}与{cross}交口车辆占用人行道停放', '{community}小区出入口被私家车堵塞'],
  road_damage: ['{road}路面坑槽，影响通行', '{road}人行道砖破损翘起', '{community}内部道路塌陷',
    '{road}与{cross}交口路面沉降', '{place}门前路沿石破损'],
  fumes: ['{road}沿街烧烤店油烟扰民', '{place}底商餐馆油烟直排', '{place}周边夜市摊点油烟较大',
    '{community}楼下饭店未安装油烟净化设施', '{road}露天烧烤油烟扰民'],
  greenery: ['{road}绿地被踩踏形成便道', '{community}绿化带被毁种菜', '{road}行道树被车辆撞损',
    '{place}周边草坪被占用堆放杂物', '{road}与{cross}交口绿篱缺株'],
  abandoned_vehicle: ['{community}院内长期停放僵尸车', '{road}路边废弃车辆占用车位', '{community}车棚内废弃电动车堆放',
    '{place}周边停放报废三轮车', '{road}辅路有无牌照废弃车辆'],
}

export const FARMERS_MARKETS = ['卜奎农贸市场', '建华农贸市场', '新华农贸市场', '文化农贸市场', '西大桥农贸市场', '光荣农贸市场']
export const MORNING_MARKETS = ['龙华路早市', '永安早市', '站前早市']
export const NIGHT_MARKETS = ['中华路夜市', '新明大街夜市', '民航路夜市']
export const SQUARES = ['火车站站前广场', '中心广场', '文化广场', '体育场广场', '建华公园广场']
export const LANDMARKS = ['区人民医院', '区政府', '中心广场', '体育场', '文化宫', '客运站', '百货大楼', '建华公园',
  '区图书馆', '妇幼保健院', '第二中学', '火车站', '工人文化宫', '科技馆', '老年活动中心', '家居建材城']
export const OLD_COMPOUNDS = ['建华厂家属区', '机床厂宿舍', '车辆厂小区', '纺织小区', '电业局家属楼', '粮库家属区',
  '二建小区', '轻工小区', '毛纺厂小区', '制药厂宿舍', '电机厂小区', '自来水公司宿舍', '供销社家属楼', '卜奎小区',
  '文化街小区', '龙华小区', '教育局宿舍', '铁路住宅区', '光荣小区', '新华小区', '兴华小区', '中华小区']

/** 一, 二, …: suffix a name that is used again at larger scales. */
export const nth = (name: string, round: number) => (round === 0 ? name : `${name}（${chineseNumber(round + 1)}）`)
