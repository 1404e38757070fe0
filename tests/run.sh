#!/bin/sh
# run.sh: runs every suite of `make test` for one interpreter and build dir,
# printing one "suite: N passed, N failed" line each and the total last.
# usage: sh tests/run.sh LUA BUILD_DIR [all|c|lua]  (c: C tests and conformance;
# lua: the busted specs only)
LUA=${1:-lua5.4}
BUILD=${2:-build/$LUA}
WHAT=${3:-all}
UCD=/usr/share/unicode/auxiliary
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT

# suite NAME COMMAND...: runs it, shows its output when it fails, and makes
# sure a crash or a non-zero exit counts as a failure.
suite() {
  name=$1
  shift
  "$@" >"$out" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    cat "$out"
    grep -q ' [1-9][0-9]* failed' "$out" || echo "$name: 0 passed, 1 failed (exit $rc)" >>"$out"
  fi
  grep -E ': [0-9]+ passed, [0-9]+ failed' "$out" >>"$log"
}

# busted's summary "N successes / N failures / N errors / N pending" in our form.
# The module is BUILD's (.busted would pick build/LUA: the plain build, not
# the sanitizers' one, when .ci/run gives build/lua5.4-asan).
busted_suite() {
  LUA_CPATH="$BUILD/?.so;;" busted --lua="$LUA" -o utfTerminal 2>&1 | tee "$out.b" | sed -E -n \
    's/^([0-9]+) successes? \/ ([0-9]+) failures? \/ ([0-9]+) errors?.*/\1 \2 \3/p' |
    while read -r ok fail err; do
      echo "busted ($LUA): $ok passed, $((fail + err)) failed"
    done
  grep -qE '^[0-9]+ success.* 0 failures / 0 errors' "$out.b" || { cat "$out.b"; rm -f "$out.b"; return 1; }
  rm -f "$out.b"
}

if [ "$WHAT" = all ]; then
  suite check-layers sh tools/check-layers.sh "$BUILD/kata/core.so"
fi
if [ "$WHAT" != lua ]; then
  for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] && suite "$(basename "$t")" "$t"
  done
  suite breaktest-word "$BUILD/tests/breaktest" word "$UCD/WordBreakTest.txt"
  suite breaktest-sentence "$BUILD/tests/breaktest" sentence "$UCD/SentenceBreakTest.txt"
  suite normtest sh -c "bzcat /usr/share/unicode/NormalizationTest.txt.bz2 | '$BUILD/tests/normtest'"
fi
[ "$WHAT" = c ] || suite "busted ($LUA)" busted_suite
# The documentation's examples, run and compared with the output shown.
[ "$WHAT" = all ] && suite docs sh -c "LUA='$LUA' '$LUA' tests/docs/examples.lua | sed 's/^\([0-9]* passed\)/docs examples: \1/'"

cat "$log"
sh "$(dirname "$0")/tally.sh" "$log"
