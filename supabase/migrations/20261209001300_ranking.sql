-- 每月一评: every unit ranked for a month with a red or a blue flag, against the targets in
-- monthly_targets (0200_tables): the month's row, else the standing one inserted here.
set search_path = public, extensions;

insert into public.monthly_targets (month, min_due_closure_rate, max_overdue, max_response_hours) values (null, 0.85, 3, 24);

/**
 * 每月一评's minimum: a unit with fewer issues due (应结案数) in the month than this gets no rate,
 * no rank and no flag — it is listed as too few cases (样本不足), since one issue more or less would
 * swing its rate by 20 points or more.
 */
create function public.ranking_min_due() returns integer
language sql immutable as $$
  select 5
$$;

-- REPLACED by 20261209002720_ranking_rows_and_wall.sql
/**
 * Units ranked for a month, fair to a month still under way and to a unit with few cases. The rate
 * (due_closure_rate = the indicators' 结案率) counts only the issues that should be settled by now:
 * those closed, and those still open past their deadline. An issue reported yesterday with a day to
 * go counts as pending, not as unresolved, so a unit is not given a blue flag for work not yet due.
 *
 * For each unit and month (any date in it; null = this month): issues dispatched to the unit
 * and reported in the month; closed = closed by the month's end (or now); overdue = not closed
 * and past the deadline then; due = closed + overdue (应结案数, shown beside the rate as its
 * volume); pending = the rest; response hours = mean hours from report to dispatch — the counts
 * of unit_month_figures (1250_indicators), so the rate here is unit_indicators' closure_rate.
 * A unit gets a rate, a rank and a flag only with at least ranking_min_due() issues due (`rated`);
 * the others are listed after the ranked, most due first, with no rate and flag null. A month in
 * which no issue was filed to any unit has `has_data` false, and no unit has a flag.
 * Red flag when the rate meets min_due_closure_rate, overdue <= max_overdue and response <=
 * max_response_hours (targets from monthly_targets: the month's row, else the standing one), else
 * blue. Rank (the rated only): red flags first (挂图作战 reads top down), then rate desc, overdue
 * asc, response asc.
 */
create function public.unit_ranking(month date default null) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  with m as (
    select date_trunc('month', coalesce(month, now()::date))::timestamptz as start
  ),
  target as (
    select t.* from monthly_targets t, m
    where t.month = m.start::date or t.month is null order by t.month is null limit 1
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
  select json_build_object(
    'month', to_char((select start from m), 'YYYY-MM'),
    'has_data', coalesce((select sum(reported) > 0 from per_unit), false),
    'min_due', ranking_min_due(),
    'targets', (select json_build_object('min_due_closure_rate', min_due_closure_rate, 'max_overdue', max_overdue,
                                         'max_response_hours', max_response_hours) from target),
    'units', coalesce(json_agg(json_build_object(
      'rank', r.rank, 'unit_id', r.id, 'unit_name', r.name, 'leader_name', r.leader_name, 'rated', r.rated,
      'reported', r.reported, 'due', r.due, 'closed', r.closed, 'pending', r.pending,
      'due_closure_rate', round(r.rate, 4), 'overdue', r.overdue,
      'response_hours', round(r.response_hours::numeric, 1), 'flag', r.flag)
      order by r.rated desc, r.rank, r.due desc, r.reported desc, r.name, r.id), '[]'::json))
  from ranked r
$$;
