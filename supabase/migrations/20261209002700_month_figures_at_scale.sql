-- City scale, the month's figures and the wall (issue 14, "analyses that stay interactive").
-- At 100× the demo a month holds ~17,000 issues and the wall read five months' figures, last
-- month's ranking and a 500-row overdue ledger on every full read (3.6–10 s). What changes here,
-- with the answers unchanged:
--
--   street, community  each issue keeps the street and the community its point lies in
--                      (street_code, community_code: the lowest code on a shared border, as
--                      the ledger and month_figures said), set by a trigger and recomputed when
--                      the streets or communities change — the per-street and per-community
--                      figures group by a column instead of testing every issue's point
--   this month         counted from the issues as they are now (their status now is their last
--                      step: issue_events' newest to_status, which the workflow writes with it),
--                      without reading every issue's steps
--   an ended month     its figures are kept once computed (month_figures_frozen): 每月一评
--                      publishes a month's figures once, and later steps on its issues (a
--                      reopening, an extension) do not rewrite them. A write dated inside an
--                      ended month (an import, a correction, the seed) discards every kept month
--   the wall           its overdue list, their count and each street's share read the issues in
--                      the units' hands past their first escalation threshold directly (one
--                      index range), instead of a 500-row page of the ledger
--   escalation_level   runs as its owner: under RLS every call re-checked the caller's sign-in
--                      for the three-row thresholds table (0.24 ms a call, 3 s for the 12,000
--                      overdue issues of a city's ledger)
set search_path = public, extensions;

-- ---------------------------------------------------------------------------------------------
-- Each issue's street and community.
alter table public.issues add column street_code text, add column community_code text;
comment on column public.issues.street_code is 'the street whose area covers the issue''s point (lowest code on a border), kept by set_issue_areas';
comment on column public.issues.community_code is 'the community whose area covers the issue''s point (lowest code on a border), kept by set_issue_areas';

/** The street and the community covering a point: the lowest code where areas share a border. */
create function public.areas_at(p geometry, out street_code text, out community_code text)
language sql stable security definer set search_path = public, extensions, pg_temp as $$
  select (select s.code from streets s where s.geom && p and ST_Covers(s.geom, p) order by s.code limit 1),
         (select c.code from communities c where c.geom && p and ST_Covers(c.geom, p) order by c.code limit 1)
$$;

create function public.set_issue_areas() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  select a.street_code, a.community_code into new.street_code, new.community_code from areas_at(new.geom) a;
  return new;
end $$;

create trigger issues_areas before insert or update of geom on public.issues
for each row execute function set_issue_areas();

/** Every issue's street and community recomputed for the areas as they are. */
create function public.rebuild_issue_areas() returns void
language sql security definer set search_path = public, extensions, pg_temp as $$
  update issues i set street_code = a.street_code, community_code = a.community_code
  from issues j cross join lateral areas_at(j.geom) a
  where j.id = i.id and (i.street_code, i.community_code) is distinct from (a.street_code, a.community_code)
$$;

create function public.refresh_issue_areas() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  perform rebuild_issue_areas();
  return null;
end $$;

create trigger streets_issue_areas after insert or update or delete on public.streets
for each statement execute function refresh_issue_areas();
create trigger communities_issue_areas after insert or update or delete on public.communities
for each statement execute function refresh_issue_areas();

select public.rebuild_issue_areas();

create index issues_street_idx on public.issues (street_code);
create index issues_community_idx on public.issues (community_code);
-- this month's 返工: the month's send-backs (a handful of steps among millions)
create index issue_events_rework_idx on public.issue_events (at) include (issue_id) where action = 'rework';

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
-- The month's counts: computed (month_figures_live), and kept for an ended month.

/**
 * The counts of month_figures (1250_indicators: definitions and cohort there) for the month
 * [start, until), computed from the issues and their steps. A month still under way (until is
 * now) reads each issue's status and 返工 as they are now; an ended month reads them from the
 * steps before its end. Keys: every unit, street, community or the district, zeros for a key
 * with no issue.
 */
create function public.month_figures_live(start timestamptz, until timestamptz, per text)
returns table (key text, month_start timestamptz, until timestamptz,
               filed bigint, due bigint, closed bigint, closed_on_time bigint, deferred bigint, parked bigint,
               reworked bigint, handled bigint, handle_hours numeric, response_due bigint, responded bigint,
               dispatch_hours numeric, hotline_filed bigint, hotline_due bigint, hotline_closed bigint,
               hotline_response_due bigint, hotline_responded bigint, followed_up bigint, satisfied bigint)
language sql stable set search_path = public, extensions, pg_temp set jit = off as $$
  -- jit off: see month_figures (1250_indicators)
  with m as (
    select start, until, until >= now() as under_way
  ),
  keys as (
    select u.id::text as key from units u where per = 'unit'
    union all select s.code from streets s where per = 'street'
    union all select c.code from communities c where per = 'community'
    union all select min(d.code) from districts d where per = 'district' having min(d.code) is not null
  ),
  -- a month under way: the issues sent back in it (an issue's steps come after its report, so
  -- these are all the send-backs of the month's issues), one range of issue_events_rework_idx
  sent_back as materialized (
    select distinct r.issue_id from issue_events r
    where (select m.under_way from m) and r.action = 'rework' and r.at >= (select m.start from m)
  ),
  cohort as (
    select i.id, i.source, i.dispatched_at, i.reported_at,
           case per when 'unit' then i.unit_id::text when 'street' then i.street_code
                    when 'community' then i.community_code when 'district' then (select min(d.code) from districts d) end as key,
           i.closed_at is not null and i.closed_at < m.until as is_closed,
           (i.closed_at is not null and i.closed_at < m.until) or i.deadline < m.until as is_due,
           i.closed_at is not null and i.closed_at < m.until and coalesce(i.handled_at, i.closed_at) <= i.deadline as on_time,
           case when m.under_way then i.status else coalesce(ev.status_then, i.status) end as status_then,
           case when m.under_way then rw.issue_id is not null else coalesce(ev.reworked, false) end as is_reworked,
           coalesce(i.handled_at, i.closed_at) < m.until as is_handled,
           coalesce(i.handled_at, i.closed_at) as handled_time,
           i.dispatched_at + make_interval(secs => u.response_hours::float8 * 3600) as respond_by,
           coalesce(i.accepted_at, i.handled_at, i.closed_at) as responded_at,
           i.followed_up_at is not null and i.followed_up_at < m.until as is_followed_up,
           i.satisfaction, m.until
    from issues i cross join m
    join issue_categories c on c.code = i.category join issue_urgencies u on u.code = c.urgency
    left join sent_back rw on rw.issue_id = i.id
    -- an ended month: each issue's last step before the month's end (not read for a month under way)
    left join lateral (
      select (array_agg(e.to_status order by e.at desc, e.id desc))[1] as status_then, bool_or(e.action = 'rework') as reworked
      from issue_events e where not m.under_way and e.issue_id = i.id and e.at < m.until
    ) ev on true
    -- the bounds as sub-selects: a plain range that issues_reported_idx serves (1250_indicators)
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

/**
 * Which kept months are good: bumped by any write dated inside an ended month (month_figures_
 * backdated). The row stays locked until that write commits, and a month is kept under the
 * version its computation saw, so a month computed while such a write was under way is not used.
 */
create table public.month_figures_version (
  id      boolean primary key default true check (id),
  version bigint not null
);
insert into public.month_figures_version (id, version) values (true, 1);
alter table public.month_figures_version enable row level security;
create policy "month_figures_version: signed-in users read" on public.month_figures_version
  for select to authenticated using ((select public.is_signed_in()));
grant select on public.month_figures_version to authenticated;

/** The ended months whose figures are kept, per kind of key, and the version they were computed at. */
create table public.month_figures_months (
  month_start timestamptz not null,
  per         text not null check (per in ('unit', 'street', 'community', 'district')),
  version     bigint not null,
  primary key (month_start, per)
);
alter table public.month_figures_months enable row level security;
create policy "month_figures_months: signed-in users read" on public.month_figures_months
  for select to authenticated using ((select public.is_signed_in()));
grant select on public.month_figures_months to authenticated;

/** An ended month's figures per key, as month_figures_live computed them (written only by freeze_month_figures). */
create table public.month_figures_frozen (
  month_start timestamptz not null,
  per         text not null,
  key         text not null,
  until timestamptz not null, filed bigint not null, due bigint not null, closed bigint not null,
  closed_on_time bigint not null, deferred bigint not null, parked bigint not null, reworked bigint not null,
  handled bigint not null, handle_hours numeric, response_due bigint not null, responded bigint not null,
  dispatch_hours numeric, hotline_filed bigint not null, hotline_due bigint not null, hotline_closed bigint not null,
  hotline_response_due bigint not null, hotline_responded bigint not null, followed_up bigint not null,
  satisfied bigint not null,
  primary key (month_start, per, key),
  foreign key (month_start, per) references public.month_figures_months on delete cascade
);
alter table public.month_figures_frozen enable row level security;
create policy "month_figures_frozen: signed-in users read" on public.month_figures_frozen
  for select to authenticated using ((select public.is_signed_in()));
grant select on public.month_figures_frozen to authenticated;

/**
 * Keeps an ended month's figures (month any date in it; per as month_figures) if they are not
 * kept at the current version: computed once by month_figures_live and stored. Nothing for a
 * month under way, nor in a read-only transaction (a read replica computes them each time).
 * Concurrent callers for one month wait for the first, which stores it.
 */
create function public.freeze_month_figures(month date, per text) returns void
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare start timestamptz; v bigint;
begin
  perform require_signed_in();
  perform check_indicator_month(month);
  if per is null or per not in ('unit', 'street', 'community', 'district') then
    raise exception 'invalid_input: 统计口径只能是 unit、street、community 或 district' using hint = 'invalid_input';
  end if;
  start := date_trunc('month', coalesce(month, now()::date))::timestamptz;
  if start + interval '1 month' > now() or current_setting('transaction_read_only') = 'on' then return; end if;
  perform pg_advisory_xact_lock(hashtext('month_figures'), hashtext(start::text || per));
  select f.version into v from month_figures_version f;
  if exists (select 1 from month_figures_months k where k.month_start = start and k.per = freeze_month_figures.per and k.version = v) then
    return;
  end if;
  delete from month_figures_months k where k.month_start = start and k.per = freeze_month_figures.per;
  insert into month_figures_months (month_start, per, version) values (start, per, v);
  insert into month_figures_frozen
  select start, per, f.key, f.until, f.filed, f.due, f.closed, f.closed_on_time, f.deferred, f.parked, f.reworked,
         f.handled, f.handle_hours, f.response_due, f.responded, f.dispatch_hours, f.hotline_filed, f.hotline_due,
         f.hotline_closed, f.hotline_response_due, f.hotline_responded, f.followed_up, f.satisfied
  from month_figures_live(start, start + interval '1 month', per) f;
end $$;

/**
 * A write dated inside an ended month (an issue reported, dispatched, accepted, handled, closed,
 * followed up or due before this month; a step before it; a moved point or a deleted issue of an
 * ended month) makes every kept month stale: the version is bumped. The steps of the workflow
 * are dated now and do not. Statement-level, over the statement's rows.
 */
create function public.month_figures_backdated() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
declare this_month constant timestamptz := date_trunc('month', now()); stale boolean;
begin
  if TG_TABLE_NAME = 'issues' then
    if TG_OP = 'INSERT' then
      stale := exists (select 1 from new_rows n where n.reported_at < this_month);
    elsif TG_OP = 'DELETE' then
      stale := exists (select 1 from old_rows o where o.reported_at < this_month);
    else
      stale := exists (
        select 1 from old_rows o join new_rows n on n.id = o.id
        where (n.reported_at < this_month or o.reported_at < this_month)
          and (n.reported_at is distinct from o.reported_at or not ST_Equals(n.geom, o.geom)
               or (n.dispatched_at < this_month and n.dispatched_at is distinct from o.dispatched_at)
               or (n.deadline < this_month and n.deadline is distinct from o.deadline)
               or (n.accepted_at < this_month and n.accepted_at is distinct from o.accepted_at)
               or (n.handled_at < this_month and n.handled_at is distinct from o.handled_at)
               or (n.closed_at < this_month and n.closed_at is distinct from o.closed_at)
               or (n.followed_up_at < this_month and n.followed_up_at is distinct from o.followed_up_at)));
    end if;
  elsif TG_OP = 'DELETE' then
    stale := exists (select 1 from old_rows o where o.at < this_month);
  elsif TG_OP = 'INSERT' then
    stale := exists (select 1 from new_rows n where n.at < this_month);
  else
    stale := exists (select 1 from old_rows o join new_rows n on n.id = o.id
                     where (o.at < this_month or n.at < this_month) and row(o.*) is distinct from row(n.*));
  end if;
  if stale then update month_figures_version set version = version + 1; end if;
  return null;
end $$;

create trigger issues_backdated_insert after insert on public.issues
referencing new table as new_rows for each statement execute function month_figures_backdated();
create trigger issues_backdated_update after update on public.issues
referencing old table as old_rows new table as new_rows for each statement execute function month_figures_backdated();
create trigger issues_backdated_delete after delete on public.issues
referencing old table as old_rows for each statement execute function month_figures_backdated();
create trigger issue_events_backdated_insert after insert on public.issue_events
referencing new table as new_rows for each statement execute function month_figures_backdated();
create trigger issue_events_backdated_update after update on public.issue_events
referencing old table as old_rows new table as new_rows for each statement execute function month_figures_backdated();
create trigger issue_events_backdated_delete after delete on public.issue_events
referencing old table as old_rows for each statement execute function month_figures_backdated();

/** Areas, units' urgencies or the districts changed: every kept month is stale. */
create function public.month_figures_stale() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  update month_figures_version set version = version + 1;
  return null;
end $$;
create trigger streets_month_figures after insert or update or delete or truncate on public.streets
for each statement execute function month_figures_stale();
create trigger communities_month_figures after insert or update or delete or truncate on public.communities
for each statement execute function month_figures_stale();
create trigger districts_month_figures after insert or update or delete or truncate on public.districts
for each statement execute function month_figures_stale();
create trigger issue_urgencies_month_figures after insert or update or delete or truncate on public.issue_urgencies
for each statement execute function month_figures_stale();
create trigger issue_categories_month_figures after insert or update or delete or truncate on public.issue_categories
for each statement execute function month_figures_stale();

/**
 * The counts behind every indicator (1250_indicators: definitions, keys and cohort there) for a
 * month (any date in it; null = this month so far): an ended month's kept figures when
 * freeze_month_figures kept them at the current version, else computed (month_figures_live).
 */
-- (replaces 1250_indicators' definition)
create or replace function public.month_figures(month date, per text)
returns table (key text, month_start timestamptz, until timestamptz,
               filed bigint, due bigint, closed bigint, closed_on_time bigint, deferred bigint, parked bigint,
               reworked bigint, handled bigint, handle_hours numeric, response_due bigint, responded bigint,
               dispatch_hours numeric, hotline_filed bigint, hotline_due bigint, hotline_closed bigint,
               hotline_response_due bigint, hotline_responded bigint, followed_up bigint, satisfied bigint)
language sql stable set search_path = public, extensions, pg_temp as $$
  with m as (
    select date_trunc('month', coalesce(month, now()::date))::timestamptz as start,
           least(date_trunc('month', coalesce(month, now()::date))::timestamptz + interval '1 month', now()) as until
  ),
  kept as materialized (
    select exists (select 1 from month_figures_months k, m, month_figures_version v
                   where k.month_start = m.start and k.per = month_figures.per and k.version = v.version) as kept
  ),
  keys as (
    select u.id::text as key from units u where per = 'unit'
    union all select s.code from streets s where per = 'street'
    union all select c.code from communities c where per = 'community'
    union all select min(d.code) from districts d where per = 'district' having min(d.code) is not null
  )
  select k.key, m.start, m.until, coalesce(f.filed, 0), coalesce(f.due, 0), coalesce(f.closed, 0),
         coalesce(f.closed_on_time, 0), coalesce(f.deferred, 0), coalesce(f.parked, 0), coalesce(f.reworked, 0),
         coalesce(f.handled, 0), f.handle_hours, coalesce(f.response_due, 0), coalesce(f.responded, 0), f.dispatch_hours,
         coalesce(f.hotline_filed, 0), coalesce(f.hotline_due, 0), coalesce(f.hotline_closed, 0),
         coalesce(f.hotline_response_due, 0), coalesce(f.hotline_responded, 0), coalesce(f.followed_up, 0),
         coalesce(f.satisfied, 0)
  from keys k cross join m
  left join month_figures_frozen f on f.month_start = m.start and f.per = month_figures.per and f.key = k.key
  where (select kept from kept)
  union all
  select l.* from m cross join lateral month_figures_live(m.start, m.until, per) l
  where not (select kept from kept)
$$;

-- ---------------------------------------------------------------------------------------------
-- unit_indicators and the wall keep an ended month they read (volatile for that write, as
-- coverage_report is); the ranking and the bulletin read what is kept.

/**
 * The counts of every unit (month_figures by unit) with its name and leader: the ranking's and
 * the indicators' one count (1250_indicators), joined on the unit's id as a number (as text,
 * 6,000 units were sorted as strings for a merge join).
 */
-- (replaces 1250_indicators' definition)
create or replace function public.unit_month_figures(month date default null)
returns table (unit_id bigint, unit_name text, leader_name text, month_start timestamptz, until timestamptz,
               filed bigint, due bigint, closed bigint, closed_on_time bigint, deferred bigint, parked bigint,
               reworked bigint, handled bigint, handle_hours numeric, response_due bigint, responded bigint,
               dispatch_hours numeric, hotline_filed bigint, hotline_due bigint, hotline_closed bigint,
               hotline_response_due bigint, hotline_responded bigint, followed_up bigint, satisfied bigint)
language sql stable set search_path = public, extensions, pg_temp as $$
  select u.id, u.name, u.leader_name, f.month_start, f.until, f.filed, f.due, f.closed, f.closed_on_time, f.deferred,
         f.parked, f.reworked, f.handled, f.handle_hours, f.response_due, f.responded, f.dispatch_hours, f.hotline_filed,
         f.hotline_due, f.hotline_closed, f.hotline_response_due, f.hotline_responded, f.followed_up, f.satisfied
  from month_figures(month, 'unit') f join units u on u.id = f.key::bigint
$$;

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

/** The standard indicators of every unit for a month (1250_indicators), an ended month kept first. */
-- (replaces 1250_indicators' definition)
create or replace function public.unit_indicators(month date default null) returns json
language plpgsql volatile set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform check_indicator_month(month);
  perform freeze_month_figures(month, 'unit');
  return (select coalesce(json_agg(jsonb_build_object('unit_id', u.id, 'unit_name', u.name) || i.indicators
    order by u.name, u.id), '[]'::json)
    from month_indicators(unit_indicators.month, 'unit') i join units u on u.id = i.key::bigint);
end $$;



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
