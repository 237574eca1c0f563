-- A shared database its users cannot corrupt (issue 10).
--
-- 1. Least privilege. Hosted Supabase grants anon and authenticated everything on every new
--    table, sequence and function in `public` (alter default privileges); RLS and our own
--    revokes are all that protect the data there. So: no API role writes any table directly
--    (every write is a SECURITY DEFINER function with its own checks); anon reads no row and
--    may execute only what the sign-in screen needs; signed-in people (a row in app_users)
--    read the map; phone numbers reach only staff (not the wall account) through unit_info.
--    Default privileges are reset the same way, so a table a later migration adds is closed
--    until that migration grants what it needs.
-- 2. Zones that cannot be corrupted, not even by the owner or the seed: constraints (valid,
--    the right type per kind, the vertex cap, inside the district's bounding box), ids
--    `generated always`, versions that only go up by one, authorship and time from
--    auth.uid() and now().
-- 3. Zone writes are serialised by one transaction-level advisory lock taken before
--    validating, so two concurrent saves can never produce an overlap either would refuse.
-- 4. Statement timeouts for the API roles as Supabase sets them (anon 3 s, authenticated
--    8 s), so plain PostgreSQL behaves the same (src/lib/api/rpc.ts applies role settings
--    as PostgREST does).
set search_path = public, extensions;

-- ── 1. Privileges ─────────────────────────────────────────────────────────────────────────

do $$
declare p record; t record; col record;
begin
  for p in select policyname, tablename from pg_policies where schemaname = 'public' loop
    execute format('drop policy %I on public.%I', p.policyname, p.tablename);
  end loop;
  for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') loop
    execute format('revoke all on public.%I from public, anon, authenticated', t.relname);
    execute format('alter table public.%I enable row level security', t.relname);
  end loop;
  -- ids are generated always: nobody chooses an id (a zone under a deleted zone's id blocked
  -- its restore); the seed and restore_zone say `overriding system value` explicitly
  for col in select table_name, column_name from information_schema.columns
             where table_schema = 'public' and is_identity = 'YES' and identity_generation = 'BY DEFAULT' loop
    execute format('alter table public.%I alter column %I set generated always', col.table_name, col.column_name);
  end loop;
end $$;

revoke all on all sequences in schema public from public, anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;
grant execute on all functions in schema public to authenticated;

alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;
alter default privileges revoke execute on functions from public;
-- a function a later migration adds is callable by signed-in users (its own checks decide)
alter default privileges in schema public grant execute on functions to authenticated;

/** Signed in and known: an Auth user with a row in app_users (any role, the wall included). */
create function public.is_signed_in() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.app_users where id = (select auth.uid()))
$$;

/** Staff who may see people's phone numbers: everyone signed in but the wall account. */
create function public.sees_phone_numbers() returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select role <> 'wall' from public.app_users where id = (select auth.uid())), false)
$$;

do $$
declare t text;
begin
  foreach t in array array['districts', 'streets', 'communities', 'grids', 'zones', 'zone_history',
                           'issue_categories', 'issues', 'markets', 'parking_lots', 'compounds', 'layers',
                           'monthly_targets'] loop
    execute format('grant select on public.%I to authenticated', t);
    execute format('create policy "%s: signed-in users read" on public.%I for select to authenticated using ((select public.is_signed_in()))', t, t);
  end loop;
end $$;
-- phone numbers are not in the column grants: unit_info hands them to staff only
grant select (id, name, kind, leader_name, leader_title) on public.units to authenticated;
create policy "units: signed-in users read" on public.units for select to authenticated using ((select public.is_signed_in()));
grant select (id, unit_id, name) on public.unit_officers to authenticated;
create policy "unit_officers: signed-in users read" on public.unit_officers for select to authenticated using ((select public.is_signed_in()));
grant select on public.app_users to authenticated;
create policy "app_users: own row, admins all" on public.app_users for select to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()));

