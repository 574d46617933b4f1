#!/usr/bin/env bash
# HTTP benchmark: wrk on loopback (2 threads, 64 connections) against
# /api/v1/health, against the app's embedded JavaScript (gzip), and casting
# real ballots (bench/http/cast.lua, over carriers that ballot_load, built
# beside the server, prepares in the server's database before it starts:
# one meeting, one open poll, BALLOTS phone carriers), plus the server's
# idle resident memory after start. The access log stays on (level info),
# as in production.
#   bench/http/run.sh PATH/TO/shuzhi [SECONDS] [BALLOTS]
# Targets on a 2-core machine: health >= 20,000 requests/s; idle RSS <= 30 MB;
# ballots/s >= 0.6 x health requests/s (issue 17).
# wrk shares the two cores with the server, so figures are conservative.
set -euo pipefail
bin=$(realpath "$1")
secs=${2:-10}
ballots=${3:-400000}
load=$(dirname "$bin")/bench/ballots/ballot_load
[ -x "$load" ] || { echo "bench: $load is not built (make bench builds it)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is not installed (make bench installs it)" >&2; exit 1; }
work=$(mktemp -d /tmp/shuzhi-bench.XXXXXX)
port=$("$(dirname "$0")/../../scripts/free-port")  # below the ephemeral ports
echo "preparing $ballots phone carriers in a new database…"
"$load" prepare --data "$work/data" --ballots "$ballots" --out "$work/ballots.txt" >/dev/null
SHUZHI_ADMIN_PASSWORD=bench-admin-pass "$bin" serve --data "$work/data" --listen "127.0.0.1:$port" \
  >"$work/out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$url/api/v1/health" >/dev/null && break; sleep 0.1; done
sleep 1

rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
awk -v k="$rss_kb" 'BEGIN { printf "idle resident memory after start: %.1f MB (target <= 30 MB)\n", k / 1024 }'

asset=$(curl -s "$url/" | grep -o '/assets/[^"]*\.js' | head -n1)

run() {  # run NAME PATH [HEADER]
  local name=$1 path=$2 header=${3:-}
  local out
  if [ -n "$header" ]; then
    out=$(wrk -t2 -c64 -d"${secs}s" --latency -H "$header" "$url$path")
  else
    out=$(wrk -t2 -c64 -d"${secs}s" --latency "$url$path")
  fi
  report "$name" "$out"
}
report() {  # report NAME WRK_OUTPUT
  local rps p99 errors
  rps=$(echo "$2" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$2" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$2" | grep -E 'Non-2xx|Socket errors|refused: [1-9]|WARNING' || true)
  printf '%-28s %10s requests/s   p99 %8s   %s\n' "$1" "$rps" "$p99" "$errors"
  last_rps=$rps
}

echo "wrk -t2 -c64 -d${secs}s on loopback:"
run "GET /api/v1/health" /api/v1/health
health_rps=$last_rps
run "GET $asset (gzip)" "$asset" "Accept-Encoding: gzip"
report "POST ballot/cast (real)" "$(wrk -t2 -c64 -d"${secs}s" --latency -s "$(dirname "$0")/cast.lua" "$url" \
  -- "$work/ballots.txt" 2)"
awk -v b="$last_rps" -v h="$health_rps" 'BEGIN {
  printf "ballots/s / health requests/s: %.2f (target >= 0.6: %s)\n", b / h, (b / h >= 0.6) ? "ok" : "MISSED" }'
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
awk -v k="$rss_kb" 'BEGIN { printf "resident memory after the load: %.1f MB\n", k / 1024 }'
