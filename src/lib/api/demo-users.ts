// The demo sign-ins of the embedded mode (rows of app_users in supabase/seed.sql).
export const DEMO_USERS = [
  { id: '00000000-0000-4000-8000-000000000002', zh: '包保领导', en: 'Leader' },
  { id: '00000000-0000-4000-8000-000000000003', zh: '网格员（单位一）', en: 'Officer (unit 1)' },
  { id: '00000000-0000-4000-8000-000000000004', zh: '网格员（单位二）', en: 'Officer (unit 2)' },
  { id: '00000000-0000-4000-8000-000000000001', zh: '系统管理员', en: 'Administrator' },
  { id: '00000000-0000-4000-8000-000000000005', zh: '指挥中心大屏', en: 'Wall display' },
  { id: '00000000-0000-4000-8000-000000000006', zh: '指挥中心调度员', en: 'Command centre (dispatcher)' },
] as const

export const DEFAULT_USER = DEMO_USERS[0].id
