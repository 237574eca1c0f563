// A small hand-built district for tests whose answers must be known exactly:
// a 0.04° × 0.03° square district with three units and four area zones.
//
//   47.33 ┌──────────┬──────────┐
//         │          │   gap    │   the north-east quarter is nobody's (a gap)
//   47.32 │  zone A1 ├──────────┤
//         │  unit A  │ zone B1  │
//         │       ┌──┼──┐unit B │   zone C1 (unit C) overlaps A1 and B1
//   47.30 └───────┴──┴──┴───────┘
//       124.00  124.015 124.02 124.025  124.04
import type { TestDb } from './db'

export const WORLD = {
  district: [124.0, 47.3, 124.04, 47.33] as const,
  zones: {
    A1: { id: 101, unit: 1, bbox: [124.0, 47.3, 124.02, 47.33] },
    B1: { id: 102, unit: 2, bbox: [124.02, 47.3, 124.04, 47.32] },
    C1: { id: 103, unit: 3, bbox: [124.015, 47.3, 124.025, 47.305] },
  },
  gap: [124.02, 47.32, 124.04, 47.33] as const,
}

export function boxWkt([w, s, e, n]: readonly number[]): string {
  return `POLYGON((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s}))`
}

export function boxGeoJson([w, s, e, n]: readonly number[]) {
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }
}

export async function buildSmallWorld(db: TestDb, opts: { overlap?: boolean } = {}) {
  await db.sql(`
    set search_path = public, extensions;
    insert into districts values ('230299', '测试区', 'Test District', ST_Multi(ST_GeomFromText('${boxWkt(WORLD.district)}', 4326)));
    insert into units (id, name, leader_name, leader_title) overriding system value values
      (1, '区城管执法局', '王建国', '局长'), (2, '区市场监管局', '李红梅', '局长'), (3, '区住建局', '赵志强', '副局长');
    insert into unit_officers (unit_id, name) values (1, '刘洋'), (1, '陈静'), (2, '孙磊');
    insert into app_users values
      ('00000000-0000-4000-8000-000000000001', '系统管理员', 'admin', null),
      ('00000000-0000-4000-8000-000000000002', '王建国', 'leader', 1),
      ('00000000-0000-4000-8000-000000000003', '刘洋', 'officer', 1),
      ('00000000-0000-4000-8000-000000000004', '孙磊', 'officer', 2),
      ('00000000-0000-4000-8000-000000000005', '指挥中心大屏', 'wall', null);
    insert into zones (id, unit_id, name, kind, geom) overriding system value values
      (101, 1, 'A1 西片', 'area', ST_GeomFromText('${boxWkt(WORLD.zones.A1.bbox)}', 4326)),
      (102, 2, 'B1 东南片', 'area', ST_GeomFromText('${boxWkt(WORLD.zones.B1.bbox)}', 4326));
    ${opts.overlap === false ? '' : `insert into zones (id, unit_id, name, kind, geom) overriding system value values
      (103, 3, 'C1 南门片', 'area', ST_GeomFromText('${boxWkt(WORLD.zones.C1.bbox)}', 4326));`}
    select setval(pg_get_serial_sequence('zones', 'id'), 1000);
    reset search_path;
  `)
}

/** Everything stored about zones, as text, to prove a refused call changed nothing. */
export async function zonesFingerprint(db: TestDb): Promise<string> {
  const rows = await db.sql<{ f: string }>(`
    select coalesce(string_agg(concat_ws('|', id, unit_id, name, kind, version, updated_at, encode(extensions.ST_AsEWKB(geom), 'hex')), E'\\n' order by id), '') ||
           '#' || (select count(*) from public.zone_history)::text as f from public.zones`)
  return rows[0].f
}
