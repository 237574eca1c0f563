-- City scale (issue 14): the month's figures (1250_indicators) without reading every issue's
-- steps, and an ended month's kept once read. The answers are unchanged:
--
--   this month         counted from the issues as they are now (their status now is their last
--                      step: issue_events' newest to_status, which the workflow writes with it)
--   an ended month     its figures are kept once computed (month_figures_frozen): 每月一评
--                      publishes a month's figures once, and later steps on its issues (a
--                      reopening, an extension) do not rewrite them. A write dated inside an
--                      ended month (an import, a correction, the seed) makes every kept month
--                      stale; unit_indicators and the wall keep an ended month they read
--                      (volatile for that write, as coverage_report is), the ranking and the
--                      bulletin read what is kept
set search_path = public, extensions;

-- this month's 返工: the month's send-backs (a handful of steps among millions)
create index issue_events_rework_idx on public.issue_events (at) include (issue_id) where action = 'rework';

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
