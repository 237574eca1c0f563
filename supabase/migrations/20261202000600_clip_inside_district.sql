-- Issue 10, "nothing lost in the browser":
--
--  * clip_zone (一键裁剪) keeps only the part of a drawn area that is INSIDE the district and
--    free of other zones. Until now it subtracted the other zones only, so a shape that both
--    overlapped a neighbour and stuck out of the district kept its outside part: the officer
--    accepted the clip, 检查 then reported outside_district, and the one-click fix fixed
--    half of it. Same signature and answer shape as before, plus `outside_m2` (the part cut
--    off at the district boundary), so the app can say what went where.
--  * zone_name_problems(name) says what is wrong with a zone name in the problem-list shape
--    validate_zone uses ([] when the name is fine), with clean_zone_name's rules — it calls
--    clean_zone_name and turns its refusal into a problem — so 检查 (validate_zone +
--    zone_name_problems) and save_zone can never disagree about a name.
set search_path = public, extensions;

create or replace function public.clip_zone(geom jsonb, zone_id bigint default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare problems jsonb := geojson_shape_problems(geom, 'area'); shape geometry; district geometry; inside geometry;
        clipped geometry; kept geometry; o record; result json;
begin
  perform raise_problems(problems);
  shape := zone_geometry(geom);
  if not ST_IsValid(shape) then
    raise exception 'self_intersection: 边界自相交，无法裁剪' using hint = 'self_intersection';
  end if;
  -- first the district: what lies outside it can never be part of a zone
  select ST_Union(d.geom) into district from districts d;
  inside := case when district is null then shape else ST_CollectionExtract(ST_Intersection(shape, district), 3) end;
  if inside is null then perform engine_error('裁剪到辖区'); end if;
  -- then each other area zone in turn, subtracted from what is inside. One at a time, not
  -- their union: PGlite's GEOS can fail silently on a union of many zones (no row, no
  -- error), and every step is checked so a failure is an engine_error, never "nothing left"
  clipped := inside;
  for o in select z.geom from zones z
           where z.kind = 'area' and z.id is distinct from clip_zone.zone_id and z.geom && shape loop
    clipped := ST_CollectionExtract(ST_Difference(clipped, o.geom), 3);
    if clipped is null then perform engine_error('裁剪重叠部分'); end if;
  end loop;
  -- keep the largest piece; slivers along shared borders are not part of a zone
  select d.geom into kept from ST_Dump(clipped) d order by ST_Area(d.geom) desc limit 1;
  if kept is null or ST_Area(kept::geography) < (zone_limits() ->> 'min_area_m2')::float8 then
    raise exception 'too_small: 裁剪后没有剩余的空闲区域' using hint = 'too_small';
  end if;
  -- what goes: the part outside the district, the overlap with other zones inside it, and any
  -- small pieces left beside the kept one; each is reported so none is overstated
  result := json_build_object('geom', ST_AsGeoJSON(kept, 7)::json,
    'removed_m2', round((ST_Area(shape::geography) - ST_Area(kept::geography))::numeric, 1),
    'outside_m2', round(greatest(ST_Area(shape::geography) - ST_Area(inside::geography), 0)::numeric, 1),
    'overlap_m2', round(greatest(ST_Area(inside::geography) - ST_Area(clipped::geography), 0)::numeric, 1),
    'dropped_m2', round((ST_Area(clipped::geography) - ST_Area(kept::geography))::numeric, 1),
    'kept_m2', round(ST_Area(kept::geography)::numeric, 1));
  if result is null then perform engine_error('裁剪结果'); end if;
  return result;
end $$;

/** What is wrong with a zone name, as a problem list ([] when save_zone would accept it). */
create or replace function public.zone_name_problems(name text) returns json
language plpgsql immutable set search_path = public, extensions, pg_temp as $$
declare n text := btrim(coalesce(name, ''));
begin
  -- the caller's text is echoed in no message, and at most this much of it is looked at
  if length(coalesce(name, '')) > 10000 then
    return json_build_array(zone_problem('invalid_name', '名称须为 1 到 120 个字符', 'The name must be 1 to 120 characters',
      null, jsonb_build_object('reason', 'length', 'max', 120)));
  end if;
  perform clean_zone_name(name);
  return '[]'::json;
exception when others then
  if sqlerrm not like 'invalid_name:%' then raise; end if;
  return json_build_array(zone_problem('invalid_name',
    case when length(n) = 0 or length(n) > 120 then '名称须为 1 到 120 个字符' else '名称不能包含 < > 或控制字符' end,
    case when length(n) = 0 or length(n) > 120 then 'The name must be 1 to 120 characters' else 'The name must not contain < > or control characters' end,
    null, jsonb_build_object('reason', case when length(n) = 0 then 'empty' when length(n) > 120 then 'length' else 'characters' end, 'max', 120)));
end $$;

grant execute on function public.clip_zone(jsonb, bigint) to authenticated;
-- functions are executable by PUBLIC unless revoked; only signed-in staff check names
revoke execute on function public.zone_name_problems(text) from public, anon;
grant execute on function public.zone_name_problems(text) to authenticated;
