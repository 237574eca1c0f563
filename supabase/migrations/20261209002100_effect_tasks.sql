-- 问效: a recurring place becomes a task. The command centre (dispatcher) or an administrator
-- takes a cell of the hotspot list in which one category kept coming back (反复出现,
-- issue_hotspots) and tracks it as a 问效事项: the cell (its hexagon and centre), the category,
-- where it is (street, community and grid, as issue_hotspots names the cell), the unit clearly
-- responsible at its centre if there is one (clear_candidate, as dispatch does), a note, who and
-- when (auth.uid(), now()), open until someone marks it done.
-- Each task is read with its figures: the issues of its category inside the cell reported in
-- the 90 days before the task was created against those of the 90 days after (up to now):
--   reported        every issue reported there (the recurrence itself), and its change per day
--   filed … on_time_rate   the indicators' counts and rates (1250_indicators), each window's
--                   issues counted as they stood at the window's end as month_figures counts a
--                   month's: the same flags, the same rate functions (due_closure_rate,
--                   on_time_rate) — test/sql/effect-tasks.test.ts checks that a window equal to a
--                   month over the district gives month_indicators' figures.
-- Nobody writes effect_tasks directly (0300_security): create_effect_task and close_effect_task
-- are SECURITY DEFINER with their own checks; everyone signed in reads them (list_effect_tasks).
set search_path = public, extensions;

create table public.effect_tasks (
  id              bigint generated always as identity primary key,
  cell            text not null check (cell ~ '^-?[0-9]{1,7}:-?[0-9]{1,7}$'),   -- issue_hotspots' cell id (q:r)
  cell_m          double precision not null check (cell_m between 100 and 5000),
  category        text not null references issue_categories(code),
  area            geometry(Polygon, 4326) not null,   -- the cell's hexagon
  centre          geometry(Point, 4326) not null,
  street_code     text, street_name text, community_code text, community_name text, grid_code text, grid_name text,
  unit_id         bigint references units(id),        -- the one unit clearly responsible at the centre, if any
  note            text check (length(note) <= 500),
  status          text not null default 'open' check (status in ('open', 'done')),
  created_by      uuid not null,
  created_by_name text not null,
  created_at      timestamptz not null default now(),
  done_by         uuid,
  done_at         timestamptz,
  check ((status = 'done') = (done_at is not null))
);
-- one open task per place and category
create unique index effect_tasks_open_idx on public.effect_tasks (cell, cell_m, category) where status = 'open';

alter table public.effect_tasks enable row level security;
grant select on public.effect_tasks to authenticated;
create policy "effect_tasks: signed-in users read" on public.effect_tasks for select to authenticated using ((select public.is_signed_in()));

/**
 * The figures of the issues of category `cat` (null: every category) whose point lies in `area`,
 * reported in [since, until), counted as they stood at `until`: reported (all of them), and of
 * those filed to a unit the indicators' counts — due, closed, closed_on_time, deferred — with
 * closure_rate and on_time_rate, exactly as month_figures and month_indicators define them.
 */
create function public.effect_window_figures(area geometry, cat text, since timestamptz, until timestamptz) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  with cohort as (
    select i.unit_id is not null as is_filed,
           i.closed_at is not null and i.closed_at < $4 as is_closed,
           (i.closed_at is not null and i.closed_at < $4) or i.deadline < $4 as is_due,
           i.closed_at is not null and i.closed_at < $4 and coalesce(i.handled_at, i.closed_at) <= i.deadline as on_time,
           coalesce(ev.status_then, i.status) as status_then
    from issues i
    left join lateral (
      select (array_agg(e.to_status order by e.at desc, e.id desc))[1] as status_then
      from issue_events e where e.issue_id = i.id and e.at < $4
    ) ev on true
    where i.reported_at >= $3 and i.reported_at < $4 and i.geom && $1 and ST_Covers($1, i.geom)
      and ($2 is null or i.category = $2)
  ),
  n as (
    select count(*) as reported, count(*) filter (where is_filed) as filed,
           count(*) filter (where is_filed and is_due) as due, count(*) filter (where is_filed and is_closed) as closed,
           count(*) filter (where is_filed and on_time) as closed_on_time,
           count(*) filter (where is_filed and is_due and not is_closed and status_then in ('deferred', 'parked')) as deferred
    from cohort
  )
  select jsonb_build_object('since', $3, 'until', $4, 'reported', reported, 'filed', filed, 'due', due, 'closed', closed,
           'closed_on_time', closed_on_time, 'deferred', deferred,
           'closure_rate', round(due_closure_rate(closed, due - closed), 4),
           'on_time_rate', round(on_time_rate(closed_on_time, due, deferred), 4))
  from n
