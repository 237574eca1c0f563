-- 全覆盖: how much of a district is covered by exactly one area zone, and where the gaps and
-- overlaps are. Slivers below the tolerances (floating-point noise along shared borders)
-- are not defects and are left out.
set search_path = public, extensions;

/**
 * A district's coverage: the share covered once, the gaps (over 10 m²) and the overlaps
 * (over 1 m²) as GeoJSON with their zones and units, largest first.
 */
create function public.coverage_report_unchecked(district_code text) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  d districts; covered geometry; overlap_union geometry; gap_fc json; overlap_fc json;
  district_m2 float8; covered_m2 float8; overlap_m2 float8; gap_m2 float8; candidates bigint; seen bigint;
  min_gap_m2 constant float8 := 10;
  min_overlap_m2 constant float8 := 1;
begin
  select * into d from districts where code = district_code;
  if not found then
    raise exception 'unknown_district: 行政区 % 不存在', district_code using hint = 'unknown_district';
  end if;

  select ST_Intersection(ST_Union(z.geom), d.geom) into covered
  from zones z where z.kind = 'area' and z.geom && d.geom;
  covered := coalesce(covered, ST_GeomFromText('POLYGON EMPTY', 4326));

  -- Overlaps. Neighbouring zones share borders, and a shared border is an intersection of no
  -- area: only pairs whose interiors meet (DE-9IM '2********', a relate test without building
  -- the overlay) are intersected. The pairs are counted by bounding box alone (no GEOS) and each must come back
  -- with its relate answer: PGlite's GEOS can fail without an error, and "no overlap" would be a lie.
  select count(*) into candidates
  from zones a join zones b on a.id < b.id and a.geom && b.geom
  where a.kind = 'area' and b.kind = 'area' and a.geom && d.geom;

  with candidate_pairs as materialized (
    select a.id as a, b.id as b, ST_Relate(a.geom, b.geom, '2********') as interiors_meet
    from zones a join zones b on a.id < b.id and a.geom && b.geom
    where a.kind = 'area' and b.kind = 'area' and a.geom && d.geom
  ), pairs as (
    select c.a, c.b, ST_CollectionExtract(ST_Intersection(za.geom, zb.geom), 3) as geom
    from candidate_pairs c join zones za on za.id = c.a join zones zb on zb.id = c.b
    where c.interiors_meet
  ), real_overlaps as (
    select p.*, ST_Area(p.geom::geography) as m2 from pairs p where ST_Area(p.geom::geography) > min_overlap_m2
  )
  select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
           'type', 'Feature', 'geometry', ST_AsGeoJSON(o.geom, 7)::json,
           'properties', json_build_object('zone_ids', json_build_array(o.a, o.b),
             'zone_names', json_build_array(za.name, zb.name), 'unit_names', json_build_array(ua.name, ub.name),
             'area_m2', round(o.m2::numeric, 1),
             'label_lon', round(ST_X(ST_PointOnSurface(o.geom))::numeric, 6),
             'label_lat', round(ST_Y(ST_PointOnSurface(o.geom))::numeric, 6))) order by o.m2 desc), '[]'::json)),
         ST_Union(o.geom),
         (select count(c.interiors_meet) from candidate_pairs c)
  into overlap_fc, overlap_union, seen
  from real_overlaps o join zones za on za.id = o.a join zones zb on zb.id = o.b
  join units ua on ua.id = za.unit_id join units ub on ub.id = zb.unit_id;
  if seen is distinct from candidates then perform engine_error('重叠检查'); end if;

  overlap_m2 := coalesce(ST_Area(ST_Intersection(overlap_union, d.geom)::geography), 0);
  district_m2 := ST_Area(d.geom::geography);
  covered_m2 := ST_Area(covered::geography);

  select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
           'type', 'Feature', 'geometry', ST_AsGeoJSON(g.geom, 7)::json,
           'properties', json_build_object('area_m2', round(g.m2::numeric, 1),
             'label_lon', round(ST_X(ST_PointOnSurface(g.geom))::numeric, 6),
             'label_lat', round(ST_Y(ST_PointOnSurface(g.geom))::numeric, 6))) order by g.m2 desc), '[]'::json)),
         coalesce(sum(g.m2), 0)
  into gap_fc, gap_m2
  from (select p.geom, ST_Area(p.geom::geography) as m2
        from ST_Dump(ST_Difference(d.geom, covered)) p) g
  where g.m2 > min_gap_m2;

  return json_build_object(
    'district_code', d.code,
    'district_km2', round((district_m2 / 1e6)::numeric, 4),
    'covered_once_km2', round(((covered_m2 - overlap_m2) / 1e6)::numeric, 4),
    'share_covered_once', round(((covered_m2 - overlap_m2) / nullif(district_m2, 0))::numeric, 6),
    'gap_km2', round((gap_m2 / 1e6)::numeric, 4),
    'overlap_km2', round((overlap_m2 / 1e6)::numeric, 4),
    'gaps', gap_fc,
    'overlaps', overlap_fc);
end $$;

/** coverage_report_unchecked behind the guards (0400_guards): signed in, a code of at most 20 characters. */
-- REPLACED by 20261209002200_city_scale.sql
create function public.coverage_report(district_code text) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(district_code, 20, '区划编码');
  return coverage_report_unchecked(district_code);
end $$;

revoke all on function public.coverage_report_unchecked(text) from public, anon, authenticated;
