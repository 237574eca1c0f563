// The people and permissions dialog (administrators). English; the keys are those of ../zh-CN/people.ts, checked by the type.
import type { people as zh } from '../zh-CN/people'

export const people: Record<keyof typeof zh, string> = {
  'people.title': 'People and roles',
  'people.intro': 'Who may sign in, with their role and unit. Sign-in accounts (email and password) are created with scripts/add-user.ts or in the Supabase dashboard; give them a role here.',
  'people.name': 'Name',
  'people.role': 'Role',
  'people.unit': 'Unit',
  'people.account': 'Account',
  'people.pending': 'No role yet',
  'people.add': 'Add a person',
  'people.user_id': 'Sign-in account ID (UUID)',
  'people.user_id_hint': 'Copy it from the Supabase dashboard (Authentication → Users) or from scripts/add-user.ts',
  'people.no_unit': '(any unit)',
  'people.save': 'Save',
  'people.cancel': 'Cancel',
  'people.edit': 'Change',
  'people.assign': 'Give a role',
  'people.remove': 'Remove',
  'people.remove_confirm': 'Remove “{name}”? Their sign-in account stays but can no longer use this system.',
  'people.saved': 'Saved: {name}',
  'people.removed': 'Removed: {name}',
  'people.you': 'you',
  'people.invalid_id': 'The account ID must be a UUID (like 3f2a…-…)',
  'people.loading': 'Reading people…',
  'people.close': 'Close',
  'people.count': '{n} people',
}
