#!/usr/bin/env bash
# HTTP benchmark: wrk on loopback (2 threads, 64 connections) against
# /api/v1/health and against the app's embedded JavaScript (gzip), plus
# the server's idle resident memory after start. The access log stays on
# (level info), as in production.
#   bench/http/run.sh PATH/TO/shuzhi [SECONDS]
# Targets on a 2-core machine: health >= 20,000 requests/s; idle RSS <= 30 MB.
# wrk shares the two cores with the server, so figures are conservative.
set -euo pipefail
bin=$(realpath "$1")
secs=${2:-10}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (make bench installs it)" >&2; exit 1; }
work=$(mktemp -d /tmp/shuzhi-bench.XXXXXX)
port=""
for p in $(shuf -i 20000-60000 -n 200); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
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
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)
  printf '%-28s %10s requests/s   p99 %8s   %s\n' "$name" "$rps" "$p99" "$errors"
}

echo "wrk -t2 -c64 -d${secs}s on loopback:"
run "GET /api/v1/health" /api/v1/health
run "GET $asset (gzip)" "$asset" "Accept-Encoding: gzip"
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
awk -v k="$rss_kb" 'BEGIN { printf "resident memory after the load: %.1f MB\n", k / 1024 }'
