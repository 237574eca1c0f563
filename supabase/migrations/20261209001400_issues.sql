-- Issues: the catalogue as the app reads it, registering an issue (挂号) and dispatching it by
-- space ("吹哨报到"): the responsible unit is found from the zones at the point
-- (dispatch_candidates) — a road segment within a tolerance, a point zone within its radius,
-- else the area zone. Exactly one clear candidate: dispatched at once, with the reason; a
-- point on a border between units, or in two units' overlapping zones: registered for the
-- command centre to confirm from the ranked candidates; a point no zone covers: registered,
-- marked no responsible unit (dispatch_reason 'no_zone'). The issue keeps the zone id, the
-- unit and the zone version it was dispatched under, so a later boundary change never
-- rewrites who was responsible then; zone_history holds the shape of that version.
-- The later steps (accept, handle, verify, close, …): 1800_issue_workflow.
-- Security definer because no API role writes issues directly (0300_security); the checks
-- below are the whole permission model.
set search_path = public, extensions;

/**
 * The issue catalogue for the filter panel, the legend, the map's glyphs and the register
 * form: every 小类 with its 大类 (group, 事件 or 部件), deadline, urgency and response time,
 * closing condition and glyph, in both languages; events first, then components.
 */
create function public.issue_category_list() returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select coalesce(json_agg(json_build_object('code', c.code, 'name_zh', c.name_zh, 'name_en', c.name_en,
           'deadline_hours', c.deadline_hours, 'group_code', g.code, 'group_zh', g.name_zh, 'group_en', g.name_en,
           'kind', g.kind, 'urgency', u.code, 'urgency_zh', u.name_zh, 'urgency_en', u.name_en,
           'response_hours', u.response_hours, 'closing_condition_zh', c.closing_condition_zh,
           'closing_condition_en', c.closing_condition_en, 'glyph', c.glyph)
         order by g.kind = 'component', g.sort_order, g.code, c.sort_order, c.code), '[]'::json)
  from issue_categories c join issue_category_groups g on g.code = c.group_code join issue_urgencies u on u.code = c.urgency
$$;

/**
 * The rules of dispatch by space, one definition (dispatch_candidates reads them):
 *   road_tolerance_m     a point this close to a road-segment zone is on that road
 *   point_radius_m       a point zone's reach when the zone has no radius_m of its own
 *   border_m             a point this close to another unit's area zone is on the border
 *   max_nearby_radius_m  the largest radius nearby_open_issues accepts
 */
create function public.dispatch_rules() returns jsonb language sql immutable as $$
  select jsonb_build_object('road_tolerance_m', 20, 'point_radius_m', 50, 'border_m', 5, 'max_nearby_radius_m', 500)
$$;

/**
 * The units that may be responsible at a point, best first, one entry per unit (its best zone):
 * reason 'road' (a road segment within road_tolerance_m) or 'point' (a point zone within its
 * radius) first, then 'area' (an area zone covering the point, the point on its boundary
 * included), then 'border' (an area zone not covering the point but within border_m of it);
 * within a reason the nearer, then the smaller zone, then the lower id. `contender` marks the
 * units the command centre must choose among: the road/point units when there are any, else
 * the area and border units. Exactly one contender, reached by road, point or area: clear.
 */
