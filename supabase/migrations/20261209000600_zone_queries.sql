-- Who is responsible here: the zone at a point and the unit behind it.
-- Rule for features on a boundary: a point on a zone's boundary counts as inside it
-- (ST_Covers), so nothing on a shared border falls through both neighbours; a polygon
-- feature (grid, compound) belongs to the zone that covers its point-on-surface
-- (area_figures, 1200_inspection).
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
-- REPLACED by 20261209002400_lookups_by_index.sql
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
 * zone_at for many points in one statement — for dispatching an imported list of places and for
 * the bench's "PostGIS or a client-side index?" (one round trip instead of one per point):
 * points [[lon, lat], …], at most 10,000 → a json array in the same order, each the area zone
 * whose shape covers the point by zone_at's rule (the smallest, then the lowest id)
 * { id, unit_id, unit_name }, or null where no zone covers it. Refusals: invalid_input (not an
 * array of [number, number] pairs, or too many), invalid_coordinates.
 */
-- REPLACED by 20261209002400_lookups_by_index.sql
create function public.zone_at_batch(points jsonb) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
begin
  if jsonb_typeof(points) is distinct from 'array' or jsonb_array_length(points) > 10000
     or exists (select 1 from jsonb_array_elements(points) e
                where jsonb_typeof(e) <> 'array' or jsonb_array_length(e) <> 2
                   or jsonb_typeof(e -> 0) <> 'number' or jsonb_typeof(e -> 1) <> 'number') then
    raise exception 'invalid_input: 须为至多 10000 个 [经度, 纬度] 数对的数组' using hint = 'invalid_input';
  end if;
  return (select coalesce(json_agg(case when h.id is null then null
                                   else json_build_object('id', h.id, 'unit_id', h.unit_id, 'unit_name', h.unit_name) end
                                   order by p.ord), '[]'::json)
    from jsonb_array_elements(points) with ordinality p(pt, ord)
    cross join lateral (select lonlat_point((p.pt ->> 0)::double precision, (p.pt ->> 1)::double precision) as g) q
    left join lateral (
      select z.id, z.unit_id, u.name as unit_name
      from zones z join units u on u.id = z.unit_id
      where z.kind = 'area' and ST_Covers(z.geom, q.g)
      order by ST_Area(z.geom), z.id limit 1) h on true);
end $$;

/** A unit with its leader and officers; phone numbers only for staff (not the wall account). */
create function public.unit_info(unit bigint) returns jsonb
language sql stable security definer set search_path = public, extensions, pg_temp as $$
  select case when is_signed_in() then
    jsonb_build_object('id', u.id, 'name', u.name, 'leader_name', u.leader_name,
           'leader_title', u.leader_title, 'phone', case when sees_phone_numbers() then u.phone end,
           'officers', coalesce((select jsonb_agg(jsonb_build_object('name', o.name,
                                   'phone', case when sees_phone_numbers() then o.phone end) order by o.id)
                                 from unit_officers o where o.unit_id = u.id), '[]'::jsonb)) end
  from units u where u.id = unit
$$;
