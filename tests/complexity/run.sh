#!/bin/sh
# run.sh: the complexity check (make test-complexity): tests/complexity/run.lua
# in lua5.4 under callgrind, which counts the instructions of each measured
# call (after `make LUA=lua5.4 all build/lua5.4/complexity/probe.so`).
# Arguments go to run.lua: -v every case, -s S the smaller size, -f, -p, -x
# patterns of the functions and shapes to run or skip.
# Ends with "complexity: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
if ! command -v valgrind >/dev/null; then
  echo "complexity: valgrind is missing (sh tools/deps.sh ci)"
  echo "complexity: 0 passed, 1 failed"
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$dir/cg.out" \
  --log-file="$dir/valgrind.log" lua5.4 tests/complexity/run.lua "$dir" "$@"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  tail -20 "$dir/valgrind.log"
  echo "complexity: 0 passed, 1 failed (exit $rc)"
fi
exit "$rc"
