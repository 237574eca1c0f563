-- 台账: the ledger of issues — filtered, sorted and paged in SQL. The three lists of the seed
-- articles are saved filters of it: 问题清单 (everything, or open), 督办清单 (escalation 1–3),
-- 问效清单 (closed, with their on-time and rework figures).
set search_path = public, extensions;

/**
 * The ledger filters' shape: an object of at most 4 KB with only these keys (each optional,
 * null = not filtered):
 *   unit_id, zone_id        an integer id
 *   street, community       a 9- or 12-digit code (the issue's point inside that area)
 *   category                a code or at most 200 codes
 *   status                  a status or a list of them (issues.status)
 *   escalation              a level 0–3 or a list of levels (now)
 *   source                  patrol, hotline, app, inspection, or a list
 *   dispatch_reason         road, point, area, manual, ambiguous, no_zone, or a list
 *   overdue, extension_requested, reworked   true or false (reworked: sent back at least once, 返工)
 *   from, to                reported at or after / before (timestamps)
 *   q                       text in the code, description or address, at most 100 characters
 * Anything else: invalid_filters, saying what.
 */
create function public.check_ledger_filters(filters jsonb) returns void
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare bad text; k text;
  allowed constant jsonb := jsonb_build_object(
    'status', jsonb_build_array('registered', 'dispatched', 'accepted', 'handled', 'verified', 'closed', 'returned', 'rework', 'deferred', 'parked'),
    'source', jsonb_build_array('patrol', 'hotline', 'app', 'inspection'),
    'dispatch_reason', jsonb_build_array('road', 'point', 'area', 'manual', 'ambiguous', 'no_zone'),
    'escalation', jsonb_build_array(0, 1, 2, 3));
  v jsonb;
