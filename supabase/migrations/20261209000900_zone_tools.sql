-- Tools for officers drawing zones: build a zone from grids, clip a drawn zone to the free
-- area inside the district (the one-click fix for an overlap or a part outside), and preview
-- what a boundary change moves between units before saving. Restoring an earlier version is
-- restore_zone (0800_zone_editing).
set search_path = public, extensions;

/** The union of the given grids as one zone geometry (GeoJSON), or a clear error. */
create function public.grids_union_unchecked(grid_codes text[]) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare shape geometry; found_count int; parts int;
begin
  if grid_codes is null or cardinality(grid_codes) = 0 then
    raise exception 'too_few_points: 请至少选择一个网格' using hint = 'too_few_points';
  end if;
  select ST_Union(geom), count(*) into shape, found_count from grids where code = any (grid_codes);
  if found_count < cardinality(array(select distinct unnest(grid_codes))) then
    raise exception 'unknown_grid: 有网格编码不存在' using hint = 'unknown_grid';
  end if;
  shape := ST_CollectionExtract(ST_MakeValid(shape), 3);
  parts := ST_NumGeometries(shape);
  if parts > 1 then
    raise exception 'wrong_geometry_type: 所选网格不相连（% 块），一个责任区须为一个连续的面', parts
      using hint = 'wrong_geometry_type';
  end if;
  return ST_AsGeoJSON(ST_GeometryN(shape, 1), 7)::json;
end $$;

/** grids_union_unchecked behind the guards (0400_guards): signed in, at most 500 grid codes of at most 20 characters. */
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

/**
 * The drawn area inside the district and free of every other area zone: the part an officer
 * can accept in one click. First the district (what lies outside it can never be part of a
 * zone), then each other area zone in turn, subtracted one at a time — not their union:
 * PGlite's GEOS can fail silently on a union of many zones, and every step is checked so a
 * failure is an engine_error, never "nothing left". When the clip leaves several pieces, the
 * largest is kept; the answer reports what went where (outside_m2, overlap_m2, dropped_m2).
 */
create function public.clip_zone(geom jsonb, zone_id bigint default null) returns json
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

/**
 * What a new boundary for a zone (or a new zone for a unit) moves between units: open
 * issues, grids (by point-on-surface), markets, parking lots and compounds whose responsible
 * area zone would change — only for a shape that could be saved at all (an invalid shape has
 * no impact to compute). Ownership before is zone_at's rule; after, the edited shape wins
 * wherever it reaches — moving a shared border takes that ground from the neighbour, whose
 * own boundary is then clipped (clip_zone) or corrected in turn.
 */
create function public.zone_change_impact(geom jsonb, unit_id bigint, zone_id bigint default null) returns json
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

revoke all on function public.grids_union_unchecked(text[]) from public, anon, authenticated;
