// The seed's issues and their event logs, as the workflow's SQL functions would have written
// them: dispatch_issue registers each issue at its report and dispatches it at once when
// dispatch_candidates_at finds exactly one clear candidate there (by whoever registers it: an
// officer of that unit on patrol, the command centre for a 12345 call, an app report or an
// inspection); where several units might be responsible it stays registered until the command
// centre dispatches it by hand to the first-ranked one (reason 'manual'); where no zone covers
// it, it waits with no responsible unit (no_zone) and takes no further step. The steps after
// that (workflow.ts) are advance_issue's and follow_up_issue's: the unit's steps by an officer of
// the unit (units with a demo sign-in: that account; the others: one of the unit's officers by
// name, who has no account), the command centre's by the dispatcher demo user; the notes they
// write where the functions write their own (what was handled, an extension granted until …).
// The issue's columns are then what those steps leave behind. Times are offsets from now().
import type { IssueStream } from './issues'
import { CATEGORIES } from './names'
import { insertFromValues, insertRows, n, q, type Chunked } from './sql'
import { packSteps } from './workflow'

/**
 * At city scale (`narrow`) the dispatch is one pass over every issue instead of a call of dispatch_candidates_at
 * for each that is not simple (at ×10 most of the load: 56 s → 6-10 s), the clear candidate and the first contender
 * read off the same pass (clear_candidate's rule). The ×1 seed keeps asking dispatch_candidates_at and clear_candidate
 * themselves, and test/sql/demo-histories.test.ts checks its issues against them; on the ×10 database the pass gave
 * dispatch_candidates_at's list for every issue sampled (5,700 of 19,000) and clear_candidate's pick for all.
 */
const NARROW_DISPATCH = `-- At city scale every issue asks dispatch_candidates_at's question in one pass over all of them: its body, the zones narrowed
-- as for the simple ones above (metres as degrees of longitude at the point, and a fifth more: the zones it can list) and the
-- zones' areas measured once, so each issue measures only the zones within its reach.
create temp table seed_dispatch as
with r as (
  select (dispatch_rules() ->> 'road_tolerance_m')::float8 as road_m, (dispatch_rules() ->> 'point_radius_m')::float8 as point_m,
         (dispatch_rules() ->> 'border_m')::float8 as border_m
),
sizes as materialized (select z.id, case when z.kind = 'area' then ST_Area(z.geom::geography) else 0 end as size from zones z),
reach as materialized (  -- the farthest any zone reaches, for the index
  select greatest(r.border_m, r.road_m, r.point_m, (select max(z.radius_m) from zones z)) as m from r
),
measured as materialized (  -- each distance measured once
  select i.id as issue_id, z.id, z.unit_id, z.name, z.kind, z.version, z.radius_m,
         case when z.kind = 'area' and ST_Covers(z.geom, i.geom) then 0 else ST_Distance(z.geom::geography, i.geom::geography) end as m,
         s.size
  from issues i cross join r cross join reach
  join zones z on z.geom && ST_Expand(i.geom, 1.2 / (111320 * cos(radians(ST_Y(i.geom)))) * reach.m)
    and ST_DWithin(z.geom, i.geom, 1.2 / (111320 * cos(radians(ST_Y(i.geom)))) * case z.kind
          when 'area' then r.border_m when 'road' then r.road_m else coalesce(z.radius_m, r.point_m) end)
  join sizes s on s.id = z.id
),
hits as (
  select m.*, case when m.kind = 'road' and m.m <= r.road_m then 'road'
                   when m.kind = 'point' and m.m <= coalesce(m.radius_m, r.point_m) then 'point'
                   when m.kind = 'area' and m.m = 0 then 'area'
                   when m.kind = 'area' and m.m <= r.border_m then 'border' end as reason
  from measured m, r
),
best as (
  select distinct on (h.issue_id, h.unit_id) h.*, case h.reason when 'area' then 2 when 'border' then 3 else 1 end as tier
  from hits h where h.reason is not null
  order by h.issue_id, h.unit_id, case h.reason when 'area' then 2 when 'border' then 3 else 1 end, h.m, h.size, h.id
),
listed as (  -- the list as dispatch_candidates_at orders it; the clear one as clear_candidate finds it; the first contender
  select b.issue_id,
         jsonb_agg(c.obj order by b.tier, b.m, b.size, b.id) as cands,
         case when count(*) filter (where k.contender) = 1 and bool_and(b.reason <> 'border') filter (where k.contender)
              then (array_agg(c.obj) filter (where k.contender))[1] end as pick,
         (array_agg(c.obj order by b.tier, b.m, b.size, b.id) filter (where k.contender))[1] as first
  from best b join units u on u.id = b.unit_id
  join (select issue_id, min(tier) as tier from best group by issue_id) d on d.issue_id = b.issue_id
  cross join lateral (select d.tier > 1 or b.tier = 1 as contender) k
  cross join lateral (select jsonb_build_object('unit_id', b.unit_id, 'unit_name', u.name, 'zone_id', b.id, 'zone_name', b.name,
           'zone_kind', b.kind, 'zone_version', b.version, 'distance_m', round(b.m::numeric, 1), 'reason', b.reason,
           'contender', k.contender) as obj) c
  group by b.issue_id
)
select i.id as issue_id, coalesce(l.cands, '[]'::jsonb) as cands, l.pick, l.first
from issues i left join listed l on l.issue_id = i.id;`

