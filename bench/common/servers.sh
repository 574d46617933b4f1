# Sourced by the benchmark scripts that start `shuzhi serve` processes
# (bench/ballots/postgres.sh, bench/meetings/run.sh); they set $build (the
# build folder) and $here (the repository) first. Gives a scratch folder
# $work, removed at exit with every server started, and:
#   start_server NAME DATABASE_ARGS…   its port in $port, its pid appended to servers[]
work=$(mktemp -d /tmp/shuzhi-bench.XXXXXX)
servers=()
cleanup() {
  for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_server() {
  local name=$1; shift
  port=$("$here/scripts/free-port")  # below the ephemeral ports
  SHUZHI_ADMIN_PASSWORD=bench-admin-pass "$build/shuzhi" serve "$@" --listen "127.0.0.1:$port" \
    --log-file "$work/$name.log" >"$work/$name.out" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null || { cat "$work/$name.out" >&2; exit 1; }
}
