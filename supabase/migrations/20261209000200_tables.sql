-- The tables: hierarchy, units, who may sign in, responsibility zones with history, the issue
-- catalogue, issues and their steps, the escalation levels, markets, parking, renovated
-- compounds, the layer catalogue and the monthly targets.
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
-- The hotspot analysis's hexagon cells at the app's 300 m (1100_hotspots): every cell whose
-- polygon meets the district, with that polygon and its centre in EPSG:4326, for the district
-- whose Web Mercator outline has the md5 `district_md5`. Rebuilt by a trigger on districts
-- (the grid changes only with them); issue_hotspots reads it when the fingerprint matches.
create table hotspot_cells (
  cell_m       double precision not null,
  district_md5 text not null,
  q            integer not null,
  r            integer not null,
  geom         geometry not null,
  centre       geometry not null,
  primary key (cell_m, district_md5, q, r)
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
  -- dispatcher = 指挥中心 (the command centre: dispatches, verifies, closes issues; 1800_issue_workflow)
  role         text not null check (role in ('admin', 'leader', 'officer', 'wall', 'dispatcher')),
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
  -- a point zone's reach for dispatch (点管制: a market, a square); null = dispatch_rules()'s default
  radius_m   double precision check (radius_m is null or (kind = 'point' and radius_m between 1 and 500)),
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

-- 问题分类: a two-level catalogue in the spirit of GB/T 30428.2 — 大类 (groups) of 事件 (events:
-- street order, city appearance, advertising, construction, …) and 部件 (components: the city's
-- furniture — manhole covers, street lights, guardrails, …); each 小类 (issue_categories) has its
-- handling deadline, its closing condition (结案条件), its urgency and the glyph the map draws.
-- The catalogue's rows: 1700_issue_catalogue.
create table issue_category_groups (
  code       text primary key check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  kind       text not null check (kind in ('event', 'component')),   -- 事件 / 部件
  name_zh    text not null,
  name_en    text not null,
  sort_order integer not null default 100
);

-- 紧急程度: how soon the unit must accept (响应) an issue after it is dispatched (响应率).
create table issue_urgencies (
  code           text primary key check (code ~ '^[a-z][a-z0-9_]{0,19}$'),
  name_zh        text not null,
  name_en        text not null,
  response_hours numeric not null check (response_hours > 0),
  sort_order     integer not null default 100
);

-- The 小类 an issue is filed under (issues.category). The first four columns are the original
-- ones (a row inserted with only those lands in the group 'other_event', urgency 'normal').
create table issue_categories (
  code           text primary key check (code ~ '^[a-z][a-z0-9_]{0,63}$'),
  name_zh        text not null,
  name_en        text not null,
  deadline_hours integer not null check (deadline_hours > 0),   -- 处置时限, from dispatch
  group_code     text not null default 'other_event' references issue_category_groups(code),
  urgency        text not null default 'normal' references issue_urgencies(code),
  closing_condition_zh text,                                     -- 结案条件
  closing_condition_en text,
  glyph          text check (glyph is null or char_length(glyph) = 1),  -- the character on the map's dot
  sort_order     integer not null default 100
);
create index issue_categories_group_idx on issue_categories(group_code);

-- 督办 / 催办 / 查办: the escalation levels, from the deadline. A level begins once more than
-- after_hours have passed since the deadline (level 1 at 0: as soon as the deadline has passed).
-- escalation_level() (0500_layers) is the one reading of this table.
create table escalation_levels (
  level       smallint primary key check (level between 1 and 3),
  code        text not null unique check (code ~ '^[a-z]+$'),
  name_zh     text not null,
  name_en     text not null,
  after_hours numeric not null check (after_hours >= 0)
);

-- 挂号 → 派遣 → 接单 → 处置 → 核实 → 销号 (GB/T 30428: 案卷建立, 任务派遣, 任务处理, 处理反馈,
-- 核实结案), with 退回 (returned to the command centre), 返工 (rework after a failed check),
-- 延期 (an extension requested: extension_requested_at), 缓办 (deferred) and 挂账 (parked).
-- Steps only through advance_issue (1800_issue_workflow); each one is a row of issue_events.
-- Overdue: in the unit's hands (dispatched, accepted, rework) past the deadline (0500_layers).
create table issues (
  id            bigint generated always as identity primary key,
  code          text not null unique,
  category      text not null references issue_categories(code),
  description   text not null,
  address       text,
  source        text not null default 'patrol' check (source in ('patrol', 'hotline', 'app', 'inspection')),
  geom          geometry(Point, 4326) not null,
  reported_at   timestamptz not null,
  dispatched_at timestamptz,   -- the last dispatch (a returned issue is dispatched again)
  deadline      timestamptz,   -- dispatch + the category's hours, moved by a granted extension
  accepted_at   timestamptz,   -- 接单 (response)
  handled_at    timestamptz,   -- the last 处置 reported by the unit
  handled_by    uuid,          -- who reported it: the verifier must be someone else
  verified_at   timestamptz,
  closed_at     timestamptz,
  status        text not null check (status in ('registered', 'dispatched', 'accepted', 'handled', 'verified', 'closed',
                                                'returned', 'rework', 'deferred', 'parked')),
  extension_requested_at timestamptz,           -- a 延期 request waiting for the command centre
  extensions_granted     smallint not null default 0 check (extensions_granted >= 0),
  report_count  integer not null default 1 check (report_count >= 1),   -- reports attached to this issue (挂号 once, counted)
  -- how the unit was found: road / point / area (dispatch_candidates, at registration), manual
  -- (the command centre chose); ambiguous / no_zone: registered for the command centre
  dispatch_reason text check (dispatch_reason in ('road', 'point', 'area', 'manual', 'ambiguous', 'no_zone')),
  satisfaction  text check (satisfaction in ('satisfied', 'basically_satisfied', 'dissatisfied')),  -- 回访
  followed_up_at timestamptz,
  unit_id       bigint references units(id),
  zone_id       bigint,
  zone_version  integer,       -- the zone version the issue was dispatched under
  check (closed_at is null or closed_at >= reported_at),
  check ((status = 'closed') = (closed_at is not null)),
  check (satisfaction is null or status = 'closed')
);

-- Case numbers (案卷编号) without gaps: one counter a year, taken by dispatch_issue. The issue's id
-- comes from a sequence, and a sequence skips values after a crash or a reload of the embedded
-- database (PostgreSQL logs 32 values ahead), which an auditor reads as a deleted case; the
-- counter's row stays locked until the filing commits, and a filing that fails takes nothing.
create table issue_case_numbers (
  year integer primary key,
  last integer not null check (last > 0)
);
create index issues_unit_idx on issues(unit_id);
create index issues_reported_idx on issues(reported_at);
create index issues_status_idx on issues(status);

-- Every step an issue took: who (auth.uid() and the name at the time), when, from which status
-- to which, the unit holding it after the step, and the note (what was done, why returned, …).
-- Written only by the workflow functions (1400_issues, 1800_issue_workflow).
create table issue_events (
  id           bigint generated always as identity primary key,
  issue_id     bigint not null references issues(id) on delete cascade,
  at           timestamptz not null default now(),
  actor_id     uuid,
  actor_name   text not null,
  action       text not null check (action in ('register', 'dispatch', 'accept', 'return', 'handle', 'verify', 'rework', 'close',
                                                'extend', 'grant_extension', 'refuse_extension', 'defer', 'park', 'resume',
                                                'report', 'follow_up')),
  from_status  text,
  to_status    text not null,
  unit_id      bigint references units(id),
  note         text,
  satisfaction text check (satisfaction in ('satisfied', 'basically_satisfied', 'dissatisfied'))
);
create index issue_events_issue_idx on issue_events(issue_id, at, id);

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
