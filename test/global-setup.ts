// Prepares the database fixtures once per run (PGlite dumps and PostgreSQL templates are
// cached by the fingerprint of the SQL), so test files only clone them.
import { preparedPgliteDump } from './helpers/db'

export default async function setup() {
  await preparedPgliteDump('empty')
  if (process.env.GRIDGOV_SKIP_DEMO_FIXTURE !== '1') await preparedPgliteDump('demo')
}
