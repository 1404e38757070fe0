#!/usr/bin/env bash
# bench/run.sh: the tokenizer and keyword benchmarks (`make bench` runs it).
#
#   bash bench/run.sh [FILE]
#
# Builds bench/core_bench.c and bench/icu_words.c into build/bench/ (only
# when a source is newer), runs make for the Lua module(s), makes the corpus
# with bench/corpus.sh when the default file is missing, then runs on the
# same file, one after the other:
#   build/bench/core_bench    kata's C core (tokenizer, word segments)
#   build/bench/icu_words     ICU4C's word BreakIterator (UTF-8 and UTF-16)
#   $LUA bench/tokenize.lua   kata.tokens, kata.words, gmatch, LPeg
#   luajit bench/tokenize.lua the same under LuaJIT (kata rows only when
#                             `make LUA=luajit` builds its module)
# and prints one markdown table, the machine and the date; then a second,
# shorter table (C core and ICU only) on bench/data/mixed.txt if it exists.
# Then the keyword benchmarks, each printing its own tables:
#   $LUA bench/count.lua      kata.count (defaults, lang="en", stem=true,
#                             ngrams={1,2}) against a pure-Lua counter on
#                             the same file, and the memory peak of one
#                             count (a fresh process per row)
#   luajit bench/count.lua    the pure-Lua, defaults and lang="en" rows
#                             under LuaJIT (no memory table)
#   $LUA bench/yake.lua       YAKE and frequency keywords of 2000 ~4 KB
#                             articles cut from the file
#   $LUA bench/distinct.lua N for N = 1M, 2M, 5M (and 10M with
#                             KATA_BENCH_10M=1) distinct synthetic words,
#                             one fresh process each: time, peak RSS,
#                             bytes per term
# and last the machine: CPU, memory, OS, compiler and Lua versions, the
# load average at the start and at the end, and how long the run took.
# Speed is reported, never asserted: the exit status is 0 unless something
# fails to build or run.
#
# Environment:
#   KATA_BENCH_FILE   the text (default bench/data/english.txt); or $1
#   KATA_BENCH_RUNS   runs per figure (default 5 for C, 3 for Lua)
#   KATA_BENCH_MIXED  0 to skip the mixed-script table
#   KATA_BENCH_LUAJIT 0 to skip the LuaJIT rows
#   LUA               the Lua of the main rows (default lua5.4)
#   BENCH_CC          the C compiler (default gcc); flags -O2
#   KATA_BENCH_TOKENIZER 0 to skip the tokenizer tables
#   KATA_BENCH_KEYWORDS  0 to skip the keyword benchmarks
#   KATA_BENCH_EXTRA_RUNS runs of the stem and ngrams counting rows (default 1)
#   KATA_BENCH_ROW_SECONDS a counting or keyword row runs again only while
#                     its runs so far took less (default 10 CPU seconds)
#   KATA_BENCH_COUNT_ROWS counting rows for LuaJIT (default pure,kata,en)
#   KATA_BENCH_ARTICLES  articles for bench/yake.lua (default 2000)
#   KATA_BENCH_DISTINCT  0 to skip the distinct-terms table
#   KATA_BENCH_DISTINCT_SIZES the Ns (default "1000000 2000000 5000000")
#   KATA_BENCH_10M    1 to add N = 10000000 (about a minute more, 1.5 GB)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

LUA=${LUA:-lua5.4}
BENCH_CC=${BENCH_CC:-gcc}
OUT=build/bench
DEFAULT_FILE=bench/data/english.txt
FILE=${1:-${KATA_BENCH_FILE:-$DEFAULT_FILE}}
MIXED=bench/data/mixed.txt
CFLAGS_BENCH="-O2 -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kata-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

