-- Platform: extensions, the few Supabase objects our policies rely on, and the privileges
-- every later file starts from.
--
-- On Supabase the roles anon/authenticated/service_role and auth.uid() already exist;
-- on plain PostgreSQL and on PGlite we create stand-ins with the same names and the same
-- behaviour (auth.uid() reads the JWT claims PostgREST sets in request.jwt.claims), so the
-- policies are identical on every backend.
--
-- The migrations are folded by topic: every table and every function is defined in exactly
-- one file (test/sql/one-definition.test.ts), in the order they depend on each other:
--   0100 platform · 0200 tables · 0300 security (RLS, who reads what) · 0400 guards
--   (hostile input, coded errors) · 0500 layers · 0600 zone queries · 0700 zone validation ·
--   0800 zone editing · 0900 zone tools · 1000 coverage · 1100 hotspots · 1200 inspection ·
--   1250 indicators · 1300 ranking · 1400 issues and dispatch · 1500 realtime · 1600 people and
--   sign-in · 1700 issue catalogue · 1800 issue workflow · 1900 issue ledger.
-- How a function is changed once a production database exists: README, "The SQL".
create schema if not exists extensions;
create extension if not exists postgis with schema extensions;

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
  if not exists (select from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
end $$;

do $$
begin
  if not exists (select from pg_namespace where nspname = 'auth') then
    execute 'create schema auth';
    execute $f$
      create function auth.uid() returns uuid language sql stable as $b$
        select nullif(coalesce(current_setting('request.jwt.claim.sub', true),
                               (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')), '')::uuid
      $b$ $f$;
    execute 'grant usage on schema auth to anon, authenticated, service_role';
    execute 'grant execute on function auth.uid() to anon, authenticated, service_role';
  end if;
end $$;

grant usage on schema extensions to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;

-- ── Least privilege from the first table on ───────────────────────────────────────────────
-- Hosted Supabase grants anon and authenticated everything on every new table, sequence and
-- function in `public` (alter default privileges); RLS and our own grants are all that
-- protect the data there. So the defaults are reset before anything is created: a new table
-- or sequence is closed to the API roles until its file grants what it needs (no API role
-- writes any table directly: every write is a SECURITY DEFINER function with its own
-- checks), and a new function is callable by signed-in users only (its own checks decide;
-- anon may execute only what the sign-in screen needs, granted in 1600_people).
-- After the PostGIS functions above, which everyone must be able to call.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;
alter default privileges revoke execute on functions from public;
alter default privileges in schema public grant execute on functions to authenticated;

-- Statement timeouts for the API roles as Supabase sets them (anon 3 s, authenticated 8 s),
-- so plain PostgreSQL behaves the same (src/lib/db/rpc.ts applies role settings as
-- PostgREST does).
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
