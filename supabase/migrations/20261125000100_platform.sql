-- Platform: extensions and the few Supabase objects our policies rely on.
-- On Supabase the roles anon/authenticated/service_role and auth.uid() already exist;
-- on plain PostgreSQL and on PGlite we create stand-ins with the same names and the same
-- behaviour (auth.uid() reads the JWT claims PostgREST sets in request.jwt.claims), so the
-- policies below are identical on every backend.
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