note() { echo "run.sh: [${SECONDS}s] $*" >&2; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
SECONDS=0

# stale OUT IN...: true when OUT is missing or older than one of IN.
stale() {
  local out=$1 f
  shift
  [ -e "$out" ] || return 0
  for f in "$@"; do [ "$f" -nt "$out" ] && return 0; done
  return 1
}

# {==================================================================
# Build
# ===================================================================
mkdir -p "$OUT"

CORE_SRC=(src/core/*.c src/core/*/*.c)
if stale "$OUT/core_bench" bench/core_bench.c bench/benchutil.h src/*.h src/core/*.h src/core/*/*.h \
  "${CORE_SRC[@]}"; then
  note "building $OUT/core_bench"
  # shellcheck disable=SC2086,SC2046
  $BENCH_CC $CFLAGS_BENCH -Isrc -Isrc/core $(pkg-config --cflags libutf8proc 2>/dev/null) \
    -o "$OUT/core_bench" bench/core_bench.c "${CORE_SRC[@]}" \
    $(pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc) \
    -lstemmer -lm
fi

HAVE_ICU=1
if ! pkg-config --exists icu-uc icu-i18n; then
  HAVE_ICU=0
  note "ICU not found (apt-get install libicu-dev): no ICU rows"
elif stale "$OUT/icu_words" bench/icu_words.c bench/benchutil.h; then
  note "building $OUT/icu_words"
  # shellcheck disable=SC2086,SC2046
  $BENCH_CC $CFLAGS_BENCH -o "$OUT/icu_words" bench/icu_words.c \
    $(pkg-config --cflags --libs icu-uc icu-i18n)
fi

# the Lua module, for $LUA and (when it is there) LuaJIT, brought up to date
LUAS=("$LUA")
if [ "${KATA_BENCH_LUAJIT:-1}" != 0 ] && [ "$LUA" != luajit ] &&
  command -v luajit >/dev/null; then
  LUAS+=(luajit)
fi
for lua in "${LUAS[@]}"; do
  # make is incremental: this is quick when the module is up to date
  if [ -e Makefile ]; then
    if ! make --no-print-directory LUA="$lua" >"$TMP/make-$lua.log" 2>&1; then
      note "make LUA=$lua failed, its kata rows will be missing:"
      grep -m 3 'error' "$TMP/make-$lua.log" >&2 || tail -n 3 "$TMP/make-$lua.log" >&2
    fi
  fi
done
# }==================================================================

# {==================================================================
# Corpus
# ===================================================================
if [ ! -s "$FILE" ]; then
  if [ "$FILE" = "$DEFAULT_FILE" ]; then
    note "making the corpus (bench/corpus.sh)"
    bash bench/corpus.sh "$DEFAULT_FILE" "$MIXED"
  else
    note "$FILE: no such file"
    exit 2
  fi
fi
# }==================================================================

# {==================================================================
# Runs
# ===================================================================
RES=$TMP/results.tsv
: >"$RES"
RES_MIXED=$TMP/mixed.tsv
: >"$RES_MIXED"
TOKENIZER=${KATA_BENCH_TOKENIZER:-1}

if [ "$TOKENIZER" != 0 ]; then
  note "C core on $FILE"
  "$OUT/core_bench" "$FILE" | grep -v '^#' >>"$RES"
  if [ "$HAVE_ICU" = 1 ]; then
    note "ICU on $FILE"
    "$OUT/icu_words" "$FILE" | grep -v '^#' >>"$RES"
  fi
fi

lua_rows() { # lua_rows LUA CPATHDIR
  local lua=$1 cdir=$2
  command -v "$lua" >/dev/null || { note "$lua not found"; return 0; }
  note "$lua bench/tokenize.lua on $FILE"
  LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;;" \
    LUA_CPATH="$ROOT/$cdir/?.so;;" \
    "$lua" bench/tokenize.lua "$FILE" | grep -v '^#' >>"$RES"
}
if [ "$TOKENIZER" != 0 ]; then
  for lua in "${LUAS[@]}"; do
    lua_rows "$lua" "build/$lua"
  done
fi

if [ "$TOKENIZER" != 0 ] && [ "${KATA_BENCH_MIXED:-1}" != 0 ] && [ -s "$MIXED" ] &&
  [ "$FILE" != "$MIXED" ]; then
  note "C core and ICU on $MIXED"
  "$OUT/core_bench" "$MIXED" | grep -v '^#' >>"$RES_MIXED"
  if [ "$HAVE_ICU" = 1 ]; then
    "$OUT/icu_words" "$MIXED" | grep -v '^#' >>"$RES_MIXED"
  fi
fi
# }==================================================================

# {==================================================================
# Report
# ===================================================================
# table TSV: the markdown table; the ratio is MB/s over the MB/s of the
# ICU UTF-8 (UText) row of the same file.
table() {
  awk -F'\t' '
    { name[NR] = $1; yields[NR] = $2; bytes[NR] = $3; tokens[NR] = $4
      secs[NR] = $5; mbs[NR] = $3 / $5 / 1e6; tps[NR] = $4 / $5
      if ($1 ~ /^ICU .*UTF-8 \(UText\)/) ref = mbs[NR] }
    END {
      print "| implementation | tokens are | count | MB/s | tokens/s | vs ICU |"
      print "|---|---|--:|--:|--:|--:|"
      for (i = 1; i <= NR; i++) {
        r = ref > 0 ? sprintf("%.2fx", mbs[i] / ref) : "n/a"
        printf "| %s | %s | %d | %.1f | %.2f M | %s |\n", name[i],
          yields[i], tokens[i], mbs[i], tps[i] / 1e6, r
      }
    }' "$1"
}

# mbs TSV PATTERN: the MB/s of the first row whose name matches PATTERN.
mbs() {
  awk -F'\t' -v pat="$2" '$1 ~ pat { printf "%.1f", $3 / $5 / 1e6; exit }' "$1"
}

# targets: the issue's targets, measured against this run (information
# only, never a failure).
targets() {
  local res=$1 ref best seg row
  ref=$(mbs "$res" '^ICU .*UTF-8 \\(UText\\)')
  best=$(awk -F'\t' '$1 ~ /^ICU/ { m = $3 / $5 / 1e6; if (m > b) b = m }
    END { if (b) printf "%.1f", b }' "$res")
  echo "Targets (from the issue; reported, not asserted):"
  echo
  for row in "C core: kata_tokenizer_next" "C core: kata_word_next"; do
    seg=$(mbs "$res" "^$row")
    [ -n "$seg" ] || continue
    awk -v n="$row" -v m="$seg" -v r="$ref" -v b="$best" 'BEGIN {
      printf "- %s: %.1f MB/s (target >= 150: %s)", n, m,
        (m >= 150 ? "met" : "NOT met")
      if (r > 0)
        printf "; %.2fx ICU UTF-8 (target >= 3x: %s); %.2fx the fastest ICU row",
          m / r, (m / r >= 3 ? "met" : "NOT met"), m / b
      print ""
    }'
  done
  # kata.words against gmatch under the same Lua (the " (Lua 5.4)" suffix)
  awk -F'\t' '
    match($1, / \([^()]*\)$/) {
      v = substr($1, RSTART + 2, RLENGTH - 3); m = $3 / $5 / 1e6
      if (index($1, "kata.words (") == 1) w[v] = m
      if (index($1, "pure Lua gmatch") == 1) { g[v] = m; order[++k] = v }
    }
    END {
      for (i = 1; i <= k; i++) {
        v = order[i]
        if (v in w)
          printf "- kata.words vs gmatch(\"%%w+\") under %s: %.1f vs %.1f MB/s = %.2fx (target >= 1x: %s)\n",
            v, w[v], g[v], w[v] / g[v], (w[v] >= g[v] ? "met" : "NOT met")
        else
          printf "- kata.words under %s: not measured (no kata module built for it)\n", v
      }
    }' "$res"
}

desc() { # desc FILE: size and a word on what it is
  local f=$1 n
  n=$(wc -c <"$f")
  awk -v n="$n" -v f="$f" 'BEGIN { printf "`%s`, %.1f MB (%d bytes)", f, n / 1e6, n }'
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
ver() { "$@" 2>&1 | head -n 1; }

echo "## kata tokenizer benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); text: $(desc "$FILE")"
if [ "$TOKENIZER" = 0 ]; then
  echo
  echo "(not run: KATA_BENCH_TOKENIZER=0)"
else
  echo
  table "$RES"
  echo
  targets "$RES"
fi
if [ -s "$RES_MIXED" ]; then
  echo
  echo "Mixed scripts, $(desc "$MIXED"):"
  echo
  table "$RES_MIXED"
fi
# }==================================================================

# {==================================================================
# Keywords: counting, YAKE, distinct terms (after the tokenizer tables)
# ===================================================================
# with_kata LUA CMD...: runs CMD with the kata module built for LUA.
with_kata() {
  local lua=$1
  shift
  LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;;" \
    LUA_CPATH="$ROOT/build/$lua/?.so;;" "$@"
}

# has_kata LUA: true when LUA is there and its module is built.
has_kata() {
  command -v "$1" >/dev/null && [ -e "build/$1/kata/core.so" ]
}

# failed NAME LOG: says NAME failed, with the end of its stderr; the exit
# status will be 1, after the rest has run.
FAILED=0
failed() {
  note "$1 failed:"
  tail -n 5 "$2" >&2
  FAILED=1
}

# distinct_table TSV: the markdown table of bench/distinct.lua's lines and
# the linearity check (bytes per term, and time per term).
distinct_table() {
  awk -F'\t' -v have10m="${KATA_BENCH_10M:-0}" '
    function mib(kb) { return sprintf("%.1f MB", kb / 1024) }
    { n[NR] = $1; bytes[NR] = $2; wall[NR] = $4; cpu[NR] = $5; base[NR] = $6
      peak[NR] = $7; tab[NR] = $8; reset[NR] = $9
      per[NR] = ($7 - $6) * 1024 / $1
      t = (wall[NR] == "nan") ? cpu[NR] : wall[NR]
      tper[NR] = t / $1 * 1e9 }
    END {
      if (NR == 0) { print "(no run succeeded)"; exit }
      print "| distinct terms | text | kata.count wall | CPU | M terms/s (wall) | RSS after loading | peak RSS (VmHWM) | peak - baseline | bytes per term | of which the result table (Lua) |"
      print "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
      lo = hi = 1; tlo = thi = 1; big = 1
      for (i = 1; i <= NR; i++) {
        printf "| %d | %.1f MB | %s s | %.2f s | %.2f | %s | %s | %s | %.0f | %s |\n",
          n[i], bytes[i] / 1e6, wall[i], cpu[i],
          n[i] / (wall[i] == "nan" ? cpu[i] : wall[i]) / 1e6,
          mib(base[i]), mib(peak[i]), mib(peak[i] - base[i]), per[i],
          mib(tab[i])
        if (per[i] < per[lo]) lo = i
        if (per[i] > per[hi]) hi = i
        if (tper[i] < tper[tlo]) tlo = i
        if (tper[i] > tper[thi]) thi = i
        if (n[i] > n[big]) big = i
        if (n[i] == 10000000) got10m = 1
      }
      print ""
      printf "- Target: memory grows linearly with distinct terms: %.0f to %.0f bytes per term (max/min %.2f; met when <= 2, as the hash tables grow by doubling); peak - baseline %.1fx for %.1fx the terms (%s)\n",
        per[lo], per[hi], per[hi] / per[lo],
        (peak[big] - base[big]) / (peak[1] - base[1]), n[big] / n[1],
        per[hi] / per[lo] <= 2 ? "met" : "NOT met"
      printf "- Time per distinct term (wall): %.0f to %.0f ns (max/min %.2f)\n",
        tper[tlo], tper[thi], tper[thi] / tper[tlo]
      if (got10m)
        printf "- Target: ten million distinct terms work: %d terms counted, each once (met)\n", 10000000
      else
        print "- Ten million distinct terms: not run here (KATA_BENCH_10M=1 adds it; about a minute)"
      if (reset[1] != "true")
        print "- (/proc/self/clear_refs could not reset the peak: baselines are VmHWM after loading, which includes reading the file)"
    }' "$1"
}

if [ "${KATA_BENCH_KEYWORDS:-1}" != 0 ]; then
  echo
  echo "## kata keyword benchmark"
  echo
  echo "Counting on the same file, $(desc "$FILE"); keywords per ~4 KB"
  echo "article cut from it; synthetic distinct words for the memory test."

  # counting: every row under $LUA (and its memory peak), the target rows
  # (pure Lua, kata.count defaults and lang="en") under the other Luas
  for lua in "${LUAS[@]}"; do
    if ! has_kata "$lua"; then
      note "no kata module for $lua: no counting rows"
      continue
    fi
    note "$lua bench/count.lua on $FILE"
    echo
    if [ "$lua" = "$LUA" ]; then
      with_kata "$lua" "$lua" bench/count.lua "$FILE" \
        2>"$TMP/count-$lua.log" || failed "$lua bench/count.lua" "$TMP/count-$lua.log"
    else
      KATA_BENCH_COUNT_ROWS=${KATA_BENCH_COUNT_ROWS:-pure,kata,en} \
        KATA_BENCH_MEMORY=0 with_kata "$lua" "$lua" bench/count.lua "$FILE" \
        2>"$TMP/count-$lua.log" || failed "$lua bench/count.lua" "$TMP/count-$lua.log"
    fi
  done

  if has_kata "$LUA"; then
    note "$LUA bench/yake.lua on $FILE"
    echo
    with_kata "$LUA" "$LUA" bench/yake.lua "$FILE" \
      2>"$TMP/yake.log" || failed "$LUA bench/yake.lua" "$TMP/yake.log"
  fi

  if [ "${KATA_BENCH_DISTINCT:-1}" != 0 ] && has_kata "$LUA"; then
    sizes=${KATA_BENCH_DISTINCT_SIZES:-1000000 2000000 5000000}
    [ "${KATA_BENCH_10M:-0}" = 1 ] && sizes="$sizes 10000000"
    : >"$TMP/distinct.tsv"
    for n in $sizes; do
      note "$LUA bench/distinct.lua $n (a fresh process)"
      with_kata "$LUA" "$LUA" bench/distinct.lua "$n" "$TMP/distinct-$n.txt" \
        >>"$TMP/distinct.tsv" 2>"$TMP/distinct.log" ||
        failed "$LUA bench/distinct.lua $n" "$TMP/distinct.log"
    done
    echo
    echo "### Distinct terms: kata.count(s, {stopwords=false}) under $("$LUA" -v 2>&1 | cut -d' ' -f1-2)"
    echo
    echo "N distinct synthetic words (6 to 8 letters a-z, space-separated), one"
    echo "fresh process per N; MB = 2^20 bytes for memory, 10^6 for text."
    echo
    distinct_table "$TMP/distinct.tsv"
  fi
fi
# }==================================================================

# {==================================================================
# Machine
# ===================================================================
echo
echo "Machine:"
echo
echo "- CPU: ${cpu:-unknown}, $(nproc) cores; memory $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)"
echo "- load average (1, 5, 15 min): $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) at the end; the whole run took ${SECONDS} s"
echo "- OS: $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)"
echo "- kernel: $(uname -sr)"
echo "- C: $(ver "$BENCH_CC" --version) -O2"
[ "$HAVE_ICU" = 1 ] && echo "- ICU: $(pkg-config --modversion icu-uc)"
echo "- utf8proc: $(dpkg-query -W -f '${Version}' libutf8proc-dev 2>/dev/null ||
  pkg-config --modversion libutf8proc 2>/dev/null || echo '?')"
for lua in "${LUAS[@]}"; do
  echo "- $lua: $(ver "$lua" -v)"
done
echo "- LPeg: $("$LUA" -e 'local ok, l = pcall(require, "lpeg")
  io.write(ok and (type(l.version) == "function" and l.version() or tostring(l.version)) or "none")' 2>/dev/null)"
echo "- kata: $(git rev-parse --short HEAD 2>/dev/null || echo 'no commit'), $(git status --porcelain -- src lua 2>/dev/null | grep -q . && echo 'with uncommitted changes' || echo 'clean')"
echo "- each figure: the median of ${KATA_BENCH_RUNS:-5 (C) or 3 (Lua)} runs (counting: see its runs column); MB = 10^6 bytes" \
  "unless said; C times are wall clock, Lua times CPU time (os.clock) unless said"
# }==================================================================
exit "$FAILED"
