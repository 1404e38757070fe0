#!/usr/bin/env bash
# bench/dupindex.sh: the duplicate benchmarks of issue 4 (`make bench-dup`).
#
#   bash bench/dupindex.sh [DIR]
#
# In DIR (default bench/data/dupindex, git-ignored) it generates 2,000,000
# news-length paragraphs with about 30% duplicates and their ground truth
# (bench/dupindex/gen.py, seed 1, from bench/data/english.txt) and the first
# 1,000,000 of them; then runs, one after the other:
#   kata.index on 1M (estimated similarity) and on 1M and 2M with a
#       confirmation store (bench/dupindex.lua index), each scored against
#       the ground truth (bench/dupindex/score.py);
#   the Python MinHash + LSH peer on 1M (bench/dupindex/peer.py), scored
#       the same way: it takes about an hour (its buckets grow with the
#       index); KATA_BENCH_PEER=0 skips it, KATA_BENCH_PEER_N=200000 runs it
#       on a prefix instead;
#   exact mode on the first 60 MB of the 1M text split at line ends
#       (kata.duplicates and kata.dedupe, method = "exact") and on
#       bench/data/english.txt (bench/dupindex.lua exact).
# Every figure is printed as the tools print it; docs/performance.md has
# them. Speed is reported, never asserted.
set -e
cd "$(dirname "$0")/.."
D=${1:-bench/data/dupindex}
LUA=${LUA:-lua5.4}
mkdir -p "$D"
make -s LUA="$LUA" >/dev/null
[ -f bench/data/english.txt ] || bash bench/corpus.sh
export LUA_PATH="lua/?.lua;lua/?/init.lua;bench/?.lua;;" LUA_CPATH="build/$LUA/?.so;;"
if [ ! -f "$D/p2m.txt" ]; then
  python3 bench/dupindex/gen.py 2000000 1 bench/data/english.txt "$D/p2m.txt" "$D/p2m.truth"
fi
head -n 1000000 "$D/p2m.txt" >"$D/p1m.txt"
awk -F'\t' '$1 <= 1000000' "$D/p2m.truth" >"$D/p1m.truth"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in "p1m near" "p1m store" "p2m store"; do
  set -- $run
  echo "== kata.index, $1, $2"
  $LUA bench/dupindex.lua index "$D/$1.txt" "$D/kata-$1-$2.tsv" "$2"
  python3 bench/dupindex/score.py "$D/$1.txt" "$D/$1.truth" "$D/kata-$1-$2.tsv" | head -1
done
if [ "${KATA_BENCH_PEER:-1}" != 0 ]; then
  N=${KATA_BENCH_PEER_N:-1000000}
  head -n "$N" "$D/p1m.txt" >"$D/peer-in.txt"
  awk -F'\t' -v n="$N" '$1 <= n' "$D/p1m.truth" >"$D/peer-in.truth"
  echo "== Python peer, $N paragraphs"
  python3 bench/dupindex/peer.py "$D/peer-in.txt" "$D/peer.tsv"
  python3 bench/dupindex/score.py "$D/peer-in.txt" "$D/peer-in.truth" "$D/peer.tsv" | head -1
fi
echo "== exact mode"
head -c 60000000 "$D/p1m.txt" >"$D/p60mb.txt"
$LUA bench/dupindex.lua exact "$D/p60mb.txt" 3 line
$LUA bench/dupindex.lua exact bench/data/english.txt 3
