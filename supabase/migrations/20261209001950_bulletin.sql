-- 月通报: the monthly bulletin, gathered in one read from the functions that already answer each
-- part, so it says exactly what the ranking, the indicators, the ledger and the hotspots say:
--   district, streets   month_indicators (1250_indicators) for the district and per street
--   units               unit_ranking (1300_ranking: rank, flag, too few cases) with each unit's
--                       month_indicators (按期结案率, 返工率, 12345 三率 …)
--   escalated           issue_ledger (1900): the month's issues that reached 督办 / 催办 / 查办
--                       (their level now; a settled issue keeps the level it reached)
--   reworked            issue_ledger: the month's issues sent back at least once (返工), with how
--                       often and the last reason (issue_events)
--   recurring           issue_hotspots (1100): the places where one category came back in at least
--                       6 distinct weeks in the 90 days up to the month's end, with their street,
--                       community and grid
-- A read like the others: SECURITY INVOKER, executable by signed-in users (the default privileges
-- of 0100_platform), under the tables' RLS.
set search_path = public, extensions;

/** How many cases each list of the bulletin holds at most (the total is given beside it). */
create function public.bulletin_list_limit() returns integer
language sql immutable as $$
  select 200
$$;

/**
 * The monthly bulletin (月通报) of a month (any date in it; null = this month so far), as json:
 * { month, from, until, complete, district, streets, ranking: { has_data, min_due, targets },
 *   units, escalated: { total, rows }, reworked: { total, rows }, recurring: { window_from, window_days,
 *   recurring_weeks, cells } } — the parts as the header says; `complete` is false for a month
 * still under way. Lists hold at most bulletin_list_limit() rows, the most escalated / the
 * latest first.
 */
create function public.monthly_bulletin(month date default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  start timestamptz; until timestamptz; ranking json; escalated json; reworked json; hotspots json; result json;
  lim constant integer := bulletin_list_limit();
  window_days constant integer := 90;
begin
  perform require_signed_in();
  perform check_indicator_month(month);
  start := date_trunc('month', coalesce(month, now()::date))::timestamptz;
  until := least(start + interval '1 month', now());
  ranking := unit_ranking(start::date);
  escalated := issue_ledger(jsonb_build_object('from', start, 'to', until, 'escalation', jsonb_build_array(1, 2, 3)), '-escalation', 1, lim);
  reworked := issue_ledger(jsonb_build_object('from', start, 'to', until, 'reworked', true), 'reported_at', 1, lim);
  hotspots := issue_hotspots(jsonb_build_object('from', until - make_interval(days => window_days), 'to', until), 300, 6);

  select json_build_object(
    'month', to_char(start, 'YYYY-MM'), 'from', start, 'until', until, 'complete', until = start + interval '1 month',
    'district', (select jsonb_build_object('code', d.code, 'name', d.name, 'name_en', d.name_en) || i.indicators
                 from month_indicators(start::date, 'district') i join districts d on d.code = i.key),
    'streets', (select coalesce(json_agg(jsonb_build_object('code', s.code, 'name', s.name) || i.indicators order by s.code), '[]'::json)
                from month_indicators(start::date, 'street') i join streets s on s.code = i.key),
    'ranking', json_build_object('has_data', ranking -> 'has_data', 'min_due', ranking -> 'min_due', 'targets', ranking -> 'targets'),
    'units', (select coalesce(json_agg(i.indicators || (r.u::jsonb) order by r.ord), '[]'::json)
              from json_array_elements(ranking -> 'units') with ordinality r(u, ord)
              join month_indicators(start::date, 'unit') i on i.key = r.u ->> 'unit_id'),
    'escalated', json_build_object('total', escalated -> 'total', 'rows', (
      select coalesce(json_agg(json_build_object(
        'id', e.r -> 'id', 'code', e.r -> 'code', 'category_zh', e.r -> 'category_zh', 'category_en', e.r -> 'category_en',
        'unit_name', e.r -> 'unit_name', 'street_name', e.r -> 'street_name', 'community_name', e.r -> 'community_name',
        'address', e.r -> 'address', 'reported_at', e.r -> 'reported_at', 'deadline', e.r -> 'deadline',
        'status', e.r -> 'status', 'escalation', e.r -> 'escalation', 'closed_at', e.r -> 'closed_at') order by e.ord), '[]'::json)
      from json_array_elements(escalated -> 'rows') with ordinality e(r, ord))),
    'reworked', json_build_object('total', reworked -> 'total', 'rows', (
      select coalesce(json_agg(json_build_object(
        'id', w.r -> 'id', 'code', w.r -> 'code', 'category_zh', w.r -> 'category_zh', 'category_en', w.r -> 'category_en',
        'unit_name', w.r -> 'unit_name', 'street_name', w.r -> 'street_name', 'community_name', w.r -> 'community_name',
        'address', w.r -> 'address', 'reported_at', w.r -> 'reported_at', 'status', w.r -> 'status',
        'reworks', ev.n, 'last_reason', ev.note) order by w.ord), '[]'::json)
      from json_array_elements(reworked -> 'rows') with ordinality w(r, ord)
      cross join lateral (
        select count(*) as n, (array_agg(e.note order by e.at desc, e.id desc))[1] as note
        from issue_events e where e.issue_id = (w.r ->> 'id')::bigint and e.action = 'rework'
      ) ev)),
    'recurring', json_build_object('window_from', until - make_interval(days => window_days), 'window_days', window_days,
      'recurring_weeks', hotspots -> 'recurring_weeks', 'cells', (
      select coalesce(json_agg(json_build_object(
        'cell', c.f -> 'properties' -> 'cell', 'count', c.f -> 'properties' -> 'count', 'hot', c.f -> 'properties' -> 'hot',
        'categories', c.f -> 'properties' -> 'recurring_categories',
        'street_code', c.f -> 'properties' -> 'street_code', 'street_name', c.f -> 'properties' -> 'street_name',
        'community_code', c.f -> 'properties' -> 'community_code', 'community_name', c.f -> 'properties' -> 'community_name',
        'grid_code', c.f -> 'properties' -> 'grid_code', 'grid_name', c.f -> 'properties' -> 'grid_name',
        'lon', c.f -> 'properties' -> 'lon', 'lat', c.f -> 'properties' -> 'lat')
        order by (c.f -> 'properties' -> 'recurring_categories' -> 0 ->> 'weeks')::int desc, (c.f -> 'properties' ->> 'count')::int desc, c.ord), '[]'::json)
      from (select f, ord from json_array_elements(hotspots -> 'cells' -> 'features') with ordinality x(f, ord)
            where (f -> 'properties' ->> 'recurring')::boolean limit lim) c)))
  into result;
  return result;
end $$;
