-- What a view draws, bounded by the screen rather than by the city (issue 14's frame-time bar).
-- 2300's layer_view sent a zoomed-out city's zones, compounds, markets and car parks whole, as
-- features: at ×100 the district view held 8,700 zones (3 MB; an area zone is ~5 px wide at
-- zoom 12), 3,800 markets, 4,000 car parks, 2,000 compounds and 13,000 issue bins of 6 px —
-- 6.5 MB parsed, posted to MapLibre's worker and re-tiled at each reload during a pan, and ~40×
-- the ×1 view's vertices drawn in every frame. Now, as grids become community outlines:
--   - below features zoom, a layer whose features in the box are more than max_shapes comes as
--     counts: one point per count_px square of a lattice fixed to the world (so a pan keeps
--     them), at the mean position of what it counts (ST_PointOnSurface), with n — at most one
--     mark per count_px square whatever the city's size ("aggregate": "counts"). A district
--     view at ×1 holds ~100 zones and ~40 of the others: features, as before; from features
--     zoom a street's worth of them comes as features at any scale;
--   - issue bins of 16 px, not 6: the heatmap's kernel is 10–28 px wide, so finer bins only
--     multiplied the points it splats (and the bytes).
-- A click on a count zooms in (the map); editing works on exact shapes (zoom 15+, or layer_geojson).
set search_path = public, extensions;

-- (replaces 2300's limits: bin_px 6 → 16; max_shapes and count_px are new)
create or replace function public.layer_view_limits() returns jsonb
language sql immutable as $$
  select jsonb_build_object('features_zoom', 14, 'max_features', 5000, 'bin_px', 16, 'exact_zoom', 15,
                            'max_shapes', 1000, 'count_px', 32)
$$;

-- (replaces 2300's definition: the generic branch counts what is too small or too many to draw)
create or replace function public.layer_view_unchecked(layer_id text, bbox double precision[], zoom double precision, filters jsonb default null)
returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  env geometry := ST_MakeEnvelope(bbox[1], bbox[2], bbox[3], bbox[4], 4326);
  lim jsonb := layer_view_limits();
  px double precision := view_pixel_degrees(zoom);
  exact_zoom float8 := (lim ->> 'exact_zoom')::float8;
  tol double precision := case when zoom >= exact_zoom then 0 else view_pixel_degrees(zoom) / 2 end;
  digits integer := view_decimals(zoom);
  features_zoom float8 := (lim ->> 'features_zoom')::float8;
  max_features integer := (lim ->> 'max_features')::int;
  bin double precision := px * (lim ->> 'bin_px')::int;
  cell double precision := px * (lim ->> 'count_px')::int;
  -- below features zoom a layer is counted when the box holds more of it than this (null: never)
  max_shapes bigint := case when zoom >= features_zoom then null else (lim ->> 'max_shapes')::bigint end;
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
      from (select floor(ST_X(i.geom) / bin) gx, floor(ST_Y(i.geom) / bin) gy,
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

  -- every other layer, and issues and grids as features: the serving function's features,
  -- simplified, rounded and slimmed — or, too many to draw zoomed out (see the top), counts on
  -- the lattice. The serving function runs once; CASE runs only the branch it takes.
  execute format($q$
    with f as materialized (select f.id, f.geom, f.properties from %s($1, $2) f)
    select case when $7 is not null and (select count(*) from f) > $7 then
      (select json_build_object('type', 'FeatureCollection', 'aggregate', 'counts', 'zoom', $6,
                'features', coalesce(json_agg(json_build_object('type', 'Feature',
                  'geometry', ST_AsGeoJSON(ST_MakePoint(c.x, c.y), $4)::json,
                  'properties', json_build_object('n', c.n)) order by c.gx, c.gy), '[]'::json))
       from (select floor(ST_X(p.c) / $8) gx, floor(ST_Y(p.c) / $8) gy, avg(ST_X(p.c)) x, avg(ST_Y(p.c)) y, count(*) n
             from (select ST_PointOnSurface(f.geom) c from f) p group by 1, 2) c)
    else
      (select json_build_object('type', 'FeatureCollection', 'aggregate', null, 'zoom', $6,
                'features', coalesce(json_agg(json_build_object('type', 'Feature',
                  'geometry', ST_AsGeoJSON(case when $3 > 0 and ST_Dimension(f.geom) > 0 then ST_SimplifyPreserveTopology(f.geom, $3) else f.geom end, $4)::json,
                  'properties', case when $5 is null then f.properties
                                     else (select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) from jsonb_each(f.properties) p where p.key = any($5)) end)
                order by f.id), '[]'::json))
       from f)
    end $q$, src::regproc)
  into result using env, filters, tol, digits, keys, zoom, max_shapes, cell;
  return result;
end $$;