/** What the issues came to, counted as they are written (for the generator's report). */
export interface IssueTally { issues: number; closed: number; reworked: number; extended: number; deferred: number; followedUp: number }

/**
 * The issues' SQL. The issues are made as their insert is written (IssueStream); each one's
 * steps are kept as their seed_steps row, a short string, for the insert after. `tally` counts them.
 */
export function issuesSql(issues: IssueStream, dispatcher: string, narrow = false, tally?: IssueTally): (string | Chunked)[] {
  const BATCH = 500
  const stepRows: string[] = []
  const insertIssues: Chunked = {
    *chunks() {
      let batch: string[][] = []
      const flush = () => insertFromValues(
        'insert into issues (id, code, category, description, address, source, geom, reported_at, status) overriding system value',
        `select v.id, v.code, v.category, v.description, v.address, v.source, ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326),
       now() - make_interval(secs => v.reported_ago::float8), 'registered'`,
        ['id', 'code', 'category', 'description', 'address', 'source', 'lon', 'lat', 'reported_ago'], batch, '', BATCH)
      for (const i of issues.each()) {
        batch.push([n(i.id), q(i.code), q(i.category), q(i.description), q(i.address), q(i.source), n(i.at[0]), n(i.at[1]), n(i.reportedAgo)])
        stepRows.push([n(i.id), n(i.manualDelay), q(packSteps(i.steps))].join(', '))
        if (tally) {
          const ever = (action: string) => (i.steps.some((st) => st.action === action) ? 1 : 0)
          tally.issues++; tally.closed += ever('close'); tally.reworked += ever('rework'); tally.extended += ever('grant_extension')
          tally.deferred += ever('defer'); tally.followedUp += ever('follow_up')
        }
        if (batch.length === BATCH) { yield flush(); batch = [] }
      }
      if (batch.length) yield flush()
    },
  }
  const insertSteps: Chunked = {
    *chunks() {
      for (let k = 0; k < stepRows.length; k += BATCH) {
        yield insertRows('seed_steps', ['issue_id', 'manual_delay', 'steps'], stepRows.slice(k, k + BATCH).map((row) => [row]), BATCH)
      }
      stepRows.length = 0
    },
  }
  return [
    `-- Issues: ages in seconds before load time. The categories (${CATEGORIES.map((c) => c.code).join(', ')}) are the
-- catalogue's (migration *_issue_catalogue.sql). Registered at the report; the rest below.`,
    insertIssues,
    '-- Each issue\'s steps after its dispatch: action>status+seconds after the step before[#note][=satisfaction]; and how long',
    '-- the command centre would take to dispatch it by hand.',
    'create temp table seed_steps (issue_id bigint primary key, manual_delay integer not null, steps text not null);',
    insertSteps,
    '-- Dispatch by space (吹哨报到), as dispatch_issue: the candidates at the point (dispatch_candidates_at), the clear one if there is',
    '-- one, else the first contender. A point inside one area zone with no other zone within reach of the rules (dispatch_rules: another',
    '-- area zone within border_m, a road within road_tolerance_m, a point zone within its radius; metres as degrees of longitude at',
    '-- the point, which are the shorter, and a fifth more) has that zone as its one candidate: its list is written out instead of',
    '-- asked for, the slow part of the seed. test/sql/demo-histories.test.ts checks every issue against dispatch_candidates_at.',
    narrow ? NARROW_DISPATCH : `create temp table seed_dispatch as
with alone as (
  select i.id, (array_agg(z.id))[1] as zone_id from issues i join zones z on z.kind = 'area' and ST_Covers(z.geom, i.geom)
  group by i.id having count(*) = 1
),
simple as (
  select a.id, jsonb_build_array(jsonb_build_object('unit_id', z.unit_id, 'unit_name', u.name, 'zone_id', z.id, 'zone_name', z.name,
           'zone_kind', z.kind, 'zone_version', z.version, 'distance_m', 0.0, 'reason', 'area', 'contender', true)) as cands
  from alone a join issues i on i.id = a.id join zones z on z.id = a.zone_id join units u on u.id = z.unit_id
  where not exists (
    select 1 from zones o
    where o.id <> a.zone_id and o.geom && ST_Expand(i.geom, 0.01)  -- 0.01° ≥ 600 m, beyond the farthest reach (a 500 m radius)
      and ST_DWithin(o.geom, i.geom, 1.2 / (111320 * cos(radians(ST_Y(i.geom)))) * case o.kind
            when 'area' then (dispatch_rules() ->> 'border_m')::float8 when 'road' then (dispatch_rules() ->> 'road_tolerance_m')::float8
            else coalesce(o.radius_m, (dispatch_rules() ->> 'point_radius_m')::float8) end))
)
select i.id as issue_id, c.cands, clear_candidate(c.cands) as pick,
       (select x from jsonb_array_elements(c.cands) with ordinality e(x, k) where (x ->> 'contender')::boolean order by k limit 1) as first
from issues i left join simple s on s.id = i.id
cross join lateral (select coalesce(s.cands, dispatch_candidates_at(i.geom)) as cands) c;`,
    '-- Who takes the steps: the dispatcher; for a unit, its officer with a demo sign-in, else one of its officers by name.',
    `create temp table seed_who as
select d.issue_id, coalesce(d.pick, d.first) ->> 'unit_id' is not null as dispatched, (coalesce(d.pick, d.first) ->> 'unit_id')::bigint as unit_id,
       a.id as officer_id, coalesce(a.display_name, o.name) as officer_name, c.id as centre_id, c.display_name as centre_name
from seed_dispatch d
cross join (select id, display_name from app_users where id = ${q(dispatcher)}) c
left join lateral (select u.id, u.display_name from app_users u where u.role = 'officer' and u.unit_id = (coalesce(d.pick, d.first) ->> 'unit_id')::bigint
                   order by u.id limit 1) a on true
left join lateral (select o.name from unit_officers o where o.unit_id = (coalesce(d.pick, d.first) ->> 'unit_id')::bigint order by o.id
                   offset d.issue_id % greatest(1, (select count(*) from unit_officers o2 where o2.unit_id = (coalesce(d.pick, d.first) ->> 'unit_id')::bigint))
                   limit 1) o on true;`,
    '-- The steps, timed: register, dispatch (at once, or by hand after a while), then the planned ones (none without a responsible unit).',
    `create temp table seed_events as
with planned as (
  select s.issue_id, t.n, m[1] as action, m[2] as to_status, sum(m[3]::bigint) over (partition by s.issue_id order by t.n) as after,
         m[4] as note, m[5] as satisfaction
  from seed_steps s cross join lateral regexp_split_to_table(s.steps, ' ') with ordinality t(tok, n)
  cross join lateral regexp_match(t.tok, '^(\\w+)>(\\w+)\\+(\\d+)(?:#([^=]*))?(?:=(\\w+))?$') m
  where s.steps <> ''
),
steps as (
  select i.id as issue_id, 0::bigint as n, 'register' as action, 'registered' as to_status, i.reported_at as at, null::text as note, null::text as satisfaction
  from issues i
  union all
  select i.id, 1, 'dispatch', 'dispatched',
         case when d.pick is not null then i.reported_at
              else i.reported_at + make_interval(secs => least(s.manual_delay::float8,
                     coalesce(${narrow ? 'pm.first_after' : '(select min(p.after) from planned p where p.issue_id = i.id)'}, extract(epoch from now() - i.reported_at)) / 2)) end,
         null, null
  from issues i join seed_dispatch d on d.issue_id = i.id join seed_steps s on s.issue_id = i.id${narrow ? `
  left join (select p.issue_id, min(p.after) as first_after from planned p group by p.issue_id) pm on pm.issue_id = i.id` : ''}
  where d.cands <> '[]'::jsonb
  union all
  select p.issue_id, p.n + 1, p.action, p.to_status, i.reported_at + make_interval(secs => p.after::float8), p.note, p.satisfaction
  from planned p join issues i on i.id = p.issue_id join seed_dispatch d on d.issue_id = p.issue_id
  where d.cands <> '[]'::jsonb
),
anchored as (  -- the deadline runs from the last dispatch or resumption, moved by each extension granted since
  select s.*, max(s.at) filter (where s.action in ('dispatch', 'resume')) over (partition by s.issue_id order by s.n) as anchor
  from steps s
)
select a.*, lag(a.to_status) over (partition by a.issue_id order by a.n) as from_status,
       a.anchor + make_interval(hours => c.deadline_hours * (1 + count(*) filter (where a.action = 'grant_extension')
                                                           over (partition by a.issue_id, a.anchor order by a.n))::int) as deadline_after
from anchored a join issues i on i.id = a.issue_id join issue_categories c on c.code = i.category;`,
    `insert into issue_events (issue_id, at, actor_id, actor_name, action, from_status, to_status, unit_id, note, satisfaction)
select e.issue_id, e.at,
       case when by_unit then w.officer_id else w.centre_id end, case when by_unit then w.officer_name else w.centre_name end,
       e.action, e.from_status, e.to_status, case when e.action <> 'register' then w.unit_id end,
       case e.action
         when 'register' then case when d.cands = '[]'::jsonb then '该位置无责任单位（覆盖缺口），待指挥中心处理'
                                   when d.pick is null then format('有 %s 个可能的责任单位，待指挥中心确认', jsonb_array_length(d.cands)) end
         when 'dispatch' then candidate_note(coalesce(d.pick, d.first))
         when 'handle' then '已处置：' || c.closing_condition_zh
         when 'grant_extension' then format('期限延长 %s 小时，至 %s', c.deadline_hours, to_char(e.deadline_after at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'))
         else e.note end,
       e.satisfaction
from seed_events e
join issues i on i.id = e.issue_id join issue_categories c on c.code = i.category
join seed_dispatch d on d.issue_id = e.issue_id join seed_who w on w.issue_id = e.issue_id
left join issue_steps() s on s.action = e.action
-- a unit's step, or registered on patrol by the unit's officer (who dispatches it too, unless it needs the command centre's choice)
cross join lateral (select s.taken_by = 'unit' or (i.source = 'patrol' and w.officer_name is not null
                           and (e.action = 'register' or (e.action = 'dispatch' and d.pick is not null))) as by_unit) k
order by e.issue_id, e.n;`,
    '-- The issues as those steps left them (advance_issue\'s updates, replayed).',
    `create temp table seed_final as
select e.issue_id, (array_agg(e.to_status order by e.n desc))[1] as status, (array_agg(e.deadline_after order by e.n desc))[1] as deadline,
       max(e.at) filter (where e.action = 'dispatch') as dispatched_at, max(e.at) filter (where e.action = 'accept') as accepted_at,
       max(e.at) filter (where e.action = 'handle') as handled_at, max(e.at) filter (where e.action = 'verify') as verified_at,
       max(e.at) filter (where e.action = 'rework') as reworked_at, max(e.at) filter (where e.action = 'close') as closed_at,
       max(e.at) filter (where e.action = 'extend') as extend_at,
       max(e.at) filter (where e.action in ('grant_extension', 'refuse_extension', 'handle', 'defer', 'park')) as extension_settled_at,
       count(*) filter (where e.action = 'grant_extension')::smallint as granted,
       max(e.satisfaction) as satisfaction, max(e.at) filter (where e.action = 'follow_up') as followed_up_at
from seed_events e group by e.issue_id;`,
    `update issues i set status = f.status, unit_id = w.unit_id,
       zone_id = (coalesce(d.pick, d.first) ->> 'zone_id')::bigint, zone_version = (coalesce(d.pick, d.first) ->> 'zone_version')::integer,
       dispatch_reason = case when d.cands = '[]'::jsonb then 'no_zone' when d.pick is null then 'manual' else d.pick ->> 'reason' end,
       dispatched_at = f.dispatched_at, deadline = f.deadline, accepted_at = f.accepted_at, handled_at = f.handled_at,
       handled_by = case when f.handled_at is not null then w.officer_id end,
       verified_at = case when f.verified_at > coalesce(f.reworked_at, '-infinity') then f.verified_at end, closed_at = f.closed_at,
       extension_requested_at = case when f.extend_at > coalesce(f.extension_settled_at, '-infinity') then f.extend_at end,
       extensions_granted = f.granted, satisfaction = f.satisfaction, followed_up_at = f.followed_up_at
from seed_final f, seed_dispatch d, seed_who w
where f.issue_id = i.id and d.issue_id = i.id and w.issue_id = i.id;`,
    'drop table seed_steps, seed_dispatch, seed_who, seed_events, seed_final;',
  ]
}