/** A unit with its leader and officers; phone numbers only for staff (not the wall account). */
create or replace function public.unit_info(unit bigint) returns jsonb
language sql stable security definer set search_path = public, extensions, pg_temp as $$
  select case when is_signed_in() then
    jsonb_build_object('id', u.id, 'name', u.name, 'leader_name', u.leader_name,
           'leader_title', u.leader_title, 'phone', case when sees_phone_numbers() then u.phone end,
           'officers', coalesce((select jsonb_agg(jsonb_build_object('name', o.name,
                                   'phone', case when sees_phone_numbers() then o.phone end) order by o.id)
                                 from unit_officers o where o.unit_id = u.id), '[]'::jsonb)) end
  from units u where u.id = unit
$$;

-- What anon may execute: who am I (null before sign-in). The sign-in screen needs nothing else.
grant execute on function public.current_user_info() to anon;

-- ── 2. Zones that cannot be corrupted ─────────────────────────────────────────────────────

alter table public.zones
  add constraint zones_geom_valid check (ST_IsValid(geom) and not ST_IsEmpty(geom)),
  add constraint zones_vertex_cap check (ST_NPoints(geom) <= 5000),
  add constraint zones_version_positive check (version >= 1);

/** The district's bounding box; a zone outside it is refused by the table itself. */
create function public.district_extent() returns box2d
language sql stable set search_path = public, extensions, pg_temp as $$
  select ST_Extent(geom)::box2d from districts
$$;

/**
 * Every zone row, whoever writes it (an API function, the owner, the seed): inside the
 * district's bounding box; on insert the version after the zone's last recorded one (1 for a
 * new zone, deletion + 1 for a restore); on update exactly one more than before, the id kept;
 * authorship and time from auth.uid() and now() — never from the row written. Pure
 * coordinate comparisons, no GEOS: nothing here can fail silently on PGlite.
 */
create function public.zones_guard() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
declare box box2d := district_extent(); last_version integer; who uuid := (select auth.uid());
begin
  if box is null or ST_XMin(new.geom) < ST_XMin(box) or ST_YMin(new.geom) < ST_YMin(box)
     or ST_XMax(new.geom) > ST_XMax(box) or ST_YMax(new.geom) > ST_YMax(box) then
    raise exception 'outside_district: 责任区超出辖区范围' using hint = 'outside_district';
  end if;
  if tg_op = 'INSERT' then
    select max(h.version) into last_version from zone_history h where h.zone_id = new.id;
    if new.version <> coalesce(last_version, 0) + 1 then
      raise exception 'invalid_version: 责任区 % 的新版本应为第 % 版', new.id, coalesce(last_version, 0) + 1 using hint = 'invalid_version';
    end if;
  else
    if new.id <> old.id then
      raise exception 'invalid_input: 责任区编号不能修改' using hint = 'invalid_input';
    end if;
    if new.version <> old.version + 1 then
      raise exception 'invalid_version: 责任区 % 的新版本应为第 % 版', new.id, old.version + 1 using hint = 'invalid_version';
    end if;
  end if;
  new.updated_at := now();
  if who is not null then
    new.updated_by := who;
    new.updated_by_name := (select display_name from app_users where id = who);
  else
    -- the database owner (seed, migrations): no person; a name the seed gives is kept
    new.updated_by := null;
    new.updated_by_name := coalesce(new.updated_by_name, '系统');
  end if;
  return new;
end $$;

create trigger zones_guard before insert or update on public.zones
  for each row execute function public.zones_guard();

/** Zone writes one at a time (all units): taken before validating, held until commit. */
create function public.lock_zone_writes() returns void
language sql volatile set search_path = '' as $$
  select pg_catalog.pg_advisory_xact_lock(20261202, 10)
$$;

/** A spatial computation that came back empty: PGlite's PostGIS can fail without an error. */
create function public.engine_error(what text) returns void
language plpgsql immutable set search_path = '' as $$
begin
  raise exception 'engine_error: 空间计算失败（%），未保存任何内容；请检查图形后重试', what using hint = 'engine_error';
end $$;

/**
 * Every problem of a zone geometry (as in 20261202000300_outside_entirely, which this
 * replaces), now also robust to GEOS failing without an error on PGlite: each figure must
 * come back, and the overlap loop must see every zone whose bounding box meets the shape.
 */
create or replace function public.zone_problems(g jsonb, unit bigint, self bigint, kind text default null) returns jsonb
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  problems jsonb := geojson_shape_problems(g, kind);
  shape geometry; k text; detail valid_detail; district geometry; outside geometry; o record;
  size float8; out_size float8; entirely boolean; candidates int; seen int := 0;
  limits constant jsonb := zone_limits();
