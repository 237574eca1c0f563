-- Issues: the categories, and dispatching an issue (挂号 + 派遣, "吹哨报到"): register it at a point and hand it to the
-- unit whose area zone covers the point at that moment (zone_at: one definition of "who is
-- responsible here"). The issue keeps the zone id, the unit and the zone version it was
-- dispatched under, so a later boundary change never rewrites who was responsible then;
-- zone_history holds the shape of that version.
-- Security definer because no API role writes issues directly (0300_security); the checks
-- below are the whole permission model: signed in as an officer or an admin.
set search_path = public, extensions;

/** The issue categories for the filter panel and legend, in both languages. */
create function public.issue_category_list() returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select coalesce(json_agg(json_build_object('code', c.code, 'name_zh', c.name_zh, 'name_en', c.name_en,
                                             'deadline_hours', c.deadline_hours) order by c.code), '[]'::json)
  from issue_categories c
$$;

/**
 * Register an issue at a point and dispatch it to the responsible unit (zone_at), or leave it
 * registered in a coverage gap. Ids are generated always, so it takes its id from the
 * sequence explicitly (the code carries it).
 */
create function public.dispatch_issue(lon double precision, lat double precision, category text,
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
