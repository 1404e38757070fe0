#!/usr/bin/env bash
# bench/corpus.sh: builds the benchmark texts from real text shipped in
# Debian packages.
#
#   bash bench/corpus.sh [ENGLISH_OUT [MIXED_OUT]]
#
# Defaults: bench/data/english.txt and bench/data/mixed.txt (bench/data/ is
# git-ignored). KATA_BENCH_SIZE sets the size of the English file in bytes
# (default 24000000, i.e. 24 MB); KATA_BENCH_MIXED_SIZE that of the mixed one
# (default 6000000).
#
# english.txt, real English prose, about 9 MB of distinct text repeated
# (whole copies, then cut at a line end) up to the size asked for:
#   - the King James Bible (bible-kjv-text; its data file is compressed, so
#     the `bible` program of bible-kjv prints it), with the "Ge1:1 " verse
#     references stripped, one verse a line: ~4.1 MB
#   - the Jargon File 4.4.7 (jargon-text, jargon.txt.gz): ~1.7 MB
#   - the English fortune cookies (fortunes, fortunes-min: literature,
#     songs-poems, people, science, ...; the ascii-art file is left out):
#     ~2.6 MB
#   - the Debian FAQ (debian-faq, debian-faq.en.txt.gz): ~0.2 MB
#   - the licence texts in /usr/share/common-licenses (base-files): ~0.3 MB
#   Over 99.5% ASCII: the rest is the Jargon File's box-drawing tables,
#   no-break spaces, curly quotes and dashes.
#
# mixed.txt, real text in several scripts, interleaved 40 lines at a time
# so that no script runs for megabytes:
#   - Russian (Cyrillic): fortunes-ru, debian-faq-ru
#   - Bulgarian (Cyrillic): fortunes-bg
#   - Chinese (Han): fortunes-zh (its ANSI colour escapes removed),
#     debian-faq-zh-cn
#   - Japanese (Kanji, Hiragana, Katakana): debian-faq-ja
#   - Vietnamese (Latin with many diacritics): maint-guide-vi
#   - English: the first 4000 verses of the KJV text above
#   repeated or cut to the size asked for. About half
#   of its characters are not ASCII.
#
# A file found in the system (the package is installed) is used in place;
# otherwise the package is fetched with `apt-get download` (no root needed,
# nothing installed) into bench/data/debs and unpacked with dpkg-deb into
# bench/data/pkgroot. A source that cannot be had is skipped with a warning;
# the English file needs at least one.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA=${KATA_BENCH_DATA:-$HERE/data}
EN_OUT=${1:-$DATA/english.txt}
MIX_OUT=${2:-$DATA/mixed.txt}
EN_SIZE=${KATA_BENCH_SIZE:-24000000}
MIX_SIZE=${KATA_BENCH_MIXED_SIZE:-6000000}
DEBS=$DATA/debs
ROOT=$DATA/pkgroot

mkdir -p "$DATA" "$(dirname "$EN_OUT")" "$(dirname "$MIX_OUT")"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kata-corpus.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

warn() { echo "corpus.sh: $*" >&2; }

# pkgfile PACKAGE PATH: prints where PATH (absolute, as installed) of
# PACKAGE can be read, unpacking the package if it is not installed.
pkgfile() {
  local pkg=$1 path=$2
  if [ -e "$path" ]; then echo "$path"; return 0; fi
  if [ ! -e "$ROOT$path" ]; then
    mkdir -p "$DEBS" "$ROOT"
    if ! ls "$DEBS/${pkg}"_*.deb >/dev/null 2>&1; then
      (cd "$DEBS" && apt-get download "$pkg" >/dev/null 2>&1) || {
        warn "cannot download $pkg (try: apt-get update)"
        return 1
      }
    fi
    local deb
    for deb in "$DEBS/${pkg}"_*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
  fi
  if [ -e "$ROOT$path" ]; then echo "$ROOT$path"; return 0; fi
  warn "$pkg has no $path"
  return 1
}

# cat_any FILE: prints FILE, uncompressing it if it ends in .gz.
cat_any() {
  case $1 in
    *.gz) gzip -dc "$1" ;;
    *) cat "$1" ;;
  esac
}

