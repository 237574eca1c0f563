-- Map layers. Each layer is served by a function fn(bbox geometry, filters jsonb) returning
-- (id, geom, properties); `layers` catalogues them; layer_geojson() and layer_catalog() are
-- the only two functions the app needs to draw any of them. A new layer is a table, a
-- serving function and a catalogue row.
set search_path = public, extensions;

-- The issue predicates below run once per issue row in every layer, summary and
-- hotspot query, so they are written to be INLINED by the planner: plain SQL, no SET
-- clause (a SET clause prevents inlining), every name schema-qualified instead.

/**
 * An issue is overdue when it is in the unit's hands (dispatched, accepted, sent back for
 * rework) past its deadline. Handled or verified issues wait for the command centre, deferred
 * (缓办) and parked (挂账) ones are postponed with approval, registered and returned ones have no
 * unit: none of them is the unit's lateness.
 */
create function public.issue_is_overdue(status text, deadline timestamptz) returns boolean
language sql stable as $$
  select status in ('dispatched', 'accepted', 'rework') and deadline is not null and deadline < pg_catalog.now()
$$;

-- REPLACED by 20261209002720_ranking_rows_and_wall.sql
/**
 * The escalation level (0 none, 1 督办, 2 催办, 3 查办) of a deadline at a moment: the highest
 * level of escalation_levels whose threshold has been passed — strictly: at the deadline itself
 * nothing yet, an instant later 督办 (level 1, after_hours 0), as issue_is_overdue says.
 */
create function public.escalation_level(deadline timestamptz, at timestamptz) returns smallint
language sql stable as $$
  select coalesce((select pg_catalog.max(e.level) from public.escalation_levels e
                   where at > deadline + pg_catalog.make_interval(secs => e.after_hours::double precision * 3600)), 0)::smallint
$$;

/**
 * An issue's escalation level at a moment, by its current status: the clock runs while the unit
 * holds it (dispatched, accepted, rework); it stopped when the unit reported it handled (handled,
 * verified, closed keep the level reached by then); deferred, parked, registered and returned
 * issues are not escalated.
 */
create function public.issue_escalation_level(status text, deadline timestamptz, handled_at timestamptz,
                                              closed_at timestamptz, at timestamptz) returns smallint
language sql stable as $$
  select case when status in ('dispatched', 'accepted', 'rework') then public.escalation_level(deadline, at)
              when status in ('handled', 'verified', 'closed')
                then public.escalation_level(deadline, least(at, coalesce(handled_at, closed_at, at)))
              else 0::smallint end
$$;

/** The display state of an issue: open, overdue or closed. */
create function public.issue_state(status text, deadline timestamptz) returns text
language sql stable as $$
  select case when status = 'closed' then 'closed'
              when public.issue_is_overdue(status, deadline) then 'overdue'
              else 'open' end
$$;

/**
 * The one definition of the issue filters the map, legend and hotspot list share:
 * { "category": text | text[], "state": ("open"|"overdue"|"closed")[], "days": int,
 *   "from": timestamptz, "to": timestamptz } — every key optional.
 * One expression with no sub-select, so the planner inlines it (an `array(select …)` here would
 * stop that and cost a function call per issue); the dates are one range on reported_at, always
 * there (-infinity to infinity without them), so issues_reported_idx serves it even in a
 * layer function's generic plan, where filters is not known yet. The bounds are plain cases
 * (coalesce and greatest are not leakproof, and under RLS would keep the range out of the
 * index). Category and state are tested with jsonb's `?` (a string element of the array, or
 * the string itself).
 */
create function public.issue_matches(i public.issues, filters jsonb) returns boolean
language sql stable as $$
  select (filters is null or (
        (coalesce(jsonb_typeof(filters -> 'category'), 'null') = 'null'
          or case jsonb_typeof(filters -> 'category') when 'array' then (filters -> 'category') ? i.category
                  else i.category = filters ->> 'category' end)
    and (coalesce(jsonb_typeof(filters -> 'state'), 'null') <> 'array'
          or (filters -> 'state') ? public.issue_state(i.status, i.deadline))))
    and i.reported_at >= case
          when jsonb_typeof(filters -> 'from') = 'string'
               and (jsonb_typeof(filters -> 'days') is distinct from 'number'
                    or (filters ->> 'from')::timestamptz > pg_catalog.now() - pg_catalog.make_interval(days => (filters ->> 'days')::int))
            then (filters ->> 'from')::timestamptz
          when jsonb_typeof(filters -> 'days') = 'number'
            then pg_catalog.now() - pg_catalog.make_interval(days => (filters ->> 'days')::int)
          else '-infinity'::timestamptz end
    and i.reported_at < case when jsonb_typeof(filters -> 'to') = 'string' then (filters ->> 'to')::timestamptz
                             else 'infinity'::timestamptz end
