-- 每月一评: every unit ranked for a month with a red or a blue flag, against the targets in
-- monthly_targets (0200_tables): the month's row, else the standing one inserted here.
set search_path = public, extensions;

insert into public.monthly_targets (month, min_due_closure_rate, max_overdue, max_response_hours) values (null, 0.85, 3, 24);

/**
 * Units ranked for a month, fair to a month still under way. The rate (due_closure_rate) counts only
 * the issues that should be settled by now: those closed, and those still open past their
 * deadline. An issue reported yesterday with a day to go counts as pending, not as
 * unresolved, so a unit is not given a blue flag for work not yet due. A unit with nothing
 * due in the month has no rate (null, shown as —): it missed no target, so it gets the red
 * flag.
 *
 * For each unit and month (any date in it; null = this month): issues dispatched to the unit
 * and reported in the month; closed = closed by the month's end (or now); overdue = not closed
 * and past the deadline then; pending = the rest; response hours = mean hours from report to
 * dispatch — the counts of unit_month_figures (1250_indicators), so the rate here is the
 * indicators' 结案率 (closure_rate of unit_indicators).
 * Red flag when the rate (if any) meets min_due_closure_rate, overdue <= max_overdue and
 * response <= max_response_hours (targets from monthly_targets: the month's row, else the
 * standing one). Rank: red flags first (挂图作战 reads top down), then rate desc (no rate last
 * among the red), overdue asc, response asc.
 */
create function public.unit_ranking(month date default null) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  with m as (
    select date_trunc('month', coalesce(month, now()::date))::timestamptz as start,
           least(date_trunc('month', coalesce(month, now()::date))::timestamptz + interval '1 month', now()) as until
  ),
  target as (
    select t.* from monthly_targets t, m
    where t.month = m.start::date or t.month is null order by t.month is null limit 1
  ),
  -- the counts are the indicators' (unit_month_figures, 1250_indicators): reported = 立案数,
  -- closed = 结案数, overdue = 应结案数 − 结案数 (due but not closed), due_closure_rate = 结案率
  per_unit as (
    select f.unit_id as id, f.unit_name as name, f.leader_name, f.filed as reported, f.closed,
           f.due - f.closed as overdue, f.dispatch_hours as response_hours
    from unit_month_figures(month) f
  ),
  scored as (
    select p.*, p.reported - p.closed - p.overdue as pending,
           due_closure_rate(p.closed, p.overdue) as rate
    from per_unit p
  )
  select json_build_object(
    'month', to_char((select start from m), 'YYYY-MM'),
    'targets', (select json_build_object('min_due_closure_rate', min_due_closure_rate, 'max_overdue', max_overdue,
                                         'max_response_hours', max_response_hours) from target),
    'units', coalesce(json_agg(json_build_object(
      'rank', r.rank, 'unit_id', r.id, 'unit_name', r.name, 'leader_name', r.leader_name,
      'reported', r.reported, 'closed', r.closed, 'pending', r.pending, 'due_closure_rate', round(r.rate, 4), 'overdue', r.overdue,
      'response_hours', round(r.response_hours::numeric, 1), 'flag', r.flag) order by r.rank), '[]'::json))
  from (
    select f.*, rank() over (order by f.flag = 'blue', f.rate desc nulls last, f.overdue, f.response_hours nulls last, f.id) as rank
    from (
      select s.*, case when coalesce(s.rate >= t.min_due_closure_rate, true) and s.overdue <= t.max_overdue
                            and coalesce(s.response_hours, 0) <= t.max_response_hours then 'red' else 'blue' end as flag
      from scored s cross join target t
    ) f
  ) r
$$;
