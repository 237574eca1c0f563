-- The indicators (综合评价, GB/T 30428), one computation: month_figures counts (per unit, street,
-- community or the district), the rate functions below divide, month_indicators puts counts and
-- rates together, unit_indicators serves them per unit, unit_ranking (1300_ranking) ranks units
-- with the same counts (unit_month_figures) and the monthly bulletin (1950_bulletin) reads them
-- per street and for the district — no indicator is computed twice.
--
-- For a unit (or a street, …) and a month (any date in it; null = this month, counted up to now), the issues
-- filed (立案) to the unit (or inside the street, …) — dispatched to it and reported in the month — are counted as they
-- stood at the month's end (or now):
--   filed           立案数      the issues of the month with this unit as the responsible unit
--   due             应结案数    of those, the ones that should be settled by then: closed, or
--                               past their deadline (a granted extension moves the deadline)
--   closed          结案数      closed (销号) by then
--   closed_on_time  按期结案数  closed, and handled (处置反馈 that was verified) by the deadline
--   deferred        缓办数      due, not closed, and deferred (缓办) or parked (挂账) then —
--                               postponed with approval; parked counts also on its own (挂账数)
--   reworked        返工数      sent back at least once after a failed check (返工)
--   handled         处置数      reported handled by the unit at least once
--   closure_rate    结案率      = 结案数 / 应结案数                       (due_closure_rate, 1200)
--   on_time_rate    按期结案率  = 按期结案数 / (应结案数 − 缓办数)        (on_time_rate)
--   rework_rate     返工率      = 返工数 / 处置数                         (rework_rate)
--   avg_handle_hours 平均处置时长 = mean hours from dispatch to the (last) handling, over the handled
--   response_rate   响应率      = accepted within the category's response time (issue_urgencies)
--                               / dispatched issues whose response time is over or that were
--                               accepted (an issue still inside its response time counts neither way)
--   12345 (source hotline), 三率: response_rate as above, solve_rate 解决率 = 结案数 / 应结案数,
--                               satisfaction_rate 满意率 = (满意 + 基本满意) / 回访数.
-- Each rate is null when its denominator is 0: no figure rather than a made-up 0 or 100 %.
set search_path = public, extensions;

/** 按期结案率 = 按期结案数 / (应结案数 − 缓办数); null when nothing is due but the deferred. */
create function public.on_time_rate(closed_on_time bigint, due bigint, deferred bigint) returns numeric
language sql immutable as $$
  select closed_on_time::numeric / nullif(due - deferred, 0)
$$;

/** 返工率 = 返工数 / 处置数; null when nothing was handled. */
create function public.rework_rate(reworked bigint, handled bigint) returns numeric
language sql immutable as $$
  select reworked::numeric / nullif(handled, 0)
$$;

/** 响应率 = 按时响应数 / 应响应数; null when no response was due. */
create function public.response_rate(responded bigint, response_due bigint) returns numeric
language sql immutable as $$
  select responded::numeric / nullif(response_due, 0)
$$;

/** 满意率 = (满意 + 基本满意) / 回访数; null when nobody was called back. */
create function public.satisfaction_rate(satisfied bigint, followed_up bigint) returns numeric
language sql immutable as $$
  select satisfied::numeric / nullif(followed_up, 0)
$$;

-- REPLACED by 20261209002710_month_figures_kept.sql
/**
 * The counts behind every indicator (definitions at the top of this file), one row per key of
 * `per`: 'unit' (units.id), 'street' (streets.code), 'community' (communities.code) or 'district'
 * (the district's code: every issue filed in the month) — a key with no issue gets zeros. An
 * issue belongs to the street and community whose area covers its point (the lowest code on a
 * shared border, as the ledger says). The cohort is the same for every `per`: issues filed to a
 * unit and reported in the month.
 * The status an issue had at the month's end is its last step before then (issue_events); an
 * issue with no recorded steps counts with its current status. Response: accepted (or, failing
 * a recorded acceptance, handled or closed) within the response hours of the category's urgency
 * after the dispatch. dispatch_hours: mean hours from report to dispatch (unit_ranking's
 * response_hours).
 */
create function public.month_figures(month date, per text)
returns table (key text, month_start timestamptz, until timestamptz,
               filed bigint, due bigint, closed bigint, closed_on_time bigint, deferred bigint, parked bigint,
               reworked bigint, handled bigint, handle_hours numeric, response_due bigint, responded bigint,
               dispatch_hours numeric, hotline_filed bigint, hotline_due bigint, hotline_closed bigint,
               hotline_response_due bigint, hotline_responded bigint, followed_up bigint, satisfied bigint)
