-- Issue hotspots as analysis, not density. Issues matching the filters are binned into
-- hexagons of `cell_m` metres (in Web Mercator, corrected for latitude so cells are true
-- size on the ground) over the whole district — empty cells included, since Gi* compares each
-- neighbourhood with the district as a whole. A cell is
--   hot        when its Getis-Ord Gi* z-score (binary weights: the cell and the cells whose
--              centres lie within 1.5 cell widths) exceeds 1.96 (95 %) and it has issues;
--   recurring  when issues of one category came back in at least `recurring_weeks` distinct
--              ISO weeks (反复出现的问题) — ten issues on one day are a burst, not a recurrence.
-- A hot or recurring cell says where it is: the grid (网格) its centre lies in — or, for a cell
-- whose centre lies in no grid (at the district's edge), the grid most of its issues lie in —
-- with that grid's community (社区) and street (街道), names and codes.
set search_path = public, extensions;

/**
 * The pointy-top hexagon (axial q, r) of circumradius `size` containing the point x, y.
 * A one-row SQL table function with no SET clause, so the planner inlines it into the
 * per-issue binning instead of calling it once per issue.
 */
create function public.hex_cell(x double precision, y double precision, size double precision)
returns table (q integer, r integer)
language sql immutable rows 1 as $$
  with f as (select (sqrt(3) / 3 * x - y / 3) / size as fq, (2.0 / 3 * y) / size as fr),
  c as (select fq, fr, -fq - fr as fs, round(fq) as rq, round(fr) as rr, round(-fq - fr) as rs from f)
  select case when abs(rq - fq) > abs(rr - fr) and abs(rq - fq) > abs(rs - fs) then (-rr - rs)::int else rq::int end,
         case when abs(rq - fq) > abs(rr - fr) and abs(rq - fq) > abs(rs - fs) then rr::int
              when abs(rr - fr) > abs(rs - fs) then (-rq - rs)::int else rr::int end
  from c
$$;

/** The polygon of hexagon (q, r) in Web Mercator. */
create function public.hex_polygon(q integer, r integer, size double precision) returns geometry
language sql immutable set search_path = public, extensions, pg_temp as $$
  select ST_SetSRID(ST_MakePolygon(ST_MakeLine(array(
    select ST_MakePoint(size * sqrt(3) * (q + r / 2.0) + size * cos(radians(30 + 60 * k)),
                        size * 1.5 * r + size * sin(radians(30 + 60 * k)))
    from generate_series(0, 6) k order by k))), 3857)
$$;

/**
 * The district's cell grid at `cell_m`: each hexagon (q, r) whose polygon meets the district,
 * with that polygon and its centre in EPSG:4326, and the md5 of the district's Web Mercator
 * outline it was built for. The radius and the (q, r) bounds as issue_hotspots_unchecked has them.
 */
create function public.hex_grid(cell_m double precision)
returns table (district_md5 text, q integer, r integer, geom geometry, centre geometry)
language plpgsql stable set search_path = public, extensions, pg_temp as $$
#variable_conflict use_column
declare district geometry; scale float8; radius float8; qmin int; qmax int; rmin int; rmax int;
begin
  select ST_Transform(ST_Union(d.geom), 3857) into district from districts d;
  if district is null then return; end if;
  scale := 1 / cos(radians(ST_Y(ST_Transform(ST_Centroid(district), 4326))));
  radius := cell_m * scale / sqrt(3);
  select min(h.q) - 1, max(h.q) + 1, min(h.r) - 1, max(h.r) + 1 into qmin, qmax, rmin, rmax
  from (values (ST_XMin(district), ST_YMin(district)), (ST_XMin(district), ST_YMax(district)),
               (ST_XMax(district), ST_YMin(district)), (ST_XMax(district), ST_YMax(district))) v(x, y),
       lateral hex_cell(v.x, v.y, radius) h;
  return query
    select md5(ST_AsEWKB(district)), c.q, c.r, c.geom, ST_Centroid(c.geom)
    from (select gq.q, gr.r, ST_Transform(hex_polygon(gq.q, gr.r, radius), 4326) as geom
          from generate_series(qmin, qmax) gq(q), generate_series(rmin, rmax) gr(r)
          where ST_Intersects(district, hex_polygon(gq.q, gr.r, radius))) c;
end $$;

/**
 * hotspot_cells (0200_tables) holds the grid of the app's 300 m cells for the districts as they
 * are: the grid is built once when the districts change (the seed loads them after the
 * migrations), not ~4,400 hexagons and their intersection tests on every call.
 */
-- REPLACED by 20261209002200_city_scale.sql
create function public.refresh_hotspot_cells() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  delete from hotspot_cells;
  insert into hotspot_cells (cell_m, district_md5, q, r, geom, centre)
  select 300, g.district_md5, g.q, g.r, g.geom, g.centre from hex_grid(300) g;
  return null;
end $$;

create trigger districts_hotspot_cells after insert or update or delete or truncate on districts
for each statement execute function refresh_hotspot_cells();

/**
 * The hot and recurring cells (the binning and Gi* above), for the map and the hotspot list.
 * JIT is off: the planner's cost for the hexagon polygons makes PostgreSQL compile the query,
 * which took longer (~0.2 s) than running it.
 */
-- REPLACED by 20261209002200_city_scale.sql
create function public.issue_hotspots_unchecked(filters jsonb default null, cell_m double precision default 300,
                                      recurring_weeks integer default 6)
returns json
language plpgsql stable set search_path = public, extensions, pg_temp set jit = off as $$
declare
  district geometry; scale float8; radius float8; result json; cached boolean;
begin
  if cell_m is null or cell_m < 50 or cell_m > 5000 then
    raise exception 'invalid_cell_size: 网格尺寸须在 50 到 5000 米之间' using hint = 'invalid_cell_size';
  end if;
  if recurring_weeks is null or recurring_weeks < 2 then
    raise exception 'invalid_recurring_weeks: 反复出现的周数至少为 2' using hint = 'invalid_recurring_weeks';
  end if;
  select ST_Transform(ST_Union(geom), 3857) into district from districts;
  if district is null then
    return json_build_object('cells', json_build_object('type', 'FeatureCollection', 'features', '[]'::json));
  end if;
  -- Mercator stretches lengths by 1/cos(latitude): scale the hexagon so it is cell_m on the ground.
  scale := 1 / cos(radians(ST_Y(ST_Transform(ST_Centroid(district), 4326))));
  radius := cell_m * scale / sqrt(3);  -- circumradius of a pointy-top hexagon cell_m wide
  -- the district's cells: hotspot_cells when it holds this size for this district, else built
  cached := exists (select 1 from hotspot_cells h
                    where h.cell_m = issue_hotspots_unchecked.cell_m and h.district_md5 = md5(ST_AsEWKB(district)));

  -- Cells are addressed by axial hexagon coordinates (q, r), computed arithmetically, so
  -- binning and neighbourhoods are hash joins rather than spatial joins.
  -- Issues are points in EPSG:4326; their Web Mercator x, y are computed arithmetically
  -- (the spherical formulas ST_Transform applies for 3857), which is cheaper per row.
  with matched as (
    select i.category, i.reported_at, i.geom, hex.q, hex.r
    from issues i
    cross join lateral hex_cell(6378137 * radians(ST_X(i.geom)),
                                6378137 * ln(tan(pi() / 4 + radians(ST_Y(i.geom)) / 2)), radius) hex
    where issue_matches(i, filters)
  ),
  -- the cells meeting the district (hex_grid), with their polygons and centres in EPSG:4326
  grid as materialized (
    select h.q, h.r, h.geom, h.centre from hotspot_cells h
    where cached and h.cell_m = issue_hotspots_unchecked.cell_m and h.district_md5 = md5(ST_AsEWKB(district))
    union all
    select g.q, g.r, g.geom, g.centre from hex_grid(cell_m) g where not cached
  ),
  -- materialized, as the steps below are: each is computed once, and the planner joins the
  -- real row counts (costed as one row, a grouped sub-query was re-run for every cell)
  counts as materialized (
    select q, r, count(*) as n from matched group by q, r
  ),
  -- every cell of the grid, and any cell outside it with issues
  binned as materialized (
    select coalesce(g.q, c.q) as q, coalesce(g.r, c.r) as r, coalesce(c.n, 0)::float8 as n, g.geom, g.centre
    from grid g full join counts c on c.q = g.q and c.r = g.r
  ),
  -- materialized: computed once, not again for every cell it is joined to
  stats as materialized (
    select count(*)::float8 as cells, avg(n) as mean, sqrt(greatest(avg(n * n) - avg(n) ^ 2, 0)) as sd from binned
  ),
  -- each cell with its six neighbours: an equi-join on (q, r), hashed
  neighbourhoods as materialized (
    select around.q, around.r, sum(nb.n) as local_sum, count(*)::float8 as w
    from (select b.q, b.r, b.q + d.dq as nq, b.r + d.dr as nr
          from binned b
          cross join (values (0, 0), (1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1)) d(dq, dr)) around
    join binned nb on nb.q = around.nq and nb.r = around.nr
    group by around.q, around.r
  ),
  scored as (
    select b.q, b.r, b.n, b.geom, b.centre,
           case when s.sd = 0 or s.cells < 3 then 0
                else (nh.local_sum - s.mean * nh.w) / (s.sd * sqrt((s.cells * nh.w - nh.w ^ 2) / (s.cells - 1))) end as z
    from binned b join neighbourhoods nh using (q, r) cross join stats s
  ),
  recurring as (
    select m.q, m.r, m.category, count(distinct date_trunc('week', m.reported_at)) as weeks, count(*) as n
    from matched m
    group by m.q, m.r, m.category
    having count(distinct date_trunc('week', m.reported_at)) >= recurring_weeks
  ),
  recurring_by_cell as materialized (
    select rc.q, rc.r, jsonb_agg(jsonb_build_object('category', rc.category, 'name_zh', c.name_zh, 'name_en', c.name_en,
                                                    'weeks', rc.weeks, 'issues', rc.n) order by rc.weeks desc, rc.category) as recurring
    from recurring rc join issue_categories c on c.code = rc.category
    group by rc.q, rc.r
  ),
  features as (
    select s.q, s.r, s.n, s.z, s.z > 1.96 and s.n > 0 as hot,
           coalesce(s.geom, ST_Transform(hex_polygon(s.q, s.r, radius), 4326)) as geom, s.centre, rbc.recurring
    from scored s left join recurring_by_cell rbc using (q, r)
    where s.n > 0
  ),
  -- where a hot or recurring cell is: the grid covering its centre, else the grid of most of its issues
  placed as materialized (
    select f.q, f.r, f.n, f.z, f.hot, f.geom, coalesce(f.centre, ST_Centroid(f.geom)) as centre, f.recurring from features f
  ),
  located as (
    select p.*, coalesce(at_centre.code, by_issues.code) as grid_code,
           case when at_centre.code is not null then 'centre' when by_issues.code is not null then 'issues' end as place_by
    from placed p
    left join lateral (
      select g.code from grids g
      where (p.hot or p.recurring is not null) and g.geom && p.centre and ST_Covers(g.geom, p.centre)
      order by g.code limit 1
    ) at_centre on true
    left join lateral (
      select g.code from matched mi join grids g on g.geom && mi.geom and ST_Covers(g.geom, mi.geom)
      where at_centre.code is null and (p.hot or p.recurring is not null) and mi.q = p.q and mi.r = p.r
      group by g.code order by count(*) desc, g.code limit 1
    ) by_issues on true
  )
  select json_build_object(
    'cell_m', cell_m, 'recurring_weeks', recurring_weeks,
    'cells_total', (select count(*) from binned), 'issues_total', (select coalesce(sum(n), 0) from binned),
    'cells', json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', f.q || ':' || f.r,
      'geometry', ST_AsGeoJSON(f.geom, 6)::json,
      'properties', json_build_object('cell', f.q || ':' || f.r, 'count', f.n::int, 'z', round(f.z::numeric, 3),
        'hot', f.hot, 'recurring', f.recurring is not null, 'recurring_categories', coalesce(f.recurring, '[]'::jsonb),
        'lon', round(ST_X(f.centre)::numeric, 6), 'lat', round(ST_Y(f.centre)::numeric, 6),
        'street_code', st.code, 'street_name', st.name, 'community_code', cm.code, 'community_name', cm.name,
        'grid_code', g.code, 'grid_name', g.name, 'place_by', f.place_by))
      order by f.hot desc, (f.recurring is not null) desc, f.z desc, f.n desc, f.q, f.r), '[]'::json)))
  into result
  from located f
  left join grids g on g.code = f.grid_code
  left join communities cm on cm.code = g.community_code
  left join streets st on st.code = cm.street_code;
  return result;
end $$;

-- REPLACED by 20261209002800_hotspot_results.sql
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

revoke all on function public.issue_hotspots_unchecked(jsonb, double precision, integer) from public, anon, authenticated;
revoke all on function public.hex_grid(double precision) from public, anon, authenticated;
revoke all on function public.refresh_hotspot_cells() from public, anon, authenticated;