begin
  if jsonb_array_length(problems) > 0 then return problems; end if;
  if unit is null or not exists (select 1 from units where id = unit) then
    problems := problems || zone_problem('unknown_unit', format('责任单位 %s 不存在', coalesce(unit::text, '（空）')),
      format('Unit %s does not exist', coalesce(unit::text, '(none)')));
  end if;
  shape := zone_geometry(g);
  if shape is null then perform engine_error('解析图形'); end if;
  k := case GeometryType(shape) when 'POLYGON' then 'area' when 'LINESTRING' then 'road' else 'point' end;

  detail := ST_IsValidDetail(shape);
  if detail is null or detail.valid is null then perform engine_error('几何有效性检查'); end if;
  if not detail.valid then
    return problems || case when detail.reason ilike '%self%intersection%' then
      zone_problem('self_intersection', '边界自相交：边线在标出的位置交叉', 'The boundary crosses itself at the marked point', detail.location)
    else
      zone_problem('invalid_geometry', format('几何无效：%s', detail.reason), format('Invalid geometry: %s', detail.reason), detail.location)
    end;
  end if;
  if k = 'road' and not ST_IsSimple(shape) then
    return problems || zone_problem('self_intersection', '路段自相交：线在标出的位置与自身交叉',
      'The road segment crosses itself at the marked point', ST_Difference(ST_Points(ST_Node(shape)), ST_Points(shape)));
  end if;

  size := case k when 'area' then ST_Area(shape::geography) when 'road' then ST_Length(shape::geography) else 0 end;
  if size is null then perform engine_error('面积计算'); end if;
  if k = 'area' and size < (limits ->> 'min_area_m2')::float8 then
    problems := problems || zone_problem('too_small',
      format('面积太小：约 %s 平方米（片区至少 %s 平方米）', zone_figure(size, 1), limits ->> 'min_area_m2'),
      format('Too small: about %s m² (an area needs at least %s m²)', zone_figure(size, 1), limits ->> 'min_area_m2'),
      ST_PointOnSurface(shape),
      jsonb_build_object('area_m2', round(size::numeric, 1), 'min_area_m2', (limits ->> 'min_area_m2')::numeric));
  elsif k = 'road' and size < (limits ->> 'min_length_m')::float8 then
    problems := problems || zone_problem('too_small',
      format('路段太短：约 %s 米（路段至少 %s 米）', zone_figure(size, 1), limits ->> 'min_length_m'),
      format('Too short: about %s m (a road segment needs at least %s m)', zone_figure(size, 1), limits ->> 'min_length_m'),
      ST_StartPoint(shape),
      jsonb_build_object('length_m', round(size::numeric, 1), 'min_length_m', (limits ->> 'min_length_m')::numeric));
  end if;

  select ST_Union(d.geom) into district from districts d;
  if district is null then perform engine_error('辖区边界'); end if;
  outside := ST_Difference(shape, district);
  if outside is null then perform engine_error('辖区范围检查'); end if;
  out_size := case k when 'area' then ST_Area(outside::geography) when 'road' then ST_Length(outside::geography) else 0 end;
  if out_size is null then perform engine_error('辖区范围检查'); end if;
  entirely := case k when 'area' then size - out_size <= (limits ->> 'outside_tolerance_m2')::float8
                     when 'road' then size - out_size <= 1
                     else not ST_Covers(district, shape) end;
  if entirely is null then perform engine_error('辖区范围检查'); end if;
  if (k = 'area' and out_size > (limits ->> 'outside_tolerance_m2')::float8)
     or (k = 'road' and out_size > 1)
     or (k = 'point' and entirely) then
    problems := problems || zone_problem('outside_district',
      case when k = 'area' and entirely then format('完全位于辖区之外（整个片区约 %s 平方米都不在辖区内），请核对坐标', zone_figure(size))
           when k = 'area' then format('部分位于辖区之外（约 %s 平方米）', zone_figure(out_size))
           when k = 'road' and entirely then format('路段完全位于辖区之外（全长约 %s 米），请核对坐标', zone_figure(size))
           when k = 'road' then format('部分路段位于辖区之外（约 %s 米）', zone_figure(out_size))
           else '该点位于辖区之外' end,
      case when k = 'area' and entirely then format('It lies entirely outside the district (none of its %s m² is inside); check the coordinates', zone_figure(size))
           when k = 'area' then format('Part of it lies outside the district (about %s m²)', zone_figure(out_size))
           when k = 'road' and entirely then format('The road segment lies entirely outside the district (all of its %s m); check the coordinates', zone_figure(size))
           when k = 'road' then format('Part of the road segment lies outside the district (about %s m)', zone_figure(out_size))
           else 'The point lies outside the district' end,
      outside,
      jsonb_build_object('entirely', entirely) || case k
        when 'area' then jsonb_build_object('outside_m2', round(out_size::numeric), 'area_m2', round(size::numeric))
        when 'road' then jsonb_build_object('outside_m', round(out_size::numeric), 'length_m', round(size::numeric))
        else '{}'::jsonb end);
  end if;

  -- Overlaps. The candidates are counted by bounding box alone (no GEOS); the loop must then
  -- see each of them with a size, or GEOS failed and "no overlap" would be a lie.
  select count(*) into candidates from zones z
  where z.kind = k and k <> 'point' and z.id is distinct from self and z.geom && shape;
  for o in
    select z.id, z.name, u.name as unit_name, x.shared, x.size
    from zones z join units u on u.id = z.unit_id
    cross join lateral (select ST_CollectionExtract(ST_Intersection(z.geom, shape), case k when 'area' then 3 else 2 end) as shared) s
    cross join lateral (select s.shared, case k when 'area' then ST_Area(s.shared::geography) else ST_Length(s.shared::geography) end as size) x
    where z.kind = k and k <> 'point' and z.id is distinct from self and z.geom && shape
    order by z.id
  loop
    seen := seen + 1;
    if o.size is null then perform engine_error('重叠检查'); end if;
    if o.size > (limits ->> 'overlap_tolerance_m2')::float8 then
      problems := problems || zone_problem('overlaps_zone',
        format('与「%s」的责任区「%s」重叠约 %s %s', o.unit_name, o.name, zone_figure(o.size), case k when 'area' then '平方米' else '米' end),
        format('Overlaps zone "%s" of %s by about %s %s', o.name, o.unit_name, zone_figure(o.size), case k when 'area' then 'm²' else 'm' end),
        o.shared, jsonb_build_object('zone_id', o.id, 'zone_name', o.name, 'unit_name', o.unit_name, 'area_m2', round(o.size::numeric, 1))
          || case k when 'road' then jsonb_build_object('length_m', round(o.size::numeric, 1)) else '{}'::jsonb end);
    end if;
  end loop;
  if seen is distinct from candidates then perform engine_error('重叠检查'); end if;
  return problems;