create function public.dispatch_candidates_at(here geometry) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  with r as (
    select (dispatch_rules() ->> 'road_tolerance_m')::float8 as road_m, (dispatch_rules() ->> 'point_radius_m')::float8 as point_m,
           (dispatch_rules() ->> 'border_m')::float8 as border_m, here::geography as g
  ),
  measured as (
    -- the box (about 1 km either way) lets the index narrow the zones; the geography decides
    select z.id, z.unit_id, z.name, z.kind, z.version, z.radius_m,
           case when z.kind = 'area' and ST_Covers(z.geom, here) then 0 else ST_Distance(z.geom::geography, r.g) end as m,
           case when z.kind = 'area' then ST_Area(z.geom::geography) else 0 end as size
    from zones z, r where z.geom && ST_Expand(here, 0.015)
  ),
  hits as (
    select m.*, case when m.kind = 'road' and m.m <= r.road_m then 'road'
                     when m.kind = 'point' and m.m <= coalesce(m.radius_m, r.point_m) then 'point'
                     when m.kind = 'area' and m.m = 0 then 'area'
                     when m.kind = 'area' and m.m <= r.border_m then 'border' end as reason
    from measured m, r
  ),
  best as (
    select distinct on (h.unit_id) h.*, case h.reason when 'area' then 2 when 'border' then 3 else 1 end as tier
    from hits h where h.reason is not null
    order by h.unit_id, case h.reason when 'area' then 2 when 'border' then 3 else 1 end, h.m, h.size, h.id
  ),
  deciding as (select min(tier) as tier from best)
  select coalesce(jsonb_agg(jsonb_build_object('unit_id', b.unit_id, 'unit_name', u.name, 'zone_id', b.id, 'zone_name', b.name,
           'zone_kind', b.kind, 'zone_version', b.version, 'distance_m', round(b.m::numeric, 1), 'reason', b.reason,
           'contender', d.tier > 1 or b.tier = 1)
         order by b.tier, b.m, b.size, b.id), '[]'::jsonb)
  from best b join units u on u.id = b.unit_id cross join deciding d
$$;

/** The one clear candidate of a candidate list (dispatch_candidates_at), or null when there is none or several. */
create function public.clear_candidate(candidates jsonb) returns jsonb
language sql immutable set search_path = public, extensions, pg_temp as $$
  select case when count(*) = 1 and bool_and(c ->> 'reason' <> 'border') then (array_agg(c))[1] end
  from jsonb_array_elements(candidates) c where (c ->> 'contender')::boolean
$$;

/** dispatch_candidates_at for the app: signed in, a coordinate on Earth, a known category or none. */
create function public.dispatch_candidates(lon double precision, lat double precision, category text default null) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare here geometry; cands jsonb; pick jsonb;
begin
  perform require_signed_in();
  perform refuse_long_text(category, 64, '问题类别');
  -- the category is checked, not yet used: the catalogue gives no category its own responsible unit
  if category is not null and not exists (select 1 from issue_categories c where c.code = dispatch_candidates.category) then
    raise exception 'unknown_category: 问题类别 % 不存在', category using hint = 'unknown_category';
  end if;
  here := lonlat_point(lon, lat);  -- raises invalid_coordinates
  cands := dispatch_candidates_at(here);
  pick := clear_candidate(cands);
  -- `clear`: the one dispatch_issue would dispatch to at once (the app says so before filing)
  return (select coalesce(json_agg(c || jsonb_build_object('clear', pick is not null and c = pick) order by n), '[]'::json)
          from jsonb_array_elements(cands) with ordinality x(c, n));
end $$;

/**
 * Open issues (not closed) within radius_m (default 50, at most max_nearby_radius_m) of a point,
 * nearest first, at most 20 — "is it one of these?" before registering a second report of
 * the same problem (attach_issue_report counts it on the existing issue).
 */
create function public.nearby_open_issues(lon double precision, lat double precision, category text default null,
                                          radius_m double precision default 50) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare here geometry; r double precision := coalesce(radius_m, 50);