begin
  if filters is null or jsonb_typeof(filters) = 'null' then return; end if;
  if jsonb_typeof(filters) <> 'object' then bad := '筛选条件应为对象';
  elsif pg_column_size(filters) > 4096 then bad := '筛选条件过大';
  else
    select string_agg(key, '、') into k from jsonb_object_keys(filters) key
    where key not in ('unit_id', 'zone_id', 'street', 'community', 'category', 'status', 'escalation', 'source',
                      'dispatch_reason', 'overdue', 'extension_requested', 'reworked', 'from', 'to', 'q');
    if k is not null then bad := format('未知的筛选项 %s', left(k, 40)); end if;
  end if;
  if bad is null then
    foreach k in array array['unit_id', 'zone_id'] loop
      v := filters -> k;
      if v is not null and jsonb_typeof(v) <> 'null' and (jsonb_typeof(v) <> 'number' or v::text !~ '^[0-9]{1,15}$') then
        bad := format('%s 应为整数编号', k);
      end if;
    end loop;
  end if;
  if bad is null and filters ? 'street' and jsonb_typeof(filters -> 'street') <> 'null'
     and (jsonb_typeof(filters -> 'street') <> 'string' or filters ->> 'street' !~ '^\d{9}$') then
    bad := '街道应为 9 位编码';
  end if;
  if bad is null and filters ? 'community' and jsonb_typeof(filters -> 'community') <> 'null'
     and (jsonb_typeof(filters -> 'community') <> 'string' or filters ->> 'community' !~ '^\d{12}$') then
    bad := '社区应为 12 位编码';
  end if;
  if bad is null and filters ? 'category' then
    v := filters -> 'category';
    if jsonb_typeof(v) = 'array' then
      if jsonb_array_length(v) > 200 then bad := '问题类别至多 200 个';
      elsif exists (select 1 from jsonb_array_elements(v) c where jsonb_typeof(c) <> 'string' or length(c #>> '{}') > 64) then
        bad := '问题类别应为文字编码';
      end if;
    elsif jsonb_typeof(v) not in ('string', 'null') or length(v #>> '{}') > 64 then
      bad := '问题类别应为文字编码';
    end if;
  end if;
  if bad is null then
    foreach k in array array['status', 'source', 'dispatch_reason', 'escalation'] loop
      v := filters -> k;
      continue when v is null or jsonb_typeof(v) = 'null';
      if jsonb_typeof(v) <> 'array' then v := jsonb_build_array(v); end if;
      if jsonb_array_length(v) > 20 or exists (select 1 from jsonb_array_elements(v) x where not (allowed -> k) @> jsonb_build_array(x)) then
        bad := format('%s 只能是 %s', k, (select string_agg(x #>> '{}', '、') from jsonb_array_elements(allowed -> k) x));
        exit;
      end if;
    end loop;
  end if;
  if bad is null then
    foreach k in array array['overdue', 'extension_requested', 'reworked'] loop
      if filters ? k and jsonb_typeof(filters -> k) not in ('boolean', 'null') then bad := format('%s 应为 true 或 false', k); end if;
    end loop;
  end if;
  if bad is null and filters ? 'q' and jsonb_typeof(filters -> 'q') <> 'null'
     and (jsonb_typeof(filters -> 'q') <> 'string' or length(filters ->> 'q') > 100) then
    bad := '搜索文字至多 100 个字符';
  end if;
  if bad is null then
    foreach k in array array['from', 'to'] loop
      if filters ? k and jsonb_typeof(filters -> k) not in ('string', 'null') then bad := '起止时间格式无效'; end if;
    end loop;
  end if;
  if bad is null then
    begin
      perform (filters ->> 'from')::timestamptz, (filters ->> 'to')::timestamptz;
    exception when others then
      bad := '起止时间格式无效';
    end;
  end if;
  if bad is not null then
    raise exception 'invalid_filters: %', bad using hint = 'invalid_filters';
  end if;
end $$;

/** A jsonb filter value as a text array: a scalar as one element, null as null (not filtered). */
create function public.filter_values(v jsonb) returns text[]
language sql immutable as $$
  select case when v is null or jsonb_typeof(v) = 'null' then null
              when jsonb_typeof(v) = 'array' then array(select jsonb_array_elements_text(v))
              else array[v #>> '{}'] end
$$;

/**
 * The ledger (台账): issues matching `filters` (check_ledger_filters), sorted by `sort` — one of
 * reported_at, deadline, escalation, code, status, category, unit, each ascending or, with a
 * leading '-', descending (default -reported_at; ties by id) — page `page` (from 1, at most
 * 100,000) of `page_size` rows (1–500). Returns { total, page, page_size, rows }; each row has
 * the issue's figures, its unit and zone, street and community, escalation now and overdue.
 */
create function public.issue_ledger(filters jsonb default null, sort text default null, page integer default 1,
                                    page_size integer default 50) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  s text := coalesce(sort, '-reported_at'); p integer := coalesce(page, 1); n integer := coalesce(page_size, 50);
  street_geom geometry; community_geom geometry; pattern text; result json;
begin
  perform require_signed_in();
  perform refuse_long_text(sort, 30, '排序');
  perform check_ledger_filters(filters);
  if s not in ('reported_at', '-reported_at', 'deadline', '-deadline', 'escalation', '-escalation', 'code', '-code',
               'status', '-status', 'category', '-category', 'unit', '-unit') then
    raise exception 'invalid_sort: 不能按 % 排序', s using hint = 'invalid_sort';
  end if;
  if p < 1 or p > 100000 or n < 1 or n > 500 then
    raise exception 'invalid_input: 页码须为 1 到 100000，每页 1 到 500 条' using hint = 'invalid_input';
  end if;
  if filters ->> 'street' is not null then
    select g.geom into street_geom from streets g where g.code = filters ->> 'street';
    if not found then raise exception 'invalid_filters: 街道 % 不存在', filters ->> 'street' using hint = 'invalid_filters'; end if;
  end if;
  if filters ->> 'community' is not null then
    select g.geom into community_geom from communities g where g.code = filters ->> 'community';
    if not found then raise exception 'invalid_filters: 社区 % 不存在', filters ->> 'community' using hint = 'invalid_filters'; end if;
  end if;
  if nullif(btrim(filters ->> 'q'), '') is not null then
    pattern := '%' || replace(replace(replace(btrim(filters ->> 'q'), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  end if;

  with matching as (
    select i.*, issue_escalation_level(i.status, i.deadline, i.handled_at, i.closed_at, now()) as level,
           issue_is_overdue(i.status, i.deadline) as is_overdue, u.name as unit_name
    from issues i left join units u on u.id = i.unit_id
    where (filters ->> 'unit_id' is null or i.unit_id = (filters ->> 'unit_id')::bigint)
      and (filters ->> 'zone_id' is null or i.zone_id = (filters ->> 'zone_id')::bigint)
      and (street_geom is null or (i.geom && street_geom and ST_Covers(street_geom, i.geom)))
      and (community_geom is null or (i.geom && community_geom and ST_Covers(community_geom, i.geom)))
      and (filter_values(filters -> 'category') is null or i.category = any (filter_values(filters -> 'category')))
      and (filter_values(filters -> 'status') is null or i.status = any (filter_values(filters -> 'status')))
      and (filter_values(filters -> 'source') is null or i.source = any (filter_values(filters -> 'source')))
      and (filter_values(filters -> 'dispatch_reason') is null or i.dispatch_reason = any (filter_values(filters -> 'dispatch_reason')))
      and (filters ->> 'extension_requested' is null or (i.extension_requested_at is not null) = (filters ->> 'extension_requested')::boolean)
      and (filters ->> 'reworked' is null
           or exists (select 1 from issue_events e where e.issue_id = i.id and e.action = 'rework') = (filters ->> 'reworked')::boolean)
      and (filters ->> 'from' is null or i.reported_at >= (filters ->> 'from')::timestamptz)
      and (filters ->> 'to' is null or i.reported_at < (filters ->> 'to')::timestamptz)
      and (pattern is null or i.code ilike pattern or i.description ilike pattern or coalesce(i.address, '') ilike pattern)
  ),
  kept as (
    select m.*, row_number() over (order by
      case when s = 'reported_at' then m.reported_at end, case when s = '-reported_at' then m.reported_at end desc,
      case when s = 'deadline' then m.deadline end, case when s = '-deadline' then m.deadline end desc nulls last,
      case when s = 'escalation' then m.level end, case when s = '-escalation' then m.level end desc,
      case when s = 'code' then m.code end, case when s = '-code' then m.code end desc,
      case when s = 'status' then m.status end, case when s = '-status' then m.status end desc,
      case when s = 'category' then m.category end, case when s = '-category' then m.category end desc,
      case when s = 'unit' then m.unit_name end, case when s = '-unit' then m.unit_name end desc,
      case when s like '-%' then m.id end desc, m.id) as ord
    from matching m
    where (filter_values(filters -> 'escalation') is null or m.level::text = any (filter_values(filters -> 'escalation')))
      and (filters ->> 'overdue' is null or m.is_overdue = (filters ->> 'overdue')::boolean)
  )
  select json_build_object('total', (select count(*) from kept), 'page', p, 'page_size', n,
    'rows', coalesce((select json_agg(json_build_object(
        'id', r.id, 'code', r.code, 'category', r.category, 'category_zh', c.name_zh, 'category_en', c.name_en,
        'status', r.status, 'source', r.source, 'description', r.description, 'address', r.address,
        'reported_at', r.reported_at, 'dispatched_at', r.dispatched_at, 'deadline', r.deadline, 'accepted_at', r.accepted_at,
        'handled_at', r.handled_at, 'closed_at', r.closed_at, 'unit_id', r.unit_id, 'unit_name', r.unit_name,
        'zone_id', r.zone_id, 'zone_name', z.name, 'escalation', r.level, 'overdue', r.is_overdue,
        'report_count', r.report_count, 'dispatch_reason', r.dispatch_reason,
        'extension_requested', r.extension_requested_at is not null, 'satisfaction', r.satisfaction,
        'street_name', (select st.name from streets st where st.geom && r.geom and ST_Covers(st.geom, r.geom) order by st.code limit 1),
        'community_name', (select cm.name from communities cm where cm.geom && r.geom and ST_Covers(cm.geom, r.geom) order by cm.code limit 1),
        'lon', round(ST_X(r.geom)::numeric, 6), 'lat', round(ST_Y(r.geom)::numeric, 6))
      order by r.ord)
      from kept r join issue_categories c on c.code = r.category left join zones z on z.id = r.zone_id
      where r.ord > (p - 1)::bigint * n and r.ord <= p::bigint * n), '[]'::json))
  into result;
  return result;
end $$;
