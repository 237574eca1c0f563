-- What leaders ask of an area: the panel figures for a zone, an administrative area or any
-- drawn shape (one function, area_report, so a figure never differs between them), search,
-- drill-down through the hierarchy, and the monthly ranking with red and blue flags.
set search_path = public, extensions;

/**
 * Everything the panel shows about an area: area_figures plus the issue ledger figures —
 * resolution rate, median hours to close, closed this month, the overdue issues, a 12-week
 * trend of reported and closed, and the places where problems recur.
 */
create function public.area_report(area geometry) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  with inside as (
    select i.* from issues i where i.geom && area and ST_Covers(area, i.geom)
  ),
  weeks as (
    select generate_series(date_trunc('week', now()) - interval '11 weeks', date_trunc('week', now()), interval '1 week') as week
  )
  select area_figures(area) || jsonb_build_object(
    'resolution_rate', (select round(count(*) filter (where status = 'closed')::numeric / nullif(count(*), 0), 4) from inside),
    'median_close_hours', (select round((percentile_cont(0.5) within group (order by extract(epoch from closed_at - reported_at)) / 3600)::numeric, 1)
                           from inside where closed_at is not null),
    'closed_this_month', (select count(*) from inside where closed_at >= date_trunc('month', now())),
    'reported_this_month', (select count(*) from inside where reported_at >= date_trunc('month', now())),
    'overdue_issues', coalesce((select jsonb_agg(jsonb_build_object('id', o.id, 'code', o.code, 'category', o.category,
          'category_zh', c.name_zh, 'category_en', c.name_en, 'description', o.description, 'deadline', o.deadline,
          'escalation', o.escalation, 'unit_name', u.name,
          'lon', round(ST_X(o.geom)::numeric, 6), 'lat', round(ST_Y(o.geom)::numeric, 6)) order by o.deadline)
        from inside o join issue_categories c on c.code = o.category left join units u on u.id = o.unit_id
        where issue_is_overdue(o.status, o.deadline)), '[]'::jsonb),
    'trend', (select jsonb_agg(jsonb_build_object('week', to_char(w.week, 'YYYY-MM-DD'),
          'reported', (select count(*) from inside where reported_at >= w.week and reported_at < w.week + interval '1 week'),
          'closed', (select count(*) from inside where closed_at >= w.week and closed_at < w.week + interval '1 week')) order by w.week)
        from weeks w),
    'recurring', coalesce((select jsonb_agg(s.r order by s.weeks desc) from (
        select jsonb_build_object('category', i.category, 'name_zh', c.name_zh, 'name_en', c.name_en,
                 'weeks', count(distinct date_trunc('week', i.reported_at)), 'issues', count(*),
                 'lon', round(avg(ST_X(i.geom))::numeric, 6), 'lat', round(avg(ST_Y(i.geom))::numeric, 6)) as r,
               count(distinct date_trunc('week', i.reported_at)) as weeks
        from inside i join issue_categories c on c.code = i.category
        group by i.category, c.name_zh, c.name_en, ST_SnapToGrid(i.geom, 0.0005)
        having count(distinct date_trunc('week', i.reported_at)) >= 6) s), '[]'::jsonb))
$$;

/** The panel for any drawn area (polygon GeoJSON) — the same computation as a zone's. */
create function public.area_summary(geom jsonb) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare problems jsonb := geojson_shape_problems(geom, null); shape geometry;
begin
  if jsonb_array_length(problems) > 0 then
    raise exception '%: %', problems -> 0 ->> 'code', problems -> 0 ->> 'message_zh'
      using hint = problems -> 0 ->> 'code', detail = problems::text;
  end if;
  shape := zone_geometry(geom);
  if GeometryType(shape) <> 'POLYGON' then
    raise exception 'wrong_geometry_type: 请画一个面' using hint = 'wrong_geometry_type';
  end if;
  if not ST_IsValid(shape) then
    raise exception 'self_intersection: 所画范围自相交' using hint = 'self_intersection';
  end if;
  return area_report(shape)::json;
end $$;

