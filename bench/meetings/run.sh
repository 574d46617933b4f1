#!/usr/bin/env bash
# Many meetings at once (issue 17, docs/design/scaling.md): MEETINGS meetings
# open on one server, each with a projector on server-sent events and PHONES
# phones, every ballot cast across them in a random order; then IDLE event
# streams in all, left idle. meetings_bench (a separate process) drives the
# load and prints the figures and the targets:
#   projector lag p99 <= 250 ms; server RSS with 10,000 idle streams <= 200 MB.
#   bench/meetings/run.sh BUILD_DIR [--postgres] [MEETINGS] [PHONES] [IDLE] [IDLE_SECONDS]
# SQLite: one `shuzhi serve --data`. --postgres: a throwaway PostgreSQL 15
# cluster (fsync on) and two `shuzhi serve --db`: the phones cast on server A
# and every projector watches server B, which must learn of A's ballots
# through the database.
set -euo pipefail
build=$(realpath "$1")
shift
postgres=no
if [ "${1:-}" = --postgres ]; then postgres=yes; shift; fi
meetings=${1:-1000}
phones=${2:-30}
idle=${3:-10000}
idle_seconds=${4:-5}
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ $postgres = yes ] && { [ -z "${SHUZHI_TEST_PG_URL:-}" ] || [ "${SHUZHI_PG_FSYNC:-}" != on ]; }; then
  SHUZHI_PG_FSYNC=on exec "$here/tests/pg/with-postgres.sh" "$0" "$build" --postgres "$meetings" "$phones" "$idle" "$idle_seconds"
fi
bench=$build/bench/meetings/meetings_bench
. "$here/bench/common/servers.sh"
# The streams and the phones' connections: more descriptors than a shell's
# default soft limit allows.
ulimit -n "$(ulimit -Hn)"

if [ $postgres = yes ]; then
  echo "shuzhi many-meetings benchmark on PostgreSQL 15 (fsync on), two servers: $meetings meetings," \
    "$phones phones each, $idle idle streams, $(nproc) cores"
  "$bench" prepare --db "$SHUZHI_TEST_PG_URL" --meetings "$meetings" --phones "$phones" --out "$work/plan.txt"
  start_server a --db "$SHUZHI_TEST_PG_URL"; a=$port
  start_server b --db "$SHUZHI_TEST_PG_URL"; b=$port
  "$bench" run --plan "$work/plan.txt" --cast-ports "$a" --projector-port "$b" \
    --server "a=${servers[0]}" --server "b=${servers[1]}" --idle "$idle" --idle-seconds "$idle_seconds"
else
  echo "shuzhi many-meetings benchmark on SQLite, one server: $meetings meetings, $phones phones each," \
    "$idle idle streams, $(nproc) cores"
  "$bench" prepare --data "$work/data" --meetings "$meetings" --phones "$phones" --out "$work/plan.txt"
  start_server server --data "$work/data"; p=$port
  "$bench" run --plan "$work/plan.txt" --cast-ports "$p" --projector-port "$p" --server "server=${servers[0]}" \
    --idle "$idle" --idle-seconds "$idle_seconds"
fi
