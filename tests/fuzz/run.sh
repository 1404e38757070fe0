#!/bin/sh
# run.sh BUILD SECONDS MAX_LEN RSS_LIMIT_MB TARGET...: runs each fuzz target
# (called by `make run`, from tests/fuzz/), FUZZ_JOBS at a time (default: the
# number of CPUs), and prints one line each, in the order given:
#   fuzz <target>: 1 passed, 0 failed (N execs, cov C)
# Exits non-zero when any target crashed, leaked, timed out or did not run.
build=$1 seconds=$2 max_len=$3 rss=$4
shift 4
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

# run_one TARGET: fuzzes it and writes its line (and, on failure, the
# details) to $build/TARGET.result.
run_one() {
  t=$1
  corpus="corpus-$t"
  log="$build/$t.log"
  mkdir -p "$corpus"
  cp seeds/* "$corpus"/ 2>/dev/null
  # -timeout: one input must not take longer than 10 s.
  "$build/$t" "$corpus" -max_total_time="$seconds" -max_len="$max_len" \
    -rss_limit_mb="$rss" -timeout=10 -artifact_prefix=./ \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
  if [ -z "$execs" ]; then
    execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
  fi
  if [ "$rc" -eq 0 ]; then
    echo "fuzz $t: 1 passed, 0 failed (${execs:-0} execs, cov ${cov:-0})" >"$build/$t.result"
  else
    {
      echo "fuzz $t: 0 passed, 1 failed (${execs:-0} execs, cov ${cov:-0})"
      grep -E '^(fuzz_[a-z_]*:|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
        "$log" | sed 's/^/  /'
      echo "  full log: $log"
    } >"$build/$t.result"
  fi
}

running=0
for t in "$@"; do
  rm -f "$build/$t.result"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait

status=0
for t in "$@"; do
  if [ -f "$build/$t.result" ]; then
    cat "$build/$t.result"
    grep -q ' 0 passed' "$build/$t.result" && status=1
  else
    echo "fuzz $t: 0 passed, 1 failed (did not run)"
    status=1
  fi
done
exit $status
