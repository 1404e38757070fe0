#!/bin/sh
# tests/nvim/run.sh: the Neovim plugin's tests, in a real headless Neovim.
#
#   sh tests/nvim/run.sh          (from anywhere; NVIM=... picks the binary)
#
# Builds the LuaJIT module if it is missing, tries the `nvim -u NONE ...`
# line of docs/neovim.md (it must define the commands), then runs
# tests/nvim/test.lua twice: with this checkout on 'runtimepath' (commands, marks, quickfix,
# keyword window, edits while runs are pending, the examples of
# docs/neovim.md), and with a copy of the plugin that has no build beside
# it (kata.core missing: a message, not an error). Prints each check, then
# one line "neovim: N passed, N failed"; exits 1 on a failure.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
NVIM=${NVIM:-nvim}
export LC_ALL=C.UTF-8
# kata.core must be the LuaJIT build: a LUA_CPATH for another Lua (the
# Makefile exports one) would point Neovim at a module it cannot load.
unset LUA_PATH LUA_CPATH

if ! command -v "$NVIM" >/dev/null 2>&1; then
  echo "neovim: 0 passed, 1 failed (no $NVIM)"
  exit 1
fi
if [ ! -f build/luajit/kata/core.so ]; then
  make -s LUA=luajit all >/dev/null || { echo "neovim: 0 passed, 1 failed (make LUA=luajit)"; exit 1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# run NAME RTP MODE: one Neovim; adds its RESULT to the totals.
run() {
  log="$tmp/$1.log"
  timeout 300 "$NVIM" --headless --clean -u NONE -i NONE -n \
    --cmd "set rtp^=$2" \
    --cmd "let g:kata_test_mode = '$3' | let g:kata_test_build = '$root/build/luajit'" \
    -c 'runtime plugin/kata.lua' \
    -c "luafile $root/tests/nvim/test.lua" >"$log" 2>"$tmp/$1.err" </dev/null
  rc=$?
  grep -v '^RESULT ' "$log"
  result=$(grep '^RESULT ' "$log" | tail -n 1)
  if [ -z "$result" ]; then
    echo "FAIL $1: Neovim exited ($rc) without a result"
    failed=$((failed + 1))
  else
    set -- $result
    passed=$((passed + $2))
    failed=$((failed + $3))
  fi
  # anything on stderr is an error message Neovim printed
  if [ -s "$tmp/$1.err" ] && grep -q '[^[:space:]]' "$tmp/$1.err"; then
    echo "FAIL messages on stderr:"
    sed 's/^/  /' "$tmp/$1.err" | head -n 20
    failed=$((failed + 1))
  fi
}

# try NAME COMMAND-LINE: the `nvim -u NONE ...` line of docs/neovim.md, as
# a user types it (the clone for ~/src/kata), must define the commands.
try_doc_line() {
  line=$(grep -m 1 '^nvim -u NONE' docs/neovim.md)
  if [ -z "$line" ]; then
    echo "FAIL docs/neovim.md: no 'nvim -u NONE' line to try the plugin"
    failed=$((failed + 1))
    return
  fi
  line=$(printf '%s' "$line" | sed "s|~/src/kata|$root|g; s|^nvim |$NVIM --headless -i NONE -n |")
  got=$(eval "timeout 300 $line -c 'lua io.stdout:write(vim.fn.exists(\":KataEntities\"), \"\\n\")' -c 'qa!'" 2>&1 </dev/null)
  if [ "$got" = 2 ]; then
    echo "ok   docs/neovim.md: its nvim -u NONE line defines the commands"
    passed=$((passed + 1))
  else
    echo "FAIL docs/neovim.md: its nvim -u NONE line defines no :KataEntities ($got)"
    failed=$((failed + 1))
  fi
}

start=$(date +%s)
try_doc_line
run main "$root" main
mkdir -p "$tmp/missing/lua"
cp -r plugin "$tmp/missing/"
cp -r lua/kata "$tmp/missing/lua/"
run missing "$tmp/missing" missing
echo "(took $(($(date +%s) - start)) s)"
echo "neovim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
