-- Taking an issue through its steps (GB/T 30428: 任务派遣 → 任务处理 → 处理反馈 → 核实结案):
--   registered → dispatched (command centre) → accepted (the unit's officer) → handled (the
--   unit's officer, saying what was done) → verified (command centre, someone other than the
--   handler) → closed (销号);
-- and 退回 (the unit returns it: "not ours", with a reason) → returned → dispatched again;
-- 返工 (a failed check: handled or verified → rework → handled again); 延期 (the unit asks for
-- more time, the command centre grants — the deadline moves by the category's hours — or
-- refuses); 缓办 (deferred) and 挂账 (parked) by the command centre, with a reason, until it
-- resumes the issue; 回访 (follow-up) of a closed issue with the reporter's satisfaction.
-- Every step is a row of issue_events (who, when, from, to, the note). The rules are one
-- table, issue_steps(); step_refusal() applies them, advance_issue() takes a step and
-- issue_actions() lists the steps the signed-in person may take now (the app's buttons).
-- Roles: the unit's officers take the unit's steps, the command centre (dispatcher) its own,
-- an administrator both; leaders and the wall read only (issue_actor, 1400_issues).
set search_path = public, extensions;

/**
 * The workflow's rules, one row per action: who takes it ('unit': an officer of the issue's
 * unit; 'centre': the command centre), from which statuses, to which (null: the status stays,
 * or — for resume — accepted if it had been accepted, else dispatched), whether a note is
 * required (what was done, or why).
 */
create function public.issue_steps()
returns table (action text, taken_by text, from_status text[], to_status text, note_required boolean, name_zh text, name_en text)
language sql immutable as $$
  values
    ('dispatch',         'centre', array['registered', 'returned'],              'dispatched', false, '派遣',     'Dispatch'),
    ('accept',           'unit',   array['dispatched'],                          'accepted',   false, '接单',     'Accept'),
    ('return',           'unit',   array['dispatched', 'accepted'],              'returned',   true,  '退回',     'Return'),
    ('handle',           'unit',   array['accepted', 'rework'],                  'handled',    true,  '处置完毕', 'Report handled'),
    ('verify',           'centre', array['handled'],                             'verified',   false, '核实',     'Verify'),
    ('rework',           'centre', array['handled', 'verified'],                 'rework',     true,  '返工',     'Send back for rework'),
    ('close',            'centre', array['verified'],                            'closed',     false, '结案',     'Close'),
    ('extend',           'unit',   array['dispatched', 'accepted', 'rework'],    null,         true,  '申请延期', 'Request extension'),
    ('grant_extension',  'centre', array['dispatched', 'accepted', 'rework'],    null,         false, '批准延期', 'Grant extension'),
    ('refuse_extension', 'centre', array['dispatched', 'accepted', 'rework'],    null,         true,  '驳回延期', 'Refuse extension'),
    ('defer',            'centre', array['dispatched', 'accepted', 'rework'],    'deferred',   true,  '缓办',     'Defer'),
    ('park',             'centre', array['dispatched', 'accepted', 'rework', 'deferred'], 'parked', true, '挂账', 'Park'),
    ('resume',           'centre', array['deferred', 'parked'],                  null,         false, '恢复办理', 'Resume')
$$;

/** A status in Chinese, for the messages. */
create function public.issue_status_zh(status text) returns text
language sql immutable as $$
  select case status when 'registered' then '已登记' when 'dispatched' then '已派遣' when 'accepted' then '已接单'
    when 'handled' then '已处置' when 'verified' then '已核实' when 'closed' then '已结案' when 'returned' then '已退回'
    when 'rework' then '返工中' when 'deferred' then '缓办' when 'parked' then '挂账' else status end
$$;

/**
 * Why `me` may not take `action` on issue `i` now, as '<code>: <message>' (null: allowed).
 * In this order: an unknown action (invalid_action); the wrong person (forbidden: a unit's
 * step by anyone but that unit's officers, a centre step by anyone but the command centre;
 * administrators may take both); the wrong status (illegal_transition, also for a second
 * extension request or a decision with none pending); the handler verifying their own work
 * (same_person).
 */
create function public.step_refusal(me public.app_users, i public.issues, action text) returns text
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare s record; act text := action;
begin
  select * into s from issue_steps() st where st.action = act;
  if not found then
    return format('invalid_action: 没有「%s」这一步', left(coalesce(act, ''), 40));
  end if;
  if me.role <> 'admin' then
    if s.taken_by = 'centre' and me.role <> 'dispatcher' then
      return format('forbidden: 「%s」由指挥中心办理', s.name_zh);
    elsif s.taken_by = 'unit' and (me.role <> 'officer' or i.unit_id is null or me.unit_id <> i.unit_id) then
      return format('forbidden: 「%s」由问题所派单位的网格员办理', s.name_zh);
    end if;
  end if;
  if not i.status = any (s.from_status) then
    return format('illegal_transition: %s的问题不能%s', issue_status_zh(i.status), s.name_zh);
  end if;
  if act = 'extend' and i.extension_requested_at is not null then
    return 'illegal_transition: 已申请延期，等待指挥中心批复';
  end if;
  if act in ('grant_extension', 'refuse_extension') and i.extension_requested_at is null then
    return 'illegal_transition: 没有待批复的延期申请';
  end if;
  if act = 'verify' and i.handled_by is not null and i.handled_by = me.id then
    return 'same_person: 核实须由处置人以外的人进行';
  end if;
  return null;
end $$;

/** An issue as the workflow functions return it, with its escalation and whether it is overdue now. */
create function public.issue_json(i public.issues) returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select json_build_object('id', i.id, 'code', i.code, 'category', i.category, 'status', i.status, 'source', i.source,
    'description', i.description, 'address', i.address,
    'lon', round(ST_X(i.geom)::numeric, 6), 'lat', round(ST_Y(i.geom)::numeric, 6),
    'reported_at', i.reported_at, 'dispatched_at', i.dispatched_at, 'deadline', i.deadline, 'accepted_at', i.accepted_at,
    'handled_at', i.handled_at, 'verified_at', i.verified_at, 'closed_at', i.closed_at,
    'unit_id', i.unit_id, 'unit_name', (select u.name from units u where u.id = i.unit_id),
    'zone_id', i.zone_id, 'zone_version', i.zone_version, 'zone_name', (select z.name from zones z where z.id = i.zone_id),
    'dispatch_reason', i.dispatch_reason,
    'no_responsible_unit', i.dispatch_reason = 'no_zone' and i.status in ('registered', 'returned'),
    'extension_requested', i.extension_requested_at is not null, 'extensions_granted', i.extensions_granted,
    'report_count', i.report_count, 'satisfaction', i.satisfaction, 'followed_up_at', i.followed_up_at,
    'escalation', issue_escalation_level(i.status, i.deadline, i.handled_at, i.closed_at, now()),
    'overdue', issue_is_overdue(i.status, i.deadline))
$$;

/** A note as given (trimmed), refused when it holds control characters other than line breaks. */
create function public.clean_issue_note(note text) returns text
language plpgsql immutable set search_path = '' as $$
declare t text := nullif(pg_catalog.btrim(coalesce(note, '')), '');
begin
  if t ~ '[\x01-\x09\x0b\x0c\x0e-\x1f\x7f]' then
    raise exception 'invalid_input: 说明不能包含控制字符' using hint = 'invalid_input';
  end if;
  return t;
end $$;

/**
 * Take one step: issue_id, action (issue_steps), note (required where the rules say), unit_id
 * (dispatch only: the unit to dispatch to; left out, the one clear candidate at the issue's
 * point). Refuses with not_signed_in, forbidden, invalid_action, invalid_input, issue_not_found,
 * illegal_transition, same_person, note_required, unit_required, unknown_unit. Returns the
 * issue with its new status and the step recorded.
 */
create function public.advance_issue(issue_id bigint, action text, note text default null, unit_id bigint default null)
returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare
  act text := advance_issue.action; target_unit bigint := advance_issue.unit_id; said text;
  me app_users; i issues; s record; refusal text; cat issue_categories; cands jsonb; pick jsonb;
  next_status text; saved issues; ev issue_events;
begin
  perform refuse_long_text(act, 40, '操作');
  perform refuse_long_text(note, 1000, '说明');
  said := clean_issue_note(note);
  me := issue_actor('办理问题');
  if advance_issue.issue_id is null then
    raise exception 'invalid_input: 缺少问题编号' using hint = 'invalid_input';
  end if;
  select * into i from issues x where x.id = advance_issue.issue_id for update;
  if not found then
    raise exception 'issue_not_found: 问题 % 不存在', advance_issue.issue_id using hint = 'issue_not_found';
  end if;
  refusal := step_refusal(me, i, act);
  if refusal is not null then
    raise exception '%', refusal using hint = split_part(refusal, ':', 1);
  end if;
  select * into s from issue_steps() st where st.action = act;
  if s.note_required and said is null then
    raise exception 'note_required: 「%」须写明说明', s.name_zh using hint = 'note_required';
  end if;
  if target_unit is not null and act <> 'dispatch' then
    raise exception 'invalid_input: 只有派遣需要指定责任单位' using hint = 'invalid_input';
  end if;
  select * into cat from issue_categories c where c.code = i.category;
  next_status := coalesce(s.to_status, case when act = 'resume' then case when i.accepted_at is not null then 'accepted' else 'dispatched' end
                                            else i.status end);

  case act
    when 'dispatch' then
      cands := dispatch_candidates_at(i.geom);
      if target_unit is null then
        pick := clear_candidate(cands);
        if pick is null then
          raise exception 'unit_required: 该位置没有唯一明确的责任单位，请指定派遣单位' using hint = 'unit_required';
        end if;
        target_unit := (pick ->> 'unit_id')::bigint;
      else
        if not exists (select 1 from units u where u.id = target_unit) then
          raise exception 'unknown_unit: 责任单位 % 不存在', target_unit using hint = 'unknown_unit';
        end if;
        select c into pick from jsonb_array_elements(cands) c where (c ->> 'unit_id')::bigint = target_unit;
      end if;
      update issues x set status = next_status, unit_id = target_unit,
             zone_id = (pick ->> 'zone_id')::bigint, zone_version = (pick ->> 'zone_version')::integer,
             dispatch_reason = case when advance_issue.unit_id is null then pick ->> 'reason' else 'manual' end,
             dispatched_at = now(), deadline = now() + make_interval(hours => cat.deadline_hours),
             accepted_at = null, handled_at = null, handled_by = null, verified_at = null, extension_requested_at = null
        where x.id = i.id returning * into saved;
      said := coalesce(said, case when pick is not null then candidate_note(pick) end);
    when 'accept' then
      update issues x set status = next_status, accepted_at = now() where x.id = i.id returning * into saved;
    when 'return' then
      update issues x set status = next_status, unit_id = null, zone_id = null, zone_version = null,
             dispatched_at = null, deadline = null, accepted_at = null, extension_requested_at = null
        where x.id = i.id returning * into saved;
    when 'handle' then
      update issues x set status = next_status, handled_at = now(), handled_by = me.id, extension_requested_at = null
        where x.id = i.id returning * into saved;
    when 'verify' then
      update issues x set status = next_status, verified_at = now() where x.id = i.id returning * into saved;
    when 'rework' then
      update issues x set status = next_status, verified_at = null where x.id = i.id returning * into saved;
    when 'close' then
      update issues x set status = next_status, closed_at = now() where x.id = i.id returning * into saved;
    when 'extend' then
      update issues x set extension_requested_at = now() where x.id = i.id returning * into saved;
    when 'grant_extension' then
      update issues x set deadline = x.deadline + make_interval(hours => cat.deadline_hours),
             extensions_granted = x.extensions_granted + 1, extension_requested_at = null
        where x.id = i.id returning * into saved;
      said := coalesce(said, format('期限延长 %s 小时，至 %s', cat.deadline_hours,
                                    to_char(saved.deadline at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')));
    when 'refuse_extension' then
      update issues x set extension_requested_at = null where x.id = i.id returning * into saved;
    when 'defer', 'park' then
      update issues x set status = next_status, extension_requested_at = null where x.id = i.id returning * into saved;
    when 'resume' then
      update issues x set status = next_status, deadline = now() + make_interval(hours => cat.deadline_hours)
        where x.id = i.id returning * into saved;
  end case;

  insert into issue_events (issue_id, actor_id, actor_name, action, from_status, to_status, unit_id, note)
  values (i.id, me.id, me.display_name, act, i.status, saved.status, saved.unit_id, said)
  returning * into ev;
  return (issue_json(saved)::jsonb || jsonb_build_object('event', jsonb_build_object('action', ev.action, 'at', ev.at,
            'from_status', ev.from_status, 'to_status', ev.to_status, 'note', ev.note)))::json;
end $$;

/**
 * The steps the signed-in person may take on an issue now (the app's buttons), in the order of
 * issue_steps(), each with its names and whether it needs a note. Empty for leaders and the wall.
 */
create function public.issue_actions(issue_id bigint) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare me app_users; i issues;
begin
  perform require_signed_in();
  select * into me from app_users where id = (select auth.uid());
  select * into i from issues x where x.id = issue_actions.issue_id;
  if not found then
    raise exception 'issue_not_found: 问题 % 不存在', issue_actions.issue_id using hint = 'issue_not_found';
  end if;
  if me.role not in ('admin', 'dispatcher', 'officer') then return '[]'::json; end if;
  return (select coalesce(json_agg(json_build_object('action', s.action, 'name_zh', s.name_zh, 'name_en', s.name_en,
            'note_required', s.note_required) order by s.n), '[]'::json)
          from issue_steps() with ordinality s(action, taken_by, from_status, to_status, note_required, name_zh, name_en, n)
          where step_refusal(me, i, s.action) is null);
end $$;

/**
 * The steps the signed-in person may take now on each of up to 500 issues (a page of a queue
 * or the ledger: one call gives every row its next-step button), as
 * [{ issue_id, actions: [{ action, name_zh, name_en, note_required }, …] }] as issue_actions
 * gives them, in the order of issue_steps(); unknown ids are left out.
 */
create function public.issue_actions_for(issue_ids bigint[]) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare me app_users;
begin
  perform require_signed_in();
  if cardinality(issue_ids) > 500 then
    raise exception 'invalid_input: 一次最多查询 500 个问题' using hint = 'invalid_input';
  end if;
  select * into me from app_users where id = (select auth.uid());
  return (select coalesce(json_agg(json_build_object('issue_id', i.id, 'actions', (
            select coalesce(json_agg(json_build_object('action', s.action, 'name_zh', s.name_zh, 'name_en', s.name_en,
                     'note_required', s.note_required) order by s.n), '[]'::json)
            from issue_steps() with ordinality s(action, taken_by, from_status, to_status, note_required, name_zh, name_en, n)
            where me.role in ('admin', 'dispatcher', 'officer') and step_refusal(me, i, s.action) is null)) order by i.id), '[]'::json)
          from issues i where i.id = any (coalesce(issue_ids, '{}')));
end $$;

/**
 * Attach another report of the same problem to an open issue instead of registering a new one
 * (nearby_open_issues offers the candidates): the issue counts it (report_count) and its
 * events say who reported what. Officers, the command centre and administrators.
 */
create function public.attach_issue_report(issue_id bigint, note text default null, source text default null) returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare me app_users; i issues; saved issues; said text;
begin
  perform refuse_long_text(note, 500, '报告内容');
  perform refuse_long_text(source, 20, '来源');
  said := clean_issue_note(note);
  me := issue_actor('追加报告');
  if source is not null and source not in ('patrol', 'hotline', 'app', 'inspection') then
    raise exception 'invalid_input: 来源须为 patrol、hotline、app 或 inspection' using hint = 'invalid_input';
  end if;
  select * into i from issues x where x.id = attach_issue_report.issue_id for update;
  if not found then
    raise exception 'issue_not_found: 问题 % 不存在', attach_issue_report.issue_id using hint = 'issue_not_found';
  end if;
  if i.status = 'closed' then
    raise exception 'illegal_transition: 已结案的问题不能追加报告，请另行登记' using hint = 'illegal_transition';
  end if;
  update issues x set report_count = x.report_count + 1 where x.id = i.id returning * into saved;
  insert into issue_events (issue_id, actor_id, actor_name, action, from_status, to_status, unit_id, note)
  values (i.id, me.id, me.display_name, 'report', i.status, i.status, i.unit_id,
          nullif(concat_ws('：', case source when 'hotline' then '12345 热线' when 'app' then '随手拍' when 'inspection' then '日常巡查'
                                             when 'patrol' then '网格巡查' end, said), ''));
  return issue_json(saved);
end $$;

/**
 * 回访: the command centre calls the reporter of a closed issue back and records their
 * satisfaction (satisfied 满意, basically_satisfied 基本满意, dissatisfied 不满意) — the 满意率 of
 * unit_indicators. Once per issue.
 */
create function public.follow_up_issue(issue_id bigint, satisfaction text, note text default null) returns json
language plpgsql volatile security definer set search_path = public, extensions, pg_temp as $$
declare me app_users; i issues; saved issues; said text; sat text := follow_up_issue.satisfaction;
begin
  perform refuse_long_text(sat, 40, '满意度');
  perform refuse_long_text(note, 1000, '说明');
  said := clean_issue_note(note);
  me := issue_actor('回访');
  if me.role not in ('admin', 'dispatcher') then
    raise exception 'forbidden: 回访由指挥中心办理' using hint = 'forbidden';
  end if;
  if sat is null or sat not in ('satisfied', 'basically_satisfied', 'dissatisfied') then
    raise exception 'invalid_input: 满意度须为 satisfied、basically_satisfied 或 dissatisfied' using hint = 'invalid_input';
  end if;
  select * into i from issues x where x.id = follow_up_issue.issue_id for update;
  if not found then
    raise exception 'issue_not_found: 问题 % 不存在', follow_up_issue.issue_id using hint = 'issue_not_found';
  end if;
  if i.status <> 'closed' then
    raise exception 'illegal_transition: %的问题不能回访，结案后再回访', issue_status_zh(i.status) using hint = 'illegal_transition';
  end if;
  if i.followed_up_at is not null then
    raise exception 'illegal_transition: 该问题已回访' using hint = 'illegal_transition';
  end if;
  update issues x set satisfaction = sat, followed_up_at = now() where x.id = i.id returning * into saved;
  insert into issue_events (issue_id, actor_id, actor_name, action, from_status, to_status, unit_id, note, satisfaction)
  values (i.id, me.id, me.display_name, 'follow_up', 'closed', 'closed', i.unit_id, said, sat);
  return issue_json(saved);
end $$;

/** An issue's steps in order: at, actor_id, actor_name, action, from_status, to_status, note (and unit, satisfaction). */
create function public.issue_events(issue_id bigint) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
begin
  perform require_signed_in();
  if not exists (select 1 from issues x where x.id = $1) then
    raise exception 'issue_not_found: 问题 % 不存在', $1 using hint = 'issue_not_found';
  end if;
  return (select coalesce(json_agg(json_build_object('at', e.at, 'actor_id', e.actor_id, 'actor_name', e.actor_name,
            'action', e.action, 'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note,
            'unit_id', e.unit_id, 'unit_name', u.name, 'satisfaction', e.satisfaction) order by e.at, e.id), '[]'::json)
          from public.issue_events e left join units u on u.id = e.unit_id where e.issue_id = $1);
end $$;

/**
 * An issue's escalation at a moment (default now): level 0–3 with its names, how many hours
 * past the deadline, and when the next level begins while the clock runs (null at the top
 * level, or when the clock has stopped: handled, deferred, parked, …).
 */
create function public.issue_escalation(issue_id bigint, at timestamptz default null) returns json
language plpgsql stable set search_path = public, extensions, pg_temp as $$
declare i issues; t timestamptz := coalesce(at, now()); lvl smallint; nxt escalation_levels;
begin
  perform require_signed_in();
  select * into i from issues x where x.id = issue_escalation.issue_id;
  if not found then
    raise exception 'issue_not_found: 问题 % 不存在', issue_escalation.issue_id using hint = 'issue_not_found';
  end if;
  lvl := issue_escalation_level(i.status, i.deadline, i.handled_at, i.closed_at, t);
  select * into nxt from escalation_levels e where e.level > lvl order by e.level limit 1;
  return (select json_build_object('issue_id', i.id, 'at', t, 'deadline', i.deadline, 'level', lvl,
            'code', e.code, 'name_zh', e.name_zh, 'name_en', e.name_en,
            'hours_past_deadline', case when i.deadline is not null and t > i.deadline
                                        then round((extract(epoch from t - i.deadline) / 3600)::numeric, 2) end,
            'next_level', case when i.status in ('dispatched', 'accepted', 'rework') then nxt.level end,
            'next_level_at', case when i.status in ('dispatched', 'accepted', 'rework') and nxt.level is not null
                                  then i.deadline + make_interval(secs => nxt.after_hours::double precision * 3600) end)
          from (select 1) one left join escalation_levels e on e.level = lvl);
end $$;

/** One issue for its page: the issue, its steps, the steps the signed-in person may take, and its candidates while unassigned. */
create function public.issue_detail(issue_id bigint) returns json
language plpgsql stable security definer set search_path = public, extensions, pg_temp as $$
declare i issues;
begin
  perform require_signed_in();
  select * into i from issues x where x.id = issue_detail.issue_id;
  if not found then
    raise exception 'issue_not_found: 问题 % 不存在', issue_detail.issue_id using hint = 'issue_not_found';
  end if;
  return (select (issue_json(i)::jsonb || jsonb_build_object(
    'category_zh', c.name_zh, 'category_en', c.name_en, 'closing_condition_zh', c.closing_condition_zh,
    'closing_condition_en', c.closing_condition_en,
    'events', issue_events(i.id)::jsonb, 'actions', issue_actions(i.id)::jsonb,
    'candidates', case when i.status in ('registered', 'returned') then dispatch_candidates_at(i.geom) end))::json
    from issue_categories c where c.code = i.category);
end $$;

-- step_refusal and issue_json are helpers of the functions above, not API calls
revoke all on function public.step_refusal(public.app_users, public.issues, text) from public, anon, authenticated;
