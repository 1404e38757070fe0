#!/usr/bin/env bash
# bench/keywords/run.sh: kata's keyword methods and the npm peers on the public
# keyphrase sets of ../shared/keyphrase (`make bench-keywords`), scored with
# that folder's protocol (bench/keywords/kplib.lua): P, R, F1 @10 over all
# documents and over each part of a set, and documents per second.
#   kata (Lua, kata_run.lua): frequency, tfidf (corpus = the set), yake,
#     yake1 (ngrams = 1), proto (the Lua prototype of the key-phrase method,
#     keyphrase.lua, at its parameters of f3fd72d), keyphrase (kata.keywords'
#     default, the C key phrases); keyphrase-C (kata_keyphrase_run alone
#     through the small driver keyphrase_run.c)
#   npm (peers.mjs, every set): retext-keywords, retext-keyphrases,
#     keyword-extractor; installed by `npm ci` into bench/keywords/node_modules
#     when missing. None has Indonesian (retext-pos tags English,
#     keyword-extractor has no Indonesian stop words): on id-keps they run
#     with the same English settings, as a user without a choice would
# Settings: KATA_KEYPHRASE_DIR (default ../shared/keyphrase),
# KATA_BENCH_SETS (default: every set found), KATA_BENCH_PEERS=0 (no npm).
set -e
cd "$(dirname "$0")/../.."
LUA=${LUA:-lua5.4}
DIR=${KATA_KEYPHRASE_DIR:-../shared/keyphrase}
export KATA_KEYPHRASE_DIR="$DIR"
SETS=${KATA_BENCH_SETS:-"500N-KPCrowd DUC-2001 id-keps"}
make -s LUA="$LUA" >/dev/null
export LUA_PATH="lua/?.lua;lua/?/init.lua;bench/keywords/?.lua;;" LUA_CPATH="build/$LUA/?.so;;"
PEERS=${KATA_BENCH_PEERS:-1}
if [ "$PEERS" != 0 ] && [ ! -d bench/keywords/node_modules ]; then
  (cd bench/keywords && npm ci --silent)
fi
DRIVER=
if [ -f src/core/keywords/keyphrase.c ]; then
  # the C method alone: a driver timing it without Lua
  DRIVER=build/bench/keyphrase_run
  mkdir -p build/bench
  CC_=${BENCH_CC:-gcc}
  $CC_ -O2 -std=c99 -Isrc -Isrc/core bench/keywords/keyphrase_run.c \
    "build/$LUA/libkata.a" -lutf8proc -lstemmer -lm -o "$DRIVER"
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
start=$(date +%s)
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kata $(git rev-parse --short HEAD 2>/dev/null), $LUA, $(node --version 2>/dev/null || echo 'no node'), $(date -u +%Y-%m-%d)"
for set in $SETS; do
  [ -d "$DIR/$set" ] || { echo "($DIR/$set: missing, skipped)"; continue; }
  out="$T/$set"
  mkdir -p "$out"
  : >"$out/order.txt"
  methods="frequency tfidf yake yake1 proto"
  [ -n "$DRIVER" ] && methods="$methods keyphrase"
  for m in $methods; do
    $LUA bench/keywords/kata_run.lua "$set" "$m" "$out/$m.tsv" >"$out/$m.time"
    echo "$m" >>"$out/order.txt"
  done
  if [ -n "$DRIVER" ]; then
    lang=en; [ "$set" = id-keps ] && lang=id
    "$DRIVER" "$DIR/$set" "$lang" "$out/keyphrase-C.tsv" >"$out/keyphrase-C.time"
    echo keyphrase-C >>"$out/order.txt"
  fi
  if [ "$PEERS" != 0 ]; then
    for p in retext-keywords retext-keyphrases keyword-extractor; do
      node bench/keywords/peers.mjs "$DIR/$set" "$p" "$out/$p.tsv" >"$out/$p.time"
      echo "$p" >>"$out/order.txt"
    done
  fi
  echo
  $LUA bench/keywords/score.lua "$set" "$out"
done
echo
echo "took $(( $(date +%s) - start )) s, load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