language sql stable set search_path = public, extensions, pg_temp set jit = off as $$
  -- jit off: planned for any `per`, the street and community look-ups in the key are costed for
  -- every issue and push the estimate past jit_above_cost, so PostgreSQL spent ~0.9 s per call
  -- compiling a query that runs in ~10 ms (the bulletin calls this four times).
  with m as (
    select date_trunc('month', coalesce(month, now()::date))::timestamptz as start,
           least(date_trunc('month', coalesce(month, now()::date))::timestamptz + interval '1 month', now()) as until
  ),
  keys as (
    select u.id::text as key from units u where per = 'unit'
    union all select s.code from streets s where per = 'street'
    union all select c.code from communities c where per = 'community'
    union all select min(d.code) from districts d where per = 'district' having min(d.code) is not null
  ),
  cohort as (
    select i.id, i.source, i.dispatched_at, i.reported_at,
           case per when 'unit' then i.unit_id::text
                   when 'street' then (select s.code from streets s where s.geom && i.geom and ST_Covers(s.geom, i.geom) order by s.code limit 1)
                   when 'community' then (select c.code from communities c where c.geom && i.geom and ST_Covers(c.geom, i.geom) order by c.code limit 1)
                   when 'district' then (select min(d.code) from districts d) end as key,
           i.closed_at is not null and i.closed_at < m.until as is_closed,
           (i.closed_at is not null and i.closed_at < m.until) or i.deadline < m.until as is_due,
           i.closed_at is not null and i.closed_at < m.until and coalesce(i.handled_at, i.closed_at) <= i.deadline as on_time,
           coalesce(ev.status_then, i.status) as status_then,
           coalesce(ev.reworked, false) as is_reworked,
           coalesce(i.handled_at, i.closed_at) < m.until as is_handled,
           coalesce(i.handled_at, i.closed_at) as handled_time,
           i.dispatched_at + make_interval(secs => u.response_hours::float8 * 3600) as respond_by,
           coalesce(i.accepted_at, i.handled_at, i.closed_at) as responded_at,
           i.followed_up_at is not null and i.followed_up_at < m.until as is_followed_up,
           i.satisfaction, m.until
    from issues i cross join m
    join issue_categories c on c.code = i.category join issue_urgencies u on u.code = c.urgency
    left join lateral (
      select (array_agg(e.to_status order by e.at desc, e.id desc))[1] as status_then, bool_or(e.action = 'rework') as reworked
      from issue_events e where e.issue_id = i.id and e.at < m.until
    ) ev on true
    -- the month's bounds as sub-selects (computed once, before the scan), not as a join condition
    -- on m: a plain range on i.reported_at that issues_reported_idx serves, so only the month's
    -- issues are read — also under RLS, where a bound holding coalesce or least would be kept
    -- out of the index (not leakproof) and every issue ever filed scanned
    where i.unit_id is not null and i.reported_at >= (select m.start from m) and i.reported_at < (select m.until from m)
  ),
  flagged as (
    select c.*,
           c.dispatched_at is not null and c.dispatched_at < c.until
             and (c.responded_at < c.until or c.respond_by < c.until) as response_was_due,
           c.responded_at is not null and c.responded_at < c.until and c.responded_at <= c.respond_by as responded_in_time,
           c.is_due and not c.is_closed and c.status_then in ('deferred', 'parked') as is_deferred
    from cohort c
  )
  select k.key, m.start, m.until,
         count(f.id), count(f.id) filter (where f.is_due), count(f.id) filter (where f.is_closed),
         count(f.id) filter (where f.on_time), count(f.id) filter (where f.is_deferred),
         count(f.id) filter (where f.is_deferred and f.status_then = 'parked'),
         count(f.id) filter (where f.is_reworked), count(f.id) filter (where f.is_handled),
         avg(extract(epoch from f.handled_time - f.dispatched_at) / 3600) filter (where f.is_handled and f.dispatched_at is not null),
         count(f.id) filter (where f.response_was_due), count(f.id) filter (where f.response_was_due and f.responded_in_time),
         avg(extract(epoch from f.dispatched_at - f.reported_at) / 3600) filter (where f.dispatched_at is not null),
         count(f.id) filter (where f.source = 'hotline'), count(f.id) filter (where f.source = 'hotline' and f.is_due),
         count(f.id) filter (where f.source = 'hotline' and f.is_closed),
         count(f.id) filter (where f.source = 'hotline' and f.response_was_due),
         count(f.id) filter (where f.source = 'hotline' and f.response_was_due and f.responded_in_time),
         count(f.id) filter (where f.source = 'hotline' and f.is_followed_up),
         count(f.id) filter (where f.source = 'hotline' and f.is_followed_up and f.satisfaction in ('satisfied', 'basically_satisfied'))
  from keys k cross join m left join flagged f on f.key = k.key
  group by k.key, m.start, m.until
