-- City scale (issue 14): each issue keeps the street and the community its point lies in
-- (street_code, community_code: the lowest code on a shared border, as the ledger and
-- month_figures said), set by a trigger and recomputed when the streets or communities change.
-- The per-street and per-community figures (the wall's streets, the bulletin) group by a column
-- instead of testing every issue's point against the areas (1.5 s a call at 100× the demo).
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
