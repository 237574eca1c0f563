-- The issue categories for the filter panel and legend, in both languages.
create function public.issue_category_list() returns json
language sql stable set search_path = public, extensions, pg_temp as $$
  select coalesce(json_agg(json_build_object('code', c.code, 'name_zh', c.name_zh, 'name_en', c.name_en,
                                             'deadline_hours', c.deadline_hours) order by c.code), '[]'::json)
  from issue_categories c
$$;
