-- People (issue 10, least privilege and real sign-in): administrators add, change and remove
-- who may sign in and with what role and unit, through three functions — app_users is not
-- writable by anon or authenticated directly. The Auth account itself (email + password) is
-- created with the service role (scripts/add-user.ts, or the Supabase dashboard); the row
-- here gives that account its role. Also the two reads the sign-in screen needs before anyone
-- has signed in (current_user_info, sign_in_options), since anon reads no table.
--
-- Every function: SECURITY DEFINER with an empty search_path, coded errors
-- (`code: message`, code in HINT) the app translates, caps on every input before use.
set search_path = public, extensions;

/** Who is signed in, as the app shows it (null when anonymous). */
create function public.current_user_info() returns json
language sql stable security definer set search_path = '' as $$
  select json_build_object('id', a.id, 'display_name', a.display_name, 'role', a.role,
                           'unit_id', a.unit_id, 'unit_name', u.name)
  from public.app_users a left join public.units u on u.id = a.unit_id
  where a.id = (select auth.uid())
$$;

/** The signed-in administrator, or not_signed_in / forbidden. */
create function public.people_admin() returns public.app_users
language plpgsql stable security definer set search_path = '' as $$
declare me public.app_users;
begin
  if (select auth.uid()) is null then
    raise exception 'not_signed_in: 请先登录' using hint = 'not_signed_in';
  end if;
  select * into me from public.app_users where id = (select auth.uid());
  if not found then
    raise exception 'not_signed_in: 该账号尚未开通本系统的使用权限' using hint = 'not_signed_in';
  end if;
  if me.role <> 'admin' then
    raise exception 'forbidden: 只有系统管理员可以管理人员' using hint = 'forbidden';
  end if;
  return me;
end $$;

/**
 * Every person who may sign in, with their unit, and — on Supabase, where auth.users exists —
 * their email and the Auth accounts that have no role yet (role null), so an administrator can
 * give a newly created account its role without copying its id.
 */
create function public.list_app_users() returns json
language plpgsql stable security definer set search_path = '' as $$
declare people json;
begin
  perform public.people_admin();
  if to_regclass('auth.users') is not null and exists (
    select from pg_attribute where attrelid = to_regclass('auth.users') and attname = 'email' and not attisdropped) then
    -- dynamic: on PGlite and plain PostgreSQL without Supabase's auth schema the table is absent
    execute $q$
      select coalesce(json_agg(p order by p.role is null, p.display_name, p.email), '[]'::json) from (
        select a.id, a.display_name, a.role, a.unit_id, un.name as unit_name, au.email::text as email
        from public.app_users a
        left join public.units un on un.id = a.unit_id
        left join auth.users au on au.id = a.id
        union all
        select au.id, null, null, null, null, au.email::text
        from auth.users au where not exists (select from public.app_users a where a.id = au.id)
      ) p $q$ into people;
  else
    select coalesce(json_agg(p order by p.display_name), '[]'::json) into people from (
      select a.id, a.display_name, a.role, a.unit_id, un.name as unit_name, null::text as email
      from public.app_users a left join public.units un on un.id = a.unit_id
    ) p;
  end if;
  return people;
end $$;

/**
 * Add a person or change one (role, unit, name). Admin only. An officer needs a unit; the last
 * administrator cannot be demoted (nobody could manage people any more). Serialised with an
 * advisory lock so two administrators demoting each other at the same moment cannot both win.
 */
create function public.save_app_user(user_id uuid, display_name text, role text, unit_id bigint default null) returns json
language plpgsql volatile security definer set search_path = '' as $$
declare
  name_ text := btrim(coalesce(display_name, ''));
  before public.app_users;
  saved public.app_users;
