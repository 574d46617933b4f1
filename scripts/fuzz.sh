#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (built by `make fuzz-build`):
#   scripts/fuzz.sh BUILD_DIR [--seconds N] [TARGET...]
# For each target (all when none is named): first replays its seed corpus
# (tests/fuzz/corpus/TARGET/) and its regression files
# (tests/regressions/TARGET-*), then fuzzes it for N seconds (default 30)
# into a working corpus under BUILD_DIR/fuzz/, two targets at a time.
# A crash, leak or UB report keeps its input as BUILD_DIR/fuzz/TARGET-crash-*
# (copy it to tests/regressions/TARGET-<what>.<ext> to keep it replayed) and
# makes the script fail. Prints one line of figures per target.
set -euo pipefail
build=${1:?usage: scripts/fuzz.sh BUILD_DIR [--seconds N] [TARGET...]}
shift
seconds=30
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
repo=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/tests/fuzz"
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$bin"/fuzz_*; do targets+=("$(basename "$f" | sed 's/^fuzz_//')"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $bin (run make fuzz-build)" >&2; exit 1; }
out="$build/fuzz"
mkdir -p "$out"
# Leaks are reported (and fail the run); the sanitizers stop at the first error.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

run_one() {
  local t=$1 exe="$bin/fuzz_$1" seeds="$repo/tests/fuzz/corpus/$1" work="$out/$1-corpus" log="$out/$1.log"
  mkdir -p "$work"
  : > "$log"
  # Replay: every seed and every regression file once.
  local regressions=()
  for f in "$repo"/tests/regressions/"$t"-*; do [ -f "$f" ] && regressions+=("$f"); done
  if ! "$exe" -runs=0 "$seeds" >> "$log" 2>&1; then
    echo "fuzz $t: FAILED replaying the seed corpus (see $log)"; return 1
  fi
  if [ ${#regressions[@]} -gt 0 ] && ! "$exe" "${regressions[@]}" >> "$log" 2>&1; then
    echo "fuzz $t: FAILED replaying tests/regressions/$t-* (see $log)"; return 1
  fi
  # Fuzz: new inputs go to the working corpus, the seeds are read only.
  if ! "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=25 -print_final_stats=1 \
      -artifact_prefix="$out/$t-crash-" "$work" "$seeds" >> "$log" 2>&1; then
    echo "fuzz $t: FAILED after fuzzing (input kept as $out/$t-crash-*; see $log)"; return 1
  fi
  local runs cov corpus
  runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
  corpus=$(find "$work" -type f | wc -l)
  echo "fuzz $t: ok — ${#regressions[@]} regression files and the seeds replayed; ${runs} runs in ${seconds} s, coverage ${cov} edges, working corpus ${corpus} inputs, 0 crashes, 0 leaks, 0 UB"
}
export -f run_one
export bin repo out seconds

printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run_one "$@"' _ {} | tee "$out/summary.txt"
if grep -q FAILED "$out/summary.txt"; then
  echo "fuzz: FAILED" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, all ok"