end $$;

-- ── 3. The write functions: SECURITY DEFINER, their own checks, one at a time ──────────────

/** Raise the first of `problems` as '<code>: <message>' with all of them in DETAIL. */
create function public.raise_problems(problems jsonb) returns void
language plpgsql immutable set search_path = '' as $$
begin
  if problems is not null and pg_catalog.jsonb_array_length(problems) > 0 then
    raise exception '%: %', problems -> 0 ->> 'code', problems -> 0 ->> 'message_zh'
      using hint = problems -> 0 ->> 'code', detail = problems::text;
  end if;
end $$;

/**
 * Create or update a zone: { id?, unit_id, name, kind, geom (GeoJSON), version? }.
 * For an update, `version` is the version the edit started from; if the zone has moved on
 * since, the save is refused as stale and the current zone is returned in DETAIL.
 */
create or replace function public.save_zone(zone jsonb) returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare
  me app_users := zone_editor();
  target bigint; unit bigint; k text; nm text; base integer; cur zones; saved zones;
begin
  if zone is null or jsonb_typeof(zone) <> 'object' then
    raise exception 'invalid_geojson: 请求内容应为责任区对象' using hint = 'invalid_geojson';
  end if;
  if (zone ? 'id' and jsonb_typeof(zone -> 'id') not in ('number', 'null'))
     or jsonb_typeof(zone -> 'unit_id') is distinct from 'number'
     or (zone ? 'version' and jsonb_typeof(zone -> 'version') not in ('number', 'null'))
     or abs((zone ->> 'unit_id')::numeric) > 1e15 or abs(coalesce((zone ->> 'id')::numeric, 0)) > 1e15
     or abs(coalesce((zone ->> 'version')::numeric, 0)) > 1e9 then
    raise exception 'invalid_input: id、unit_id、version 须为整数' using hint = 'invalid_input';
  end if;
  target := (zone ->> 'id')::numeric::bigint;
  unit := (zone ->> 'unit_id')::numeric::bigint;
  base := (zone ->> 'version')::numeric::integer;
  k := coalesce(zone ->> 'kind', 'area');
  if k not in ('area', 'road', 'point') then
    raise exception 'wrong_geometry_type: 责任区类型须为 area、road 或 point' using hint = 'wrong_geometry_type';
  end if;
  nm := clean_zone_name(zone ->> 'name');
  if not can_edit_unit(unit) then
    raise exception 'forbidden: 只能编辑本单位的责任区' using hint = 'forbidden';
  end if;

  perform lock_zone_writes();  -- from here on every statement sees the saves committed before us
  if target is not null then
    select * into cur from zones where id = target for update;
    if not found then
      raise exception 'zone_not_found: 责任区 % 不存在（可能已被删除）', target using hint = 'zone_not_found';
    end if;
    if not can_edit_unit(cur.unit_id) then
      raise exception 'forbidden: 责任区「%」属于其他单位，不能修改', cur.name using hint = 'forbidden';
    end if;
    if base is null or base <> cur.version then
      raise exception 'stale_version: 责任区「%」已被 % 修改为第 % 版，你的编辑基于第 % 版', cur.name,
        coalesce(cur.updated_by_name, '他人'), cur.version, coalesce(base::text, '?')
        using hint = 'stale_version', detail = zone_json(cur)::text;
    end if;
  end if;

  perform raise_problems(zone_problems(zone -> 'geom', unit, target, k));

  if target is null then
    insert into zones (unit_id, name, kind, geom, version)
    values (unit, nm, k, zone_geometry(zone -> 'geom'), 1)
    returning * into saved;
  else
    update zones set unit_id = unit, name = nm, kind = k, geom = zone_geometry(zone -> 'geom'), version = cur.version + 1
    where id = target
    returning * into saved;
  end if;
  return zone_json(saved);
