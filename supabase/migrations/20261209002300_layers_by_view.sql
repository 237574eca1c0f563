-- Layers served by view (issue 14, "Load what the view needs"). layer_geojson sends a layer
-- whole, every property, 6 decimals: at 100× the demo (84,000 grids, 1,000,000 issues) the
-- start fetched ~154 MB. layer_view(layer_id, bbox, zoom, filters) sends what a map at that
-- zoom over that box can show:
--   - geometry simplified to half a CSS pixel of the zoom (ST_SimplifyPreserveTopology; none
--     from zoom 15 up, where officers edit and snap to vertices) and rounded to the decimals
--     the zoom can tell apart (4 below zoom 12, 5 below 14, 6 from 14: layer_geojson's);
--   - properties slimmed to what the map draws (layers.view_properties: colour keys, the
--     tooltip's name, the id a click asks details with; null keeps them all — a layer added as
--     data stays whole), and below zoom 14 to the colour keys and the id alone
--     (view_properties_zoomed_out: at a city's scale a district view holds ~20,000 zones, markets,
--     car parks and compounds a few pixels wide, whose names were a fifth of the bytes); the rest
--     comes on click or hover (layer_feature);
--   - aggregates where features would be too many to tell apart: below zoom 14, or when the
--     box holds more than 5,000 of them, issues come as bins of 6 px (a point at the bin's
--     mean position and the count n, which the heatmap weighs) and grids as their communities'
--     outlines (community_code keeps the grid colour). The answer says which it is
--     ("aggregate": "bins" | "communities" | null), so the client draws what came.
-- One SQL for PGlite and PostgreSQL 15 (PGlite's PostGIS has no ST_AsMVT). layer_geojson keeps
-- its contract (exports, tests, whole layers for editing and lookups).
set search_path = public, extensions;

alter table public.layers add column view_properties text[];
alter table public.layers add column view_properties_zoomed_out text[];
comment on column public.layers.view_properties is
  'The properties layer_view sends for each feature (what the map draws and its tooltip names); null: all of them.';
comment on column public.layers.view_properties_zoomed_out is
  'The properties layer_view sends below zoom 14 (what the map draws: colour and size keys, the id); null: view_properties.';

update public.layers set view_properties = case id
  when 'district'    then array['code', 'name']
  when 'streets'     then array['code', 'name', 'label_lon', 'label_lat']
  when 'communities' then array['code', 'name']
  when 'grids'       then array['code', 'name', 'community_code']
  when 'zones'       then array['id', 'name', 'kind', 'unit_id', 'version']  -- version: an officer's edit starts from it
  when 'compounds'   then array['id', 'name', 'phase']
  when 'issues'      then array['id', 'code', 'category', 'state']
  when 'markets'     then array['id', 'name', 'kind', 'stall_count']
  when 'parking'     then array['id', 'name', 'capacity', 'new_spaces']
end, view_properties_zoomed_out = case id
  when 'zones'       then array['id', 'kind', 'unit_id']
  when 'compounds'   then array['id', 'phase']
  when 'markets'     then array['id', 'kind', 'stall_count']
  when 'parking'     then array['id', 'capacity', 'new_spaces']
end;

-- REPLACED by 20261209002500_bounded_views.sql
/**
 * The numbers layer_view works by, in one place (the client mirrors them in
 * src/lib/state/view-loading.ts): features from zoom 14 (issue dots, single grids), at most
 * 5,000 of them in a box before it falls back to aggregates, bins of 6 px, no simplification
 * from zoom 15.
 */
create function public.layer_view_limits() returns jsonb
language sql immutable as $$
  select jsonb_build_object('features_zoom', 14, 'max_features', 5000, 'bin_px', 6, 'exact_zoom', 15)
$$;

/** A CSS pixel's width in degrees of longitude at a zoom (MapLibre: the world is 512 × 2^zoom px wide). */
create function public.view_pixel_degrees(zoom double precision) returns double precision
language sql immutable as $$ select 360.0 / (512.0 * pg_catalog.power(2.0, zoom)) $$;

/** The decimals a zoom can tell apart: 4 (≈ 10 m) below zoom 12, 5 (≈ 1 m) below 14, then layer_geojson's 6. */
create function public.view_decimals(zoom double precision) returns integer
language sql immutable as $$ select case when zoom < 12 then 4 when zoom < 14 then 5 else 6 end $$;

-- REPLACED by 20261209002500_bounded_views.sql
/** A layer's features for a view: see the top of this file. No guards: layer_view checks first. */
create function public.layer_view_unchecked(layer_id text, bbox double precision[], zoom double precision, filters jsonb default null)
returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  env geometry := ST_MakeEnvelope(bbox[1], bbox[2], bbox[3], bbox[4], 4326);
  lim jsonb := layer_view_limits();
  px double precision := view_pixel_degrees(zoom);
  tol double precision := case when zoom >= (lim ->> 'exact_zoom')::float8 then 0 else view_pixel_degrees(zoom) / 2 end;
  digits integer := view_decimals(zoom);
  features_zoom float8 := (lim ->> 'features_zoom')::float8;
  max_features integer := (lim ->> 'max_features')::int;
  src regprocedure := layer_source(layer_id);
  keys text[];
  n bigint;
  result json;
begin
  select case when zoom < features_zoom then coalesce(l.view_properties_zoomed_out, l.view_properties) else l.view_properties end
  into keys from layers l where l.id = layer_id;

  if src = 'public.layer_issues(geometry, jsonb)'::regprocedure then
    if zoom >= features_zoom then
      -- the issues layer's predicate on its table (layer_catalog counts it the same way)
      select count(*) into n from issues i where i.geom && env and issue_matches(i, filters);
    end if;
    if zoom < features_zoom or n > max_features then
      -- bins on a lattice fixed to the world (so a pan keeps them), read on the table: building
      -- each issue's properties (layer_issues) only to count them would cost ~540 bytes of work each
      select json_build_object('type', 'FeatureCollection', 'aggregate', 'bins', 'zoom', zoom,
               'features', coalesce(json_agg(json_build_object('type', 'Feature',
                 'geometry', ST_AsGeoJSON(ST_MakePoint(b.x, b.y), digits)::json,
                 'properties', json_build_object('n', b.n)) order by b.gx, b.gy), '[]'::json))
      into result
      from (select floor(ST_X(i.geom) / (px * (lim ->> 'bin_px')::int)) gx, floor(ST_Y(i.geom) / (px * (lim ->> 'bin_px')::int)) gy,
                   avg(ST_X(i.geom)) x, avg(ST_Y(i.geom)) y, count(*) n
            from issues i where i.geom && env and issue_matches(i, filters)
            group by 1, 2) b;
      return result;
    end if;
  end if;

  if src = 'public.layer_grids(geometry, jsonb)'::regprocedure then
    if zoom >= features_zoom then
      select count(*) into n from grids g where g.geom && env;
    end if;
    if zoom < features_zoom or n > max_features then
      select json_build_object('type', 'FeatureCollection', 'aggregate', 'communities', 'zoom', zoom,
               'features', coalesce(json_agg(json_build_object('type', 'Feature',
                 'geometry', ST_AsGeoJSON(case when tol > 0 then ST_SimplifyPreserveTopology(c.geom, tol) else c.geom end, digits)::json,
                 'properties', json_build_object('community_code', c.code, 'community_name', c.name)) order by c.code), '[]'::json))
      into result
      from communities c where c.geom && env and exists (select 1 from grids g where g.community_code = c.code);
      return result;
    end if;
  end if;

  -- every other layer, and issues and grids as features: the serving function, simplified,
  -- rounded and slimmed
  execute format($q$
    select json_build_object('type', 'FeatureCollection', 'aggregate', null, 'zoom', $6,
             'features', coalesce(json_agg(json_build_object('type', 'Feature',
               'geometry', ST_AsGeoJSON(case when $3 > 0 and ST_Dimension(f.geom) > 0 then ST_SimplifyPreserveTopology(f.geom, $3) else f.geom end, $4)::json,
               'properties', case when $5 is null then f.properties
                                  else (select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) from jsonb_each(f.properties) p where p.key = any($5)) end)
             order by f.id), '[]'::json))
    from %s($1, $2) f $q$, src::regproc)
  into result using env, filters, tol, digits, keys, zoom;
  return result;
end $$;

/**
 * A layer for a map view: bbox [west, south, east, north] in degrees and the map's zoom (0–24).
 * Guards as layer_geojson's (signed in, a short id, filters of at most 4 KB, the issue filters in
 * full) plus a finite bbox inside the world with west ≤ east and south ≤ north (invalid_bbox) and
 * a zoom in 0–24 (invalid_zoom).
 */
create function public.layer_view(layer_id text, bbox double precision[], zoom double precision, filters jsonb default null)
returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(layer_id, 63, '图层编号');
  if bbox is null or cardinality(bbox) <> 4 or array_ndims(bbox) <> 1 or array_position(bbox, null) is not null
     or not (bbox[1] between -180 and 180 and bbox[3] between -180 and 180 and bbox[2] between -90 and 90 and bbox[4] between -90 and 90)
     or bbox[1] > bbox[3] or bbox[2] > bbox[4] then
    raise exception 'invalid_bbox: 范围应为 [西, 南, 东, 北]，经度 −180–180，纬度 −90–90' using hint = 'invalid_bbox';
  end if;
  if zoom is null or not (zoom between 0 and 24) then
    raise exception 'invalid_zoom: 缩放级别应在 0–24 之间' using hint = 'invalid_zoom';
  end if;
  if filters is not null and (jsonb_typeof(filters) not in ('object', 'null') or pg_column_size(filters) > 4096) then
    raise exception 'invalid_filters: 筛选条件应为不超过 4 KB 的对象' using hint = 'invalid_filters';
  end if;
  if layer_id = 'issues' then perform check_issue_filters(filters); end if;
  return layer_view_unchecked(layer_id, bbox, zoom, filters);
end $$;

/**
 * One feature of a layer whole, every property and 6 decimals as layer_geojson has it: the
 * details a click shows (the map holds only layer_view's slim properties). The feature is
 * looked for within bbox (the few pixels around the click), so the serving function reads
 * only there; null when it is not there (deleted meanwhile).
 */
create function public.layer_feature(layer_id text, feature_id text, bbox double precision[])
returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare result json;
begin
  perform require_signed_in();
  perform refuse_long_text(layer_id, 63, '图层编号');
  perform refuse_long_text(feature_id, 63, '要素编号');
  if bbox is null or cardinality(bbox) <> 4 or array_ndims(bbox) <> 1 or array_position(bbox, null) is not null
     or not (bbox[1] between -180 and 180 and bbox[3] between -180 and 180 and bbox[2] between -90 and 90 and bbox[4] between -90 and 90)
     or bbox[1] > bbox[3] or bbox[2] > bbox[4] then
    raise exception 'invalid_bbox: 范围应为 [西, 南, 东, 北]' using hint = 'invalid_bbox';
  end if;
  execute format($q$
    select json_build_object('type', 'Feature', 'id', f.id, 'geometry', ST_AsGeoJSON(f.geom, 6)::json, 'properties', f.properties)
    from %s($1, null) f where f.id = $2 limit 1 $q$, layer_source(layer_id)::regproc)
  into result using ST_MakeEnvelope(bbox[1], bbox[2], bbox[3], bbox[4], 4326), feature_id;
  return result;
end $$;

/**
 * The issues matching the filters in the whole district, by display state: the legend's
 * counts (全区), which a view's bins cannot give. {open, overdue, closed, total}.
 */
create function public.issue_counts(filters jsonb default null)
returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare result json;
begin
  perform require_signed_in();
  perform check_issue_filters(filters);
  select json_build_object('open', count(*) filter (where s = 'open'), 'overdue', count(*) filter (where s = 'overdue'),
                           'closed', count(*) filter (where s = 'closed'), 'total', count(*))
  into result
  from (select issue_state(i.status, i.deadline) s from issues i where issue_matches(i, filters)) x;
  return result;
end $$;

revoke all on function public.layer_view_unchecked(text, double precision[], double precision, jsonb) from public, anon, authenticated;
revoke all on function public.layer_view(text, double precision[], double precision, jsonb) from public, anon;
revoke all on function public.layer_feature(text, text, double precision[]) from public, anon;
revoke all on function public.issue_counts(jsonb) from public, anon;
grant execute on function public.layer_view(text, double precision[], double precision, jsonb) to authenticated;
grant execute on function public.layer_feature(text, text, double precision[]) to authenticated;
grant execute on function public.issue_counts(jsonb) to authenticated;