begin
  perform require_signed_in();
  perform refuse_long_text(category, 64, '问题类别');
  if r = 'NaN' or r < 1 or r > (dispatch_rules() ->> 'max_nearby_radius_m')::float8 then
    raise exception 'invalid_input: 查找半径须为 1 到 % 米', dispatch_rules() ->> 'max_nearby_radius_m' using hint = 'invalid_input';
  end if;
  here := lonlat_point(lon, lat);
  return (select coalesce(json_agg(json_build_object('id', n.id, 'code', n.code, 'category', n.category,
            'category_zh', n.name_zh, 'category_en', n.name_en, 'status', n.status, 'distance_m', round(n.d::numeric, 1),
            'reported_at', n.reported_at, 'report_count', n.report_count, 'description', n.description,
            'unit_name', n.unit_name, 'lon', round(ST_X(n.geom)::numeric, 6), 'lat', round(ST_Y(n.geom)::numeric, 6))
            order by n.d, n.id), '[]'::json)
    from (
      select i.id, i.code, i.category, c.name_zh, c.name_en, i.status, i.reported_at, i.report_count, i.description,
             u.name as unit_name, i.geom, ST_Distance(i.geom::geography, here::geography) as d
      from issues i join issue_categories c on c.code = i.category left join units u on u.id = i.unit_id
      where i.status <> 'closed'
        and i.geom && ST_Expand(here, r / (111000 * cos(radians(lat))) * 1.05, r / 111000 * 1.05)
        and ST_DWithin(i.geom::geography, here::geography, r)
        and (nearby_open_issues.category is null or i.category = nearby_open_issues.category)
      order by d, i.id limit 20
    ) n);
end $$;

/**
 * Who may register issues and take steps: signed in as an officer, the command centre
 * (dispatcher) or an administrator; leaders and the wall read only.
 */
create function public.issue_actor(action text) returns public.app_users
language plpgsql stable security definer set search_path = '' as $$
declare me public.app_users;
begin
  select * into me from public.app_users where id = (select auth.uid());
  if not found then
    raise exception 'not_signed_in: 请先登录再%', action using hint = 'not_signed_in';
  end if;
  if me.role not in ('admin', 'dispatcher', 'officer') then
    raise exception 'forbidden: 当前角色（%）不能%', me.role, action using hint = 'forbidden';
  end if;
  return me;
end $$;

/** Why a candidate is responsible, as the dispatch step's note says it. */
create function public.candidate_note(c jsonb) returns text
language sql immutable set search_path = public, extensions, pg_temp as $$
  select case c ->> 'reason'
    when 'road' then format('距路段「%s」%s 米（容差 %s 米）', c ->> 'zone_name', c ->> 'distance_m', dispatch_rules() ->> 'road_tolerance_m')
    when 'point' then format('在点位「%s」的范围内（距 %s 米）', c ->> 'zone_name', c ->> 'distance_m')
    when 'area' then format('在责任区「%s」内', c ->> 'zone_name')
    when 'border' then format('距责任区「%s」边界 %s 米', c ->> 'zone_name', c ->> 'distance_m')
  end || '，责任单位：' || (c ->> 'unit_name')
$$;

/**
 * Register an issue at a point (挂号) and, when exactly one unit is clearly responsible there,
 * dispatch it to that unit at once (for whoever registers: officer, command centre or admin);
 * otherwise it stays registered for the command centre: 'ambiguous' (several candidates, or
 * only a border) or 'no_zone' (nobody responsible: a coverage gap). Both steps are recorded in
 * issue_events. Ids are generated always, so it takes its id from the sequence explicitly (the
 * code carries it). Returns the issue with its candidates.
 */
create function public.dispatch_issue(lon double precision, lat double precision, category text,
                                      description text, address text default null, source text default 'patrol')
returns json
language plpgsql volatile security definer set search_path = '' as $$
declare
  me public.app_users; cat public.issue_categories; here extensions.geometry; cands jsonb; pick jsonb;
  what text; place text; new_id bigint; saved public.issues; yr integer := extract(year from now()); num integer;
