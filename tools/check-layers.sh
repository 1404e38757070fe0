#!/bin/sh
# check-layers.sh MODULE: the layers of the house, checked from the tree.
#   - no core file (src/core/) includes a host header (Lua's, Redis'),
#     <stdio.h> (the core never prints; it formats with nothing), or a
#     header of another folder of the core but internal.h, strtab.h and
#     unicode/ucd.h (the shared pieces);
#   - no core file prints, exits or aborts;
#   - a binding (src/lua_kata/, src/redis_kata/) includes kata.h, its own
#     folder's headers and system or host headers, never a core header;
#   - the module MODULE (a shared build) exports kata.h's functions and
#     luaopen_kata_core, nothing else.
# Prints one line per rule broken, then "check-layers: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
module=${1:-build/lua5.4/kata/core.so}
passed=0 failed=0

fail() { echo "check-layers: $*"; failed=$((failed + 1)); }

# rule NAME OUTPUT: a rule holds when the command that made OUTPUT found nothing.
rule() {
  if [ -n "$2" ]; then
    fail "$1:"
    echo "$2" | sed 's/^/  /'
  else
    passed=$((passed + 1))
  fi
}

core_files=$(find src/core -name '*.c' -o -name '*.h' | sort)
binding_files=$(find src/lua_kata src/redis_kata -name '*.c' -o -name '*.h' | sort)

rule "a core file includes a host header or stdio.h" \
  "$(grep -nE '#[ \t]*include[ \t]*[<"](lua|lauxlib|lualib|luajit|redismodule|stdio)\.h[>"]' $core_files)"

rule "a core file prints, exits or aborts" \
  "$(grep -nwE '(printf|fprintf|puts|fputs|putchar|perror|exit|abort|stdout|stderr)' $core_files |
     grep -vE '^[^:]*:[0-9]+:[ \t]*(\*\*|/\*|//)')"

# A core file's quoted includes: kata.h, a file beside it, or a shared piece.
bad=$(for f in $core_files; do
  dir=$(dirname "$f")
  grep -oE '#[ \t]*include[ \t]*"[^"]+"' "$f" | sed 's/.*"\(.*\)"/\1/' | while read -r h; do
    case $h in
      kata.h | internal.h | strtab.h | unicode/ucd.h) ;;
      *) [ -f "$dir/$h" ] || echo "$f: $h" ;;
    esac
  done
done)
rule "a core file includes a private header of another folder" "$bad"

bad=$(for f in $binding_files; do
  dir=$(dirname "$f")
  grep -oE '#[ \t]*include[ \t]*"[^"]+"' "$f" | sed 's/.*"\(.*\)"/\1/' | while read -r h; do
    case $h in
      kata.h | redismodule.h | lua.h | lauxlib.h | lualib.h) ;;
      *) [ -f "$dir/$h" ] || echo "$f: $h" ;;
    esac
  done
done)
rule "a binding includes a private core header" "$bad"

if [ -f "$module" ]; then
  bad=$(nm -D --defined-only "$module" | awk '{print $3}' | grep -v '^_' | sort |
    while read -r s; do
      [ "$s" = luaopen_kata_core ] && continue
      grep -qE "\b$s\(" src/kata.h || echo "$s"
    done)
  rule "$module exports a symbol kata.h does not declare" "$bad"
else
  fail "no $module to check the exports of (build it first)"
fi

echo "check-layers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
