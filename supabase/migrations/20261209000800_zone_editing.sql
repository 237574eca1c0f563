-- Saving zones: one write path. save_zone validates exactly as validate_zone does, checks
-- the caller may write the unit's zones, refuses a save that did not start from the current
-- version, and the trigger below records every version in zone_history.
-- Errors are raised as '<code>: <message>' with the code in HINT and the problems (JSON) in
-- DETAIL, and nothing is written.
--
-- Zones cannot be corrupted, not even by the owner or the seed: the table's constraints
-- (0200: valid, the right type per kind, the vertex cap) and zones_guard below (inside the
-- district's bounding box, versions that only go up by one, authorship and time from
-- auth.uid() and now()). The write functions are SECURITY DEFINER (no API role writes the
-- table: 0300) and serialised by one transaction-level advisory lock taken before validating,
-- so two concurrent saves can never produce an overlap either would refuse.
set search_path = public, extensions;

/** Every version a zone ever had, written by the table itself (no API role writes zone_history). */
create function public.record_zone_history() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'DELETE' then
    insert into public.zone_history (zone_id, version, operation, unit_id, name, kind, geom, changed_by, changed_by_name)
    values (old.id, old.version + 1, 'delete', old.unit_id, old.name, old.kind, old.geom, (select auth.uid()),
            (select display_name from public.app_users where id = (select auth.uid())));
    return old;
  end if;
  insert into public.zone_history (zone_id, version, operation, unit_id, name, kind, geom, changed_by, changed_by_name, changed_at)
  values (new.id, new.version,
          -- restore_zone marks its writes, including bringing a deleted zone back (an INSERT)
          coalesce(nullif(current_setting('gridgov.zone_operation', true), ''), case when tg_op = 'INSERT' then 'create' else 'update' end),
          new.unit_id, new.name, new.kind, new.geom, new.updated_by, new.updated_by_name, new.updated_at);
  return new;
end $$;

create trigger zones_history after insert or update or delete on public.zones
  for each row execute function public.record_zone_history();

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

/**
 * The signed-in user when they are an officer or an administrator (the people who change
 * zones and dispatch issues), or not_signed_in / forbidden naming what they tried (`action`).
 */
create function public.officer_or_admin(action text) returns public.app_users
language plpgsql stable security definer set search_path = '' as $$
declare me public.app_users;
begin
  select * into me from public.app_users where id = (select auth.uid());
  if not found then
    raise exception 'not_signed_in: 请先登录再%', action using hint = 'not_signed_in';
  end if;
  if me.role not in ('admin', 'officer') then
    raise exception 'forbidden: 当前角色（%）不能%', me.role, action using hint = 'forbidden';
  end if;
  return me;
end $$;

/** The signed-in user, or an error for anyone who may not edit zones at all. */
create function public.zone_editor() returns public.app_users
language sql stable set search_path = '' as $$
  select public.officer_or_admin('编辑责任区')
$$;

/** A zone as the editor receives it (GeoJSON geometry, version, who changed it last). */
create function public.zone_json(z public.zones) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select json_build_object('id', z.id, 'unit_id', z.unit_id, 'name', z.name, 'kind', z.kind, 'version', z.version,
           'geom', ST_AsGeoJSON(z.geom, 7)::json, 'updated_at', z.updated_at, 'updated_by_name', z.updated_by_name)
$$;

/**
 * Create or update a zone: { id?, unit_id, name, kind, geom (GeoJSON), version? }.
 * For an update, `version` is the version the edit started from; if the zone has moved on
 * since, the save is refused as stale and the current zone is returned in DETAIL.
 */
create function public.save_zone(zone jsonb) returns json
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
create function public.delete_zone(zone_id bigint, version integer) returns json
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

/** Every recorded version of a zone, newest first. */
create function public.zone_versions(zone_id bigint) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select coalesce(json_agg(json_build_object('version', h.version, 'operation', h.operation, 'unit_id', h.unit_id,
           'name', h.name, 'kind', h.kind, 'geom', ST_AsGeoJSON(h.geom, 7)::json,
           'changed_by_name', h.changed_by_name, 'changed_at', h.changed_at) order by h.version desc, h.id desc), '[]'::json)
  from zone_history h where h.zone_id = zone_versions.zone_id
$$;

/**
 * Bring back an earlier version of a zone (`to_version`), from the version the caller last
 * saw (`version`). A live zone: a save of that shape. A deleted zone comes back under its
 * own id, as the version after its deletion — only for whoever may edit the unit that last
 * owned it (the deletion's unit) and the unit of the version restored.
 */
create function public.restore_zone(zone_id bigint, to_version integer, version integer) returns json
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