begin
  if length(dispatch_issue.category) > 64 or length(description) > 500 or length(address) > 200 or length(dispatch_issue.source) > 20 then
    raise exception 'invalid_input: 问题描述须为 1 到 500 个字符，地址至多 200 个字符，且不含控制字符' using hint = 'invalid_input';
  end if;
  me := public.issue_actor('登记问题');
  what := btrim(coalesce(description, '')); place := nullif(btrim(coalesce(address, '')), '');
  select * into cat from public.issue_categories c where c.code = dispatch_issue.category;
  if not found then
    raise exception 'unknown_category: 问题类别 % 不存在', coalesce(dispatch_issue.category, '（空）') using hint = 'unknown_category';
  end if;
  if length(what) = 0 or what ~ '[[:cntrl:]]' or place ~ '[[:cntrl:]]' then
    raise exception 'invalid_input: 问题描述须为 1 到 500 个字符，地址至多 200 个字符，且不含控制字符' using hint = 'invalid_input';
  end if;
  if coalesce(dispatch_issue.source, '') not in ('patrol', 'hotline', 'app', 'inspection') then
    raise exception 'invalid_input: 来源须为 patrol、hotline、app 或 inspection' using hint = 'invalid_input';
  end if;
  here := public.lonlat_point(lon, lat);  -- raises invalid_coordinates
  if not exists (select 1 from public.districts d where extensions.ST_Covers(d.geom, here)) then
    raise exception 'outside_district: 该位置不在辖区内' using hint = 'outside_district';
  end if;

  cands := public.dispatch_candidates_at(here);
  pick := public.clear_candidate(cands);
  new_id := nextval(pg_get_serial_sequence('public.issues', 'id'));
  -- the year's next case number, without gaps (issue_case_numbers); the year's first filing
  -- starts after the highest number already filed in it (the seeded or imported cases)
  update public.issue_case_numbers n set last = n.last + 1 where n.year = yr returning n.last into num;
  if num is null then
    insert into public.issue_case_numbers as n (year, last)
    values (yr, 1 + (select coalesce(max(substring(i.code from '(\d+)$')::integer), 0) from public.issues i where i.code like format('JH%s-%%', yr)))
    on conflict (year) do update set last = n.last + 1
    returning n.last into num;
  end if;
  insert into public.issues (id, code, category, description, address, source, geom, reported_at,
                             dispatched_at, deadline, status, unit_id, zone_id, zone_version, dispatch_reason)
  overriding system value
  values (new_id, format('JH%s-%s', yr, lpad(num::text, 6, '0')), cat.code, what, place,
          dispatch_issue.source, here, now(),
          case when pick is not null then now() end,
          case when pick is not null then now() + make_interval(hours => cat.deadline_hours) end,
          case when pick is not null then 'dispatched' else 'registered' end,
          (pick ->> 'unit_id')::bigint, (pick ->> 'zone_id')::bigint, (pick ->> 'zone_version')::integer,
          case when pick is not null then pick ->> 'reason' when jsonb_array_length(cands) > 0 then 'ambiguous' else 'no_zone' end)
  returning * into saved;

  insert into public.issue_events (issue_id, actor_id, actor_name, action, from_status, to_status, note)
  values (saved.id, me.id, me.display_name, 'register', null, 'registered',
          case when pick is null and jsonb_array_length(cands) > 0 then format('有 %s 个可能的责任单位，待指挥中心确认', jsonb_array_length(cands))
               when pick is null then '该位置无责任单位（覆盖缺口），待指挥中心处理' end);
  if pick is not null then
    insert into public.issue_events (issue_id, actor_id, actor_name, action, from_status, to_status, unit_id, note)
    values (saved.id, me.id, me.display_name, 'dispatch', 'registered', 'dispatched', saved.unit_id, public.candidate_note(pick));
  end if;

  return json_build_object('id', saved.id, 'code', saved.code, 'category', saved.category, 'status', saved.status,
    'reported_at', saved.reported_at, 'dispatched_at', saved.dispatched_at, 'deadline', saved.deadline,
    'unit_id', saved.unit_id, 'unit_name', pick ->> 'unit_name', 'zone_id', saved.zone_id,
    'zone_name', pick ->> 'zone_name', 'zone_version', saved.zone_version, 'dispatch_reason', saved.dispatch_reason,
    'no_responsible_unit', saved.dispatch_reason = 'no_zone', 'candidates', cands);
end $$;

revoke all on function public.dispatch_candidates_at(geometry) from public, anon, authenticated;
