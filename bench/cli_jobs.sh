#!/bin/sh
# bench/cli_jobs.sh: the speed-up of `kata COMMAND -j N` (worker
# processes) over one process, on a folder of files.
#
#   sh bench/cli_jobs.sh [DIR]
#
# Without DIR, the folder is bench/data/jobs/ (bench/data/ is ignored by
# git), made once: KATA_BENCH_MB megabytes (default 10) of the text under
# /usr/share/doc (as bench/cli_memory.sh makes it), cut at line ends into
# files of about 256 KB (split -C). Runs `kata entities`, `kata analyze`,
# `kata keywords` and `kata dedupe` (KATA_BENCH_CMDS picks some) on the
# folder with -j 1 (the sequential run) and -j N for N in KATA_BENCH_JOBS
# (default "2"), output to a file, KATA_BENCH_RUNS times each (default 1,
# the median shown; -j 1 and -j N alternate); checks that every -j N output
# is the -j 1 output byte for byte, and prints the seconds and the
# speed-up. LUA= picks the interpreter (default lua5.4). Timing figures:
# the machine's other load counts; run it on an idle one.
set -e
cd "$(dirname "$0")/.."
LUA=${LUA:-lua5.4}
MB=${KATA_BENCH_MB:-10}
JOBS=${KATA_BENCH_JOBS:-2}
DIR=$1
if [ -z "$DIR" ]; then
  DIR=bench/data/jobs
  if [ ! -d "$DIR" ]; then
    mkdir -p "$DIR.tmp"
    want=$((MB * 1000000))
    find /usr/share/doc -type f | LC_ALL=C sort | while read -r f; do
      case "$f" in
        *.gz) zcat -- "$f" 2>/dev/null | grep -Iq . 2>/dev/null && zcat -- "$f" ;;
        *) grep -Iq . "$f" 2>/dev/null && cat -- "$f" ;;
      esac
      echo
    done 2>/dev/null | head -c "$want" | (cd "$DIR.tmp" && split -C 256000 -d -a 3 - part) || true
    mv "$DIR.tmp" "$DIR"
  fi
fi
n=$(find "$DIR" -type f | wc -l)
bytes=$(find "$DIR" -type f -exec cat {} + | wc -c)
echo "input: $DIR, $n files, $bytes bytes; $(nproc) cores; $LUA"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
CMDS=${KATA_BENCH_CMDS:-entities analyze keywords dedupe}
RUNS=${KATA_BENCH_RUNS:-1}
# run CMD J OUT: the seconds of one run of `kata CMD -j J` on the folder
run() {
  t0=$(now)
  $LUA bin/kata "$1" --no-progress -j "$2" "$DIR" >"$3" 2>"$tmp/err"
  t1=$(now)
  printf '%.2f\n' "$(echo "$t1 - $t0" | bc -l)"
}
# median: the middle one of the numbers on standard input
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for cmd in $CMDS; do
  : >"$tmp/t1"
  for j in $JOBS; do : >"$tmp/t$j.j"; done
  same=same
  r=0
  while [ "$r" -lt "$RUNS" ]; do
    run "$cmd" 1 "$tmp/1.out" >>"$tmp/t1"
    for j in $JOBS; do
      run "$cmd" "$j" "$tmp/j.out" >>"$tmp/t$j.j"
      cmp -s "$tmp/1.out" "$tmp/j.out" || same=DIFFERENT
    done
    r=$((r + 1))
  done
  one=$(median <"$tmp/t1")
  printf '%-9s -j 1  %6.2f s  %5.2f MB/s  (runs: %s)\n' "$cmd" "$one" \
    "$(echo "$bytes / 1000000 / $one" | bc -l)" "$(tr '\n' ' ' <"$tmp/t1" | sed 's/ $//')"
  for j in $JOBS; do
    s=$(median <"$tmp/t$j.j")
    printf '%-9s -j %-2s %6.2f s  %5.2f MB/s  speed-up %.2f  (output %s; runs: %s)\n' "$cmd" "$j" \
      "$s" "$(echo "$bytes / 1000000 / $s" | bc -l)" "$(echo "$one / $s" | bc -l)" "$same" \
      "$(tr '\n' ' ' <"$tmp/t$j.j" | sed 's/ $//')"
  done
done
