-- pgTAP tests, as `supabase test db` runs them (and test/sql/pgtap.test.ts runs them on
-- PGlite): the API functions exist with the parameter names the app sends, and the
-- demo data answers "who is responsible here?".
begin;
create extension if not exists pgtap with schema extensions;
set search_path = public, extensions;
select plan(12);

select has_function('public', 'layer_catalog', array[]::text[]);
select has_function('public', 'layer_geojson', array['text', 'double precision[]', 'jsonb']);
select has_function('public', 'zone_at', array['double precision', 'double precision']);
select has_function('public', 'zone_summary', array['bigint']);
select has_function('public', 'validate_zone', array['jsonb', 'bigint', 'bigint']);
select has_function('public', 'save_zone', array['jsonb']);
select has_function('public', 'coverage_report', array['text']);

select ok(jsonb_array_length(layer_catalog()::jsonb) >= 9, 'the catalogue lists every layer');
select is((select count(*)::int from grids), 840, 'the demo district has 840 grids');
-- as the demo's leader (a signed-in reader): zone_at applies the read policy itself
select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-000000000002","role":"authenticated"}', true);
select isnt(zone_at(ST_X(p), ST_Y(p))::jsonb, null, 'a grid''s interior point has a responsible zone')
  from (select ST_PointOnSurface(g.geom) p from grids g
        where exists (select 1 from zones z where z.kind = 'area' and ST_Covers(z.geom, ST_PointOnSurface(g.geom)))
        order by g.code limit 1) s;
select set_config('request.jwt.claims', '', true);
select is(validate_zone('{"type":"Polygon","coordinates":[[[124,47],[124.1,47.1],[124.1,47],[124,47.1],[124,47]]]}'::jsonb, 1) -> 0 ->> 'code',
          'self_intersection', 'a bow-tie is reported as self-intersecting');
select throws_like($$ select save_zone('{"unit_id":1,"name":"x","kind":"area","geom":{"type":"Point","coordinates":[1,2]}}') $$,
                   'not_signed_in%', 'an anonymous save is refused');

select * from finish();
rollback;
