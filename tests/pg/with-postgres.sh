#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster:
#   tests/pg/with-postgres.sh COMMAND [ARGS...]
# initdb + pg_ctl as the postgres user (when root) in a fresh folder under
# /tmp that postgres owns, listening on a free loopback port only; exports
# SHUZHI_TEST_PG_URL for the command; stops and removes the cluster after,
# whatever the command's outcome. fsync is off because the data is thrown
# away; synchronous_commit stays on, as shuzhi requires. SHUZHI_PG_FSYNC=on
# keeps fsync on, for benchmarks whose commits must reach the disk.
#
# Also exports SHUZHI_TEST_PG_CTL, a shell command line that runs this
# cluster's pg_ctl (as the right user, with its data folder, log and server
# options), for tests that stop and start PostgreSQL under load:
#   sh -c "$SHUZHI_TEST_PG_CTL stop -m immediate -w"
#   sh -c "$SHUZHI_TEST_PG_CTL start -w"
# A test that stops the cluster starts it again; the cleanup stops it anyway.
set -euo pipefail
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || { echo "with-postgres: $pgbin/initdb not found (install postgresql-15)" >&2; exit 1; }

dir=$(mktemp -d /tmp/shuzhi-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
chmod 700 "$dir"

# Below the ephemeral ports, where no outgoing connection can take it
# before PostgreSQL binds it.
port=$("$(dirname "$0")/../../scripts/free-port")

cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

as_pg "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
pg_ctl=("$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log"
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${SHUZHI_PG_FSYNC:-off} -c max_connections=200")
[ "$(id -u)" = 0 ] && pg_ctl=(runuser -u postgres -- "${pg_ctl[@]}")
"${pg_ctl[@]}" -w start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
as_pg "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE shuzhi_test" postgres

export SHUZHI_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/shuzhi_test"
export SHUZHI_TEST_PG_DATA="$dir/data"  # its postmaster.pid names the server process
SHUZHI_TEST_PG_CTL=$(printf '%q ' "${pg_ctl[@]}")
export SHUZHI_TEST_PG_CTL
echo "with-postgres: PostgreSQL 15 on 127.0.0.1:$port"
"$@"
