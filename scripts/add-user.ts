// Add a person to a real Supabase project: the Supabase Auth account (email + password) and its
// app_users row (role and unit). For the first administrator and the wall display's read-only
// account; after that, administrators give roles in the app (人员管理), but this script works
// for any role and also re-assigns an existing account.
//
//   SUPABASE_URL=https://<ref>.supabase.co SUPABASE_SERVICE_ROLE_KEY=<service_role key> \
//     npx tsx scripts/add-user.ts --email admin@example.gov.cn --name 系统管理员 --role admin
//   ... --email wall@example.gov.cn --name 指挥中心大屏 --role wall
//   ... --email qin@example.gov.cn --name 秦秀兰 --role officer --unit 区城管执法局   (unit: id or exact name)
//
// --password <p> sets the password; without it a strong one is generated and printed once.
// The service-role key bypasses RLS: keep it out of the app and out of the repository — the
// browser only ever holds the anon key.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { randomBytes } from 'node:crypto'

const ROLES = ['admin', 'leader', 'officer', 'wall'] as const
type Role = (typeof ROLES)[number]

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}

function fail(message: string): never {
  console.error(`add-user: ${message}`)
  process.exit(1)
}

/** 20 characters from an alphabet without look-alikes (0/O, 1/l/I), to read out over the phone. */
function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
  return [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('')
}

async function main() {
  const url = process.env.SUPABASE_URL
  const serviceKey = process.env.SUPABASE_SERVICE_ROLE_KEY
  if (!url || !serviceKey) fail('set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (Project Settings → API)')
  const email = option('email')?.trim().toLowerCase()
  const name = option('name')?.trim()
  const role = option('role') as Role | undefined
  const unitArg = option('unit')
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail('--email <address> is required')
  if (!name || name.length > 60) fail('--name <display name, 1–60 characters> is required')
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`)
  if (role === 'officer' && !unitArg) fail('an officer needs --unit <unit id or name>')

  const supabase = createClient(url, serviceKey, { auth: { persistSession: false, autoRefreshToken: false } })

  // the unit, by id or by its exact name
  let unitId: number | null = null
  if (unitArg) {
    const query = supabase.from('units').select('id, name')
    const { data, error } = /^\d+$/.test(unitArg) ? await query.eq('id', Number(unitArg)) : await query.eq('name', unitArg)
    if (error) fail(`reading units: ${error.message}`)
    if (!data?.length) fail(`no unit ${unitArg}`)
    unitId = data[0].id
  }

  const given = option('password')
  const password = given ?? generatePassword()
  let userId: string
  const created = await supabase.auth.admin.createUser({ email, password, email_confirm: true, user_metadata: { display_name: name } })
  if (created.data.user) {
    userId = created.data.user.id
    console.log(`Auth account created: ${email} (${userId})`)
    if (!given) console.log(`Password (shown once, hand it over in person): ${password}`)
  } else if (created.error?.code === 'email_exists' || /already been registered/i.test(created.error?.message ?? '')) {
    // an existing account: give it this role (its password is left alone)
    const found = await findUserByEmail(supabase, email)
    if (!found) fail(`${email} exists but could not be found in the user list`)
    userId = found
    console.log(`Auth account exists: ${email} (${userId}); password unchanged`)
  } else {
    fail(`creating the Auth account: ${created.error?.message ?? 'unknown error'}`)
  }

  // the service role bypasses RLS and keeps its table grants (the API roles have none)
  const { error } = await supabase.from('app_users').upsert({ id: userId, display_name: name, role, unit_id: unitId })
  if (error) fail(`writing app_users: ${error.message}`)
  console.log(`app_users: ${name} · ${role}${unitId != null ? ` · unit ${unitId}` : ''}`)
}

async function findUserByEmail(supabase: SupabaseClient, email: string): Promise<string | null> {
  for (let page = 1; page < 100; page++) {
    const { data, error } = await supabase.auth.admin.listUsers({ page, perPage: 1000 })
    if (error) fail(`listing users: ${error.message}`)
    const hit = (data.users as { id: string; email?: string }[]).find((u) => u.email?.toLowerCase() === email)
    if (hit) return hit.id
    if (data.users.length < 1000) return null
  }
  return null
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)))
