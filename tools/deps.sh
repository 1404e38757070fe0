#!/bin/sh
# deps.sh: installs the Debian packages a make target needs (as root), or
# prints the apt-get line that would. usage: sh tools/deps.sh base|ci|bench|gazetteers
set -e

base="gcc make pkg-config lua5.4 liblua5.4-dev libutf8proc-dev libstemmer-dev
      unicode-data lua-busted bzip2"
# LuaJIT: OpenResty's branch (luajit2), which Debian's nginx Lua module
# needs and which conflicts with the luajit package; the same interpreter
# and headers (/usr/include/luajit-2.1) for kata.
ci="$base luajit2 libluajit2-5.1-dev lua5.1 liblua5.1-0-dev clang
    libclang-rt-14-dev lua-check valgrind luarocks neovim redis-server redis-tools
    nginx libnginx-mod-http-lua curl pandoc lua5.3 liblua5.3-dev jq"
bench="$base libicu-dev lua-lpeg luajit2 libluajit2-5.1-dev"
# make gazetteers: the dictionaries its filter reads (npm is checked there)
gazetteers="$base hunspell-id hunspell-en-us"

case "${1:-base}" in
  base) want=$base ;;
  ci) want=$ci ;;
  bench) want=$bench ;;
  gazetteers) want=$gazetteers ;;
  *) echo "deps.sh: unknown set '$1' (base, ci, bench, gazetteers)" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "kata: installing Debian packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "kata needs these Debian packages:$missing" >&2
  echo "run: sudo apt-get install -y$missing" >&2
  exit 1
fi
