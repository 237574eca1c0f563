-- The tables: hierarchy, units, who may sign in, responsibility zones with history, issues,
-- markets, parking, renovated compounds, the layer catalogue and the monthly targets.
-- All geometry is SRID 4326 (lon/lat); areas and lengths are computed on the geography.
-- Ids are `generated always`: nobody chooses an id (a zone under a deleted zone's id would
-- block its restore); the seed and restore_zone say `overriding system value` explicitly.
-- Who may read and write them: 0300_security (RLS on every table, no direct writes).
set search_path = public, extensions;

-- Hierarchy: district → street → community → grid. Codes extend the 6-digit district code:
-- street = district + 3 digits, community = street + 3, grid = community + 3 (e.g. 230203001002003).
create table districts (
  code    text primary key check (code ~ '^\d{6}$'),
  name    text not null,
  name_en text,
  geom    geometry(MultiPolygon, 4326) not null
);
create table streets (
  code          text primary key check (code ~ '^\d{9}$'),
  district_code text not null references districts(code),
  name          text not null,
  geom          geometry(MultiPolygon, 4326) not null
);
create table communities (
  code        text primary key check (code ~ '^\d{12}$'),
  street_code text not null references streets(code),
  name        text not null,
  geom        geometry(MultiPolygon, 4326) not null
);
create table grids (
  code           text primary key check (code ~ '^\d{15}$'),
  community_code text not null references communities(code),
  name           text not null,
  officer_name   text,          -- 网格员 on duty for this grid
  geom           geometry(MultiPolygon, 4326) not null
);
create index streets_district_idx on streets(district_code);
create index communities_street_idx on communities(street_code);
create index grids_community_idx on grids(community_code);

-- 责任单位: a government department or office made responsible for part of the district.
create table units (
  id           bigint generated always as identity primary key,
  name         text not null unique,
  kind         text not null default 'department' check (kind in ('department', 'street_office', 'enterprise')),
  leader_name  text not null,   -- 包保领导
  leader_title text,
  phone        text
);
create table unit_officers (
  id      bigint generated always as identity primary key,
  unit_id bigint not null references units(id) on delete cascade,
  name    text not null,
  phone   text
);
create index unit_officers_unit_idx on unit_officers(unit_id);

-- Who may sign in, and as what. user id = auth.uid() (Supabase Auth user id).
create table app_users (
  id           uuid primary key,
  display_name text not null,
  role         text not null check (role in ('admin', 'leader', 'officer', 'wall')),
  unit_id      bigint references units(id),
  check (role <> 'officer' or unit_id is not null)
);

/**
 * The limits a zone must respect: the one definition the zones table's constraints, the
 * validation (geojson_shape_problems, zone_problems, clip_zone, clean_zone_name) and the app
 * read (src/lib/geo/zone-limits.ts holds the same numbers; test/sql/zone-limits.test.ts keeps
 * them equal). Immutable, so the table's CHECK constraints may call it — which also means a
 * changed limit applies to rows written from then on; existing zones are not re-checked.
 *   max_vertices          positions in one zone (all rings)
 *   min_area_m2           an area zone's smallest area
 *   min_length_m          a road segment's shortest length
 *   max_name_length       characters in a zone's name (trimmed; at least 1)
 *   overlap_tolerance_m2  overlap with another zone left unreported (m² for areas, m for roads)
 *   outside_tolerance_m2  part of an area outside the district left unreported
 *   outside_tolerance_m   part of a road outside the district left unreported
 */
create function public.zone_limits() returns jsonb language sql immutable as $$
  select jsonb_build_object('max_vertices', 5000, 'min_area_m2', 50, 'min_length_m', 5, 'max_name_length', 120,
                            'overlap_tolerance_m2', 1, 'outside_tolerance_m2', 1, 'outside_tolerance_m', 1)
$$;

