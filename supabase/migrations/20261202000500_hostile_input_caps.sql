-- Hostile input refused fast (issue 10): a 100,000-character search ran 16–36 s, 50 m
-- hotspot cells 27–54 s, a filter of 10,000 categories 6–17 s; an invalid shape handed to
-- zone_change_impact was computed with anyway. Each API function below now checks its
-- input at the top — text length, array and jsonb sizes, cell counts, validity — and refuses
-- with a coded error ('<code>: <message>', the code in HINT) before any real work.
--
-- How: where it can, the computation keeps its body under a `*_unchecked` name, callable by nobody but its
-- owner; the API function with the original name and parameters checks, then calls it.
-- The API function is SECURITY DEFINER only so it may call the computation; it first
-- refuses anyone not signed in, which is all RLS asks of these reads (every table they read
-- is readable by every signed-in user).
set search_path = public, extensions;

/** A text argument longer than `max` characters is refused as input_too_long. */
create function public.refuse_long_text(value text, max integer, what text) returns void
language plpgsql immutable set search_path = '' as $$
begin
  if pg_catalog.length(value) > max then
    raise exception 'input_too_long: %过长（%个字符，至多 %个）', what, pg_catalog.length(value), max using hint = 'input_too_long';
  end if;
end $$;

/** Reads need a signed-in person; before sign-in nothing but current_user_info answers. */
create function public.require_signed_in() returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if not public.is_signed_in() then
    raise exception 'not_signed_in: 请先登录' using hint = 'not_signed_in';
  end if;
end $$;

/**
 * The issue filters' shape (see issue_matches): an object of at most 4 KB with only known
 * keys; category a text or at most 200 texts of at most 64 characters; state at most the three
 * states; days 1–36,500; from/to timestamps. Anything else: invalid_filters, with what.
 */
