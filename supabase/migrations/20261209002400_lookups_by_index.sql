-- "Who is responsible here?" through the zones' spatial index for a signed-in caller.
--
-- zone_at and zone_at_batch ran as the caller, under the zones' and units' row policy. PostGIS's
-- && and ST_Covers are not leakproof, so under RLS PostgreSQL may not use them as index
-- conditions: every call tested every zone (at ×10 on PostgreSQL, as the demo's leader: 25 ms a
-- point, 1.2 s for a batch of 100; as the owner, an index probe per point, 3 ms for the batch).
-- They now run as their owner and apply the tables' one read policy, is_signed_in(), themselves —
-- as area_figures and area_report do since 2200_city_scale. Same answers; anon still may not
-- execute them (0300_security), and a caller without an app_users row gets null / nulls, as the
-- policy gave before.

create or replace function public.zone_at(lon double precision, lat double precision) returns json
language sql stable security definer set search_path = public, extensions, pg_temp as $$
  with p as (select lonlat_point(lon, lat) as g),
  hits as (
    select z.id, z.name, z.kind, z.version, z.unit_id, u.name as unit_name,
           row_number() over (order by ST_Area(z.geom), z.id) as rank
    from zones z join units u on u.id = z.unit_id, p
    where z.kind = 'area' and ST_Covers(z.geom, p.g) and (select is_signed_in())
  ),
  grid as (
    select json_build_object('code', g.code, 'name', g.name, 'community', c.name, 'street', s.name) as j
    from grids g join communities c on c.code = g.community_code join streets s on s.code = c.street_code, p
    where ST_Covers(g.geom, p.g) and (select is_signed_in()) order by g.code limit 1
  )
  select json_build_object('id', h.id, 'name', h.name, 'unit_id', h.unit_id, 'unit_name', h.unit_name,
           'kind', h.kind, 'version', h.version,
           'also', coalesce((select json_agg(o.id order by o.rank) from hits o where o.rank > 1), '[]'::json),
           'grid', (select j from grid))
  from hits h where h.rank = 1
$$;

create or replace function public.zone_at_batch(points jsonb) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare signed_in boolean := is_signed_in();
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
      where signed_in and z.kind = 'area' and ST_Covers(z.geom, q.g)
      order by ST_Area(z.geom), z.id limit 1) h on true);
end $$;
