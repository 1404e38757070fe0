#!/usr/bin/env bash
# bench/run.sh: the tokenizer benchmark (`make bench` runs it).
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

note() { echo "run.sh: $*" >&2; }

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

CORE_SRC=()
for f in src/*.c; do
  [ "$f" = src/lua_kata.c ] || CORE_SRC+=("$f")
done
if stale "$OUT/core_bench" bench/core_bench.c bench/benchutil.h src/*.h \
  "${CORE_SRC[@]}"; then
  note "building $OUT/core_bench"
  # shellcheck disable=SC2086,SC2046
  $BENCH_CC $CFLAGS_BENCH -Isrc $(pkg-config --cflags libutf8proc 2>/dev/null) \
    -o "$OUT/core_bench" bench/core_bench.c "${CORE_SRC[@]}" \
    $(pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
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

note "C core on $FILE"
"$OUT/core_bench" "$FILE" | grep -v '^#' >>"$RES"
if [ "$HAVE_ICU" = 1 ]; then
  note "ICU on $FILE"
  "$OUT/icu_words" "$FILE" | grep -v '^#' >>"$RES"
fi

lua_rows() { # lua_rows LUA CPATHDIR
  local lua=$1 cdir=$2
  command -v "$lua" >/dev/null || { note "$lua not found"; return 0; }
  note "$lua bench/tokenize.lua on $FILE"
  LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;;" \
    LUA_CPATH="$ROOT/$cdir/?.so;;" \
    "$lua" bench/tokenize.lua "$FILE" | grep -v '^#' >>"$RES"
}
for lua in "${LUAS[@]}"; do
  lua_rows "$lua" "build/$lua"
done

RES_MIXED=$TMP/mixed.tsv
: >"$RES_MIXED"
if [ "${KATA_BENCH_MIXED:-1}" != 0 ] && [ -s "$MIXED" ] &&
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
echo
table "$RES"
echo
targets "$RES"
if [ -s "$RES_MIXED" ]; then
  echo
  echo "Mixed scripts, $(desc "$MIXED"):"
  echo
  table "$RES_MIXED"
fi
echo
echo "Machine:"
echo
echo "- CPU: ${cpu:-unknown}, $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
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
echo "- each figure: the median of ${KATA_BENCH_RUNS:-5 (C) or 3 (Lua)} runs; MB = 10^6 bytes;" \
  "C times are wall clock, Lua times CPU time (os.clock)"
# }==================================================================
