-- Hostile input refused fast, and errors with a code. Every API function checks its input at
-- the top — text length, array and jsonb sizes, cell counts, validity — and refuses with a
-- coded error ('<code>: <message>', the code in HINT, problems as JSON in DETAIL) before any
-- real work; the app translates the code (src/lib/api/errors.ts). A 100,000-character search
-- ran 16–36 s, 50 m hotspot cells 27–54 s, a filter of 10,000 categories 6–17 s before these.
--
-- The pattern, where a computation is costly: the computation is `<name>_unchecked`, callable
-- by nobody but its owner; the API function `<name>` checks, then calls it. The API function
-- is SECURITY DEFINER only so it may call the computation; it first refuses anyone not signed
-- in (require_signed_in), which is all RLS asks of these reads (every table they read is
-- readable by every signed-in user). Pairs: layer_geojson (0500), grids_union (0900),
-- coverage_report (1000), issue_hotspots (1100), search_places (1200).
set search_path = public, extensions;

/** A text argument longer than `max` characters is refused as input_too_long. */
create function public.refuse_long_text(value text, max integer, what text) returns void
language plpgsql immutable set search_path = '' as $$
begin
  if pg_catalog.length(value) > max then
    raise exception 'input_too_long: %过长（%个字符，至多 %个）', what, pg_catalog.length(value), max using hint = 'input_too_long';
  end if;
end $$;

/** Reads need a signed-in person; before sign-in nothing but current_user_info answers. */
create function public.require_signed_in() returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if not public.is_signed_in() then
    raise exception 'not_signed_in: 请先登录' using hint = 'not_signed_in';
  end if;
end $$;

/**
 * The issue filters' shape (see issue_matches): an object of at most 4 KB with only known
 * keys; category a text or at most 200 texts of at most 64 characters; state at most the three
 * states; days 1–36,500; from/to timestamps. Anything else: invalid_filters, with what.
 */
create function public.check_issue_filters(filters jsonb) returns void
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare bad text; k text;
begin
  if filters is null or jsonb_typeof(filters) = 'null' then return; end if;
  if jsonb_typeof(filters) <> 'object' then bad := '筛选条件应为对象';
  elsif pg_column_size(filters) > 4096 then bad := '筛选条件过大';
  else
    select string_agg(key, '、') into k from jsonb_object_keys(filters) key
    where key not in ('category', 'state', 'days', 'from', 'to');
    if k is not null then bad := format('未知的筛选项 %s', left(k, 40)); end if;
  end if;
  if bad is null and jsonb_typeof(filters -> 'category') = 'array' then
    if jsonb_array_length(filters -> 'category') > 200 then bad := '问题类别至多 200 个';
    elsif exists (select 1 from jsonb_array_elements(filters -> 'category') c
                  where jsonb_typeof(c) <> 'string' or length(c #>> '{}') > 64) then bad := '问题类别应为文字编码';
    end if;
  elsif bad is null and filters ? 'category' and jsonb_typeof(filters -> 'category') not in ('string', 'null') then
    bad := '问题类别应为文字编码';
  end if;
  if bad is null and filters ? 'state' and jsonb_typeof(filters -> 'state') = 'array' then
    if jsonb_array_length(filters -> 'state') > 3
       or exists (select 1 from jsonb_array_elements_text(filters -> 'state') s where s not in ('open', 'overdue', 'closed')) then
      bad := '状态只能是 open、overdue、closed';
    end if;
  end if;
  if bad is null and jsonb_typeof(filters -> 'days') = 'number'
     and ((filters ->> 'days')::numeric not between 1 and 36500 or (filters ->> 'days')::numeric <> trunc((filters ->> 'days')::numeric)) then
    bad := '天数须为 1 到 36500 的整数';
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

/** Raise the first of `problems` as '<code>: <message>' with all of them in DETAIL. */
create function public.raise_problems(problems jsonb) returns void
language plpgsql immutable set search_path = '' as $$
begin
  if problems is not null and pg_catalog.jsonb_array_length(problems) > 0 then
    raise exception '%: %', problems -> 0 ->> 'code', problems -> 0 ->> 'message_zh'
      using hint = problems -> 0 ->> 'code', detail = problems::text;
  end if;
end $$;

/** A spatial computation that came back empty: PGlite's PostGIS can fail without an error. */
create function public.engine_error(what text) returns void
language plpgsql immutable set search_path = '' as $$
begin
  raise exception 'engine_error: 空间计算失败（%），未保存任何内容；请检查图形后重试', what using hint = 'engine_error';
end $$;
