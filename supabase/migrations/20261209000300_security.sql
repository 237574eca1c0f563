-- Who reads and writes what: Row Level Security on every table, read grants for signed-in
-- people, and no direct writes for any API role.
--
-- * anon (before sign-in) reads no row and executes only what the sign-in screen needs
--   (current_user_info, sign_in_options: 1600_people);
-- * signed-in people (a row in app_users, the wall account included) read the map;
-- * phone numbers are not in the column grants: unit_info (0600) hands them to staff only;
-- * nobody writes a table directly: zones through save_zone / delete_zone / restore_zone
--   (0800), issues through dispatch_issue (1400) and advance_issue and its siblings (1800:
--   every step also writes issue_events), people through save_app_user (1600), all
--   SECURITY DEFINER functions with their own checks; zone_history only by its trigger.
-- Policies call (select auth.uid()) through small security-definer helpers so the lookup runs
-- once per statement, not per row (Supabase's measured advice).
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

/** Signed in and known: an Auth user with a row in app_users (any role, the wall included). */
create function public.is_signed_in() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.app_users where id = (select auth.uid()))
$$;

/** Staff who may see people's phone numbers: everyone signed in but the wall account. */
create function public.sees_phone_numbers() returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select role <> 'wall' from public.app_users where id = (select auth.uid())), false)
$$;

do $$
declare t text;
begin
  foreach t in array array['districts', 'streets', 'communities', 'grids', 'units', 'unit_officers', 'app_users',
                           'zones', 'zone_history', 'issue_category_groups', 'issue_urgencies', 'issue_categories',
                           'escalation_levels', 'issues', 'issue_events', 'markets', 'parking_lots',
                           'compounds', 'layers', 'monthly_targets', 'issue_case_numbers', 'hotspot_cells'] loop
    execute format('alter table public.%I enable row level security', t);
  end loop;
  foreach t in array array['districts', 'streets', 'communities', 'grids', 'zones', 'zone_history',
                           'issue_category_groups', 'issue_urgencies', 'issue_categories', 'escalation_levels',
                           'issues', 'issue_events', 'markets', 'parking_lots', 'compounds', 'layers',
                           'monthly_targets'] loop
    execute format('grant select on public.%I to authenticated', t);
    execute format('create policy "%s: signed-in users read" on public.%I for select to authenticated using ((select public.is_signed_in()))', t, t);
  end loop;
end $$;
-- phone numbers are not in the column grants: unit_info hands them to staff only
grant select (id, name, kind, leader_name, leader_title) on public.units to authenticated;
create policy "units: signed-in users read" on public.units for select to authenticated using ((select public.is_signed_in()));
grant select (id, unit_id, name) on public.unit_officers to authenticated;
create policy "unit_officers: signed-in users read" on public.unit_officers for select to authenticated using ((select public.is_signed_in()));
grant select on public.app_users to authenticated;
create policy "app_users: own row, admins all" on public.app_users for select to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()));
