-- Zone validation: one list of problem codes, each with a Chinese and an English message,
-- the figures it quotes (area_m2 / min_area_m2, outside_m2, entirely, …) and, where it
-- applies, the offending location. The browser checks while drawing
-- (src/lib/geo/shape-check.ts); this is the authority on save. The app builds its text from
-- the fields with its own number formatting; message_zh / message_en stay complete for any
-- other client (figures grouped by thousands, 1,530, as the app formats numbers). The numbers
-- a zone must respect (vertex cap, minimum area and length, name length, tolerances) are
-- zone_limits(), defined with the zones table in 0200_tables.
--
-- Input is checked for shape in plain SQL before any of it reaches PostGIS: PGlite's PostGIS
-- can die on an exception inside GEOS (pglite#916), and a clear "unclosed ring" beats a
-- parser error. Only well-formed coordinates are handed to ST_GeomFromGeoJSON. Where GEOS
-- can fail without an error on PGlite, every figure must come back or the check is an
-- engine_error (0400_guards), never a false "no problem".
set search_path = public, extensions;

create function public.zone_problem(code text, message_zh text, message_en text,
                                    location geometry default null, extra jsonb default '{}'::jsonb)
returns jsonb language sql immutable set search_path = public, extensions, pg_temp as $$
  select jsonb_build_object('code', code, 'message_zh', message_zh, 'message_en', message_en,
           'location', case when location is null or ST_IsEmpty(location) then null
                            else ST_AsGeoJSON(location, 7)::jsonb end) || extra
$$;

/** A figure for a message: rounded to `digits`, grouped by thousands (105,584 / 2.9). */
create function public.zone_figure(x float8, digits int default 0) returns text
language sql immutable set search_path = '' as $$
  select to_char(round(x::numeric, digits), case when digits > 0 then 'FM999,999,999,999,990.' || repeat('0', digits) else 'FM999,999,999,999,990' end)
$$;

/** The geometry type a zone kind takes, and back. */
create function public.zone_kind_type(kind text) returns text language sql immutable as $$
  select case kind when 'area' then 'Polygon' when 'road' then 'LineString' when 'point' then 'Point' end
$$;

/**
 * Structural problems of a GeoJSON geometry for a zone of `kind` (null: inferred from the
 * type). Returns [] when the geometry is well formed and may be handed to PostGIS.
 * A MultiPolygon with a single part is accepted as that Polygon.
 */
create function public.geojson_shape_problems(g jsonb, kind text default null) returns jsonb
language plpgsql immutable set search_path = public, extensions, pg_temp as $$
declare
  t text; coords jsonb; rings jsonb; ring jsonb; pos jsonb; expected text;
  total int := 0; lon numeric; lat numeric; i int;
  type_names constant text[] := array['Point','LineString','Polygon','MultiPoint','MultiLineString','MultiPolygon','GeometryCollection'];
begin
  if g is null or jsonb_typeof(g) <> 'object' or jsonb_typeof(g -> 'type') is distinct from 'string'
     or not (g ->> 'type' = any (type_names)) then
    return jsonb_build_array(zone_problem('invalid_geojson', '不是有效的 GeoJSON 几何对象（应含 type 与 coordinates）',
      'Not a GeoJSON geometry (it needs "type" and "coordinates")'));
  end if;
  t := g ->> 'type';
  coords := g -> 'coordinates';
  if t = 'MultiPolygon' and jsonb_typeof(coords) = 'array' and jsonb_array_length(coords) = 1 then
    t := 'Polygon'; coords := coords -> 0;
  end if;
  expected := zone_kind_type(kind);
  if (expected is not null and t <> expected) or (expected is null and t not in ('Polygon', 'LineString', 'Point')) then
    return jsonb_build_array(zone_problem('wrong_geometry_type',
      format('几何类型应为%s，实际为 %s%s', coalesce(case expected when 'Polygon' then '面（Polygon）' when 'LineString' then '线（LineString）' when 'Point' then '点（Point）' end, '面、线或点'), g ->> 'type',
             case when g ->> 'type' like 'Multi%' then '；多个部分请分别保存为多个责任区' else '' end),
      format('The geometry must be a %s, not a %s%s', coalesce(expected, 'Polygon, LineString or Point'), g ->> 'type',
             case when g ->> 'type' like 'Multi%' then '; save separate parts as separate zones' else '' end)));
  end if;
  if jsonb_typeof(coords) is distinct from 'array' then
    return jsonb_build_array(zone_problem('invalid_geojson', '缺少坐标数组 coordinates', 'The "coordinates" array is missing'));
  end if;

  rings := case t when 'Point' then jsonb_build_array(jsonb_build_array(coords))
                  when 'LineString' then jsonb_build_array(coords) else coords end;
  if jsonb_array_length(rings) = 0 then
    return jsonb_build_array(zone_problem('too_few_points', '几何没有任何坐标', 'The geometry has no coordinates'));
  end if;
  for ring in select value from jsonb_array_elements(rings) loop
    if jsonb_typeof(ring) <> 'array' then
      return jsonb_build_array(zone_problem('invalid_geojson', '坐标嵌套层级不正确', 'The coordinates are nested wrongly'));
    end if;
    total := total + jsonb_array_length(ring);
  end loop;
  if total > (zone_limits() ->> 'max_vertices')::int then
    return jsonb_build_array(zone_problem('too_many_vertices',
      format('顶点过多：%s 个（上限 %s 个），请简化边界', total, zone_limits() ->> 'max_vertices'),
      format('Too many vertices: %s (at most %s); simplify the boundary', total, zone_limits() ->> 'max_vertices')));
  end if;

  for ring in select value from jsonb_array_elements(rings) loop
    for pos in select value from jsonb_array_elements(ring) loop
      if jsonb_typeof(pos) <> 'array' or jsonb_array_length(pos) not between 2 and 3
         or jsonb_typeof(pos -> 0) <> 'number' or jsonb_typeof(pos -> 1) <> 'number'
         or (jsonb_array_length(pos) = 3 and jsonb_typeof(pos -> 2) <> 'number') then
        return jsonb_build_array(zone_problem('invalid_coordinates',
          format('坐标 %s 无效：应为 [经度, 纬度] 两个数字', left(pos::text, 60)),
          format('Coordinate %s is invalid: expected [longitude, latitude] numbers', left(pos::text, 60))));
      end if;
      lon := (pos ->> 0)::numeric; lat := (pos ->> 1)::numeric;
      if lon not between -180 and 180 or lat not between -90 and 90 then
        if lat between -180 and 180 and lon between -90 and 90 then
          return jsonb_build_array(zone_problem('swapped_coordinates',
            format('坐标 [%s, %s] 的经纬度似乎颠倒了：GeoJSON 的顺序是 [经度, 纬度]', lon, lat),
            format('Coordinate [%s, %s] looks like latitude and longitude swapped: GeoJSON order is [longitude, latitude]', lon, lat)));
        end if;
        return jsonb_build_array(zone_problem('invalid_coordinates',
          format('坐标 [%s, %s] 超出经纬度范围', left(lon::text, 20), left(lat::text, 20)),
          format('Coordinate [%s, %s] is out of the longitude/latitude range', left(lon::text, 20), left(lat::text, 20))));
      end if;
    end loop;
  end loop;

  i := 0;
  for ring in select value from jsonb_array_elements(rings) loop
    i := i + 1;
    if t = 'Polygon' and jsonb_array_length(ring) < 4 then
      return jsonb_build_array(zone_problem('too_few_points',
        format('面的第 %s 个环只有 %s 个坐标，至少需要 4 个（首尾相同）', i, jsonb_array_length(ring)),
        format('Ring %s of the polygon has %s positions; at least 4 are needed (first = last)', i, jsonb_array_length(ring))));
    end if;
    if t = 'Polygon' and (ring -> 0 ->> 0)::numeric <> (ring -> -1 ->> 0)::numeric
                     or t = 'Polygon' and (ring -> 0 ->> 1)::numeric <> (ring -> -1 ->> 1)::numeric then
      return jsonb_build_array(zone_problem('unclosed_ring',
        format('面的第 %s 个环未闭合：首尾坐标必须相同', i),
        format('Ring %s of the polygon is not closed: the first and last positions must be equal', i),
        ST_SetSRID(ST_MakePoint((ring -> -1 ->> 0)::float8, (ring -> -1 ->> 1)::float8), 4326)));
    end if;
    if t = 'LineString' and jsonb_array_length(ring) < 2 then
      return jsonb_build_array(zone_problem('too_few_points', '路段至少需要 2 个坐标', 'A road segment needs at least 2 positions'));
    end if;
  end loop;
  return '[]'::jsonb;
end $$;

/** A well-formed zone GeoJSON (see geojson_shape_problems) as a PostGIS geometry. */
create function public.zone_geometry(g jsonb) returns geometry
language sql immutable set search_path = public, extensions, pg_temp as $$
  select case when GeometryType(x) = 'MULTIPOLYGON' and ST_NumGeometries(x) = 1 then ST_GeometryN(x, 1) else x end
  from (select ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(g::text)), 4326) as x) s
