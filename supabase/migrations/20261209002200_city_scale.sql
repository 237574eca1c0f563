-- City scale (issue 14, "analyses that stay interactive"): the analyses the pages and the wall
-- call for a whole view, kept interactive at 100× the demo (84,000 grids, 6,000 units, 7,000
-- zones, 1,000,000 issues over five years). Names, parameters and answers are unchanged; what
-- changes is how each is computed (README, "City scale: the analyses at ×100"):
--
--   issue_hotspots   each issue's 300 m hexagon cell is kept on the issue (cell_q, cell_r, set by
--                    a trigger; recomputed with the district's grid), and an index on reported_at
--                    carries the cell and the category, so the binning is one index-only range
--                    scan counted per cell, category and week in one pass — no per-issue
--                    arithmetic, no 200,000-row CTE of points
--   coverage_report  cached per zones version: a counter bumped by a statement trigger on zones,
--                    units and districts; the report is computed once per version
--   zone_summary     area_figures and area_report run as their owner and apply the tables' one
--                    policy themselves, so the zone's issues, grids, markets, parking lots and
--                    compounds are read through their spatial indexes (under RLS, && and
--                    ST_Covers are not leakproof and every row was tested)
--   layer_catalog    the issues' count kept by triggers (issue_layer_count); every built-in
--                    layer counted on its table
--   issue_ledger     planned for the filters given (custom plans), so the wall's overdue list
--                    reads only the issues in the units' hands instead of computing every
--                    issue's escalation (a generic plan would)
--   wall_summary     indexes for its windows (dispatched_at, closed_at) and its newest steps
--                    (issue_events by at)
--   month_figures    each issue's steps read from an index that carries their status and action
set search_path = public, extensions;

-- ---------------------------------------------------------------------------------------------
-- Hotspots: each issue's cell of the app's 300 m grid, on the issue.

/** The parameters the issues' cells were computed with: the grid of hotspot_cells (cell size, district md5) and its hexagon radius. */
create table public.hotspot_grid (
  cell_m       double precision primary key,
  district_md5 text not null,
  cell_radius  double precision not null
);
alter table public.hotspot_grid enable row level security;

alter table public.issues add column cell_q integer, add column cell_r integer;
comment on column public.issues.cell_q is 'axial q of the issue''s 300 m hexagon cell (hotspot_grid), kept by set_issue_cell';
comment on column public.issues.cell_r is 'axial r of the issue''s 300 m hexagon cell (hotspot_grid), kept by set_issue_cell';


/** An issue's cell in hotspot_grid's 300 m grid (null without one), as issue_hotspots_unchecked bins it. */
create function public.set_issue_cell() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  select h.q, h.r into new.cell_q, new.cell_r
  from hotspot_grid g
  cross join lateral hex_cell(6378137 * radians(ST_X(new.geom)), 6378137 * ln(tan(pi() / 4 + radians(ST_Y(new.geom)) / 2)), g.cell_radius) h
  where g.cell_m = 300;
  return new;
end $$;

create trigger issues_cell before insert or update of geom on public.issues
for each row execute function set_issue_cell();

/**
 * The grid of the app's 300 m cells for the districts as they are: hotspot_cells (0200_tables)
 * and its radius in hotspot_grid, with every issue's cell recomputed for it (an issue keeps
 * its cell only while the grid it was computed for stands).
 */
create function public.rebuild_hotspot_grid() returns void
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
declare district geometry; radius float8;
begin
  delete from hotspot_cells;
  delete from hotspot_grid;
  insert into hotspot_cells (cell_m, district_md5, q, r, geom, centre)
  select 300, g.district_md5, g.q, g.r, g.geom, g.centre from hex_grid(300) g;
  -- the radius exactly as issue_hotspots_unchecked computes it for cell_m 300
  select ST_Transform(ST_Union(d.geom), 3857) into district from districts d;
  if district is not null then
    radius := 300 * (1 / cos(radians(ST_Y(ST_Transform(ST_Centroid(district), 4326))))) / sqrt(3);
    insert into hotspot_grid (cell_m, district_md5, cell_radius) values (300, md5(ST_AsEWKB(district)), radius);
    with c as (
      select i.id, h.q, h.r from issues i
      cross join lateral hex_cell(6378137 * radians(ST_X(i.geom)), 6378137 * ln(tan(pi() / 4 + radians(ST_Y(i.geom)) / 2)), radius) h
    )
    update issues i set cell_q = c.q, cell_r = c.r from c
    where c.id = i.id and (i.cell_q, i.cell_r) is distinct from (c.q, c.r);
  else
    update issues set cell_q = null, cell_r = null where cell_q is not null or cell_r is not null;
  end if;
