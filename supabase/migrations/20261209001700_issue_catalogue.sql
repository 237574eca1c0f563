-- The issue catalogue as data (tables: 0200_tables): 大类 and 小类 of 事件 (events) and 部件
-- (components), in the spirit of GB/T 30428.2's classes, with each 小类's handling deadline
-- (hours from dispatch), closing condition (结案条件), urgency (how soon it must be accepted) and
-- the glyph the map draws on its dot; and the escalation levels from the deadline (督办 / 催办 /
-- 查办). The ten original categories keep their codes, names, deadlines and glyphs (the demo's
-- issues are filed under them); the others are there to be registered under. A deployment
-- changes the rows, not the code: issue_category_list() (1400_issues) serves them.
set search_path = public, extensions;

insert into public.issue_category_groups (code, kind, name_zh, name_en, sort_order) values
  ('street_order',      'event',     '街面秩序', 'Street order',             10),
  ('city_appearance',   'event',     '市容环境', 'City appearance',          20),
  ('advertising',       'event',     '宣传广告', 'Advertising',              30),
  ('construction',      'event',     '施工管理', 'Construction sites',       40),
  ('illegal_building',  'event',     '违法建设', 'Illegal construction',     50),
  ('emergency',         'event',     '突发事件', 'Emergencies',              60),
  ('other_event',       'event',     '其他事件', 'Other events',             90),
  ('public_facilities', 'component', '公用设施', 'Public utilities',         10),
  ('road_traffic',      'component', '道路交通', 'Roads and traffic',        20),
  ('sanitation',        'component', '市容环卫', 'Sanitation facilities',    30),
  ('landscaping',       'component', '园林绿化', 'Parks and green space',    40),
  ('other_component',   'component', '其他部件', 'Other components',         90);

-- 响应时限: hours from dispatch within which the unit must accept the issue (响应率).
insert into public.issue_urgencies (code, name_zh, name_en, response_hours, sort_order) values
  ('urgent', '紧急', 'Urgent', 1, 10),
  ('high',   '较急', 'High',   2, 20),
  ('normal', '一般', 'Normal', 4, 30);

