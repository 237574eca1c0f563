-- Live maps on Supabase: the wall display and every open dashboard redraw zones and issues
-- when they change (Realtime postgres_changes, which checks each change against the
-- subscriber's RLS). Only Supabase has the supabase_realtime publication; on PGlite and plain
-- PostgreSQL this does nothing (tabs of the embedded database tell each other instead).
do $$
begin
  if exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    if not exists (select 1 from pg_catalog.pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'zones') then
      alter publication supabase_realtime add table public.zones;
    end if;
    if not exists (select 1 from pg_catalog.pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'issues') then
      alter publication supabase_realtime add table public.issues;
    end if;
  end if;
end
$$;
