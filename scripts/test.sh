#!/usr/bin/env bash
# Runs every test: SQL tests on PGlite and on a throwaway PostgreSQL 15 + PostGIS 3 cluster,
# the data module's contract test, and end-to-end tests of the built app in Debian's Chromium.
# Installs the Debian packages it needs when they are missing (as root, with apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)
[ -f /usr/share/postgresql/15/extension/pgtap.control ] || need+=(postgresql-15-pgtap)
fc-list 2>/dev/null | grep -qi 'wqy\|noto.*cjk' || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster on a private port; PostgreSQL refuses to run as root.
PGBIN=/usr/lib/postgresql/15/bin
PGPORT=${GRIDGOV_PG_PORT:-55433}
PGDIR=$(mktemp -d /tmp/gridgov-pg.XXXXXX)
chmod 755 "$PGDIR"
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$PGDIR"; su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
stop_pg() { as_pg "$PGBIN/pg_ctl -D $PGDIR/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap stop_pg EXIT
as_pg "$PGBIN/initdb -D $PGDIR/data -A trust -U postgres" >/dev/null
as_pg "$PGBIN/pg_ctl -D $PGDIR/data -w -l $PGDIR/log -o \"-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50\" start" >/dev/null
export TEST_PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
echo "PostgreSQL 15 + PostGIS for tests at $TEST_PG_URL"
# The production path: the real Supabase CLI pushes the migrations and seed to Supabase-shaped
# databases on that server; the security tests run against them too.
bash scripts/supabase-push.sh "$TEST_PG_URL"
export TEST_SUPABASE_PUSHED=1

npx vite build
# The Supabase-mode build for the sign-in e2e test (test/e2e/sign-in.test.ts): its own folder, pointed
# at the recorded Supabase that test serves on Supabase's local API port, with the Supabase CLI's
# well-known local demo anon key (public; test/e2e/fake-supabase.ts verifies it).
GRIDGOV_DIST=dist-supabase VITE_SUPABASE_URL=http://127.0.0.1:54321 \
  VITE_SUPABASE_ANON_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0 \
  npx vite build
npx vitest run "$@"
