-- Tools for officers drawing zones: build a zone from grids, clip a drawn zone to the free
-- area (the one-click fix for an overlap), preview what a boundary change moves between
-- units before saving, and restore an earlier version.
set search_path = public, extensions;

/** The union of the given grids as one zone geometry (GeoJSON), or a clear error. */
create function public.grids_union(grid_codes text[]) returns json
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

/**
 * The drawn area minus every other area zone (ST_Difference): the free part an officer can
 * accept in one click. When the clip leaves several pieces, the largest is kept and the
 * dropped area is reported.
 */
create function public.clip_zone(geom jsonb, zone_id bigint default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare problems jsonb := geojson_shape_problems(geom, 'area'); shape geometry; others geometry; clipped geometry; kept geometry;
begin
  if jsonb_array_length(problems) > 0 then
    raise exception '%: %', problems -> 0 ->> 'code', problems -> 0 ->> 'message_zh' using hint = problems -> 0 ->> 'code', detail = problems::text;
  end if;
  shape := zone_geometry(geom);
  if not ST_IsValid(shape) then
    raise exception 'self_intersection: 边界自相交，无法裁剪' using hint = 'self_intersection';
  end if;
  select ST_Union(z.geom) into others from zones z
  where z.kind = 'area' and z.id is distinct from clip_zone.zone_id and z.geom && shape;
  clipped := case when others is null then shape else ST_CollectionExtract(ST_Difference(shape, others), 3) end;
  -- keep the largest piece; slivers along shared borders are not part of a zone
  select d.geom into kept from ST_Dump(clipped) d order by ST_Area(d.geom) desc limit 1;
  if kept is null or ST_Area(kept::geography) < (zone_limits() ->> 'min_area_m2')::float8 then
    raise exception 'too_small: 裁剪后没有剩余的空闲区域' using hint = 'too_small';
  end if;
  -- what goes is the overlap with other zones plus any small pieces left beside the kept one;
  -- the officer is told both, so an overlap is never overstated
  return json_build_object('geom', ST_AsGeoJSON(kept, 7)::json,
    'removed_m2', round((ST_Area(shape::geography) - ST_Area(kept::geography))::numeric, 1),
    'overlap_m2', round(coalesce(ST_Area(ST_Intersection(shape, others)::geography), 0)::numeric, 1),
    'dropped_m2', round((ST_Area(clipped::geography) - ST_Area(kept::geography))::numeric, 1),
    'kept_m2', round(ST_Area(kept::geography)::numeric, 1));
end $$;

/**
 * What a new boundary for a zone (or a new zone for a unit) moves between units: open
 * issues, grids (by point-on-surface), markets, parking lots and compounds whose responsible
 * area zone would change. Ownership before is zone_at's rule; after, the edited shape wins
 * wherever it reaches — moving a shared border takes that ground from the neighbour, whose
 * own boundary is then clipped (clip_zone) or corrected in turn.
 */
-- SUPERSEDED by 20261202000500_hostile_input_caps.sql (create or replace); kept as applied history.
create function public.zone_change_impact(geom jsonb, unit_id bigint, zone_id bigint default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare problems jsonb := geojson_shape_problems(geom, 'area'); shape geometry; old_shape geometry; affected geometry;
begin
  if jsonb_array_length(problems) > 0 then
    raise exception '%: %', problems -> 0 ->> 'code', problems -> 0 ->> 'message_zh' using hint = problems -> 0 ->> 'code', detail = problems::text;
  end if;
  shape := zone_geometry(geom);
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

-- SUPERSEDED by 20261202000400_writes_through_the_api.sql (create or replace); kept as applied history.
create function public.restore_zone(zone_id bigint, to_version integer, version integer) returns json
language plpgsql volatile set search_path = public, extensions, pg_temp as $$
declare h zone_history; saved json; me app_users; deleted integer; problems jsonb; back zones;
begin
  select * into h from zone_history where zone_history.zone_id = restore_zone.zone_id and zone_history.version = to_version
    and operation <> 'delete' order by id desc limit 1;
  if not found then
    raise exception 'version_not_found: 责任区 % 没有第 % 版', zone_id, to_version using hint = 'version_not_found';
  end if;
  perform set_config('gridgov.zone_operation', 'restore', true);
  if exists (select 1 from zones z where z.id = restore_zone.zone_id) then
    saved := save_zone(jsonb_build_object('id', zone_id, 'version', version, 'unit_id', h.unit_id, 'name', h.name,
                                          'kind', h.kind, 'geom', ST_AsGeoJSON(h.geom, 7)::jsonb));
  else
    -- A deleted zone comes back under its own id (links and issues that name it stay valid)
    -- as the version after its deletion, with the checks of any save: the caller's unit, the
    -- version they last saw (the deletion's), and the shape against today's zones.
    me := zone_editor();
    select max(zh.version) into deleted from zone_history zh where zh.zone_id = restore_zone.zone_id;
    if not can_edit_unit(h.unit_id) then
      raise exception 'forbidden: 只能恢复本单位的责任区' using hint = 'forbidden';
    end if;
    if version is distinct from deleted then
      raise exception 'stale_version: 责任区「%」的最新记录是第 % 版，你看到的是第 % 版', h.name, deleted, coalesce(version::text, '?')
        using hint = 'stale_version';
    end if;
    problems := zone_problems(ST_AsGeoJSON(h.geom, 7)::jsonb, h.unit_id, zone_id, h.kind);
    if jsonb_array_length(problems) > 0 then
      raise exception '%: %', problems -> 0 ->> 'code', problems -> 0 ->> 'message_zh'
        using hint = problems -> 0 ->> 'code', detail = problems::text;
    end if;
    insert into zones (id, unit_id, name, kind, geom, version, updated_by, updated_by_name, updated_at)
    values (zone_id, h.unit_id, h.name, h.kind, h.geom, deleted + 1, me.id, me.display_name, now())
    returning * into back;
    saved := zone_json(back);
  end if;
  perform set_config('gridgov.zone_operation', '', true);
  return saved;
end $$;