-- The zone panel is area_report applied to the zone's shape.
create function public.zone_summary(zone_id bigint) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare z zones;
begin
  select * into z from zones where id = zone_id;
  if not found then
    raise exception 'zone_not_found: 责任区 % 不存在', zone_id using hint = 'zone_not_found';
  end if;
  return (jsonb_build_object(
      'zone', jsonb_build_object('id', z.id, 'name', z.name, 'kind', z.kind, 'version', z.version,
                                 'updated_at', z.updated_at, 'updated_by_name', z.updated_by_name,
                                 'bbox', jsonb_build_array(ST_XMin(z.geom), ST_YMin(z.geom), ST_XMax(z.geom), ST_YMax(z.geom))),
      'unit', unit_info(z.unit_id))
    -- road and point zones are summarised over a 30 m band around them
    || area_report(case when z.kind = 'area' then z.geom else ST_Buffer(z.geom::geography, 30)::geometry end))::json;
end $$;

/** An administrative area (district, street, community or grid) with its figures and children. */
-- SUPERSEDED by 20261202000500_hostile_input_caps.sql (create or replace); kept as applied history.
create function public.admin_area_summary(level text, code text) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare shape geometry; nm text; parent jsonb; children jsonb;
begin
  case level
    when 'district' then
      select d.geom, d.name, null,
             (select jsonb_agg(jsonb_build_object('level', 'street', 'code', s.code, 'name', s.name) order by s.code) from streets s where s.district_code = d.code)
        into shape, nm, parent, children from districts d where d.code = admin_area_summary.code;
    when 'street' then
      select s.geom, s.name, jsonb_build_object('level', 'district', 'code', d.code, 'name', d.name),
             (select jsonb_agg(jsonb_build_object('level', 'community', 'code', c.code, 'name', c.name) order by c.code) from communities c where c.street_code = s.code)
        into shape, nm, parent, children from streets s join districts d on d.code = s.district_code where s.code = admin_area_summary.code;
    when 'community' then
      select c.geom, c.name, jsonb_build_object('level', 'street', 'code', s.code, 'name', s.name),
             (select jsonb_agg(jsonb_build_object('level', 'grid', 'code', g.code, 'name', g.name) order by g.code) from grids g where g.community_code = c.code)
        into shape, nm, parent, children from communities c join streets s on s.code = c.street_code where c.code = admin_area_summary.code;
    when 'grid' then
      select g.geom, g.name, jsonb_build_object('level', 'community', 'code', c.code, 'name', c.name), '[]'::jsonb
        into shape, nm, parent, children from grids g join communities c on c.code = g.community_code where g.code = admin_area_summary.code;
    else
      raise exception 'invalid_level: 层级须为 district、street、community 或 grid' using hint = 'invalid_level';
  end case;
  if shape is null then
    raise exception 'area_not_found: % % 不存在', level, code using hint = 'area_not_found';
  end if;
  return (jsonb_build_object('level', level, 'code', code, 'name', nm, 'parent', parent,
            'children', coalesce(children, '[]'::jsonb),
            'bbox', jsonb_build_array(ST_XMin(shape), ST_YMin(shape), ST_XMax(shape), ST_YMax(shape)))
          || area_report(shape))::json;
end $$;

/**
 * Search zones, units, grids (by code or name), communities and streets. Every character
 * typed must appear in order (so partial Chinese like 建华 or 卜奎街 matches), exact and
 * prefix matches rank first.
 */