$$;

/**
 * Every problem of a zone geometry for unit `unit`, replacing zone `self` (null: a new zone).
 * outside_district says whether the shape lies ENTIRELY outside the district (no part of it
 * inside beyond the 1 m² / 1 m tolerance — typically coordinates in the wrong place or CRS)
 * or only partly, with the part outside and the whole shape's size; too_small quotes its
 * figure and the minimum; overlaps_zone names the zone, with area_m2 (and length_m for roads).
 * Robust to GEOS failing without an error on PGlite: each figure must come back, and the
 * overlap loop must see every zone whose bounding box meets the shape.
 */
create function public.zone_problems(g jsonb, unit bigint, self bigint, kind text default null) returns jsonb
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  problems jsonb := geojson_shape_problems(g, kind);
  shape geometry; k text; detail valid_detail; district geometry; outside geometry; o record;
  size float8; out_size float8; entirely boolean; candidates int; seen int := 0;
  limits constant jsonb := zone_limits();
begin
  if jsonb_array_length(problems) > 0 then return problems; end if;
  if unit is null or not exists (select 1 from units where id = unit) then
    problems := problems || zone_problem('unknown_unit', format('责任单位 %s 不存在', coalesce(unit::text, '（空）')),
      format('Unit %s does not exist', coalesce(unit::text, '(none)')));
  end if;
  shape := zone_geometry(g);
  if shape is null then perform engine_error('解析图形'); end if;
  k := case GeometryType(shape) when 'POLYGON' then 'area' when 'LINESTRING' then 'road' else 'point' end;

  detail := ST_IsValidDetail(shape);
  if detail is null or detail.valid is null then perform engine_error('几何有效性检查'); end if;
  if not detail.valid then
    return problems || case when detail.reason ilike '%self%intersection%' then
      zone_problem('self_intersection', '边界自相交：边线在标出的位置交叉', 'The boundary crosses itself at the marked point', detail.location)
    else
      zone_problem('invalid_geometry', format('几何无效：%s', detail.reason), format('Invalid geometry: %s', detail.reason), detail.location)
    end;
  end if;
  if k = 'road' and not ST_IsSimple(shape) then
    return problems || zone_problem('self_intersection', '路段自相交：线在标出的位置与自身交叉',
      'The road segment crosses itself at the marked point', ST_Difference(ST_Points(ST_Node(shape)), ST_Points(shape)));
  end if;

  size := case k when 'area' then ST_Area(shape::geography) when 'road' then ST_Length(shape::geography) else 0 end;
  if size is null then perform engine_error('面积计算'); end if;
  if k = 'area' and size < (limits ->> 'min_area_m2')::float8 then
    problems := problems || zone_problem('too_small',
      format('面积太小：约 %s 平方米（片区至少 %s 平方米）', zone_figure(size, 1), limits ->> 'min_area_m2'),
      format('Too small: about %s m² (an area needs at least %s m²)', zone_figure(size, 1), limits ->> 'min_area_m2'),
      ST_PointOnSurface(shape),
      jsonb_build_object('area_m2', round(size::numeric, 1), 'min_area_m2', (limits ->> 'min_area_m2')::numeric));
  elsif k = 'road' and size < (limits ->> 'min_length_m')::float8 then
    problems := problems || zone_problem('too_small',
      format('路段太短：约 %s 米（路段至少 %s 米）', zone_figure(size, 1), limits ->> 'min_length_m'),
      format('Too short: about %s m (a road segment needs at least %s m)', zone_figure(size, 1), limits ->> 'min_length_m'),
      ST_StartPoint(shape),
      jsonb_build_object('length_m', round(size::numeric, 1), 'min_length_m', (limits ->> 'min_length_m')::numeric));
  end if;

  select ST_Union(d.geom) into district from districts d;
  if district is null then perform engine_error('辖区边界'); end if;
  outside := ST_Difference(shape, district);
  if outside is null then perform engine_error('辖区范围检查'); end if;
  out_size := case k when 'area' then ST_Area(outside::geography) when 'road' then ST_Length(outside::geography) else 0 end;
  if out_size is null then perform engine_error('辖区范围检查'); end if;
  entirely := case k when 'area' then size - out_size <= (limits ->> 'outside_tolerance_m2')::float8
                     when 'road' then size - out_size <= (limits ->> 'outside_tolerance_m')::float8
                     else not ST_Covers(district, shape) end;
  if entirely is null then perform engine_error('辖区范围检查'); end if;
  if (k = 'area' and out_size > (limits ->> 'outside_tolerance_m2')::float8)
     or (k = 'road' and out_size > (limits ->> 'outside_tolerance_m')::float8)
     or (k = 'point' and entirely) then
    problems := problems || zone_problem('outside_district',
      case when k = 'area' and entirely then format('完全位于辖区之外（整个片区约 %s 平方米都不在辖区内），请核对坐标', zone_figure(size))
           when k = 'area' then format('部分位于辖区之外（约 %s 平方米）', zone_figure(out_size))
           when k = 'road' and entirely then format('路段完全位于辖区之外（全长约 %s 米），请核对坐标', zone_figure(size))
           when k = 'road' then format('部分路段位于辖区之外（约 %s 米）', zone_figure(out_size))
           else '该点位于辖区之外' end,
      case when k = 'area' and entirely then format('It lies entirely outside the district (none of its %s m² is inside); check the coordinates', zone_figure(size))
           when k = 'area' then format('Part of it lies outside the district (about %s m²)', zone_figure(out_size))
           when k = 'road' and entirely then format('The road segment lies entirely outside the district (all of its %s m); check the coordinates', zone_figure(size))
           when k = 'road' then format('Part of the road segment lies outside the district (about %s m)', zone_figure(out_size))
           else 'The point lies outside the district' end,
      outside,
      jsonb_build_object('entirely', entirely) || case k
        when 'area' then jsonb_build_object('outside_m2', round(out_size::numeric), 'area_m2', round(size::numeric))
        when 'road' then jsonb_build_object('outside_m', round(out_size::numeric), 'length_m', round(size::numeric))
        else '{}'::jsonb end);
  end if;

  -- Overlaps. The candidates are counted by bounding box alone (no GEOS); the loop must then
  -- see each of them with a size, or GEOS failed and "no overlap" would be a lie.
  select count(*) into candidates from zones z
  where z.kind = k and k <> 'point' and z.id is distinct from self and z.geom && shape;
  for o in
    select z.id, z.name, u.name as unit_name, x.shared, x.size
    from zones z join units u on u.id = z.unit_id
    cross join lateral (select ST_CollectionExtract(ST_Intersection(z.geom, shape), case k when 'area' then 3 else 2 end) as shared) s
    cross join lateral (select s.shared, case k when 'area' then ST_Area(s.shared::geography) else ST_Length(s.shared::geography) end as size) x
    where z.kind = k and k <> 'point' and z.id is distinct from self and z.geom && shape
    order by z.id
  loop
    seen := seen + 1;
    if o.size is null then perform engine_error('重叠检查'); end if;
    if o.size > (limits ->> 'overlap_tolerance_m2')::float8 then
      problems := problems || zone_problem('overlaps_zone',
        format('与「%s」的责任区「%s」重叠约 %s %s', o.unit_name, o.name, zone_figure(o.size), case k when 'area' then '平方米' else '米' end),
        format('Overlaps zone "%s" of %s by about %s %s', o.name, o.unit_name, zone_figure(o.size), case k when 'area' then 'm²' else 'm' end),
        o.shared, jsonb_build_object('zone_id', o.id, 'zone_name', o.name, 'unit_name', o.unit_name, 'area_m2', round(o.size::numeric, 1))
          || case k when 'road' then jsonb_build_object('length_m', round(o.size::numeric, 1)) else '{}'::jsonb end);
    end if;
  end loop;
  if seen is distinct from candidates then perform engine_error('重叠检查'); end if;
  return problems;