$$;

-- REPLACED by 20261209002710_month_figures_kept.sql
/** The counts of every unit (month_figures by unit) with its name and leader: the ranking's and the indicators' one count. */
create function public.unit_month_figures(month date default null)
returns table (unit_id bigint, unit_name text, leader_name text, month_start timestamptz, until timestamptz,
               filed bigint, due bigint, closed bigint, closed_on_time bigint, deferred bigint, parked bigint,
               reworked bigint, handled bigint, handle_hours numeric, response_due bigint, responded bigint,
               dispatch_hours numeric, hotline_filed bigint, hotline_due bigint, hotline_closed bigint,
               hotline_response_due bigint, hotline_responded bigint, followed_up bigint, satisfied bigint)
language sql stable set search_path = public, extensions, pg_temp as $$
  select u.id, u.name, u.leader_name, f.month_start, f.until, f.filed, f.due, f.closed, f.closed_on_time, f.deferred,
         f.parked, f.reworked, f.handled, f.handle_hours, f.response_due, f.responded, f.dispatch_hours, f.hotline_filed,
         f.hotline_due, f.hotline_closed, f.hotline_response_due, f.hotline_responded, f.followed_up, f.satisfied
  from month_figures(month, 'unit') f join units u on u.id::text = f.key
$$;

/**
 * The indicators of every key of `per` (month_figures) as json: the counts and the rates defined
 * at the top of this file, the 12345 三率 under `hotline` — the one place the rates are taken,
 * for unit_indicators and the monthly bulletin alike.
 */
create function public.month_indicators(month date, per text) returns table (key text, indicators jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select f.key, jsonb_build_object(
      'month', to_char(f.month_start, 'YYYY-MM'),
      'filed', f.filed, 'due', f.due, 'closed', f.closed, 'closed_on_time', f.closed_on_time,
      'deferred', f.deferred, 'parked', f.parked, 'reworked', f.reworked, 'handled', f.handled,
      'closure_rate', round(due_closure_rate(f.closed, f.due - f.closed), 4),
      'on_time_rate', round(on_time_rate(f.closed_on_time, f.due, f.deferred), 4),
      'rework_rate', round(rework_rate(f.reworked, f.handled), 4),
      'avg_handle_hours', round(f.handle_hours, 1),
      'response_rate', round(response_rate(f.responded, f.response_due), 4),
      'hotline', jsonb_build_object('filed', f.hotline_filed, 'due', f.hotline_due, 'closed', f.hotline_closed,
        'followed_up', f.followed_up, 'satisfied', f.satisfied,
        'response_rate', round(response_rate(f.hotline_responded, f.hotline_response_due), 4),
        'solve_rate', round(due_closure_rate(f.hotline_closed, f.hotline_due - f.hotline_closed), 4),
        'satisfaction_rate', round(satisfaction_rate(f.satisfied, f.followed_up), 4)))
  from month_figures(month, per) f
$$;

/** A month for the indicators: any date from 2000 to 2199, or null (this month so far); else invalid_input. */
create function public.check_indicator_month(month date) returns void
language plpgsql immutable as $$
begin
  if month is not null and month not between date '2000-01-01' and date '2199-12-31' then
    raise exception 'invalid_input: 月份须在 2000 年到 2199 年之间' using hint = 'invalid_input';
  end if;
end $$;

-- REPLACED by 20261209002710_month_figures_kept.sql
/**
 * The standard indicators of every unit for a month (any date in it; null = this month so far):
 * month_indicators by unit with the unit's id and name. Ordered by unit name.
 */
create function public.unit_indicators(month date default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform check_indicator_month(month);
  return (select coalesce(json_agg(jsonb_build_object('unit_id', u.id, 'unit_name', u.name) || i.indicators
    order by u.name, u.id), '[]'::json)
    from month_indicators(unit_indicators.month, 'unit') i join units u on u.id::text = i.key);
end $$;
