-- validate_zone's messages, told apart and with their figures:
--  * outside_district says whether the shape lies ENTIRELY outside the district (no part of
--    it inside, beyond the 1 m² / 1 m tolerance — typically coordinates in the wrong place or
--    CRS) or only partly, and carries `entirely`, the part outside and the whole shape's size
--    (outside_m2 / area_m2 for areas, outside_m / length_m for roads);
--  * too_small quotes its figure with the unit and the minimum, and carries area_m2 /
--    min_area_m2 (length_m / min_length_m for a road);
--  * overlaps_zone of two roads carries length_m as well as area_m2 (kept, it was always sent);
--  * figures in the messages are grouped by thousands (1,530), as the app formats numbers.
-- The app builds its text from these fields with its own number formatting; message_zh /
-- message_en stay complete for any other client.
set search_path = public, extensions;

/** A figure for a message: rounded to `digits`, grouped by thousands (105,584 / 2.9). */
create or replace function public.zone_figure(x float8, digits int default 0) returns text
language sql immutable set search_path = '' as $$
  select to_char(round(x::numeric, digits), case when digits > 0 then 'FM999,999,999,999,990.' || repeat('0', digits) else 'FM999,999,999,999,990' end)
$$;

-- SUPERSEDED by 20261202000400_writes_through_the_api.sql (create or replace); kept as applied history.
create or replace function public.zone_problems(g jsonb, unit bigint, self bigint, kind text default null) returns jsonb
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  problems jsonb := geojson_shape_problems(g, kind);
  shape geometry; k text; detail valid_detail; district geometry; outside geometry; o record;
  size float8; out_size float8; entirely boolean;
  limits constant jsonb := zone_limits();
begin
  if jsonb_array_length(problems) > 0 then return problems; end if;
  if unit is null or not exists (select 1 from units where id = unit) then
    problems := problems || zone_problem('unknown_unit', format('责任单位 %s 不存在', coalesce(unit::text, '（空）')),
      format('Unit %s does not exist', coalesce(unit::text, '(none)')));
  end if;
  shape := zone_geometry(g);
  k := case GeometryType(shape) when 'POLYGON' then 'area' when 'LINESTRING' then 'road' else 'point' end;

  detail := ST_IsValidDetail(shape);
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
  outside := ST_Difference(shape, district);
  out_size := case k when 'area' then ST_Area(outside::geography) when 'road' then ST_Length(outside::geography) else 0 end;
  -- entirely outside: what is left inside is within the tolerance (nothing, or a touch)
  entirely := case k when 'area' then size - out_size <= (limits ->> 'outside_tolerance_m2')::float8
                     when 'road' then size - out_size <= 1
                     else not ST_Covers(district, shape) end;
  if (k = 'area' and out_size > (limits ->> 'outside_tolerance_m2')::float8)
     or (k = 'road' and out_size > 1)
     or (k = 'point' and not ST_Covers(district, shape)) then
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

  for o in
    select z.id, z.name, u.name as unit_name, x.shared, x.size
    from zones z join units u on u.id = z.unit_id
    cross join lateral (select ST_CollectionExtract(ST_Intersection(z.geom, shape), case k when 'area' then 3 else 2 end) as shared) s
    cross join lateral (select s.shared, case k when 'area' then ST_Area(s.shared::geography) else ST_Length(s.shared::geography) end as size) x
    where z.kind = k and k <> 'point' and z.id is distinct from self and z.geom && shape and ST_Intersects(z.geom, shape)
    order by z.id
  loop
    if o.size > (limits ->> 'overlap_tolerance_m2')::float8 then
      problems := problems || zone_problem('overlaps_zone',
        format('与「%s」的责任区「%s」重叠约 %s %s', o.unit_name, o.name, zone_figure(o.size), case k when 'area' then '平方米' else '米' end),
        format('Overlaps zone "%s" of %s by about %s %s', o.name, o.unit_name, zone_figure(o.size), case k when 'area' then 'm²' else 'm' end),
        o.shared, jsonb_build_object('zone_id', o.id, 'zone_name', o.name, 'unit_name', o.unit_name, 'area_m2', round(o.size::numeric, 1))
          || case k when 'road' then jsonb_build_object('length_m', round(o.size::numeric, 1)) else '{}'::jsonb end);
    end if;
  end loop;
  return problems;
end $$;

grant execute on function public.zone_figure(float8, int) to anon, authenticated;
