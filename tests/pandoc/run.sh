#!/bin/sh
# tests/pandoc/run.sh: the pandoc filter filters/kata.lua in Debian's pandoc
# (2.17, Lua 5.3). Builds kata for Lua 5.3, runs pandoc with the filter on
# examples/pandoc/berita.md and on a DOCX file pandoc writes from it here,
# and checks the metadata in pandoc's JSON output (with jq): language,
# keywords, key phrases, entities, the duplicate report; the marks
# (kata-mark-duplicates from -M or the YAML block), a document left as it
# was without them, errors, and the example of docs/pandoc.md.
# Prints `pandoc: N passed, N failed`; exits 1 on a failure.
#
#   sh tests/pandoc/run.sh      (from anywhere; VERBOSE=1 prints every check)
set -u
cd "$(dirname "$0")/../.." || exit 1
export LC_ALL=C.UTF-8
unset LUA_PATH LUA_CPATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
failed=0

ok() {
  pass=$((pass + 1))
  [ -n "${VERBOSE:-}" ] && echo "ok: $1"
  return 0
}
bad() {
  failed=$((failed + 1))
  echo "FAIL: $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/    /'
  return 0
}
# check NAME WANT GOT
check() {
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "want: $2
got:  $3"; fi
}
finish() {
  echo "pandoc: $pass passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

for need in pandoc jq; do
  command -v "$need" >/dev/null 2>&1 || { bad "no $need (sh tools/deps.sh ci)"; finish; }
done
make -s LUA=lua5.3 all >/dev/null || { bad "make LUA=lua5.3 all"; finish; }

MD=examples/pandoc/berita.md
FILTER=filters/kata.lua
# json FILE [pandoc arguments]: pandoc's JSON of FILE through the filter
json() {
  f=$1
  shift
  pandoc "$f" --lua-filter "$FILTER" "$@" -t json 2>"$tmp/err"
}
# meta JQ-PATH: one field of .meta.kata in $tmp/md.json as text, lists
# joined by "|"
meta() {
  jq -r ".meta.kata.c$1 | if .t == \"MetaList\" then [.c[].c] | join(\"|\") else .c end" "$tmp/md.json"
}
# divs FILE: the kata-duplicate Divs anywhere in the document, one line each
divs() {
  jq -r '.. | objects | select(.t? == "Div" and (.c[0][1] | index("kata-duplicate")))
         | .c[0][2] | map(.[1]) | join(" ")' "$1"
}

# --- the Markdown file
json "$MD" -M kata-n=5 >"$tmp/md.json"
check "markdown: pandoc ran the filter" "0 " "$? $(cat "$tmp/err")"
echo 'return { { Pandoc = function(doc) io.stderr:write(_VERSION) return doc end } }' >"$tmp/version.lua"
check "pandoc's Lua is 5.3" "Lua 5.3" \
  "$(echo x | pandoc -f markdown -t plain --lua-filter "$tmp/version.lua" 2>&1 >/dev/null)"
check "markdown: language" id "$(meta .language)"
check "markdown: paragraphs (headers left out)" 6 "$(meta .paragraphs)"
check "markdown: words" 75 "$(meta .words)"
check "markdown: keywords (kata-n=5)" "bendungan|cabai|harga|induk|lipat" "$(meta .keywords)"
check "markdown: key phrases" \
  "harga cabai rawit|pasar induk naik|bendungan sepaku|presiden joko widodo|kalimantan timur" \
  "$(meta .key_phrases)"
check "markdown: PERSON" "Joko Widodo" "$(meta .entities.c.PERSON)"
check "markdown: LOCATION" "Bendungan Sepaku|Kalimantan Timur|Ibu Kota Nusantara|Pasar Induk|Kabupaten Garut" \
  "$(meta .entities.c.LOCATION)"
check "markdown: DATE" "Senin (3/4)|minggu ini|Kamis pagi" "$(meta .entities.c.DATE)"
check "markdown: only the types found" "DATE LOCATION NUMBER PERSON" \
  "$(jq -r '.meta.kata.c.entities.c | keys | join(" ")' "$tmp/md.json")"
check "markdown: the duplicate report" \
  "5 1 1 exact Presiden Joko Widodo meresmikan Bendungan Sepaku di Kalimantan Timur, Senin (3/4).
6 3 0.875 near Harga cabai rawit di Pasar Induk naik dua kali lipat pekan ini, kata para pedagang." \
  "$(jq -r '.meta.kata.c.duplicates.c[].c | [.paragraph.c, .of.c, .similarity.c, .kind.c, .text.c] | join(" ")' "$tmp/md.json")"
check "markdown: the rest of the metadata kept" "Bendungan Sepaku diresmikan" \
  "$(jq -r '[.meta.title.c[] | .c // " "] | join("")' "$tmp/md.json")"

# --- marks: none by default, the document as pandoc reads it
check "markdown: no marks without kata-mark-duplicates" "" "$(divs "$tmp/md.json")"
pandoc "$MD" -t json | jq -c .blocks >"$tmp/plain.blocks"
check "markdown: without marks the blocks are unchanged" "$(cat "$tmp/plain.blocks")" \
  "$(jq -c .blocks "$tmp/md.json")"
json "$MD" -M kata-mark-duplicates >"$tmp/marked.json"
check "markdown -M kata-mark-duplicates: the two repeats in Divs" "1 1 exact
3 0.875 near" "$(divs "$tmp/marked.json")"
check "markdown -M kata-mark-duplicates: the same text" \
  "$(pandoc "$MD" -t plain)" "$(pandoc "$MD" --lua-filter "$FILTER" -M kata-mark-duplicates -t plain)"
json "$MD" -M kata-mark-duplicates=false >"$tmp/unmarked.json"
check "markdown -M kata-mark-duplicates=false: no marks" "" "$(divs "$tmp/unmarked.json")"
sed 's/^title: /kata-mark-duplicates: true\ntitle: /' "$MD" >"$tmp/yaml.md"
json "$tmp/yaml.md" >"$tmp/yaml.json"
check "markdown, kata-mark-duplicates: true in the YAML block" "1 1 exact
3 0.875 near" "$(divs "$tmp/yaml.json")"
html=$(pandoc "$MD" --lua-filter "$FILTER" -M kata-mark-duplicates -t html | grep -c '<div class="kata-duplicate" data-kata-of="[13]"')
check "html: the marks as divs with data- attributes" 2 "$html"

# --- a DOCX file written by pandoc from the Markdown
pandoc "$MD" -o "$tmp/berita.docx"
check "docx: written" 0 "$?"
json "$tmp/berita.docx" -M kata-n=5 -M kata-mark-duplicates >"$tmp/docx.json"
check "docx: pandoc ran the filter" "0 " "$? $(cat "$tmp/err")"
check "docx: the same metadata as the Markdown's" \
  "$(jq -S -c .meta.kata "$tmp/md.json")" "$(jq -S -c .meta.kata "$tmp/docx.json")"
check "docx: the two repeats in Divs" "1 1 exact
3 0.875 near" "$(divs "$tmp/docx.json")"

# --- errors
got=$(json "$MD" -M kata-n=abc; echo "exit $?"; cat "$tmp/err")
case $got in
  *"exit 83"*"kata filter: metadata kata-n must be a number from 0 to 1000, not 'abc'"*) ok "kata-n=abc" ;;
  *) bad "kata-n=abc" "$got" ;;
