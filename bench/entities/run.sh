#!/usr/bin/env bash
# bench/entities/run.sh: the entity benchmark (`make bench-entities`), in one run:
#   throughput of kata.entities (bench/entities/speed.lua), wink-nlp and
#   compromise (bench/entities/speed.js) on the same English prose, the first
#   KATA_BENCH_BYTES (default 1,000,000) bytes of bench/data/english.txt for
#   kata and wink, and the first 200,000 for compromise (it is slow);
#   precision, recall and F1 of each on the annotated fixtures
#   (tests/fixtures/entities/{dev,heldout}, scored by score.lua), by
#   language.
# Installs the npm peers (npm ci in bench/entities) when they are missing.
set -e
cd "$(dirname "$0")/../.."
LUA=${LUA:-lua5.4}
BYTES=${KATA_BENCH_BYTES:-1000000}
make -s LUA="$LUA" >/dev/null
[ -f bench/data/english.txt ] || bash bench/corpus.sh
[ -d bench/entities/node_modules ] || (cd bench/entities && npm ci --silent)
export LUA_PATH="lua/?.lua;lua/?/init.lua;bench/?.lua;;" LUA_CPATH="build/$LUA/?.so;;"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== throughput"
$LUA bench/entities/speed.lua bench/data/english.txt "$BYTES" 5
node bench/entities/speed.js wink bench/data/english.txt 5 --bytes "$BYTES"
node bench/entities/speed.js compromise bench/data/english.txt 3 --bytes 200000
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for set in dev heldout; do
  for lang in en id; do
    files=$(ls tests/fixtures/entities/$set/$lang-*.txt)
    $LUA bench/entities/kata_tag.lua $files >"$T/kata.tsv"
    node bench/entities/tag.js wink $files >"$T/wink.tsv"
    node bench/entities/tag.js compromise $files >"$T/compromise.tsv"
    for peer in kata wink compromise; do
      echo "== $peer, $set, $lang"
      $LUA tests/fixtures/entities/score.lua "$T/$peer.tsv" $files | tail -5 | head -3
    done
  done
done
