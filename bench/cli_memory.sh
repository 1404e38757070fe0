#!/bin/sh
# bench/cli_memory.sh: the peak memory (RSS) of the kata command on a big
# input, against the input's size (the goal: at most 4 times the input).
#
#   sh bench/cli_memory.sh [FILE]
#
# Without FILE, the input is bench/data/doc50.txt (bench/data/ is ignored
# by git), made once from the text under /usr/share/doc: every file in
# sorted order, compressed ones through zcat, files with a NUL byte left
# out, concatenated until KATA_BENCH_MB megabytes (default 50), then cut at
# a line end. Nothing is copied into the repository. Runs `kata analyze`,
# `kata keywords`, `kata entities` and `kata dedupe` once each under
# /usr/bin/time -v (output to /dev/null) and prints, per command, the
# seconds, the peak RSS and its ratio to the input. LUA= picks the
# interpreter (default lua5.4; build it first with make LUA=...).
set -e
cd "$(dirname "$0")/.."
LUA=${LUA:-lua5.4}
MB=${KATA_BENCH_MB:-50}
IN=$1
if [ -z "$IN" ]; then
  IN=bench/data/doc$MB.txt
  if [ ! -s "$IN" ]; then
    mkdir -p bench/data
    want=$((MB * 1000000))
    find /usr/share/doc -type f | LC_ALL=C sort | while read -r f; do
      case "$f" in
        *.gz) zcat -- "$f" 2>/dev/null | grep -Iq . 2>/dev/null && zcat -- "$f" ;;
        *) grep -Iq . "$f" 2>/dev/null && cat -- "$f" ;;
      esac
      echo
    done 2>/dev/null | head -c "$want" >"$IN.tmp" || true
    # cut the last, partial line
    size=$(wc -c <"$IN.tmp")
    last=$(tail -c 4096 "$IN.tmp" | awk 'END { print length($0) }')
    head -c $((size - last)) "$IN.tmp" >"$IN"
    rm -f "$IN.tmp"
  fi
fi
size=$(wc -c <"$IN")
echo "input: $IN, $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB)"
printf '%-10s %8s %10s %6s\n' command seconds "peak MB" ratio
for cmd in analyze keywords entities dedupe; do
  log=$(mktemp)
  /usr/bin/time -v "$LUA" bin/kata "$cmd" "$IN" >/dev/null 2>"$log" || {
    tail -n 30 "$log" >&2
    rm -f "$log"
    exit 1
  }
  kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$log")
  rm -f "$log"
  awk -v c="$cmd" -v kb="$kb" -v s="$size" -v w="$wall" 'BEGIN {
    n = split(w, t, ":"); sec = 0
    for (i = 1; i <= n; i++) sec = sec * 60 + t[i]
    printf "%-10s %8.1f %10.0f %6.2f\n", c, sec, kb * 1024 / 1e6, kb * 1024 / s
  }'
done
