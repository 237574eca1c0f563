#!/usr/bin/env bash
# The production path, for real: apply supabase/migrations (and the seed) with the real
# Supabase CLI (`supabase db push`, pinned in package.json) to PostgreSQL 15 databases set up
# as a hosted Supabase project is (test/supabase-shape/hosted-project.sql), then list what the
# CLI recorded. The security tests then run against these databases too (TEST_SUPABASE_PUSHED).
# Usage: scripts/supabase-push.sh <postgres url of the server>   (npm test runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:?postgres url of the server}
base=${server%/*}
for fixture in empty demo; do
  db=gridgov_cli_$fixture
  psql -q -v ON_ERROR_STOP=1 "$server" -c "drop database if exists $db with (force)" -c "create database $db"
  psql -q -v ON_ERROR_STOP=1 "$base/$db" -f test/supabase-shape/hosted-project.sql >/dev/null
  url="$base/$db?sslmode=disable"
  seed=(); [ "$fixture" = demo ] && seed=(--include-seed)
  echo "supabase db push → $db ${seed[*]}"
  npx supabase db push --db-url "$url" "${seed[@]}" --yes 2>&1 | grep -v '^NOTICE' | tail -n 3
  npx supabase migration list --db-url "$url" 2>&1 | tail -n +1 | grep -c '|' | xargs -I{} echo "  migration list: {} rows"
  psql -q -v ON_ERROR_STOP=1 "$base/$db" -c 'vacuum analyze' >/dev/null
done