# fortune_dir DIR: prints the cookie files of DIR (not the .dat indexes nor
# the .u8 links), without the "%" separator lines.
fortune_dir() {
  local f
  for f in "$1"/*; do
    case $f in *.dat | *.u8) continue ;; esac
    [ -f "$f" ] && cat "$f"
  done | grep -av '^%$'
}

# grow IN OUT SIZE: repeats IN whole until it reaches SIZE bytes, then cuts
# the last copy at the end of a line.
grow() {
  local in=$1 out=$2 size=$3 have
  have=$(wc -c <"$in")
  if [ "$have" -eq 0 ]; then warn "no text for $out"; return 1; fi
  : >"$out.tmp"
  while [ "$(wc -c <"$out.tmp")" -lt "$size" ]; do cat "$in" >>"$out.tmp"; done
  # head -c may cut a line (or a UTF-8 sequence); drop the partial last line
  head -c "$size" "$out.tmp" | sed '$d' >"$out"
  rm -f "$out.tmp"
}

# {==================================================================
# English
# ===================================================================
kjv() {
  local bin data
  if [ -x /usr/bin/bible ] && [ -e /usr/lib/bible.data ]; then
    bin=/usr/bin/bible data=/usr/lib
  else
    bin=$(pkgfile bible-kjv /usr/bin/bible) || return 1
    data=$(dirname "$(pkgfile bible-kjv-text /usr/lib/bible.data)") || return 1
  fi
  # -f: formatted, one verse a line (no COLUMNS, so no wrapping)
  COLUMNS='' "$bin" -p "$data" -f Gen1:1-Rev22:21 </dev/null |
    sed -E 's/^[1-3]?[A-Za-z]+[0-9]+:[0-9]+ //'
}

english_base() {
  local f
  kjv >"$TMP/kjv.txt" || warn "skipping the KJV"
  cat "$TMP/kjv.txt"
  if f=$(pkgfile jargon-text /usr/share/doc/jargon-text/jargon.txt.gz); then
    cat_any "$f"
  fi
  local fortunes="art computers cookie debian definitions disclaimer drugs
    education ethnic food fortunes goedel humorists kids knghtbrd law linux
    linuxcookie literature love magic medicine men-women miscellaneous news
    paradoxum people perl pets platitudes politics pratchett riddles science
    songs-poems sports startrek tao translate-me wisdom work zippy"
  local name pkg
  for name in $fortunes; do
    case $name in
      fortunes | literature | riddles) pkg="fortunes-min" ;;
      *) pkg="fortunes" ;;
    esac
    # fortunes separates cookies with "%" lines; keep them, they are text
    f=$(pkgfile "$pkg" "/usr/share/games/fortunes/$name" 2>/dev/null) &&
      cat "$f"
  done
  if f=$(pkgfile debian-faq /usr/share/doc/debian/FAQ/debian-faq.en.txt.gz); then
    cat_any "$f"
  fi
  for f in /usr/share/common-licenses/*; do
    [ -f "$f" ] && cat "$f"
  done
  return 0
}
# }==================================================================

# {==================================================================
# Mixed scripts
# ===================================================================
mixed_sources() {
  local f
  # each source on its own: script name, then the text
  f=$(pkgfile fortunes-ru /usr/share/games/fortunes/ru/love) &&
    fortune_dir "$(dirname "$f")" >"$TMP/m-ru-fortunes.txt"
  f=$(pkgfile debian-faq-ru /usr/share/doc/debian/FAQ/debian-faq.ru.txt.gz) &&
    cat_any "$f" >"$TMP/m-ru-faq.txt"
  f=$(pkgfile fortunes-bg /usr/share/games/fortunes/bg/bgproverb) &&
    fortune_dir "$(dirname "$f")" >"$TMP/m-bg.txt"
  f=$(pkgfile fortunes-zh /usr/share/games/fortunes/tang300) &&
    cat "$f" "$(dirname "$f")/song100" "$(dirname "$f")/chinese" |
    sed 's/\x1b\[[0-9;]*m//g' | grep -av '^%$' >"$TMP/m-zh-fortunes.txt"
  f=$(pkgfile debian-faq-zh-cn /usr/share/doc/debian/FAQ/debian-faq.zh-cn.txt.gz) &&
    cat_any "$f" >"$TMP/m-zh-faq.txt"
  f=$(pkgfile debian-faq-ja /usr/share/doc/debian/FAQ/debian-faq.ja.txt.gz) &&
    cat_any "$f" >"$TMP/m-ja.txt"
  f=$(pkgfile maint-guide-vi /usr/share/doc/maint-guide-vi/maint-guide.vi.txt.gz) &&
    cat_any "$f" >"$TMP/m-vi.txt"
  head -n 4000 "$TMP/kjv.txt" >"$TMP/m-en.txt" 2>/dev/null || true
  return 0
}

# Interleaves the sources by chunks of 40 lines: the chunk i of every source
# in turn, so that every script shows up every few kilobytes.
interleave() {
  awk '
    FNR == 1 { nf++ }
    { line[nf, FNR] = $0; if (FNR > n[nf]) n[nf] = FNR;
      if (FNR > max) max = FNR }
    END {
      for (s = 1; s <= max; s += 40)
        for (f = 1; f <= nf; f++)
          for (i = s; i < s + 40 && i <= n[f]; i++) print line[f, i]
    }' "$@"
}
# }==================================================================

english_base >"$TMP/english-base.txt"
grow "$TMP/english-base.txt" "$EN_OUT" "$EN_SIZE"
echo "corpus.sh: $EN_OUT: $(wc -c <"$EN_OUT") bytes" \
  "($(wc -c <"$TMP/english-base.txt") distinct)" >&2

if [ -n "$MIX_OUT" ] && [ "$MIX_OUT" != "-" ]; then
  mixed_sources
  shopt -s nullglob
  srcs=("$TMP"/m-*.txt)
  if [ ${#srcs[@]} -gt 0 ]; then
    interleave "${srcs[@]}" >"$TMP/mixed-base.txt"
    grow "$TMP/mixed-base.txt" "$MIX_OUT" "$MIX_SIZE"
    echo "corpus.sh: $MIX_OUT: $(wc -c <"$MIX_OUT") bytes" \
      "($(wc -c <"$TMP/mixed-base.txt") distinct)" >&2
  else
    warn "no non-Latin text found; $MIX_OUT not written"
  fi
fi