begin
  perform public.people_admin();
  if user_id is null then
    raise exception 'invalid_input: 缺少用户 ID' using hint = 'invalid_input';
  end if;
  if length(display_name) > 200 or char_length(name_) not between 1 and 60 or name_ ~ '[<>[:cntrl:]]' then
    raise exception 'invalid_input: 姓名须为 1 到 60 个字符，且不能包含 < > 或控制字符' using hint = 'invalid_input';
  end if;
  if role is null or length(role) > 20 or role not in ('admin', 'leader', 'officer', 'wall', 'dispatcher') then
    raise exception 'invalid_input: 角色须为 admin、leader、officer、wall 或 dispatcher' using hint = 'invalid_input';
  end if;
  if role = 'officer' and unit_id is null then
    raise exception 'invalid_input: 网格员必须属于一个责任单位' using hint = 'invalid_input';
  end if;
  if unit_id is not null and not exists (select from public.units u where u.id = unit_id) then
    raise exception 'unknown_unit: 责任单位 % 不存在', unit_id using hint = 'unknown_unit';
  end if;
  perform pg_advisory_xact_lock(hashtext('gridgov.app_users'));
  if to_regclass('auth.users') is not null then
    declare found_ boolean;
    begin
      execute 'select exists (select from auth.users where id = $1)' into found_ using user_id;
      if not found_ then
        raise exception 'user_not_found: 没有这个登录账号，请先建立账号（scripts/add-user.ts）' using hint = 'user_not_found';
      end if;
    end;
  end if;
  select * into before from public.app_users a where a.id = user_id;
  if before.role = 'admin' and role <> 'admin'
     and (select count(*) from public.app_users a where a.role = 'admin') <= 1 then
    raise exception 'last_admin: 这是最后一位系统管理员，不能改为其他角色' using hint = 'last_admin';
  end if;
  insert into public.app_users as a (id, display_name, role, unit_id)
  values (user_id, name_, role, unit_id)
  on conflict (id) do update set display_name = excluded.display_name, role = excluded.role, unit_id = excluded.unit_id
  returning a.* into saved;
  return json_build_object('id', saved.id, 'display_name', saved.display_name, 'role', saved.role,
    'unit_id', saved.unit_id, 'unit_name', (select u.name from public.units u where u.id = saved.unit_id),
    'created', before.id is null);
end $$;

/** Take a person's role away (their Auth account stays; they can no longer use the app). Admin only; never the last admin. */
create function public.remove_app_user(user_id uuid) returns json
language plpgsql volatile security definer set search_path = '' as $$
declare gone public.app_users;
begin
  perform public.people_admin();
  if user_id is null then
    raise exception 'invalid_input: 缺少用户 ID' using hint = 'invalid_input';
  end if;
  perform pg_advisory_xact_lock(hashtext('gridgov.app_users'));
  select * into gone from public.app_users a where a.id = user_id;
  if not found then
    raise exception 'user_not_found: 没有这个人员' using hint = 'user_not_found';
  end if;
  if gone.role = 'admin' and (select count(*) from public.app_users a where a.role = 'admin') <= 1 then
    raise exception 'last_admin: 这是最后一位系统管理员，不能删除' using hint = 'last_admin';
  end if;
  delete from public.app_users a where a.id = user_id;
  return json_build_object('id', gone.id, 'display_name', gone.display_name, 'removed', true);
end $$;

/**
 * What the sign-in screen shows before anyone has signed in: the district the deployment serves
 * (its name on the screen). Nothing about people, zones or issues.
 */
create function public.sign_in_options() returns json
language sql stable security definer set search_path = '' as $$
  select json_build_object('district', (
    select json_build_object('code', d.code, 'name', d.name, 'name_en', d.name_en)
    from public.districts d order by d.code limit 1))
$$;

-- Who may call what (the defaults, 0100_platform: signed-in users only): anon executes only
-- what the sign-in screen needs; people_admin is a helper nobody calls directly.
grant execute on function public.current_user_info() to anon;
grant execute on function public.sign_in_options() to anon;
revoke execute on function public.people_admin() from authenticated;