create function public.search_places(q text, max_results integer default 20) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  with term as (
    select btrim(coalesce(q, '')) as t,
           '%' || array_to_string(array(select replace(replace(replace(c, '\', '\\'), '%', '\%'), '_', '\_')
                                        from regexp_split_to_table(btrim(coalesce(q, '')), '') c where c <> ' '), '%') || '%' as pattern
  ),
  candidates as (
    select 'zone' as kind, z.id::text as id, z.name as label, u.name as sublabel, z.geom from zones z join units u on u.id = z.unit_id
    union all
    select 'unit', u.id::text, u.name, u.leader_name, (select ST_Collect(z.geom) from zones z where z.unit_id = u.id) from units u
    union all
    select 'grid', g.code, g.name || ' ' || g.code, c.name, g.geom from grids g join communities c on c.code = g.community_code
    union all
    select 'community', c.code, c.name, s.name, c.geom from communities c join streets s on s.code = c.street_code
    union all
    select 'street', s.code, s.name, null, s.geom from streets s
  )
  select coalesce(json_agg(json_build_object('kind', r.kind, 'id', r.id, 'label', r.label, 'sublabel', r.sublabel,
                                             'bbox', r.bbox) order by r.score, r.label), '[]'::json)
  from (
    select c.kind, c.id, c.label, c.sublabel,
           case when c.geom is null then null else json_build_array(ST_XMin(c.geom), ST_YMin(c.geom), ST_XMax(c.geom), ST_YMax(c.geom)) end as bbox,
           case when c.label = t.t or c.id = t.t then 0 when c.label like t.t || '%' or c.id like t.t || '%' then 1
                when position(t.t in c.label) > 0 then 2 else 3 end
           + case c.kind when 'zone' then 0 when 'unit' then 0.1 when 'street' then 0.2 when 'community' then 0.3 else 0.4 end as score
    from candidates c, term t
    where length(t.t) > 0 and (c.label ilike t.pattern or c.id like t.t || '%' or coalesce(c.sublabel, '') ilike t.pattern and c.kind = 'zone')
    order by score, c.label
    limit greatest(1, least(coalesce(max_results, 20), 100))
  ) r
$$;

-- 每月一评: the month's targets are data. A row with month = null holds the standing targets;
-- a row for a month overrides them.
create table public.monthly_targets (
  month                 date unique check (month is null or month = date_trunc('month', month)::date),
  min_resolution_rate   numeric not null check (min_resolution_rate between 0 and 1),
  max_overdue           integer not null check (max_overdue >= 0),
  max_response_hours    numeric not null check (max_response_hours > 0)
);
alter table public.monthly_targets enable row level security;
grant select on public.monthly_targets to anon, authenticated;
grant insert, update, delete on public.monthly_targets to authenticated;
create policy "monthly_targets readable by everyone" on public.monthly_targets for select to anon, authenticated using (true);
create policy "monthly_targets written by admins" on public.monthly_targets for all to authenticated
  using ((select public.is_admin())) with check ((select public.is_admin()));
insert into public.monthly_targets (month, min_resolution_rate, max_overdue, max_response_hours) values (null, 0.85, 3, 24);

/**
 * Units ranked for a month (any date in it): issues dispatched to the unit and reported in
 * the month; resolution rate = closed / reported; overdue = still open past the deadline at
 * the month's end (or now, for the current month); response hours = mean hours from report
 * to dispatch. Red flag when all three targets are met, blue when any is missed. Units with
 * no issues that month meet the targets. Rank: resolution rate desc, overdue asc, response asc.
 */
create function public.unit_ranking(month date default null) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  with m as (
    select date_trunc('month', coalesce(month, now()::date))::timestamptz as start,
           least(date_trunc('month', coalesce(month, now()::date))::timestamptz + interval '1 month', now()) as until
  ),
  target as (
    select t.* from monthly_targets t, m
    where t.month = m.start::date or t.month is null order by t.month is null limit 1
  ),
  per_unit as (
    select u.id, u.name, u.leader_name,
           count(i.id) as reported,
           count(i.id) filter (where i.closed_at is not null and i.closed_at < m.until) as closed,
           count(i.id) filter (where i.deadline < m.until and (i.closed_at is null or i.closed_at >= m.until)) as overdue,
           avg(extract(epoch from i.dispatched_at - i.reported_at) / 3600) filter (where i.dispatched_at is not null) as response_hours
    from units u cross join m
    left join issues i on i.unit_id = u.id and i.reported_at >= m.start and i.reported_at < m.until
    group by u.id, u.name, u.leader_name
  ),
  scored as (
    select p.*, case when p.reported = 0 then 1 else p.closed::numeric / p.reported end as rate from per_unit p
  )
  select json_build_object(
    'month', to_char((select start from m), 'YYYY-MM'),
    'targets', (select json_build_object('min_resolution_rate', min_resolution_rate, 'max_overdue', max_overdue,
                                         'max_response_hours', max_response_hours) from target),
    'units', coalesce(json_agg(json_build_object(
      'rank', r.rank, 'unit_id', r.id, 'unit_name', r.name, 'leader_name', r.leader_name,
      'reported', r.reported, 'closed', r.closed, 'resolution_rate', round(r.rate, 4), 'overdue', r.overdue,
      'response_hours', round(r.response_hours::numeric, 1), 'flag', r.flag) order by r.rank), '[]'::json))
  from (
    select s.*, rank() over (order by s.rate desc, s.overdue, s.response_hours nulls last, s.id) as rank,
           case when s.rate >= t.min_resolution_rate and s.overdue <= t.max_overdue
                     and coalesce(s.response_hours, 0) <= t.max_response_hours then 'red' else 'blue' end as flag
    from scored s cross join target t
  ) r
$$;