end $$;

/**
 * hotspot_cells (0200_tables) holds the grid of the app's 300 m cells for the districts as they
 * are: the grid is built once when the districts change (the seed loads them after the
 * migrations), not ~4,400 hexagons and their intersection tests on every call; the issues'
 * cells (cell_q, cell_r) follow it (rebuild_hotspot_grid).
 */
-- (replaces 1100_hotspots' definition)
create or replace function public.refresh_hotspot_cells() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  perform rebuild_hotspot_grid();
  return null;
end $$;

select public.rebuild_hotspot_grid();

-- the hotspot binning's range (built after the fill above, which updates every issue): the window's issues with their cell and category, read from the index alone
create index issues_reported_cell_idx on public.issues (reported_at) include (cell_q, cell_r, category);

/**
 * The hot and recurring cells (1100_hotspots: the binning and Gi*), for the map and the hotspot
 * list. JIT is off: the planner's cost for the hexagon polygons makes PostgreSQL compile the
 * query, which took longer (~0.2 s) than running it. Planned for the filters given
 * (force_custom_plan): with no state filter, the issues' window is read from
 * issues_reported_cell_idx alone.
 * At the app's 300 m, for the grid in hotspot_grid, the issues' cells are the ones kept on them
 * (cell_q, cell_r); any other size, or a district changed without the trigger, bins each issue
 * here as before. The matching issues are counted once per cell, category and (ISO) week, and
 * both the cells' counts and the recurrences are read from those counts.
 */
-- (replaces 1100_hotspots' definition)
create or replace function public.issue_hotspots_unchecked(filters jsonb default null, cell_m double precision default 300,
                                      recurring_weeks integer default 6)
returns json
language plpgsql stable set search_path = public, extensions, pg_temp set jit = off
  set plan_cache_mode = force_custom_plan set work_mem = '32MB' as $$
declare
  district geometry; grid_md5 text; scale float8; radius float8; result json; cached boolean; on_issues boolean;
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
  grid_md5 := md5(ST_AsEWKB(district));
  -- the district's cells: hotspot_cells when it holds this size for this district, else built
  cached := exists (select 1 from hotspot_cells h
                    where h.cell_m = issue_hotspots_unchecked.cell_m and h.district_md5 = grid_md5);
  -- the issues' cells: kept on them for the grid of hotspot_grid, else computed here
  on_issues := exists (select 1 from hotspot_grid g
                       where g.cell_m = issue_hotspots_unchecked.cell_m and g.district_md5 = grid_md5
                         and g.cell_radius = radius);

  -- Cells are addressed by axial hexagon coordinates (q, r), computed arithmetically, so
  -- binning and neighbourhoods are hash joins rather than spatial joins.
  -- Issues are points in EPSG:4326; their Web Mercator x, y are computed arithmetically
  -- (the spherical formulas ST_Transform applies for 3857), which is cheaper per row.
  with matched as (
    select i.category, i.reported_at, i.cell_q as q, i.cell_r as r
    from issues i
    where on_issues and issue_matches(i, filters)
    union all
    select i.category, i.reported_at, hex.q, hex.r
    from issues i
    cross join lateral hex_cell(6378137 * radians(ST_X(i.geom)),
                                6378137 * ln(tan(pi() / 4 + radians(ST_Y(i.geom)) / 2)), radius) hex
    where not on_issues and issue_matches(i, filters)
  ),
  -- the matching issues per cell, category and week: one pass over them, read by counts and recurring
  weekly as materialized (
    select q, r, category, date_trunc('week', reported_at) as week, count(*) as n from matched group by q, r, category, week
  ),
  -- the cells meeting the district (hex_grid), with their polygons and centres in EPSG:4326
  grid as materialized (
    select h.q, h.r, h.geom, h.centre from hotspot_cells h
    where cached and h.cell_m = issue_hotspots_unchecked.cell_m and h.district_md5 = grid_md5
    union all
    select g.q, g.r, g.geom, g.centre from hex_grid(cell_m) g where not cached
  ),
  -- materialized, as the steps below are: each is computed once, and the planner joins the
  -- real row counts (costed as one row, a grouped sub-query was re-run for every cell)
  counts as materialized (
    select q, r, sum(n) as n from weekly group by q, r
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
    select w.q, w.r, w.category, count(*) as weeks, sum(w.n)::bigint as n
    from weekly w
    group by w.q, w.r, w.category
    having count(*) >= recurring_weeks
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
    -- the cell's matching issues, found by the cell's box (widened by a hair: the box of a
    -- hexagon's corners holds its points) and binned as above
    left join lateral (
      select g.code from issues mi
      cross join lateral hex_cell(6378137 * radians(ST_X(mi.geom)),
                                  6378137 * ln(tan(pi() / 4 + radians(ST_Y(mi.geom)) / 2)), radius) hx
      join grids g on g.geom && mi.geom and ST_Covers(g.geom, mi.geom)
      where at_centre.code is null and (p.hot or p.recurring is not null)
        and mi.geom && ST_Expand(p.geom, 1e-6) and hx.q = p.q and hx.r = p.r and issue_matches(mi, filters)
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

-- ---------------------------------------------------------------------------------------------
-- Coverage: the report computed once per version of what it reads (zones, their units' names,
-- the districts).

/** The version of what coverage_report reads: bumped by any statement that writes zones, units or districts. */
create table public.coverage_version (
  id      boolean primary key default true check (id),
  version bigint not null
);
insert into public.coverage_version (id, version) values (true, 1);
alter table public.coverage_version enable row level security;

/** The last report of each district and the version it was computed at (written only by coverage_report). */
create table public.coverage_reports (
  district_code text primary key,
  version       bigint not null,
  report        json not null
);
alter table public.coverage_reports enable row level security;

/**
 * A new version for coverage_report. The counter row stays locked until the writing transaction
 * commits: zone writes are serialised anyway (lock_zone_writes), and a report computed from a
 * snapshot is stored under the version that snapshot saw.
 */
create function public.bump_coverage_version() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  update coverage_version set version = version + 1;
  return null;
end $$;

create trigger zones_coverage_version after insert or update or delete or truncate on public.zones
for each statement execute function bump_coverage_version();
create trigger units_coverage_version after update or delete or truncate on public.units
for each statement execute function bump_coverage_version();
create trigger districts_coverage_version after insert or update or delete or truncate on public.districts
for each statement execute function bump_coverage_version();

/**
 * coverage_report_unchecked behind the guards (0400_guards): signed in, a code of at most 20
 * characters; answered from coverage_reports when nothing it reads changed since the report
 * there was computed, else computed and kept (volatile for that write; in a read-only
 * transaction it is computed and not kept).
 */
-- (replaces 1000_coverage's definition)
create or replace function public.coverage_report(district_code text) returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare v bigint; report json;
begin
  perform require_signed_in();
  perform refuse_long_text(district_code, 20, '区划编码');
  select c.version into v from coverage_version c;
  select r.report into report from coverage_reports r
  where r.district_code = coverage_report.district_code and r.version = v;
  if found then return report; end if;
  report := coverage_report_unchecked(district_code);
  if current_setting('transaction_read_only') = 'off' then
    insert into coverage_reports as r (district_code, version, report) values (coverage_report.district_code, v, report)
    on conflict on constraint coverage_reports_pkey do update set version = excluded.version, report = excluded.report
    where r.version < excluded.version;
  end if;
  return report;
end $$;

-- ---------------------------------------------------------------------------------------------
-- The wall's reads (2000_wall): its windows of today and yesterday, its newest steps, and the
-- ledger's overdue list.

-- wall_day_figures: issues dispatched and closed in a window (received: issues_reported_idx)
create index issues_dispatched_idx on public.issues (dispatched_at);
create index issues_closed_idx on public.issues (closed_at);
-- wall_summary's newest steps: the last rows by (at, id), read backwards
create index issue_events_at_idx on public.issue_events (at, id);

-- issue_ledger's filters are constants of each call: planned for them, `overdue: true` reads the
-- issues in the units' hands (issues_status_idx); a generic plan (chosen after five calls in a
-- session) would test every issue's escalation.
alter function public.issue_ledger(jsonb, text, integer, integer) set plan_cache_mode = force_custom_plan;

-- ---------------------------------------------------------------------------------------------
-- The area panel (zone_summary, admin_area_summary, area_summary): the figures read the issues,
-- grids, markets, parking lots and compounds inside the area through their spatial indexes. As
-- the caller, under RLS, they could not: && and ST_Covers are not leakproof, so PostgreSQL kept
-- them out of the index and tested every row of every table (a million issues at 100×). The two
-- functions now run as their owner and apply the tables' one policy themselves — every row for
-- a signed-in user (is_signed_in, 0300_security), none otherwise — so they answer exactly as
-- before, through the index.

/**
 * The figures for any area: the one computation behind the zone panel, the drill-down
 * levels and ad-hoc areas, so a figure never differs between them.
 */
-- (replaces 1200_inspection's definition)
create or replace function public.area_figures(area geometry) returns jsonb
language sql stable security definer set search_path = public, extensions, pg_temp as $$
  with inside_issues as (
    select i.status, i.deadline from issues i where ST_Covers(area, i.geom) and (select is_signed_in())
  ),
  inside_grids as (
    select g.code from grids g where g.geom && area and ST_Covers(area, ST_PointOnSurface(g.geom)) and (select is_signed_in()) order by g.code
  )
  select jsonb_build_object(
    'area_km2', round((ST_Area(area::geography) / 1e6)::numeric, 4),
    'grid_count', (select count(*) from inside_grids),
    'grids', coalesce((select jsonb_agg(code) from inside_grids), '[]'::jsonb),
    'issues', (select jsonb_build_object(
        'total', count(*),
        'by_status', jsonb_build_object(
            'registered', count(*) filter (where status = 'registered'),
            'dispatched', count(*) filter (where status = 'dispatched'),
            'accepted', count(*) filter (where status = 'accepted'),
            'handled', count(*) filter (where status = 'handled'),
            'verified', count(*) filter (where status = 'verified'),
            'closed', count(*) filter (where status = 'closed'),
            'returned', count(*) filter (where status = 'returned'),
            'rework', count(*) filter (where status = 'rework'),
            'deferred', count(*) filter (where status = 'deferred'),
            'parked', count(*) filter (where status = 'parked')),
        'open', count(*) filter (where status <> 'closed'),
        'overdue', count(*) filter (where issue_is_overdue(status, deadline)),
        'closed', count(*) filter (where status = 'closed'))
      from inside_issues),
    'markets', (select jsonb_build_object('count', count(*), 'stalls', coalesce(sum(stall_count), 0))
                from markets m where ST_Covers(area, m.geom) and (select is_signed_in())),
    'parking', (select jsonb_build_object('count', count(*), 'capacity', coalesce(sum(capacity), 0),
                                          'new_spaces', coalesce(sum(new_spaces), 0))
                from parking_lots p where ST_Covers(area, p.geom) and (select is_signed_in())),
    'compounds', (select jsonb_build_object('count', count(*), 'buildings', coalesce(sum(buildings), 0),
                                            'households', coalesce(sum(households), 0))
                  from compounds c where c.geom && area and ST_Covers(area, ST_PointOnSurface(c.geom)) and (select is_signed_in())))
$$;

/**
 * Everything the panel shows about an area: area_figures plus the issue ledger figures —
 * closed_share (办结占比), median hours to close, closed this month, the overdue issues, a
 * 12-week trend of reported and closed, and the places where problems recur.
 */
-- (replaces 1200_inspection's definition)
create or replace function public.area_report(area geometry) returns jsonb
language sql stable security definer set search_path = public, extensions, pg_temp as $$
  with inside as (
    select i.* from issues i where i.geom && area and ST_Covers(area, i.geom) and (select is_signed_in())
  ),
  weeks as (
    select generate_series(date_trunc('week', now()) - interval '11 weeks', date_trunc('week', now()), interval '1 week') as week
  )
  select area_figures(area) || jsonb_build_object(
    'closed_share', (select round(closed_share(count(*) filter (where status = 'closed'), count(*)), 4) from inside),
    'median_close_hours', (select round((percentile_cont(0.5) within group (order by extract(epoch from closed_at - reported_at)) / 3600)::numeric, 1)
                           from inside where closed_at is not null),
    'closed_this_month', (select count(*) from inside where closed_at >= date_trunc('month', now())),
    'reported_this_month', (select count(*) from inside where reported_at >= date_trunc('month', now())),
    'overdue_issues', coalesce((select jsonb_agg(jsonb_build_object('id', o.id, 'code', o.code, 'category', o.category,
          'category_zh', c.name_zh, 'category_en', c.name_en, 'description', o.description, 'deadline', o.deadline,
          'escalation', issue_escalation_level(o.status, o.deadline, o.handled_at, o.closed_at, now()), 'unit_name', u.name,
          'lon', round(ST_X(o.geom)::numeric, 6), 'lat', round(ST_Y(o.geom)::numeric, 6)) order by o.deadline)
        from inside o join issue_categories c on c.code = o.category left join units u on u.id = o.unit_id
        where issue_is_overdue(o.status, o.deadline)), '[]'::jsonb),
    'trend', (select jsonb_agg(jsonb_build_object('week', to_char(w.week, 'YYYY-MM-DD'),
          'reported', (select count(*) from inside where reported_at >= w.week and reported_at < w.week + interval '1 week'),
          'closed', (select count(*) from inside where closed_at >= w.week and closed_at < w.week + interval '1 week')) order by w.week)
        from weeks w),
    'recurring', coalesce((select jsonb_agg(s.r order by s.weeks desc) from (
        select jsonb_build_object('category', i.category, 'name_zh', c.name_zh, 'name_en', c.name_en,
                 'weeks', count(distinct date_trunc('week', i.reported_at)), 'issues', count(*),
                 'lon', round(avg(ST_X(i.geom))::numeric, 6), 'lat', round(avg(ST_Y(i.geom))::numeric, 6)) as r,
               count(distinct date_trunc('week', i.reported_at)) as weeks
        from inside i join issue_categories c on c.code = i.category
        group by i.category, c.name_zh, c.name_en, ST_SnapToGrid(i.geom, 0.0005)
        having count(distinct date_trunc('week', i.reported_at)) >= 6) s), '[]'::jsonb))
$$;

-- ---------------------------------------------------------------------------------------------
-- The indicators (1250_indicators: month_figures, under unit_ranking, unit_indicators, the wall
-- and the bulletin) read each of the month's issues' steps before the month's end — its status
-- then and whether it was sent back: the steps' index carries both, so the look-up reads the
-- index alone (it replaces issue_events_issue_idx, whose columns lead it).
create index issue_events_issue_status_idx on public.issue_events (issue_id, at, id) include (to_status, action);
drop index public.issue_events_issue_idx;

-- ---------------------------------------------------------------------------------------------
-- The layer list (0500_layers) on the start-up path.

/**
 * The issues layer's feature count (layer_issues with no bbox and no filters: every issue whose
 * reported_at is before 'infinity', issue_matches' range), kept by triggers on issues: counting
 * a million issues took most of a second on the start-up path. Read under the issues' policy.
 * The row is updated by each filing (dispatch_issue), which already waits for the year's
 * case-number row, so it serialises nothing new.
 */
create table public.issue_layer_count (
  id boolean primary key default true check (id),
  n  bigint not null
);
insert into public.issue_layer_count (id, n) select true, count(*) from public.issues where reported_at < 'infinity';
alter table public.issue_layer_count enable row level security;
grant select on public.issue_layer_count to authenticated;
create policy "issue_layer_count: signed-in users read" on public.issue_layer_count for select to authenticated
  using ((select public.is_signed_in()));

create function public.count_issue_layer() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    update issue_layer_count set n = n + (select count(*) from added_issues where reported_at < 'infinity');
  elsif tg_op = 'DELETE' then
    update issue_layer_count set n = n - (select count(*) from removed_issues where reported_at < 'infinity');
  elsif tg_op = 'UPDATE' then  -- a row whose reported_at crossed 'infinity' (the trigger's condition)
    update issue_layer_count set n = n + case when new.reported_at < 'infinity' then 1 else -1 end;
  elsif tg_op = 'TRUNCATE' then
    update issue_layer_count set n = 0;
  end if;
  return null;
end $$;

create trigger issues_layer_count_insert after insert on public.issues referencing new table as added_issues
for each statement execute function count_issue_layer();
create trigger issues_layer_count_delete after delete on public.issues referencing old table as removed_issues
for each statement execute function count_issue_layer();
create trigger issues_layer_count_update after update of reported_at on public.issues
for each row when ((old.reported_at < 'infinity') is distinct from (new.reported_at < 'infinity'))
execute function count_issue_layer();
create trigger issues_layer_count_truncate after truncate on public.issues
for each statement execute function count_issue_layer();

/**
 * Every catalogued layer with its feature count: the app's layer list, on the start-up path. A
 * count is what the layer's function returns with no bbox and no filters: the issues' as kept
 * in issue_layer_count, every other built-in layer's counted on its table with its function's
 * joins (running layer_streets or layer_communities computes every outline's label point,
 * ST_PointOnSurface, to count them). A layer served by another function is counted through it.
 */
-- (replaces 0500_layers' definition)
create or replace function public.layer_catalog() returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare l record; n bigint; out jsonb := '[]'::jsonb;
begin
  for l in select * from layers order by sort_order, id loop
    case layer_source(l.id)
      when 'public.layer_issues(geometry, jsonb)'::regprocedure then
        -- kept by the triggers above: every issue's category exists (a foreign key), and the
        -- left join to units adds no row
        select c.n into n from issue_layer_count c;
        n := coalesce(n, 0);
      when 'public.layer_grids(geometry, jsonb)'::regprocedure then
        select count(*) into n from grids g join communities c on c.code = g.community_code join streets s on s.code = c.street_code;
      when 'public.layer_zones(geometry, jsonb)'::regprocedure then
        select count(*) into n from zones z join units u on u.id = z.unit_id;
      when 'public.layer_district(geometry, jsonb)'::regprocedure then select count(*) into n from districts;
      when 'public.layer_streets(geometry, jsonb)'::regprocedure then select count(*) into n from streets;
      when 'public.layer_communities(geometry, jsonb)'::regprocedure then select count(*) into n from communities;
      when 'public.layer_markets(geometry, jsonb)'::regprocedure then select count(*) into n from markets;
      when 'public.layer_parking(geometry, jsonb)'::regprocedure then select count(*) into n from parking_lots;
      when 'public.layer_compounds(geometry, jsonb)'::regprocedure then select count(*) into n from compounds;
      else
        execute format('select count(*) from %s(null, null)', layer_source(l.id)::regproc) into n;
    end case;
    out := out || jsonb_build_object('id', l.id, 'title_zh', l.title_zh, 'title_en', l.title_en,
      'geometry_type', l.geometry_type, 'source_function', l.source_function, 'sort_order', l.sort_order,
      'default_visible', l.default_visible, 'style', l.style, 'feature_count', n);
  end loop;
  return out::json;
end $$;

-- the helpers and triggers above are no API: nobody calls them but the database
revoke all on function public.set_issue_cell() from public, anon, authenticated;
revoke all on function public.rebuild_hotspot_grid() from public, anon, authenticated;
revoke all on function public.bump_coverage_version() from public, anon, authenticated;
revoke all on function public.count_issue_layer() from public, anon, authenticated;