end $$;

/** Delete a zone the caller may edit, if it is still at `version`. History keeps it. */
create or replace function public.delete_zone(zone_id bigint, version integer) returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare me app_users := zone_editor(); cur zones;
begin
  perform lock_zone_writes();
  select * into cur from zones z where z.id = zone_id for update;
  if not found then
    raise exception 'zone_not_found: 责任区 % 不存在', zone_id using hint = 'zone_not_found';
  end if;
  if not can_edit_unit(cur.unit_id) then
    raise exception 'forbidden: 责任区「%」属于其他单位，不能删除', cur.name using hint = 'forbidden';
  end if;
  if cur.version is distinct from delete_zone.version then
    raise exception 'stale_version: 责任区「%」已被修改为第 % 版', cur.name, cur.version
      using hint = 'stale_version', detail = zone_json(cur)::text;
  end if;
  delete from zones z where z.id = cur.id;
  return zone_json(cur);
end $$;

/**
 * Bring back an earlier version of a zone (`to_version`), from the version the caller last
 * saw (`version`). A live zone: a save of that shape. A deleted zone comes back under its
 * own id, as the version after its deletion — only for whoever may edit the unit that last
 * owned it (the deletion's unit) and the unit of the version restored.
 */
create or replace function public.restore_zone(zone_id bigint, to_version integer, version integer) returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare h zone_history; last zone_history; saved json; me app_users := zone_editor(); back zones;
begin
  perform lock_zone_writes();
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
    select * into last from zone_history zh where zh.zone_id = restore_zone.zone_id order by zh.version desc, zh.id desc limit 1;
    if not can_edit_unit(last.unit_id) or not can_edit_unit(h.unit_id) then
      raise exception 'forbidden: 只能恢复本单位的责任区' using hint = 'forbidden';
    end if;
    if version is distinct from last.version then
      raise exception 'stale_version: 责任区「%」的最新记录是第 % 版，你看到的是第 % 版', h.name, last.version, coalesce(version::text, '?')
        using hint = 'stale_version';
    end if;
    perform raise_problems(zone_problems(ST_AsGeoJSON(h.geom, 7)::jsonb, h.unit_id, zone_id, h.kind));
    insert into zones (id, unit_id, name, kind, geom, version) overriding system value
    values (zone_id, h.unit_id, h.name, h.kind, h.geom, last.version + 1)
    returning * into back;
    saved := zone_json(back);
  end if;
  perform set_config('gridgov.zone_operation', '', true);
  return saved;
