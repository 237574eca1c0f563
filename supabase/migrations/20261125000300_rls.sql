-- Row Level Security. Everyone (the anonymous wall display included) may read the map;
-- officers write only their own unit's zones; admins write everything; history is
-- written only by the trigger on zones, never directly.
-- Policies call (select auth.uid()) through small security-definer helpers so the
-- lookup runs once per statement, not per row (Supabase's measured advice).
set search_path = public, extensions;

create function public.current_app_role() returns text
language sql stable security definer set search_path = '' as $$
  select role from public.app_users where id = (select auth.uid())
$$;

create function public.current_app_unit() returns bigint
language sql stable security definer set search_path = '' as $$
  select unit_id from public.app_users where id = (select auth.uid())
$$;

create function public.is_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select role = 'admin' from public.app_users where id = (select auth.uid())), false)
$$;

/** May the signed-in user write a zone owned by this unit? */
create function public.can_edit_unit(unit bigint) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select role = 'admin' or (role = 'officer' and unit_id = unit)
                   from public.app_users where id = (select auth.uid())), false)
$$;

grant execute on function public.current_app_role(), public.current_app_unit(), public.is_admin(),
  public.can_edit_unit(bigint) to anon, authenticated;

do $$
declare t text;
begin
  foreach t in array array['districts', 'streets', 'communities', 'grids', 'units', 'unit_officers',
                           'zones', 'zone_history', 'issue_categories', 'issues', 'markets',
                           'parking_lots', 'compounds', 'layers', 'app_users'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('grant select on public.%I to anon, authenticated', t);
    if t <> 'app_users' then
      execute format('create policy "%s readable by everyone" on public.%I for select to anon, authenticated using (true)', t, t);
    end if;
    if t not in ('zones', 'zone_history') then
      execute format('grant insert, update, delete on public.%I to authenticated', t);
      execute format('create policy "%s written by admins" on public.%I for all to authenticated using ((select public.is_admin())) with check ((select public.is_admin()))', t, t);
    end if;
  end loop;
end $$;

create policy "app_users: own row, admins all" on public.app_users for select to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()));

grant insert, update, delete on public.zones to authenticated;
create policy "zones inserted by their unit's officers" on public.zones for insert to authenticated
  with check (public.can_edit_unit(unit_id));
create policy "zones updated by their unit's officers" on public.zones for update to authenticated
  using (public.can_edit_unit(unit_id)) with check (public.can_edit_unit(unit_id));
create policy "zones deleted by their unit's officers" on public.zones for delete to authenticated
  using (public.can_edit_unit(unit_id));

grant usage on all sequences in schema public to authenticated;
