-- City scale, the hotspots (issue 14: "fix the hotspot plan (materialise, or precompute)"). At
-- 100× a year holds ~230,000 issues: binning them by cell, category and week and testing every
-- cell takes 0.5–2 s, while the answer changes only when issues are added, moved or recategorised.
-- issue_hotspots keeps each answer it computes (hotspot_results) and gives it again while nothing
-- it bins has changed (hotspot_version, bumped by any such write) and for at most
-- hotspot_result_minutes(): a window counted back from now slides, so an issue leaves a
-- 30-day window at most that long after it should. A filter on the issues' state (open,
-- overdue, closed: overdue changes by the clock) is computed each time, as is any call in a
-- read-only transaction (a read replica).
set search_path = public, extensions;

/** How long a kept hotspot answer is given again, at most (minutes). */
create function public.hotspot_result_minutes() returns integer
language sql immutable as $$
  select 10
$$;

/** How many answers are kept at most (the newest): each is up to ~1 MB at 100× the demo. */
create function public.hotspot_results_kept() returns integer
language sql immutable as $$
  select 50
$$;

/** The version of what the hotspots bin and name: bumped by a statement that writes it. */
create table public.hotspot_version (
  id      boolean primary key default true check (id),
  version bigint not null
);
insert into public.hotspot_version (id, version) values (true, 1);
alter table public.hotspot_version enable row level security;

/** The kept answers, one per call's arguments (written only by issue_hotspots). */
create table public.hotspot_results (
  filters         jsonb not null,
  cell_m          double precision not null,
  recurring_weeks integer not null,
  version         bigint not null,
  computed_at     timestamptz not null,
  result          json not null,
  primary key (filters, cell_m, recurring_weeks)
);
alter table public.hotspot_results enable row level security;

/**
 * A new version for the hotspots. The row stays locked until the writing transaction commits
 * (issue filings already wait for each other on the case-number counter), and an answer is
 * kept under the version its computation saw: one computed while a write was under way is not
 * given again after it commits.
 */
create function public.bump_hotspot_version() returns trigger
language plpgsql security definer set search_path = public, extensions, pg_temp as $$
begin
  update hotspot_version set version = version + 1;
  return null;
end $$;

-- what the binning reads (an issue's point, category, report time) and what the answer names
create trigger issues_hotspot_version after insert or delete or truncate on public.issues
for each statement execute function bump_hotspot_version();
create trigger issues_hotspot_version_update after update of geom, category, reported_at on public.issues
for each statement execute function bump_hotspot_version();
create trigger districts_hotspot_version after insert or update or delete or truncate on public.districts
for each statement execute function bump_hotspot_version();
create trigger streets_hotspot_version after insert or update or delete or truncate on public.streets
for each statement execute function bump_hotspot_version();
create trigger communities_hotspot_version after insert or update or delete or truncate on public.communities
for each statement execute function bump_hotspot_version();
create trigger grids_hotspot_version after insert or update or delete or truncate on public.grids
for each statement execute function bump_hotspot_version();
create trigger issue_categories_hotspot_version after insert or update or delete or truncate on public.issue_categories
for each statement execute function bump_hotspot_version();

/**
 * Hotspots (1100_hotspots: the guards, the binning and Gi* there): a kept answer when one was
 * computed for these arguments at the current version within hotspot_result_minutes(), else
 * computed and kept. Volatile for that write, as coverage_report is.
 */
-- (replaces 1100_hotspots' definition)
create or replace function public.issue_hotspots(filters jsonb default null, cell_m double precision default 300,
                                                 recurring_weeks integer default 6)
returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare box box2d; cells float8; v bigint; kept json; answer json; key jsonb := coalesce(filters, '{}'::jsonb);
  keepable boolean;
begin
  perform require_signed_in();
  perform check_issue_filters(filters);
  if cell_m is null or cell_m < 100 or cell_m > 5000 or cell_m <> cell_m then
    raise exception 'invalid_cell_size: 网格尺寸须在 100 到 5000 米之间' using hint = 'invalid_cell_size';
  end if;
  if recurring_weeks is null or recurring_weeks < 2 or recurring_weeks > 53 then
    raise exception 'invalid_recurring_weeks: 反复出现的周数须在 2 到 53 之间' using hint = 'invalid_recurring_weeks';
  end if;
  box := district_extent();
  -- the box's area on the ground over one cell's (a hexagon cell_m wide: √3/2·cell_m²)
  cells := ST_Area(ST_SetSRID(box::geometry, 4326)::geography) / (sqrt(3) / 2 * cell_m * cell_m);
  if cells > 10000 then
    raise exception 'invalid_cell_size: 网格过小：全区将有约 % 个网格（至多 10000 个），请加大网格尺寸', round(cells)
      using hint = 'invalid_cell_size';
  end if;

  keepable := coalesce(jsonb_typeof(key -> 'state'), 'null') = 'null' and current_setting('transaction_read_only') = 'off';
  if not keepable then return issue_hotspots_unchecked(filters, cell_m, recurring_weeks); end if;
  select h.version into v from hotspot_version h;
  select r.result into kept from hotspot_results r
  where r.filters = key and r.cell_m = issue_hotspots.cell_m and r.recurring_weeks = issue_hotspots.recurring_weeks
    and r.version = v and r.computed_at > now() - make_interval(mins => hotspot_result_minutes());
  if found then return kept; end if;
  answer := issue_hotspots_unchecked(filters, cell_m, recurring_weeks);
  insert into hotspot_results as r (filters, cell_m, recurring_weeks, version, computed_at, result)
  values (key, cell_m, recurring_weeks, v, now(), answer)
  on conflict on constraint hotspot_results_pkey do update
    set version = excluded.version, computed_at = excluded.computed_at, result = excluded.result
    where r.version <= excluded.version;
  -- answers for windows no longer asked for (a bulletin's, an ad-hoc filter's) would pile up:
  -- keep the newest hotspot_results_kept() of this day
  delete from hotspot_results r where r.computed_at < now() - interval '1 day'
    or r.ctid in (select k.ctid from hotspot_results k order by k.computed_at desc offset hotspot_results_kept());
  return answer;
end $$;
