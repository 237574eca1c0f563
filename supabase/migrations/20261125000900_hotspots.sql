-- Issue hotspots as analysis, not density. Issues matching the filters are binned into
-- hexagons of `cell_m` metres (in Web Mercator, corrected for latitude so cells are true
-- size on the ground) over the whole district — empty cells included, since Gi* compares each
-- neighbourhood with the district as a whole. A cell is
--   hot        when its Getis-Ord Gi* z-score (binary weights: the cell and the cells whose
--              centres lie within 1.5 cell widths) exceeds 1.96 (95 %) and it has issues;
--   recurring  when issues of one category came back in at least `recurring_weeks` distinct
--              ISO weeks (反复出现的问题) — ten issues on one day are a burst, not a recurrence.
set search_path = public, extensions;

create function public.issue_hotspots(filters jsonb default null, cell_m double precision default 300,
                                      recurring_weeks integer default 6)
returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  district geometry; scale float8; size float8; result json;
begin
  if cell_m is null or cell_m < 50 or cell_m > 5000 then
    raise exception 'invalid_cell_size: 网格尺寸须在 50 到 5000 米之间' using hint = 'invalid_cell_size';
  end if;
  if recurring_weeks is null or recurring_weeks < 2 then
    raise exception 'invalid_recurring_weeks: 反复出现的周数至少为 2' using hint = 'invalid_recurring_weeks';
  end if;
  select ST_Union(geom) into district from districts;
  if district is null then
    return json_build_object('cells', json_build_object('type', 'FeatureCollection', 'features', '[]'::json));
  end if;
  -- Mercator stretches lengths by 1/cos(latitude): scale the hexagon so it is cell_m on the ground.
  scale := 1 / cos(radians(ST_Y(ST_Centroid(district))));
  size := cell_m * scale / sqrt(3);  -- ST_HexagonGrid's size is the edge (= circumradius)

  with cells as (
    select h.i, h.j, h.geom as merc
    from ST_HexagonGrid(size, ST_Transform(district, 3857)) h
    where ST_Intersects(h.geom, ST_Transform(district, 3857))
  ),
  matched as (
    select i.category, i.reported_at, ST_Transform(i.geom, 3857) as merc
    from issues i where issue_matches(i, filters)
  ),
  binned as (
    select c.i, c.j, c.merc, count(m.*)::float8 as n
    from cells c left join matched m on ST_Intersects(c.merc, m.merc)
    group by c.i, c.j, c.merc
  ),
  stats as (
    select count(*)::float8 as cells, avg(n) as mean, sqrt(greatest(avg(n * n) - avg(n) ^ 2, 0)) as sd from binned
  ),
  neighbourhoods as (
    select b.i, b.j, sum(nb.n) as local_sum, count(nb.*)::float8 as w
    from binned b join binned nb on nb.i between b.i - 1 and b.i + 1 and nb.j between b.j - 1 and b.j + 1
      and ST_DWithin(ST_Centroid(b.merc), ST_Centroid(nb.merc), 1.5 * size * sqrt(3))
    group by b.i, b.j
  ),
  scored as (
    select b.i, b.j, b.merc, b.n,
           case when s.sd = 0 or s.cells < 3 then 0
                else (nh.local_sum - s.mean * nh.w) / (s.sd * sqrt((s.cells * nh.w - nh.w ^ 2) / (s.cells - 1))) end as z
    from binned b join neighbourhoods nh using (i, j) cross join stats s
  ),
  recurring as (
    select c.i, c.j, m.category, count(distinct date_trunc('week', m.reported_at)) as weeks, count(*) as n
    from cells c join matched m on ST_Intersects(c.merc, m.merc)
    group by c.i, c.j, m.category
    having count(distinct date_trunc('week', m.reported_at)) >= recurring_weeks
  ),
  features as (
    select s.*, s.z > 1.96 and s.n > 0 as hot,
           (select jsonb_agg(jsonb_build_object('category', r.category, 'name_zh', c.name_zh, 'name_en', c.name_en,
                                                'weeks', r.weeks, 'issues', r.n) order by r.weeks desc, r.category)
            from recurring r join issue_categories c on c.code = r.category where r.i = s.i and r.j = s.j) as recurring
    from scored s where s.n > 0
  )
  select json_build_object(
    'cell_m', cell_m, 'recurring_weeks', recurring_weeks,
    'cells_total', (select count(*) from binned), 'issues_total', (select coalesce(sum(n), 0) from binned),
    'cells', json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', f.i || ':' || f.j,
      'geometry', ST_AsGeoJSON(ST_Transform(f.merc, 4326), 6)::json,
      'properties', json_build_object('cell', f.i || ':' || f.j, 'count', f.n::int, 'z', round(f.z::numeric, 3),
        'hot', f.hot, 'recurring', f.recurring is not null, 'recurring_categories', coalesce(f.recurring, '[]'::jsonb),
        'lon', round(ST_X(ST_Transform(ST_Centroid(f.merc), 4326))::numeric, 6),
        'lat', round(ST_Y(ST_Transform(ST_Centroid(f.merc), 4326))::numeric, 6)))
      order by f.hot desc, (f.recurring is not null) desc, f.z desc, f.n desc), '[]'::json)))
  into result
  from features f;
  return result;
end $$;