end $$;

/** validate_zone: the problems of a shape, as save_zone would find them ([] = it can be saved). */
create function public.validate_zone(geom jsonb, unit_id bigint, zone_id bigint default null) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select zone_problems(geom, unit_id, zone_id)::json
$$;

/** A zone name: trimmed, 1 to zone_limits().max_name_length (120) characters, no markup or control characters. */
create function public.clean_zone_name(name text) returns text
language plpgsql immutable set search_path = public, extensions, pg_temp as $$
declare n text := btrim(coalesce(name, '')); max_length constant int := (zone_limits() ->> 'max_name_length')::int;
begin
  if length(n) = 0 or length(n) > max_length then
    raise exception 'invalid_name: 名称须为 1 到 % 个字符', max_length using hint = 'invalid_name';
  end if;
  if n ~ '[<>[:cntrl:]]' then
    raise exception 'invalid_name: 名称不能包含 < > 或控制字符' using hint = 'invalid_name';
  end if;
  return n;
end $$;

/** What is wrong with a zone name, as a problem list ([] when save_zone would accept it). */
create function public.zone_name_problems(name text) returns json
language plpgsql immutable set search_path = public, extensions, pg_temp as $$
declare n text := btrim(coalesce(name, '')); max_length constant int := (zone_limits() ->> 'max_name_length')::int;
begin
  -- the caller's text is echoed in no message, and at most this much of it is looked at
  if length(coalesce(name, '')) > 10000 then
    return json_build_array(zone_problem('invalid_name', format('名称须为 1 到 %s 个字符', max_length), format('The name must be 1 to %s characters', max_length),
      null, jsonb_build_object('reason', 'length', 'max', max_length)));
  end if;
  perform clean_zone_name(name);
  return '[]'::json;
exception when others then
  if sqlerrm not like 'invalid_name:%' then raise; end if;
  return json_build_array(zone_problem('invalid_name',
    case when length(n) = 0 or length(n) > max_length then format('名称须为 1 到 %s 个字符', max_length) else '名称不能包含 < > 或控制字符' end,
    case when length(n) = 0 or length(n) > max_length then format('The name must be 1 to %s characters', max_length) else 'The name must not contain < > or control characters' end,
    null, jsonb_build_object('reason', case when length(n) = 0 then 'empty' when length(n) > max_length then 'length' else 'characters' end, 'max', max_length)));
end $$;
