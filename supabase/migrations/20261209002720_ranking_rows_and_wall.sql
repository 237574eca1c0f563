-- City scale (issue 14): the ranking as rows, and the wall read from the issues. At 100× the
-- demo the wall read five months' figures, last month's ranking and a 500-row overdue ledger on
-- every full read (3.6–10 s). With the answers unchanged (but the wall's ranking: its best and
-- worst, see wall_ranking):
--
--   escalation_level   runs as its owner: under RLS every call re-checked the caller's sign-in
--                      for the three-row thresholds table (0.24 ms a call, 7 s for the 12,000
--                      overdue issues of a city's ledger)
--   unit_ranking_rows  the ranking's rows, behind unit_ranking's json and the wall's best and
--                      worst: the wall no longer builds and re-reads 6,000 units' json
--   the wall           its overdue list, their count and each street's share read the issues in
--                      the units' hands past their first escalation threshold directly (one
--                      index range), instead of a 500-row page of the ledger
set search_path = public, extensions;

-- ---------------------------------------------------------------------------------------------
-- The escalation thresholds read as their owner (the table is the catalogue's, readable by every
-- signed-in user): the same answer without a sign-in check per call.
-- (replaces 0500_layers' definition)
create or replace function public.escalation_level(deadline timestamptz, at timestamptz) returns smallint
language sql stable security definer set search_path = '' as $$
  select coalesce((select pg_catalog.max(e.level) from public.escalation_levels e
                   where at > deadline + pg_catalog.make_interval(secs => e.after_hours::double precision * 3600)), 0)::smallint
$$;

-- ---------------------------------------------------------------------------------------------
-- The ranking's rows (1300_ranking).

/**
 * 每月一评's rows (1300_ranking: the rules there), one per unit in the ranking's order (`ord`):
 * what unit_ranking returns as json and what the wall reads its best and worst from, without
 * building and re-reading 6,000 units' json at a city's scale.
 */
create function public.unit_ranking_rows(month date default null)
returns table (ord bigint, rank bigint, unit_id bigint, unit_name text, leader_name text, rated boolean,
               reported bigint, due bigint, closed bigint, pending bigint, due_closure_rate numeric, overdue bigint,
               response_hours numeric, flag text)
language sql stable set search_path = public, extensions, pg_temp as $$
  with target as (
    select t.* from monthly_targets t
    where t.month = date_trunc('month', coalesce(month, now()::date))::date or t.month is null order by t.month is null limit 1
  ),
  -- the counts are the indicators' (unit_month_figures, 1250_indicators): reported = 立案数,
  -- due = 应结案数, closed = 结案数, overdue = 应结案数 − 结案数, due_closure_rate = 结案率
  per_unit as (
    select f.unit_id as id, f.unit_name as name, f.leader_name, f.filed as reported, f.due, f.closed,
           f.due - f.closed as overdue, f.dispatch_hours as response_hours, f.due >= ranking_min_due() as rated
    from unit_month_figures(month) f
  ),
  flagged as (
    select p.*, p.reported - p.due as pending, r.rate,
           case when not p.rated then null
                when r.rate >= t.min_due_closure_rate and p.overdue <= t.max_overdue
                     and coalesce(p.response_hours, 0) <= t.max_response_hours then 'red' else 'blue' end as flag
    from per_unit p cross join target t
    cross join lateral (select case when p.rated then due_closure_rate(p.closed, p.overdue) end as rate) r
  ),
  ranked as (
    select f.*, case when f.rated then rank() over (partition by f.rated order by f.flag = 'blue', f.rate desc, f.overdue,
                                                     f.response_hours nulls last, f.id) end as rank
    from flagged f
  )
  select row_number() over (order by r.rated desc, r.rank, r.due desc, r.reported desc, r.name, r.id),
         r.rank, r.id, r.name, r.leader_name, r.rated, r.reported, r.due, r.closed, r.pending, round(r.rate, 4), r.overdue,
         round(r.response_hours::numeric, 1), r.flag
  from ranked r
$$;

/**
 * Units ranked for a month (1300_ranking: the rules and the answer's shape there), from
 * unit_ranking_rows: { month, has_data, min_due, targets, units: [...] }.
 */
-- (replaces 1300_ranking's definition)
create or replace function public.unit_ranking(month date default null) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  with m as (
    select date_trunc('month', coalesce(month, now()::date))::timestamptz as start
  ),
  target as (
    select t.* from monthly_targets t, m
    where t.month = m.start::date or t.month is null order by t.month is null limit 1
  ),
  r as materialized (
    select * from unit_ranking_rows(month)
  )
  select json_build_object(
    'month', to_char((select start from m), 'YYYY-MM'),
    'has_data', coalesce((select sum(reported) > 0 from r), false),
    'min_due', ranking_min_due(),
    'targets', (select json_build_object('min_due_closure_rate', min_due_closure_rate, 'max_overdue', max_overdue,
                                         'max_response_hours', max_response_hours) from target),
    -- a record per unit (its columns become the keys, in this order): cheaper than
    -- json_build_object for 6,000 units
    'units', coalesce((select json_agg((select u from (select r.rank, r.unit_id, r.unit_name, r.leader_name, r.rated,
        r.reported, r.due, r.closed, r.pending, r.due_closure_rate, r.overdue, r.response_hours, r.flag) u) order by r.ord)
      from r), '[]'::json))
$$;

-- ---------------------------------------------------------------------------------------------
-- The wall (2000_wall).

-- the overdue issues in the units' hands, oldest deadline first
create index issues_in_hand_deadline_idx on public.issues (deadline, id) include (street_code) where status in ('dispatched', 'accepted', 'rework');

/**
 * The wall's ranking for a month (null: this month): { month, has_data, min_due, rated, too_few,
 * units } — the units with a flag, the best and the worst wall_list_limit() of them in the
 * ranking's order (a city's 6,000 units do not go on a wall), how many are rated and how many
 * have too few cases; each unit as unit_ranking gives it (rank, unit_id, unit_name, rated, due,
 * closed, overdue, due_closure_rate, flag).
 */
create function public.wall_ranking(month date) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  with r as materialized (
    select * from unit_ranking_rows(month)
  ),
  n as (
    select count(*) filter (where r.flag is not null) as rated, count(*) filter (where r.flag is null) as too_few,
           coalesce(sum(r.reported) > 0, false) as has_data
    from r
  )
  select json_build_object('month', to_char(date_trunc('month', coalesce(month, now()::date)), 'YYYY-MM'),
    'has_data', n.has_data, 'min_due', ranking_min_due(), 'rated', n.rated, 'too_few', n.too_few,
    'units', (select coalesce(json_agg(json_build_object('rank', r.rank, 'unit_id', r.unit_id, 'unit_name', r.unit_name,
        'rated', r.rated, 'due', r.due, 'closed', r.closed, 'overdue', r.overdue, 'due_closure_rate', r.due_closure_rate,
        'flag', r.flag) order by r.ord), '[]'::json)
      from r where r.flag is not null and (r.ord <= wall_list_limit() or r.ord > n.rated - wall_list_limit())))
  from n
$$;

/**
 * The wall's figures, as 2000_wall says, with the ranking as wall_ranking gives it (the best
 * and the worst of the rated units, and how many are rated), and two changes of means: the
 * escalations (the issues in the units' hands past their first escalation threshold — 督办 and
 * up, escalation 1–3 as issue_ledger computes it) are counted, listed (the first
 * wall_list_limit() by deadline) and counted per street straight from the issues; and an ended
 * month it reads (last month's figures, last month's ranking early in a month) is kept first.
 */
-- (replaces 2000_wall's definition)
create or replace function public.wall_summary(with_hotspots boolean default true) returns json
language plpgsql volatile set search_path = public, extensions, pg_temp as $$
declare
  at timestamptz := now(); day_start timestamptz; lim constant integer := wall_list_limit();
  last_month date := (date_trunc('month', now()) - interval '1 day')::date;
  first_after interval; ranking json; hotspots json; result json;
begin
  perform require_signed_in();
  day_start := date_trunc('day', at);
  perform freeze_month_figures(last_month, 'district');
  select make_interval(secs => min(e.after_hours)::float8 * 3600) into first_after from escalation_levels e where e.level >= 1;
  -- this month's ranking, or last month's while nobody is rated yet this month
  ranking := wall_ranking(null);
  if (ranking ->> 'rated')::bigint = 0 then
    perform freeze_month_figures(last_month, 'unit');
    ranking := wall_ranking(last_month);
  end if;
  if coalesce(with_hotspots, true) then hotspots := issue_hotspots(jsonb_build_object('days', 30), 300, 6); end if;

  with escalated as materialized (
    select i.id, i.street_code from issues i
    where i.status in ('dispatched', 'accepted', 'rework') and i.deadline < at - first_after
  )
  select json_build_object(
    'as_of', at,
    'today', wall_day_figures(day_start, at) || jsonb_build_object('before', wall_day_figures(day_start - interval '1 day', at - interval '1 day')),
    'month', wall_month_figures(null) || jsonb_build_object('before', wall_month_figures(last_month)),
    'escalations', json_build_object('total', (select count(*) from escalated), 'rows', (
      select coalesce(json_agg(json_build_object(
        'id', e.id, 'code', e.code, 'category_zh', c.name_zh, 'category_en', c.name_en,
        'level', issue_escalation_level(e.status, e.deadline, e.handled_at, e.closed_at, at), 'status', e.status,
        'unit_id', e.unit_id, 'unit_name', u.name, 'street_name', st.name, 'community_name', cm.name,
        'deadline', e.deadline, 'hours_late', round((extract(epoch from at - e.deadline) / 3600)::numeric, 1),
        'lon', round(ST_X(e.geom)::numeric, 6), 'lat', round(ST_Y(e.geom)::numeric, 6)) order by e.deadline, e.id), '[]'::json)
      from (select i.* from issues i
            where i.status in ('dispatched', 'accepted', 'rework') and i.deadline < at - first_after
            order by i.deadline, i.id limit lim) e
      join issue_categories c on c.code = e.category left join units u on u.id = e.unit_id
      left join streets st on st.code = e.street_code left join communities cm on cm.code = e.community_code)),
    'ranking', ranking,
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
        'escalated', (select count(*) from escalated e where e.street_code = s.code))
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
