-- What leaders ask of an area: the panel figures for a zone, an administrative area or any
-- drawn shape (one computation, area_figures + area_report, so a figure never differs
-- between them), drill-down through the hierarchy, and search. The monthly ranking:
-- 1300_ranking.
set search_path = public, extensions;

-- The two rates, each with its own name and one definition (README, "The two rates"):
--   closed_share     办结占比    closed ÷ received: of every issue reported in the area (or
--                                month), the share closed — area_report, the zone panel;
--   due_closure_rate 到期办结率  closed ÷ (closed + overdue): of the issues that should be
--                                settled by now, the share closed; issues not yet due do not
--                                count — unit_ranking (1300) and its target min_due_closure_rate.
-- Plain SQL with no SET clause, so the planner inlines them.

/** 办结占比: closed ÷ received; null when nothing was received (结案率, closed ÷ due, is unit_indicators' closure_rate). */
create function public.closed_share(closed bigint, received bigint) returns numeric
language sql immutable as $$
  select closed::numeric / nullif(received, 0)
$$;

/** 到期办结率: closed ÷ (closed + overdue); null when nothing is due. */
create function public.due_closure_rate(closed bigint, overdue bigint) returns numeric
language sql immutable as $$
  select closed::numeric / nullif(closed + overdue, 0)
$$;

/**
 * The figures for any area: the one computation behind the zone panel, the drill-down
 * levels and ad-hoc areas, so a figure never differs between them.
 */
-- REPLACED by 20261209002200_city_scale.sql
create function public.area_figures(area geometry) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  with inside_issues as (
    select i.status, i.deadline from issues i where ST_Covers(area, i.geom)
  ),
  inside_grids as (
    select g.code from grids g where g.geom && area and ST_Covers(area, ST_PointOnSurface(g.geom)) order by g.code
  )
  select jsonb_build_object(
    'area_km2', round((ST_Area(area::geography) / 1e6)::numeric, 4),
    'grid_count', (select count(*) from inside_grids),
    'grids', coalesce((select jsonb_agg(code) from inside_grids), '[]'::jsonb),
    'issues', (select jsonb_build_object(
        'total', count(*),
        'by_status', jsonb_build_object(
            'registered', count(*) filter (where status = 'registered'),
            'dispatched', count(*) filter (where status = 'dispatched'),
            'accepted', count(*) filter (where status = 'accepted'),
            'handled', count(*) filter (where status = 'handled'),
            'verified', count(*) filter (where status = 'verified'),
            'closed', count(*) filter (where status = 'closed'),
            'returned', count(*) filter (where status = 'returned'),
            'rework', count(*) filter (where status = 'rework'),
            'deferred', count(*) filter (where status = 'deferred'),
            'parked', count(*) filter (where status = 'parked')),
        'open', count(*) filter (where status <> 'closed'),
        'overdue', count(*) filter (where issue_is_overdue(status, deadline)),
        'closed', count(*) filter (where status = 'closed'))
      from inside_issues),
    'markets', (select jsonb_build_object('count', count(*), 'stalls', coalesce(sum(stall_count), 0))
                from markets m where ST_Covers(area, m.geom)),
    'parking', (select jsonb_build_object('count', count(*), 'capacity', coalesce(sum(capacity), 0),
                                          'new_spaces', coalesce(sum(new_spaces), 0))
                from parking_lots p where ST_Covers(area, p.geom)),
    'compounds', (select jsonb_build_object('count', count(*), 'buildings', coalesce(sum(buildings), 0),
                                            'households', coalesce(sum(households), 0))
                  from compounds c where c.geom && area and ST_Covers(area, ST_PointOnSurface(c.geom))))
$$;

/**
 * Everything the panel shows about an area: area_figures plus the issue ledger figures —
 * closed_share (办结占比), median hours to close, closed this month, the overdue issues, a
 * 12-week trend of reported and closed, and the places where problems recur.
 */
-- REPLACED by 20261209002200_city_scale.sql
create function public.area_report(area geometry) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  with inside as (
    select i.* from issues i where i.geom && area and ST_Covers(area, i.geom)
  ),
  weeks as (
    select generate_series(date_trunc('week', now()) - interval '11 weeks', date_trunc('week', now()), interval '1 week') as week
  )
  select area_figures(area) || jsonb_build_object(
    'closed_share', (select round(closed_share(count(*) filter (where status = 'closed'), count(*)), 4) from inside),
    'median_close_hours', (select round((percentile_cont(0.5) within group (order by extract(epoch from closed_at - reported_at)) / 3600)::numeric, 1)
                           from inside where closed_at is not null),
    'closed_this_month', (select count(*) from inside where closed_at >= date_trunc('month', now())),
    'reported_this_month', (select count(*) from inside where reported_at >= date_trunc('month', now())),
    'overdue_issues', coalesce((select jsonb_agg(jsonb_build_object('id', o.id, 'code', o.code, 'category', o.category,
          'category_zh', c.name_zh, 'category_en', c.name_en, 'description', o.description, 'deadline', o.deadline,
          'escalation', issue_escalation_level(o.status, o.deadline, o.handled_at, o.closed_at, now()), 'unit_name', u.name,
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

/** The zone panel: area_report applied to the zone's shape, with the zone and its unit. */
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

/**
 * An administrative area (district, street, community or grid) with its figures, its parent
 * and its children; level and code checked first.
 */
create function public.admin_area_summary(level text, code text) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare shape geometry; nm text; parent jsonb; children jsonb;
begin
  perform require_signed_in();
  perform refuse_long_text(level, 20, '层级');
  perform refuse_long_text(code, 20, '区划编码');
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
create function public.search_places_unchecked(q text, max_results integer default 20) returns json
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

/** search_places_unchecked behind the guards (0400_guards): signed in, at most 100 characters. */
create function public.search_places(q text, max_results integer default 20) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(q, 100, '搜索词');
  return search_places_unchecked(q, max_results);
end $$;

revoke all on function public.search_places_unchecked(text, integer) from public, anon, authenticated;
