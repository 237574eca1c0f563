-- 指挥中心大屏: the command-centre wall's figures in one read, gathered from the functions that
-- already answer each part, so the wall says exactly what the rest of the app says:
--   today        wall_day_figures: issues received (reported), dispatched and closed in a window
--                of time — today so far, beside the same hours of yesterday (the one count of
--                these; the month's are the indicators')
--   month        month_indicators (1250_indicators) for the district: 立案 (received), 结案, 超期
--                (应结案 − 结案, as unit_ranking counts it), 结案率, 按期结案率, 12345 满意率 —
--                this month so far, beside last month's
--   escalations  issue_ledger (1900): the issues in the unit's hands past their deadline
--                (督办 / 催办 / 查办 now), the latest first, with unit, street, community and how
--                many hours late
--   ranking      unit_ranking (1300): this month's rank and red / blue flag (null: too few cases);
--                early in a month, while no unit has enough cases due to be rated, last month's
--   hotspots     issue_hotspots (1100): the hot and recurring cells of the last 30 days, with
--                their street, community and grid (left out on request: see wall_summary)
--   streets      month_indicators per street with where each lies (for the wall's tour) and
--                how many of the escalations lie in it
--   latest       the newest steps (issue_events) with the issue's code, category and unit
-- A read like the others: SECURITY INVOKER, executable by signed-in users (the default privileges
-- of 0100_platform), under the tables' RLS.
set search_path = public, extensions;

/** How many rows each list of the wall holds at most (escalations, hotspots, latest). */
create function public.wall_list_limit() returns integer
language sql immutable as $$
  select 30
$$;

/**
 * Issues received (reported), dispatched (the last dispatch) and closed in [since, until): the
 * wall's daily figures, counted once here for today and for the same hours of the day before.
 */
create function public.wall_day_figures(since timestamptz, until timestamptz) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  select jsonb_build_object(
    'received', (select count(*) from issues i where i.reported_at >= since and i.reported_at < until),
    'dispatched', (select count(*) from issues i where i.dispatched_at >= since and i.dispatched_at < until),
    'closed', (select count(*) from issues i where i.closed_at >= since and i.closed_at < until))
$$;

/** The district's month figures for the wall, from month_indicators (one computation). */
create function public.wall_month_figures(month date) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  select jsonb_build_object('month', i.indicators -> 'month',
    'received', i.indicators -> 'filed', 'due', i.indicators -> 'due', 'closed', i.indicators -> 'closed',
    'overdue', (i.indicators ->> 'due')::bigint - (i.indicators ->> 'closed')::bigint,
    'closure_rate', i.indicators -> 'closure_rate', 'on_time_rate', i.indicators -> 'on_time_rate',
    'satisfaction_rate', i.indicators #> '{hotline,satisfaction_rate}')
  from month_indicators(month, 'district') i
$$;

-- REPLACED by 20261209002720_ranking_rows_and_wall.sql
/**
 * The wall's figures (parts as the header says), as json:
 * { as_of, today: { received, dispatched, closed, before: {…} }, month: { received, due, closed,
 *   overdue, closure_rate, on_time_rate, satisfaction_rate, before: {…} }, escalations: { total, rows },
 *   ranking: { month, has_data, min_due, units }, hotspots: [...], streets: [...], latest: [...] }.
 * The hotspots are the costly part (~¾ of the time: the Gi* analysis of the whole district) and
 * change slowly: with_hotspots false leaves them out (hotspots null), for the wall's polls between
 * two full reads.
 */
create function public.wall_summary(with_hotspots boolean default true) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare
  at timestamptz := now(); day_start timestamptz; lim constant integer := wall_list_limit();
  escalated json; ranking json; hotspots json; result json;
begin
  perform require_signed_in();
  day_start := date_trunc('day', at);
  -- the issues in the unit's hands past their deadline: every one of them is at level 1–3 now
  escalated := issue_ledger(jsonb_build_object('overdue', true, 'escalation', jsonb_build_array(1, 2, 3)), 'deadline', 1, 500);
  ranking := unit_ranking(null);
  if not exists (select 1 from json_array_elements(ranking -> 'units') u where u ->> 'flag' is not null) then
    ranking := unit_ranking((date_trunc('month', at) - interval '1 day')::date);
  end if;
  if coalesce(with_hotspots, true) then hotspots := issue_hotspots(jsonb_build_object('days', 30), 300, 6); end if;

  select json_build_object(
    'as_of', at,
    'today', wall_day_figures(day_start, at) || jsonb_build_object('before', wall_day_figures(day_start - interval '1 day', at - interval '1 day')),
    'month', wall_month_figures(null) || jsonb_build_object('before', wall_month_figures((date_trunc('month', at) - interval '1 day')::date)),
    'escalations', json_build_object('total', escalated -> 'total', 'rows', (
      select coalesce(json_agg(json_build_object(
        'id', e.r -> 'id', 'code', e.r -> 'code', 'category_zh', e.r -> 'category_zh', 'category_en', e.r -> 'category_en',
        'level', e.r -> 'escalation', 'status', e.r -> 'status', 'unit_id', e.r -> 'unit_id', 'unit_name', e.r -> 'unit_name',
        'street_name', e.r -> 'street_name', 'community_name', e.r -> 'community_name',
        'deadline', e.r -> 'deadline', 'hours_late', round((extract(epoch from at - (e.r ->> 'deadline')::timestamptz) / 3600)::numeric, 1),
        'lon', e.r -> 'lon', 'lat', e.r -> 'lat') order by e.ord), '[]'::json)
      from json_array_elements(escalated -> 'rows') with ordinality e(r, ord) where e.ord <= lim)),
    'ranking', json_build_object('month', ranking -> 'month', 'has_data', ranking -> 'has_data', 'min_due', ranking -> 'min_due',
      'units', (select coalesce(json_agg(json_build_object(
        'rank', u.u -> 'rank', 'unit_id', u.u -> 'unit_id', 'unit_name', u.u -> 'unit_name', 'rated', u.u -> 'rated',
        'due', u.u -> 'due', 'closed', u.u -> 'closed', 'overdue', u.u -> 'overdue',
        'due_closure_rate', u.u -> 'due_closure_rate', 'flag', u.u -> 'flag') order by u.ord), '[]'::json)
        from json_array_elements(ranking -> 'units') with ordinality u(u, ord))),
    'hotspots', case when hotspots is not null then (select coalesce(json_agg(json_build_object(
        'cell', p ->> 'cell', 'count', p -> 'count', 'z', p -> 'z', 'hot', p -> 'hot', 'recurring', p -> 'recurring',
        'categories', p -> 'recurring_categories', 'lon', p -> 'lon', 'lat', p -> 'lat',
        'street_name', p -> 'street_name', 'community_name', p -> 'community_name',
        'grid_code', p -> 'grid_code', 'grid_name', p -> 'grid_name') order by h.ord), '[]'::json)
      from json_array_elements(hotspots #> '{cells,features}') with ordinality h(f, ord), lateral (select h.f -> 'properties' as p) x
      where ((p ->> 'hot')::boolean or (p ->> 'recurring')::boolean) and h.ord <= lim) end,
    'streets', (select coalesce(json_agg(json_build_object('code', s.code, 'name', s.name,
        'bbox', json_build_array(round(ST_XMin(s.geom)::numeric, 6), round(ST_YMin(s.geom)::numeric, 6),
                                 round(ST_XMax(s.geom)::numeric, 6), round(ST_YMax(s.geom)::numeric, 6)),
        'received', i.indicators -> 'filed', 'closed', i.indicators -> 'closed',
        'overdue', (i.indicators ->> 'due')::bigint - (i.indicators ->> 'closed')::bigint,
        'closure_rate', i.indicators -> 'closure_rate',
        'escalated', (select count(*) from json_array_elements(escalated -> 'rows') e where e ->> 'street_name' = s.name))
        order by s.code), '[]'::json)
      from month_indicators(null, 'street') i join streets s on s.code = i.key),
    'latest', (select coalesce(json_agg(json_build_object(
        'event_id', l.id, 'issue_id', l.issue_id, 'code', l.code, 'category_zh', l.name_zh, 'category_en', l.name_en,
        'action', l.action, 'to_status', l.to_status, 'unit_name', l.unit_name, 'at', l.at,
        'lon', round(ST_X(l.geom)::numeric, 6), 'lat', round(ST_Y(l.geom)::numeric, 6)) order by l.at desc, l.id desc), '[]'::json)
      from (select e.id, e.issue_id, e.action, e.to_status, e.at, i.code, i.geom, c.name_zh, c.name_en, u.name as unit_name
            from issue_events e join issues i on i.id = e.issue_id join issue_categories c on c.code = i.category
            left join units u on u.id = coalesce(e.unit_id, i.unit_id)
            order by e.at desc, e.id desc limit lim) l))
  into result;
  return result;
end $$;