insert into public.issue_categories (code, name_zh, name_en, deadline_hours, group_code, urgency,
                                     closing_condition_zh, closing_condition_en, glyph, sort_order) values
  -- 事件 · 街面秩序
  ('street_stall',      '占道经营',   'Street stalls',                24, 'street_order', 'normal', '摊点撤离，占用的道路恢复通行',   'The stalls are gone and the way is clear',              '摊', 10),
  ('illegal_parking',   '违规停车',   'Illegal parking',              12, 'street_order', 'high',   '车辆驶离或依法处理，通道畅通',   'The vehicle is moved or dealt with, the way is clear',  '停', 20),
  ('abandoned_vehicle', '僵尸车',     'Abandoned vehicle',           168, 'street_order', 'normal', '车辆清拖，原地无遗留',           'The vehicle is towed away, nothing left behind',        '车', 30),
  ('shop_overflow',     '店外经营',   'Trading outside the shop',     24, 'street_order', 'normal', '商品撤回店内，门前无占道',       'The goods are back inside, the pavement is clear',      '店', 40),
  ('outdoor_barbecue',  '露天烧烤',   'Open-air barbecue',             4, 'street_order', 'high',   '烧烤摊撤除，无油烟',             'The grill is gone, no smoke',                           '烤', 50),
  -- 事件 · 市容环境
  ('litter',            '垃圾堆放',   'Litter',                       24, 'city_appearance', 'normal', '垃圾清运完毕，地面无残留',     'The rubbish is cleared, nothing left on the ground',    '垃', 10),
  ('fumes',             '油烟扰民',   'Cooking fumes',                72, 'city_appearance', 'normal', '加装或修复油烟净化设施，排放达标', 'A fume purifier is fitted or repaired, emissions within limits', '烟', 20),
  ('dirty_road',        '道路不洁',   'Dirty road',                   12, 'city_appearance', 'normal', '路面清扫干净',                 'The road is swept clean',                               '洁', 30),
  -- 事件 · 宣传广告
  ('small_ads',         '小广告',     'Small ads',                    48, 'advertising', 'normal', '小广告清除干净，无残留',           'The ads are removed without trace',                     '广', 10),
  ('illegal_signboard', '违规牌匾',   'Unapproved signboard',        168, 'advertising', 'normal', '牌匾拆除或依规整改',               'The signboard is removed or brought into line',         '匾', 20),
  -- 事件 · 施工管理
  ('construction_dust', '工地扬尘',   'Construction dust',            24, 'construction', 'high',   '裸土覆盖、洒水降尘，无明显扬尘', 'Bare soil covered and sprayed, no visible dust',        '尘', 10),
  ('spill',             '道路遗撒',   'Spill from a truck',            4, 'construction', 'urgent', '遗撒清理干净，路面无污染',       'The spill is cleaned up, the road is clean',            '撒', 20),
  -- 事件 · 违法建设
  ('illegal_building',  '违章建筑',   'Illegal building',            168, 'illegal_building', 'normal', '违建拆除或依法处置完毕',   'The illegal structure is removed or dealt with by law', '违', 10),
  -- 事件 · 突发事件
  ('waterlogging',      '道路积水',   'Waterlogged road',              4, 'emergency', 'urgent', '积水排除，道路恢复通行',            'The water is drained, the road is open',                '水', 10),
  ('snow_ice',          '积雪结冰',   'Snow and ice on the road',     12, 'emergency', 'high',   '积雪清除，路面无结冰',              'The snow is cleared, no ice on the road',               '雪', 20),
  -- 部件 · 公用设施
  ('manhole',           '井盖破损',   'Broken manhole cover',         12, 'public_facilities', 'urgent', '井盖更换或修复，平稳无松动', 'The cover is replaced or repaired, level and firm',     '井', 10),
  ('street_light',      '路灯损坏',   'Broken street light',          48, 'public_facilities', 'normal', '路灯修复，夜间正常亮灯',     'The light is repaired and lit at night',                '灯', 20),
  ('storm_drain',       '雨水箅子破损', 'Broken drain grate',          24, 'public_facilities', 'high',   '箅子更换或修复，无缺失',     'The grate is replaced or repaired',                     '箅', 30),
  -- 部件 · 道路交通
  ('road_damage',       '道路破损',   'Damaged road',                 72, 'road_traffic', 'high',   '路面修补平整',                   'The surface is patched and level',                      '路', 10),
  ('guardrail',         '护栏损坏',   'Damaged guardrail',            72, 'road_traffic', 'normal', '护栏修复或更换，连续稳固',       'The guardrail is repaired or replaced, continuous and firm', '栏', 20),
  ('traffic_sign',      '交通标志损坏', 'Damaged traffic sign',        72, 'road_traffic', 'normal', '标志修复，清晰可见',             'The sign is repaired and clearly visible',              '标', 30),
  -- 部件 · 市容环卫
  ('trash_bin',         '垃圾箱损坏', 'Damaged litter bin',           48, 'sanitation', 'normal', '垃圾箱修复或更换',                 'The bin is repaired or replaced',                       '箱', 10),
  -- 部件 · 园林绿化
  ('greenery',          '绿地损坏',   'Damaged green space',          72, 'landscaping', 'normal', '绿地补植修复，无裸露',             'The green space is replanted, no bare soil',            '绿', 10),
  ('street_tree',       '行道树损坏', 'Damaged street tree',          72, 'landscaping', 'normal', '树木扶正、修剪或补植',             'The tree is straightened, pruned or replaced',          '树', 20);

-- 一级督办 as soon as the deadline has passed, 二级催办 a week later, 三级查办 six weeks later.
insert into public.escalation_levels (level, code, name_zh, name_en, after_hours) values
  (1, 'supervise',   '督办', 'Supervised',   0),
  (2, 'urge',        '催办', 'Urged',        168),
  (3, 'investigate', '查办', 'Investigated', 1008);