$$;

/** How long before and after its creation a task's figures look (days). */
create function public.effect_window_days() returns integer
language sql immutable as $$
  select 90
$$;

/**
 * A task as the app reads it: the task, its category's and unit's names, and its figures —
 * `before` (the window_days before it was created), `after` (from its creation, up to
 * window_days or now; after_days says how many days so far) and change_rate: the change in
 * issues reported per day, after against before (null when none were reported before, or
 * less than a day has passed).
 */
create function public.effect_task_json(t public.effect_tasks) returns jsonb
language sql stable set search_path = public, extensions, pg_temp as $$
  with w as (
    select effect_window_figures(t.area, t.category, t.created_at - make_interval(days => effect_window_days()), t.created_at) as before,
           effect_window_figures(t.area, t.category, t.created_at,
                                 least(t.created_at + make_interval(days => effect_window_days()), now())) as after,
           extract(epoch from least(t.created_at + make_interval(days => effect_window_days()), now()) - t.created_at) / 86400 as days
  )
  select jsonb_build_object('id', t.id, 'cell', t.cell, 'cell_m', t.cell_m, 'category', t.category,
           'category_zh', c.name_zh, 'category_en', c.name_en,
           'lon', round(ST_X(t.centre)::numeric, 6), 'lat', round(ST_Y(t.centre)::numeric, 6),
           'street_code', t.street_code, 'street_name', t.street_name, 'community_code', t.community_code,
           'community_name', t.community_name, 'grid_code', t.grid_code, 'grid_name', t.grid_name,
           'unit_id', t.unit_id, 'unit_name', u.name, 'note', t.note, 'status', t.status,
           'created_by_name', t.created_by_name, 'created_at', t.created_at, 'done_at', t.done_at,
           'window_days', effect_window_days(), 'after_days', round(w.days::numeric, 1),
           'before', w.before, 'after', w.after,
           'change_rate', case when (w.before ->> 'reported')::numeric > 0 and w.days >= 1 then
             round(((w.after ->> 'reported')::numeric / w.days::numeric)
                   / ((w.before ->> 'reported')::numeric / effect_window_days()) - 1, 4) end)
  from w join issue_categories c on c.code = t.category left join units u on u.id = t.unit_id
$$;

/**
 * Track a recurring place as a 问效事项 (the command centre and administrators): `cell` is a cell
 * id of issue_hotspots at `cell_m` (the app's 300 m), in which issues of `category` came back in
 * at least 6 distinct weeks (over all time). Refuses with not_signed_in, forbidden,
 * input_too_long, invalid_input, invalid_cell, invalid_cell_size, unknown_category, not_recurring
 * and effect_task_exists (an open task for the place and category). Returns the task with its figures.
 */
create function public.create_effect_task(cell text, category text, note text default null,
                                          cell_m double precision default 300) returns json
language plpgsql volatile security definer set search_path = '' as $$
declare
  me public.app_users; said text; hot json; f json; area extensions.geometry; centre extensions.geometry;
  pick jsonb; saved public.effect_tasks;