$$;

create function public.layer_district(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select d.code, d.geom, jsonb_build_object('code', d.code, 'name', d.name, 'name_en', d.name_en)
  from districts d where bbox is null or d.geom && bbox
$$;

create function public.layer_streets(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select s.code, s.geom, jsonb_build_object('code', s.code, 'name', s.name,
         'label_lon', round(ST_X(ST_PointOnSurface(s.geom))::numeric, 6), 'label_lat', round(ST_Y(ST_PointOnSurface(s.geom))::numeric, 6))
  from streets s where bbox is null or s.geom && bbox
$$;

create function public.layer_communities(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select c.code, c.geom, jsonb_build_object('code', c.code, 'name', c.name, 'street_code', c.street_code,
         'label_lon', round(ST_X(ST_PointOnSurface(c.geom))::numeric, 6), 'label_lat', round(ST_Y(ST_PointOnSurface(c.geom))::numeric, 6))
  from communities c where bbox is null or c.geom && bbox
$$;

create function public.layer_grids(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select g.code, g.geom, jsonb_build_object('code', g.code, 'name', g.name, 'officer_name', g.officer_name,
         'community_code', c.code, 'community_name', c.name, 'street_name', s.name)
  from grids g join communities c on c.code = g.community_code join streets s on s.code = c.street_code
  where bbox is null or g.geom && bbox
$$;

create function public.layer_zones(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select z.id::text, z.geom, jsonb_build_object('id', z.id, 'name', z.name, 'kind', z.kind, 'unit_id', z.unit_id,
         'unit_name', u.name, 'version', z.version)
  from zones z join units u on u.id = z.unit_id
  where (bbox is null or z.geom && bbox)
    and (filters is null or not filters ? 'unit_id' or z.unit_id = (filters ->> 'unit_id')::bigint)
$$;

create function public.layer_issues(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select i.id::text, i.geom, jsonb_build_object('id', i.id, 'code', i.code, 'category', i.category,
         'category_zh', c.name_zh, 'category_en', c.name_en, 'status', i.status,
         'state', issue_state(i.status, i.deadline), 'overdue', issue_is_overdue(i.status, i.deadline),
         'escalation', issue_escalation_level(i.status, i.deadline, i.handled_at, i.closed_at, now()),
         'reported_at', i.reported_at, 'deadline', i.deadline,
         'closed_at', i.closed_at, 'unit_name', u.name, 'description', i.description)
  from issues i join issue_categories c on c.code = i.category left join units u on u.id = i.unit_id
  where (bbox is null or i.geom && bbox) and issue_matches(i, filters)
$$;

create function public.layer_markets(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select m.id::text, m.geom, jsonb_build_object('id', m.id, 'name', m.name, 'kind', m.kind,
         'stall_count', m.stall_count, 'open_hours', m.open_hours)
  from markets m where bbox is null or m.geom && bbox
$$;

create function public.layer_parking(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select p.id::text, p.geom, jsonb_build_object('id', p.id, 'name', p.name, 'kind', p.kind,
         'capacity', p.capacity, 'new_spaces', p.new_spaces)
  from parking_lots p where bbox is null or p.geom && bbox
$$;

create function public.layer_compounds(bbox geometry, filters jsonb)
returns table (id text, geom geometry, properties jsonb)
language sql stable set search_path = public, extensions, pg_temp as $$
  select c.id::text, c.geom, jsonb_build_object('id', c.id, 'name', c.name, 'project', c.project,
         'phase', c.phase, 'year', c.year, 'buildings', c.buildings, 'households', c.households)
  from compounds c where bbox is null or c.geom && bbox
$$;

insert into layers (id, title_zh, title_en, geometry_type, source_function, sort_order, default_visible) values
  ('district',    '行政区界',     'District boundary',      'polygon', 'layer_district',    10, true),
  ('streets',     '街道',         'Streets (sub-districts)', 'polygon', 'layer_streets',     20, true),
  ('communities', '社区',         'Communities',            'polygon', 'layer_communities', 30, false),
  ('grids',       '网格',         'Grids',                  'polygon', 'layer_grids',       40, true),
  ('zones',       '包保责任区',   'Responsibility zones',   'mixed',   'layer_zones',       50, true),
  ('compounds',   '老旧小区改造', 'Renovated compounds',    'polygon', 'layer_compounds',   60, true),
  ('issues',      '问题事件',     'Issues',                 'point',   'layer_issues',      70, true),
  ('markets',     '市场与摊区',   'Markets and stall zones', 'point',  'layer_markets',     80, true),
  ('parking',     '停车场',       'Parking',                'point',   'layer_parking',     90, true);

/** The serving function of a catalogued layer, checked to exist with the layer signature. */
create function public.layer_source(layer_id text) returns regprocedure
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare fn text; proc regprocedure;
begin
  select l.source_function into fn from layers l where l.id = layer_id;
  if fn is null then
    raise exception 'unknown_layer: 未知图层 %', layer_id using hint = 'unknown_layer';
  end if;
  proc := to_regprocedure(format('public.%I(geometry, jsonb)', fn));
  if proc is null then
    raise exception 'unknown_layer: 图层 % 的服务函数 % 不存在', layer_id, fn using hint = 'unknown_layer';
  end if;
  return proc;
end $$;

/**
 * Every catalogued layer with its feature count: the app's layer list, on the start-up path. A
 * count is what the layer's function returns with no bbox and no filters; the issues and grids
 * are counted on their tables with that function's joins and predicate (running layer_issues
 * builds every issue's properties, its escalation level included: 1.6 s at 10× the demo data),
 * the other layers, a few hundred features each, through their function.
 */
-- REPLACED by 20261209002200_city_scale.sql
create function public.layer_catalog() returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare l record; n bigint; out jsonb := '[]'::jsonb;
begin
  for l in select * from layers order by sort_order, id loop
    case layer_source(l.id)
      when 'public.layer_issues(geometry, jsonb)'::regprocedure then
        select count(*) into n from issues i join issue_categories c on c.code = i.category
        where issue_matches(i, null);  -- layer_issues' left join to units (by its key) adds no row
      when 'public.layer_grids(geometry, jsonb)'::regprocedure then
        select count(*) into n from grids g join communities c on c.code = g.community_code join streets s on s.code = c.street_code;
      else
        execute format('select count(*) from %s(null, null)', layer_source(l.id)::regproc) into n;
    end case;
    out := out || jsonb_build_object('id', l.id, 'title_zh', l.title_zh, 'title_en', l.title_en,
      'geometry_type', l.geometry_type, 'source_function', l.source_function, 'sort_order', l.sort_order,
      'default_visible', l.default_visible, 'style', l.style, 'feature_count', n);
  end loop;
  return out::json;
end $$;

/** A layer as a GeoJSON FeatureCollection, within bbox [west, south, east, north], filtered. */
create function public.layer_geojson_unchecked(layer_id text, bbox double precision[] default null, filters jsonb default null)
returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare env geometry; result json;
begin
  if bbox is not null then
    if coalesce(array_length(bbox, 1), 0) <> 4 or array_position(bbox, null) is not null
       or bbox[1] > bbox[3] or bbox[2] > bbox[4] then
      raise exception 'invalid_bbox: 范围应为 [西, 南, 东, 北]' using hint = 'invalid_bbox';
    end if;
    env := ST_MakeEnvelope(bbox[1], bbox[2], bbox[3], bbox[4], 4326);
  end if;
  execute format($q$
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
             'type', 'Feature', 'id', f.id, 'geometry', ST_AsGeoJSON(f.geom, 6)::json,
             'properties', f.properties) order by f.id), '[]'::json))
    from %s($1, $2) f $q$, layer_source(layer_id)::regproc)
  into result using env, filters;
  return result;
end $$;

/** layer_geojson_unchecked behind the guards (0400_guards): signed in, a short id, a bbox of four, filters of at most 4 KB. */
create function public.layer_geojson(layer_id text, bbox double precision[] default null, filters jsonb default null)
returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  perform refuse_long_text(layer_id, 63, '图层编号');
  if bbox is not null and cardinality(bbox) <> 4 then
    raise exception 'invalid_bbox: 范围应为 [西, 南, 东, 北]' using hint = 'invalid_bbox';
  end if;
  -- filters are the layer's own (zones take unit_id); the issues layer's are checked in full
  if filters is not null and (jsonb_typeof(filters) not in ('object', 'null') or pg_column_size(filters) > 4096) then
    raise exception 'invalid_filters: 筛选条件应为不超过 4 KB 的对象' using hint = 'invalid_filters';
  end if;
  if layer_id = 'issues' then perform check_issue_filters(filters); end if;
  return layer_geojson_unchecked(layer_id, bbox, filters);
end $$;

revoke all on function public.layer_geojson_unchecked(text, double precision[], jsonb) from public, anon, authenticated;
