-- Saving zones: one write path. save_zone validates exactly as validate_zone does, checks
-- the caller may write the unit's zones, refuses a save that did not start from the current
-- version, and the trigger below records every version in zone_history.
-- Errors are raised as '<code>: <message>' with the code in HINT and the problems (JSON) in
-- DETAIL, and nothing is written.
set search_path = public, extensions;

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

create function public.zone_json(z public.zones) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select json_build_object('id', z.id, 'unit_id', z.unit_id, 'name', z.name, 'kind', z.kind, 'version', z.version,
           'geom', ST_AsGeoJSON(z.geom, 7)::json, 'updated_at', z.updated_at, 'updated_by_name', z.updated_by_name)
$$;

/** A zone name: trimmed, 1–120 characters, no markup or control characters. */
create function public.clean_zone_name(name text) returns text
language plpgsql immutable set search_path = public, extensions, pg_temp as $$
declare n text := btrim(coalesce(name, ''));
begin
  if length(n) = 0 or length(n) > 120 then
    raise exception 'invalid_name: 名称须为 1 到 120 个字符' using hint = 'invalid_name';
  end if;
  if n ~ '[<>[:cntrl:]]' then
    raise exception 'invalid_name: 名称不能包含 < > 或控制字符' using hint = 'invalid_name';
  end if;
  return n;
end $$;

/**
 * Create or update a zone: { id?, unit_id, name, kind, geom (GeoJSON), version? }.
 * For an update, `version` is the version the edit started from; if the zone has moved on
 * since, the save is refused as stale and the current zone is returned in DETAIL.
 */
-- SUPERSEDED by 20261202000400_writes_through_the_api.sql (create or replace); kept as applied history.
create function public.save_zone(zone jsonb) returns json
language plpgsql volatile set search_path = public, extensions, pg_temp as $$
declare
  me app_users := zone_editor();
  target bigint; unit bigint; k text; nm text; base integer; cur zones; saved zones; problems jsonb;
begin
  if zone is null or jsonb_typeof(zone) <> 'object' then
    raise exception 'invalid_geojson: 请求内容应为责任区对象' using hint = 'invalid_geojson';
  end if;
  if (zone ? 'id' and jsonb_typeof(zone -> 'id') not in ('number', 'null'))
     or jsonb_typeof(zone -> 'unit_id') is distinct from 'number'
     or (zone ? 'version' and jsonb_typeof(zone -> 'version') not in ('number', 'null')) then
    raise exception 'invalid_input: id、unit_id、version 须为数字' using hint = 'invalid_input';
  end if;
  target := (zone ->> 'id')::bigint;
  unit := (zone ->> 'unit_id')::bigint;
  base := (zone ->> 'version')::integer;
  k := coalesce(zone ->> 'kind', 'area');
  if k not in ('area', 'road', 'point') then
    raise exception 'wrong_geometry_type: 责任区类型须为 area、road 或 point' using hint = 'wrong_geometry_type';
  end if;
  nm := clean_zone_name(zone ->> 'name');

  if not can_edit_unit(unit) then
    raise exception 'forbidden: 只能编辑本单位的责任区' using hint = 'forbidden';
  end if;
  if target is not null then
    -- Read first, lock after: under RLS, FOR UPDATE hides rows the caller may not update,
    -- and "someone else's zone" must read as forbidden, not as missing.
    select * into cur from zones where id = target;
    if not found then
      raise exception 'zone_not_found: 责任区 % 不存在（可能已被删除）', target using hint = 'zone_not_found';
    end if;
    if not can_edit_unit(cur.unit_id) then
      raise exception 'forbidden: 责任区「%」属于其他单位，不能修改', cur.name using hint = 'forbidden';
    end if;
    select * into cur from zones where id = target for update;
    if base is null or base <> cur.version then
      raise exception 'stale_version: 责任区「%」已被 % 修改为第 % 版，你的编辑基于第 % 版', cur.name,
        coalesce(cur.updated_by_name, '他人'), cur.version, coalesce(base::text, '?')
        using hint = 'stale_version', detail = zone_json(cur)::text;
    end if;
  end if;

  problems := zone_problems(zone -> 'geom', unit, target, k);
  if jsonb_array_length(problems) > 0 then
    raise exception '%: %', problems -> 0 ->> 'code', problems -> 0 ->> 'message_zh'
      using hint = problems -> 0 ->> 'code', detail = problems::text;
  end if;

  if target is null then
    insert into zones (unit_id, name, kind, geom, version, updated_by, updated_by_name, updated_at)
    values (unit, nm, k, zone_geometry(zone -> 'geom'), 1, me.id, me.display_name, now())
    returning * into saved;
  else
    update zones set unit_id = unit, name = nm, kind = k, geom = zone_geometry(zone -> 'geom'),
                     version = cur.version + 1, updated_by = me.id, updated_by_name = me.display_name, updated_at = now()
    where id = target and version = cur.version
    returning * into saved;
    if saved.id is null then  -- RLS hid the row from the update: not ours after all
      raise exception 'forbidden: 没有修改该责任区的权限' using hint = 'forbidden';
    end if;
  end if;
  return zone_json(saved);
end $$;

/** Delete a zone the caller may edit, if it is still at `version`. History keeps it. */
-- SUPERSEDED by 20261202000400_writes_through_the_api.sql (create or replace); kept as applied history.
create function public.delete_zone(zone_id bigint, version integer) returns json
language plpgsql volatile set search_path = public, extensions, pg_temp as $$
declare me app_users := zone_editor(); cur zones;
begin
  select * into cur from zones z where z.id = zone_id;
  if not found then
    raise exception 'zone_not_found: 责任区 % 不存在', zone_id using hint = 'zone_not_found';
  end if;
  if not can_edit_unit(cur.unit_id) then
    raise exception 'forbidden: 责任区「%」属于其他单位，不能删除', cur.name using hint = 'forbidden';
  end if;
  select * into cur from zones z where z.id = zone_id for update;
  if cur.version <> delete_zone.version then
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

grant execute on all functions in schema public to anon, authenticated;