end $$;

-- dispatch_issue (20261125001300) chose its id from the sequence and inserted it; with ids
-- generated always it says so explicitly. Same checks, same answer.
create or replace function public.dispatch_issue(lon double precision, lat double precision, category text,
                                      description text, address text default null, source text default 'patrol')
returns json
language plpgsql volatile security definer set search_path = '' as $$
declare
  me public.app_users; cat public.issue_categories; here extensions.geometry; z json;
  what text; place text; new_id bigint; saved public.issues;
begin
  me := public.officer_or_admin('派遣问题');
  if length(dispatch_issue.category) > 64 or length(description) > 500 or length(address) > 200 then
    raise exception 'invalid_input: 问题描述须为 1 到 500 个字符，地址至多 200 个字符，且不含控制字符' using hint = 'invalid_input';
  end if;
  what := btrim(coalesce(description, '')); place := nullif(btrim(coalesce(address, '')), '');
  select * into cat from public.issue_categories c where c.code = dispatch_issue.category;
  if not found then
    raise exception 'unknown_category: 问题类别 % 不存在', coalesce(dispatch_issue.category, '（空）') using hint = 'unknown_category';
  end if;
  if length(what) = 0 or what ~ '[[:cntrl:]]' or place ~ '[[:cntrl:]]' then
    raise exception 'invalid_input: 问题描述须为 1 到 500 个字符，地址至多 200 个字符，且不含控制字符' using hint = 'invalid_input';
  end if;
  if coalesce(dispatch_issue.source, '') not in ('patrol', 'hotline', 'app', 'inspection') then
    raise exception 'invalid_input: 来源须为 patrol、hotline、app 或 inspection' using hint = 'invalid_input';
  end if;
  here := public.lonlat_point(lon, lat);  -- raises invalid_coordinates
  if not exists (select 1 from public.districts d where extensions.ST_Covers(d.geom, here)) then
    raise exception 'outside_district: 该位置不在辖区内' using hint = 'outside_district';
  end if;

  z := public.zone_at(lon, lat);  -- null in a coverage gap: registered, not dispatched
  new_id := nextval(pg_get_serial_sequence('public.issues', 'id'));
  insert into public.issues (id, code, category, description, address, source, geom, reported_at,
                             dispatched_at, deadline, status, unit_id, zone_id, zone_version)
  overriding system value
  values (new_id, format('JH%s-D%s', to_char(now(), 'YYYY'), lpad(new_id::text, 6, '0')), cat.code, what, place,
          dispatch_issue.source, here, now(),
          case when z is not null then now() end,
          case when z is not null then now() + make_interval(hours => cat.deadline_hours) end,
          case when z is not null then 'dispatched' else 'registered' end,
          (z ->> 'unit_id')::bigint, (z ->> 'id')::bigint, (z ->> 'version')::integer)
  returning * into saved;

  return json_build_object('id', saved.id, 'code', saved.code, 'category', saved.category, 'status', saved.status,
    'reported_at', saved.reported_at, 'dispatched_at', saved.dispatched_at, 'deadline', saved.deadline,
    'unit_id', saved.unit_id, 'unit_name', z ->> 'unit_name', 'zone_id', saved.zone_id,
    'zone_name', z ->> 'name', 'zone_version', saved.zone_version);
end $$;

-- the functions this migration created or replaced: callable by signed-in users only
revoke all on all functions in schema public from public, anon;
grant execute on all functions in schema public to authenticated;
grant execute on function public.current_user_info() to anon;

-- ── 4. Statement timeouts, as Supabase sets them ──────────────────────────────────────────
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