esac
got=$(json "$MD" -M kata-lang=xx; echo "exit $?"; cat "$tmp/err")
case $got in
  *"exit 83"*"bad argument #2 to 'analyze' (unknown language 'xx')"*) ok "kata-lang=xx" ;;
  *) bad "kata-lang=xx" "$got" ;;
esac
# the filter alone, away from a checkout, with no kata installed for Lua 5.3
mkdir -p "$tmp/alone"
cp "$FILTER" "$tmp/alone/kata.lua"
got=$(LUA_PATH_5_3="$tmp/none/?.lua" LUA_CPATH_5_3="$tmp/none/?.so" \
      pandoc "$MD" --lua-filter "$tmp/alone/kata.lua" -t json 2>&1)
case $got in
  *"kata filter: kata is not built for Lua 5.3 (run make LUA=lua5.3 all in the checkout"*) ok "no kata: a message" ;;
  *) bad "no kata: a message" "$got" ;;
esac
got=$(printf '' | pandoc -f markdown --lua-filter "$FILTER" -t json | jq -c '.meta.kata.c | [.paragraphs.c, .duplicates.c, .keywords.c]')
check "an empty document" '["0",[],[]]' "$got"

# --- docs/pandoc.md: its pandoc line prints its text block
line=$(grep -m 1 '^pandoc examples/pandoc/berita.md' docs/pandoc.md)
awk '/^```text$/ { on = 1; next } /^```/ { if (on) exit } on' docs/pandoc.md >"$tmp/doc.want"
if [ -z "$line" ]; then
  bad "docs/pandoc.md: no 'pandoc examples/pandoc/berita.md' line"
else
  check "docs/pandoc.md: its example's output" "$(cat "$tmp/doc.want")" "$(eval "$line" 2>&1)"
fi
finish