-- 包保责任区: area (划片), road segment (分段), point (点管制).
create table zones (
  id         bigint generated always as identity primary key,
  unit_id    bigint not null references units(id),
  name       text not null check (length(name) between 1 and (zone_limits() ->> 'max_name_length')::int),
  kind       text not null check (kind in ('area', 'road', 'point')),
  geom       geometry(Geometry, 4326) not null,
  version    integer not null default 1,
  updated_by uuid,
  updated_by_name text,
  updated_at timestamptz not null default now(),
  check ((kind = 'area' and geometrytype(geom) = 'POLYGON')
      or (kind = 'road' and geometrytype(geom) = 'LINESTRING')
      or (kind = 'point' and geometrytype(geom) = 'POINT')),
  -- zones that cannot be corrupted, not even by the owner or the seed (with zones_guard in
  -- 0800_zone_editing: inside the district's box, versions +1, authorship from auth.uid())
  constraint zones_geom_valid check (ST_IsValid(geom) and not ST_IsEmpty(geom)),
  constraint zones_vertex_cap check (ST_NPoints(geom) <= (zone_limits() ->> 'max_vertices')::int),
  constraint zones_version_positive check (version >= 1)
);
create index zones_unit_idx on zones(unit_id);

-- Every version a zone ever had (the after-image of each save, and a row for a deletion),
-- so an earlier version can be shown and restored, and issues keep the version they were
-- dispatched under.
create table zone_history (
  id         bigint generated always as identity primary key,
  zone_id    bigint not null,
  version    integer not null,
  operation  text not null check (operation in ('create', 'update', 'delete', 'restore')),
  unit_id    bigint not null,
  name       text not null,
  kind       text not null,
  geom       geometry(Geometry, 4326) not null,
  changed_by uuid,
  changed_by_name text,
  changed_at timestamptz not null default now(),
  unique (zone_id, version, operation)
);
create index zone_history_zone_idx on zone_history(zone_id, version);

create table issue_categories (
  code           text primary key,
  name_zh        text not null,
  name_en        text not null,
  deadline_hours integer not null check (deadline_hours > 0)
);

-- 挂号 → 派遣 → 处置 → 销号. Overdue = not closed and past the deadline (or closed after it).
create table issues (
  id            bigint generated always as identity primary key,
  code          text not null unique,
  category      text not null references issue_categories(code),
  description   text not null,
  address       text,
  source        text not null default 'patrol' check (source in ('patrol', 'hotline', 'app', 'inspection')),
  geom          geometry(Point, 4326) not null,
  reported_at   timestamptz not null,
  dispatched_at timestamptz,
  deadline      timestamptz,
  closed_at     timestamptz,
  status        text not null check (status in ('registered', 'dispatched', 'in_progress', 'closed')),
  escalation    smallint not null default 0 check (escalation between 0 and 3),  -- 1 督办 2 催办 3 查办
  unit_id       bigint references units(id),
  zone_id       bigint,
  zone_version  integer,       -- the zone version the issue was dispatched under
  check (closed_at is null or closed_at >= reported_at),
  check ((status = 'closed') = (closed_at is not null))
);
create index issues_unit_idx on issues(unit_id);
create index issues_reported_idx on issues(reported_at);
create index issues_status_idx on issues(status);

create table markets (
  id          bigint generated always as identity primary key,
  name        text not null,
  kind        text not null check (kind in ('farmers', 'morning', 'night', 'stall_zone')),
  stall_count integer check (stall_count >= 0),
  open_hours  text,
  geom        geometry(Point, 4326) not null
);
create table parking_lots (
  id         bigint generated always as identity primary key,
  name       text not null,
  kind       text not null check (kind in ('public', 'compound', 'roadside')),
  capacity   integer not null check (capacity >= 0),
  new_spaces integer not null default 0 check (new_spaces >= 0),
  geom       geometry(Point, 4326) not null
);
create table compounds (
  id         bigint generated always as identity primary key,
  name       text not null,
  project    text not null,
  phase      integer not null check (phase between 1 and 20),
  year       integer not null,
  buildings  integer not null check (buildings >= 0),
  households integer not null check (households >= 0),
  geom       geometry(Polygon, 4326) not null
);

-- The layer catalogue: one row per map layer. A layer is served by a function
-- fn(bbox geometry, filters jsonb) returns table(id text, geom geometry, properties jsonb),
-- so a new layer is a table, its function and a row here — no app code.
create table layers (
  id              text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
  title_zh        text not null,
  title_en        text not null,
  geometry_type   text not null check (geometry_type in ('polygon', 'line', 'point', 'mixed')),
  source_function text not null,
  sort_order      integer not null default 100,
  default_visible boolean not null default true,
  style           jsonb not null default '{}'::jsonb
);

-- 每月一评: the month's targets are data. A row with month = null holds the standing targets
-- (1300_ranking inserts them); a row for a month overrides them.
create table public.monthly_targets (
  month                 date unique check (month is null or month = date_trunc('month', month)::date),
  min_due_closure_rate  numeric not null check (min_due_closure_rate between 0 and 1),  -- unit_ranking's due_closure_rate
  max_overdue           integer not null check (max_overdue >= 0),
  max_response_hours    numeric not null check (max_response_hours > 0)
);

create index districts_geom_idx on districts using gist(geom);
create index streets_geom_idx on streets using gist(geom);
create index communities_geom_idx on communities using gist(geom);
create index grids_geom_idx on grids using gist(geom);
create index zones_geom_idx on zones using gist(geom);
create index zone_history_geom_idx on zone_history using gist(geom);
create index issues_geom_idx on issues using gist(geom);
create index markets_geom_idx on markets using gist(geom);
create index parking_lots_geom_idx on parking_lots using gist(geom);
create index compounds_geom_idx on compounds using gist(geom);