create function public.check_issue_filters(filters jsonb) returns void
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare bad text; k text;
begin
  if filters is null or jsonb_typeof(filters) = 'null' then return; end if;
  if jsonb_typeof(filters) <> 'object' then bad := '筛选条件应为对象';
  elsif pg_column_size(filters) > 4096 then bad := '筛选条件过大';
  else
    select string_agg(key, '、') into k from jsonb_object_keys(filters) key
    where key not in ('category', 'state', 'days', 'from', 'to');
    if k is not null then bad := format('未知的筛选项 %s', left(k, 40)); end if;
  end if;
  if bad is null and jsonb_typeof(filters -> 'category') = 'array' then
    if jsonb_array_length(filters -> 'category') > 200 then bad := '问题类别至多 200 个';
    elsif exists (select 1 from jsonb_array_elements(filters -> 'category') c
                  where jsonb_typeof(c) <> 'string' or length(c #>> '{}') > 64) then bad := '问题类别应为文字编码';
    end if;
  elsif bad is null and filters ? 'category' and jsonb_typeof(filters -> 'category') not in ('string', 'null') then
    bad := '问题类别应为文字编码';
  end if;
  if bad is null and filters ? 'state' and jsonb_typeof(filters -> 'state') = 'array' then
    if jsonb_array_length(filters -> 'state') > 3
       or exists (select 1 from jsonb_array_elements_text(filters -> 'state') s where s not in ('open', 'overdue', 'closed')) then
      bad := '状态只能是 open、overdue、closed';
    end if;
  end if;
  if bad is null and jsonb_typeof(filters -> 'days') = 'number'
     and ((filters ->> 'days')::numeric not between 1 and 36500 or (filters ->> 'days')::numeric <> trunc((filters ->> 'days')::numeric)) then
    bad := '天数须为 1 到 36500 的整数';
  end if;
  if bad is null then
    begin
      perform (filters ->> 'from')::timestamptz, (filters ->> 'to')::timestamptz;
    exception when others then
      bad := '起止时间格式无效';
    end;
  end if;
  if bad is not null then
    raise exception 'invalid_filters: %', bad using hint = 'invalid_filters';
  end if;
end $$;

-- ── The guarded API functions ─────────────────────────────────────────────────────────────

alter function public.search_places(text, integer) rename to search_places_unchecked;
create function public.search_places(q text, max_results integer default 20) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(q, 100, '搜索词');
  return search_places_unchecked(q, max_results);
end $$;

alter function public.issue_hotspots(jsonb, double precision, integer) rename to issue_hotspots_unchecked;
/**
 * Hotspots with cells of 100 m to 5 km and at most 10,000 cells over the district's bounding
 * box (the 300 m default makes about 2,000 for the demo district), counted from the extent
 * before any cell is built.
 */
create function public.issue_hotspots(filters jsonb default null, cell_m double precision default 300,
                                      recurring_weeks integer default 6)
returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare box box2d; cells float8;
begin
  perform require_signed_in();
  perform check_issue_filters(filters);
  if cell_m is null or cell_m < 100 or cell_m > 5000 or cell_m <> cell_m then
    raise exception 'invalid_cell_size: 网格尺寸须在 100 到 5000 米之间' using hint = 'invalid_cell_size';
  end if;
  if recurring_weeks is null or recurring_weeks < 2 or recurring_weeks > 53 then
    raise exception 'invalid_recurring_weeks: 反复出现的周数须在 2 到 53 之间' using hint = 'invalid_recurring_weeks';
  end if;
  box := district_extent();
  -- the box's area on the ground over one cell's (a hexagon cell_m wide: √3/2·cell_m²)
  cells := ST_Area(ST_SetSRID(box::geometry, 4326)::geography) / (sqrt(3) / 2 * cell_m * cell_m);
  if cells > 10000 then
    raise exception 'invalid_cell_size: 网格过小：全区将有约 % 个网格（至多 10000 个），请加大网格尺寸', round(cells)
      using hint = 'invalid_cell_size';
  end if;
  return issue_hotspots_unchecked(filters, cell_m, recurring_weeks);
end $$;

alter function public.layer_geojson(text, double precision[], jsonb) rename to layer_geojson_unchecked;
create function public.layer_geojson(layer_id text, bbox double precision[] default null, filters jsonb default null)
returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(layer_id, 63, '图层编号');
  if bbox is not null and cardinality(bbox) <> 4 then
    raise exception 'invalid_bbox: 范围应为 [西, 南, 东, 北]' using hint = 'invalid_bbox';
  end if;
  -- filters are the layer's own (zones take unit_id); the issues layer's are checked in full
  if filters is not null and (jsonb_typeof(filters) not in ('object', 'null') or pg_column_size(filters) > 4096) then
    raise exception 'invalid_filters: 筛选条件应为不超过 4 KB 的对象' using hint = 'invalid_filters';
  end if;
  if layer_id = 'issues' then perform check_issue_filters(filters); end if;
  return layer_geojson_unchecked(layer_id, bbox, filters);
end $$;

alter function public.grids_union(text[]) rename to grids_union_unchecked;
create function public.grids_union(grid_codes text[]) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  if cardinality(grid_codes) > 500 then
    raise exception 'too_many_grids: 一次至多合并 500 个网格（选了 % 个）', cardinality(grid_codes) using hint = 'too_many_grids';
  end if;
  if exists (select 1 from unnest(grid_codes) c where length(c) > 20) then
    raise exception 'unknown_grid: 有网格编码不存在' using hint = 'unknown_grid';
  end if;
  return grids_union_unchecked(grid_codes);
end $$;

-- zone_change_impact and admin_area_summary name their own parameters by the function's name
-- (zone_change_impact.zone_id), so they are replaced whole with the checks at the top.
/** What a boundary change moves between units (20261125001100), only for a shape that could be saved at all. */
create or replace function public.zone_change_impact(geom jsonb, unit_id bigint, zone_id bigint default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare problems jsonb := geojson_shape_problems(geom, 'area'); shape geometry; old_shape geometry; affected geometry; detail valid_detail;
begin
  perform require_signed_in();
  perform raise_problems(problems);
  shape := zone_geometry(geom);
  -- an invalid shape (a bow-tie) has no impact to compute: GEOS would throw on it (on PGlite,
  -- silently), and the answer would be a list of changes that cannot happen
  detail := ST_IsValidDetail(shape);
  if detail is null then perform engine_error('几何有效性检查'); end if;
  if not detail.valid then
    perform raise_problems(jsonb_build_array(zone_problem(
      case when detail.reason ilike '%self%intersection%' then 'self_intersection' else 'invalid_geometry' end,
      '边界自相交或几何无效，无法计算影响', 'The boundary crosses itself or is invalid; the impact cannot be computed', detail.location)));
  end if;
  select z.geom into old_shape from zones z where z.id = zone_change_impact.zone_id;
  affected := case when old_shape is null then shape else ST_Union(shape, old_shape) end;
  return (with features as (
      select 'issue' as kind, i.id::text as id, i.code || ' ' || c.name_zh as label, i.geom as at
        from issues i join issue_categories c on c.code = i.category where i.status <> 'closed' and i.geom && affected
      union all select 'grid', g.code, g.name || ' ' || g.code, ST_PointOnSurface(g.geom) from grids g where g.geom && affected
      union all select 'market', m.id::text, m.name, m.geom from markets m where m.geom && affected
      union all select 'parking', p.id::text, p.name, p.geom from parking_lots p where p.geom && affected
      union all select 'compound', k.id::text, k.name, ST_PointOnSurface(k.geom) from compounds k where k.geom && affected
    ), owners as (
      select f.*,
        (select json_build_object('zone_id', z.id, 'unit_id', z.unit_id, 'unit_name', u.name)
           from zones z join units u on u.id = z.unit_id
           where z.kind = 'area' and ST_Covers(z.geom, f.at) order by ST_Area(z.geom), z.id limit 1) as before,
        (select json_build_object('zone_id', x.id, 'unit_id', x.unit_id, 'unit_name', u.name)
           from (select z.id, z.unit_id, z.geom, false as edited from zones z where z.kind = 'area' and z.id is distinct from zone_change_impact.zone_id
                 union all select zone_change_impact.zone_id, zone_change_impact.unit_id, shape, true) x
           join units u on u.id = x.unit_id
           where ST_Covers(x.geom, f.at) order by x.edited desc, ST_Area(x.geom), x.id limit 1) as after
      from features f
    )
    select json_build_object('changes', coalesce(json_agg(json_build_object('kind', o.kind, 'id', o.id, 'label', o.label,
             'lon', round(ST_X(o.at)::numeric, 6), 'lat', round(ST_Y(o.at)::numeric, 6),
             'from_unit', o.before -> 'unit_name', 'from_unit_id', o.before -> 'unit_id',
             'to_unit', o.after -> 'unit_name', 'to_unit_id', o.after -> 'unit_id') order by o.kind, o.id), '[]'::json))
    from owners o
    where (o.before ->> 'unit_id') is distinct from (o.after ->> 'unit_id'));
end $$;

/** A district, street, community or grid with its figures (20261125001000), its codes checked first. */
create or replace function public.admin_area_summary(level text, code text) returns json
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

alter function public.coverage_report(text) rename to coverage_report_unchecked;
create function public.coverage_report(district_code text) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(district_code, 20, '区划编码');
  return coverage_report_unchecked(district_code);
end $$;

-- The computations answer only through their guards; the guards, like every function here,
-- only signed-in users (anon: current_user_info alone, see *_writes_through_the_api.sql).
revoke all on function public.search_places_unchecked(text, integer), public.issue_hotspots_unchecked(jsonb, double precision, integer),
  public.layer_geojson_unchecked(text, double precision[], jsonb), public.grids_union_unchecked(text[]),
  public.coverage_report_unchecked(text) from public, anon, authenticated;
revoke all on function public.search_places(text, integer), public.issue_hotspots(jsonb, double precision, integer),
  public.layer_geojson(text, double precision[], jsonb), public.grids_union(text[]),
  public.zone_change_impact(jsonb, bigint, bigint), public.admin_area_summary(text, text), public.coverage_report(text),
  public.refuse_long_text(text, integer, text), public.require_signed_in(), public.check_issue_filters(jsonb) from public, anon;
grant execute on function public.search_places(text, integer), public.issue_hotspots(jsonb, double precision, integer),
  public.layer_geojson(text, double precision[], jsonb), public.grids_union(text[]),
  public.zone_change_impact(jsonb, bigint, bigint), public.admin_area_summary(text, text), public.coverage_report(text)
  to authenticated;
