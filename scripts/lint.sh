#!/usr/bin/env bash
# The format and static checks of STYLE.md §11 and the architecture issue.
#   scripts/lint.sh BUILD           clang-format over every C++ file; clang-tidy
#                                   over the C++ sources the last commit changed
#   scripts/lint.sh BUILD --all     clang-tidy over every source (make tidy; long)
# BUILD is a configured build folder (its compile_commands.json tells
# clang-tidy how each file is compiled). Fails on the first file with a
# finding and names it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/lint.sh BUILD [--all]}
mode=${2:-changed}

mapfile -t cxx < <(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 'bench/*.h')
echo "lint: clang-format over ${#cxx[@]} files"
clang-format --dry-run -Werror "${cxx[@]}"

if [ "$mode" = "--all" ]; then
  mapfile -t tidy < <(git ls-files 'src/*.cc' 'bench/*.cc' | grep -v '_test\.cc$' || true)
elif git rev-parse -q --verify HEAD^1 >/dev/null; then
  # Against the first parent, so a merge is checked for what it brings in.
  mapfile -t tidy < <(git diff --name-only --diff-filter=AM HEAD^1 HEAD -- 'src/*.cc' 'bench/*.cc' | grep -v '_test\.cc$' || true)
else
  echo "lint: no parent commit to compare with; clang-tidy checks nothing here (make tidy checks all)"
  tidy=()
fi
if [ ${#tidy[@]} -eq 0 ]; then
  echo "lint: no changed sources for clang-tidy"
  exit 0
fi
echo "lint: clang-tidy over ${#tidy[@]} files"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
printf '%s\n' "${tidy[@]}" | xargs -P "$(nproc)" -n 1 clang-tidy -p "$build" --quiet >"$out" 2>&1 || status=$?
grep -v -E '^[0-9]+ warnings? (generated|treated as errors)\.$|^Suppressed [0-9]+ warnings|^Use -header-filter' "$out" || true
if [ "$status" -ne 0 ]; then
  echo "lint: clang-tidy found the problems above"
  exit 1
fi
echo "lint: clean"
