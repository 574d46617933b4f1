#!/usr/bin/env bash
# Ballot benchmark on PostgreSQL (issue 17, docs/design/scaling.md): a
# throwaway PostgreSQL 15 cluster with fsync on (tests/pg/with-postgres.sh),
# then ballots cast by a separate load generator (ballot_load) against one
# `shuzhi serve --db`, then against two sharing the database, the
# connections split between them round-robin. Synchronous commit stays on:
# every ballot is durable before its reply. Prints the reference measured on
# the same cluster (single-row durable commits per second), ballots/s, p50,
# p99, the CPU each process spent per ballot, and each target:
#   one server >= 10,000 ballots/s; two servers >= 1.0 x one; p99 <= 50 ms.
#   bench/ballots/postgres.sh BUILD_DIR [BALLOTS] [CONNECTIONS]
set -euo pipefail
build=$(realpath "$1")
ballots=${2:-100000}
connections=${3:-256}
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${SHUZHI_TEST_PG_URL:-}" ] || [ "${SHUZHI_PG_FSYNC:-}" != on ]; then
  SHUZHI_PG_FSYNC=on exec "$here/tests/pg/with-postgres.sh" "$0" "$@"
fi
load=$build/bench/ballots/ballot_load
. "$here/bench/common/servers.sh"
pg=$(head -n1 "$SHUZHI_TEST_PG_DATA/postmaster.pid")

rate() { awk '/^ballots:/ { sub("/s,", "", $9); print $9 }' "$1"; }
p99() { awk '/^ballots:/ { print $14 }' "$1"; }

echo "shuzhi ballot benchmark on PostgreSQL 15 (fsync on, synchronous_commit on): $ballots ballots per phase," \
  "$connections connections, $(nproc) cores"
"$load" reference --db "$SHUZHI_TEST_PG_URL"

"$load" prepare --db "$SHUZHI_TEST_PG_URL" --ballots "$ballots" --out "$work/one.txt" >/dev/null
start_server a --db "$SHUZHI_TEST_PG_URL"; a=$port
echo "one server:"
"$load" cast --ports "$a" --bodies "$work/one.txt" --connections "$connections" \
  --pid "server=${servers[0]}" --tree "postgres=$pg" | tee "$work/one.out"

"$load" prepare --db "$SHUZHI_TEST_PG_URL" --ballots "$ballots" --out "$work/two.txt" >/dev/null
start_server b --db "$SHUZHI_TEST_PG_URL"; b=$port
echo "two servers, connections round-robin:"
"$load" cast --ports "$a,$b" --bodies "$work/two.txt" --connections "$connections" \
  --pid "server-a=${servers[0]}" --pid "server-b=${servers[1]}" --tree "postgres=$pg" | tee "$work/two.out"

one=$(rate "$work/one.out"); two=$(rate "$work/two.out")
verdict() { if awk "BEGIN { exit !($1) }"; then echo ok; else echo MISSED; fi; }
echo "targets (2-core machine, PostgreSQL, every ballot durable before its reply):"
echo "  one server >= 10,000 ballots/s: $(verdict "$one >= 10000")"
echo "  two servers >= 1.0 x one: $(verdict "$two >= $one") ($(awk -v a="$two" -v b="$one" 'BEGIN { printf "%.2f", a / b }') x)"
echo "  p99 <= 50 ms: $(verdict "$(p99 "$work/one.out") <= 50 && $(p99 "$work/two.out") <= 50")"