begin
  perform public.refuse_long_text(create_effect_task.cell, 32, '网格编号');
  perform public.refuse_long_text(create_effect_task.category, 64, '问题类别');
  perform public.refuse_long_text(note, 500, '说明');
  said := public.clean_issue_note(note);
  me := public.issue_actor('设立问效事项');
  if me.role not in ('admin', 'dispatcher') then
    raise exception 'forbidden: 问效事项由指挥中心设立' using hint = 'forbidden';
  end if;
  if create_effect_task.cell_m is null or create_effect_task.cell_m <> create_effect_task.cell_m
     or create_effect_task.cell_m < 100 or create_effect_task.cell_m > 5000 then
    raise exception 'invalid_cell_size: 网格尺寸须在 100 到 5000 米之间' using hint = 'invalid_cell_size';
  end if;
  if create_effect_task.cell is null or create_effect_task.cell !~ '^-?[0-9]{1,7}:-?[0-9]{1,7}$' then
    raise exception 'invalid_cell: 网格编号无效' using hint = 'invalid_cell';
  end if;
  if not exists (select 1 from public.issue_categories c where c.code = create_effect_task.category) then
    raise exception 'unknown_category: 问题类别 % 不存在', coalesce(create_effect_task.category, '（空）') using hint = 'unknown_category';
  end if;
  if exists (select 1 from public.effect_tasks t where t.cell = create_effect_task.cell and t.cell_m = create_effect_task.cell_m
             and t.category = create_effect_task.category and t.status = 'open') then
    raise exception 'effect_task_exists: 该处的此类问题已在问效中' using hint = 'effect_task_exists';
  end if;
  -- the cell as the hotspot list has it: recurring in this category, named by street, community and grid
  hot := public.issue_hotspots_unchecked(pg_catalog.jsonb_build_object('category', create_effect_task.category),
                                         create_effect_task.cell_m, 6);
  select x.value into f from pg_catalog.json_array_elements(hot -> 'cells' -> 'features') x where x.value ->> 'id' = create_effect_task.cell;
  if f is null or not (f -> 'properties' ->> 'recurring')::boolean then
    raise exception 'not_recurring: 该网格中此类问题未在至少 6 个不同的周反复出现' using hint = 'not_recurring';
  end if;
  area := extensions.ST_SetSRID(extensions.ST_GeomFromGeoJSON((f -> 'geometry')::text), 4326);
  centre := extensions.ST_SetSRID(extensions.ST_MakePoint((f -> 'properties' ->> 'lon')::float8, (f -> 'properties' ->> 'lat')::float8), 4326);
  pick := public.clear_candidate(public.dispatch_candidates_at(centre));
  begin
    insert into public.effect_tasks (cell, cell_m, category, area, centre, street_code, street_name, community_code,
                                     community_name, grid_code, grid_name, unit_id, note, created_by, created_by_name)
    values (create_effect_task.cell, create_effect_task.cell_m, create_effect_task.category, area, centre,
            f -> 'properties' ->> 'street_code', f -> 'properties' ->> 'street_name',
            f -> 'properties' ->> 'community_code', f -> 'properties' ->> 'community_name',
            f -> 'properties' ->> 'grid_code', f -> 'properties' ->> 'grid_name',
            (pick ->> 'unit_id')::bigint, said, me.id, me.display_name)
    returning * into saved;
  exception when unique_violation then
    raise exception 'effect_task_exists: 该处的此类问题已在问效中' using hint = 'effect_task_exists';
  end;
  return public.effect_task_json(saved)::json;
end $$;

/**
 * The 问效事项 with their figures (effect_task_json), for everyone signed in: `status` open, done
 * or null (all); open first, the newest first, at most 500.
 */
create function public.list_effect_tasks(status text default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(list_effect_tasks.status, 10, '状态');
  if list_effect_tasks.status is not null and list_effect_tasks.status not in ('open', 'done') then
    raise exception 'invalid_input: 状态只能是 open 或 done' using hint = 'invalid_input';
  end if;
  return (select coalesce(json_agg(effect_task_json(t) order by t.status = 'done', t.created_at desc, t.id desc), '[]'::json)
          from (select * from effect_tasks x
                where list_effect_tasks.status is null or x.status = list_effect_tasks.status
                order by x.status = 'done', x.created_at desc, x.id desc limit 500) t);
end $$;

/** Mark a 问效事项 done (the command centre and administrators); its figures go on being read. */
create function public.close_effect_task(task_id bigint) returns json
language plpgsql volatile security definer set search_path = '' as $$
declare me public.app_users; t public.effect_tasks; saved public.effect_tasks;
begin
  me := public.issue_actor('办结问效事项');
  if me.role not in ('admin', 'dispatcher') then
    raise exception 'forbidden: 问效事项由指挥中心办结' using hint = 'forbidden';
  end if;
  if task_id is null then
    raise exception 'invalid_input: 缺少问效事项编号' using hint = 'invalid_input';
  end if;
  select * into t from public.effect_tasks x where x.id = close_effect_task.task_id for update;
  if not found then
    raise exception 'effect_task_not_found: 问效事项 % 不存在', close_effect_task.task_id using hint = 'effect_task_not_found';
  end if;
  if t.status = 'done' then
    raise exception 'illegal_transition: 该问效事项已办结' using hint = 'illegal_transition';
  end if;
  update public.effect_tasks x set status = 'done', done_at = now(), done_by = me.id where x.id = t.id returning * into saved;
  return public.effect_task_json(saved)::json;
end $$;

revoke all on function public.create_effect_task(text, text, text, double precision) from public, anon;
revoke all on function public.list_effect_tasks(text) from public, anon;
revoke all on function public.close_effect_task(bigint) from public, anon;
grant execute on function public.create_effect_task(text, text, text, double precision) to authenticated;
grant execute on function public.list_effect_tasks(text) to authenticated;
grant execute on function public.close_effect_task(bigint) to authenticated;
