-- Who is responsible here, and what is in an area.
-- Rule for features on a boundary: a point on a zone's boundary counts as inside it
-- (ST_Covers), so nothing on a shared border falls through both neighbours; a polygon
-- feature (grid, compound) belongs to the zone that covers its point-on-surface.
set search_path = public, extensions;

/** A point from lon/lat, refusing what is not a coordinate on Earth. */
create function public.lonlat_point(lon double precision, lat double precision) returns geometry
language plpgsql immutable set search_path = public, extensions, pg_temp as $$
begin
  if lon is null or lat is null or lon = 'NaN' or lat = 'NaN'
     or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'invalid_coordinates: 坐标无效 (%, %)', lon, lat using hint = 'invalid_coordinates';
  end if;
  return ST_SetSRID(ST_MakePoint(lon, lat), 4326);
end $$;

/**
 * The area zone responsible at a point. Where zones overlap (a defect the coverage report
 * shows), the smallest zone wins — the more specific assignment — then the lowest id, and
 * the others are listed in `also`.
 */
create function public.zone_at(lon double precision, lat double precision) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  with p as (select lonlat_point(lon, lat) as g),
  hits as (
    select z.id, z.name, z.kind, z.version, z.unit_id, u.name as unit_name,
           row_number() over (order by ST_Area(z.geom), z.id) as rank
    from zones z join units u on u.id = z.unit_id, p
    where z.kind = 'area' and ST_Covers(z.geom, p.g)
  ),
  grid as (
    select json_build_object('code', g.code, 'name', g.name, 'community', c.name, 'street', s.name) as j
    from grids g join communities c on c.code = g.community_code join streets s on s.code = c.street_code, p
    where ST_Covers(g.geom, p.g) order by g.code limit 1
  )
  select json_build_object('id', h.id, 'name', h.name, 'unit_id', h.unit_id, 'unit_name', h.unit_name,
           'kind', h.kind, 'version', h.version,
           'also', coalesce((select json_agg(o.id order by o.rank) from hits o where o.rank > 1), '[]'::json),
           'grid', (select j from grid))
  from hits h where h.rank = 1
$$;

/**
 * The figures for any area: the one computation behind the zone panel, the drill-down
 * levels and ad-hoc areas, so a figure never differs between them.
 */
create function public.area_figures(area geometry) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  with inside_issues as (
    select i.status, i.deadline from issues i where ST_Covers(area, i.geom)
  ),
  inside_grids as (
    select g.code from grids g where g.geom && area and ST_Covers(area, ST_PointOnSurface(g.geom)) order by g.code
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
            'in_progress', count(*) filter (where status = 'in_progress'),
            'closed', count(*) filter (where status = 'closed')),
        'open', count(*) filter (where status <> 'closed'),
        'overdue', count(*) filter (where issue_is_overdue(status, deadline)),
        'closed', count(*) filter (where status = 'closed'))
      from inside_issues),
    'markets', (select jsonb_build_object('count', count(*), 'stalls', coalesce(sum(stall_count), 0))
                from markets m where ST_Covers(area, m.geom)),
    'parking', (select jsonb_build_object('count', count(*), 'capacity', coalesce(sum(capacity), 0),
                                          'new_spaces', coalesce(sum(new_spaces), 0))
                from parking_lots p where ST_Covers(area, p.geom)),
    'compounds', (select jsonb_build_object('count', count(*), 'buildings', coalesce(sum(buildings), 0),
                                            'households', coalesce(sum(households), 0))
                  from compounds c where c.geom && area and ST_Covers(area, ST_PointOnSurface(c.geom))))
$$;

/** A unit with its leader and officers. */
create function public.unit_info(unit bigint) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  select jsonb_build_object('id', u.id, 'name', u.name, 'leader_name', u.leader_name,
           'leader_title', u.leader_title, 'phone', u.phone,
           'officers', coalesce((select jsonb_agg(jsonb_build_object('name', o.name, 'phone', o.phone) order by o.id)
                                 from unit_officers o where o.unit_id = u.id), '[]'::jsonb))
  from units u where u.id = unit
$$;

-- zone_summary (the zone panel) is area_report applied to the zone: see ..._1000_inspection.sql.

/** Who is signed in, as the app shows it (null when anonymous). */
create function public.current_user_info() returns json
language sql stable security definer set search_path = '' as $$
  select json_build_object('id', a.id, 'display_name', a.display_name, 'role', a.role,
                           'unit_id', a.unit_id, 'unit_name', u.name)
  from public.app_users a left join public.units u on u.id = a.unit_id
  where a.id = (select auth.uid())
$$;
