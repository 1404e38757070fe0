#!/bin/sh
# build.sh: builds the Redis module, build/redis/kata.so (`make redis`).
#
#   sh src/redis_kata/build.sh          the module, linked with build/lua5.4/libkata.a
#   SAN=1 sh src/redis_kata/build.sh    the same with AddressSanitizer + UBSan, linked
#                              with build/lua5.4-asan/libkata.a, as
#                              build/redis/kata-asan.so
#   sh src/redis_kata/build.sh header   only build/redis/redismodule.h (for the fuzz
#                              target tests/fuzz/fuzz_redis_load.c); without
#                              redis-server, from the current source package
#
# redismodule.h is in no Debian binary package: the first build fetches the
# source package of the installed redis-server (deb-src through a temporary
# apt list, nothing changed in /etc/apt) and keeps only src/redismodule.h in
# build/redis/. Later builds reuse it. REDISMODULE_H=/path/redismodule.h
# uses a header you already have instead. Never commit the header.
set -e
cd "$(dirname "$0")/../.."

CC=${CC:-cc}
OUT=build/redis
HDR=$OUT/redismodule.h
mkdir -p "$OUT"

# Debian packages: the core's (tools/deps.sh) and Redis itself, whose
# version the header must match.
MODE=${1:-module}
[ "$MODE" = header ] || sh tools/deps.sh base
missing=""
for p in redis-server redis-tools; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ] && [ "$MODE" != header ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "kata: installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "the Redis module needs these Debian packages:$missing" >&2
    echo "run: sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

fetch_header() {
  version=$(dpkg-query -W -f='${Version}' redis-server 2>/dev/null || true)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/src"
  key=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    echo "deb-src [signed-by=$key] http://deb.debian.org/debian bookworm main"
    echo "deb-src [signed-by=$key] http://deb.debian.org/debian bookworm-updates main"
    echo "deb-src [signed-by=$key] http://deb.debian.org/debian-security bookworm-security main"
  } >"$tmp/sources.list"
  set -- -o Dir::Etc::SourceList="$tmp/sources.list" \
    -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$tmp/lists" \
    -o Dir::Cache="$tmp/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root
  echo "kata: fetching redismodule.h from Debian's redis source package $version"
  apt-get "$@" update -qq
  # apt checks the files against the signed Sources index.
  if [ -z "$version" ] || ! (cd "$tmp/src" && apt-get "$@" source -qq --download-only "redis=$version"); then
    echo "kata: redis ${version:-(not installed)} is not in the archive; taking its current 7.0 source" >&2
    (cd "$tmp/src" && apt-get "$@" source -qq --download-only redis)
  fi
  orig=$(ls "$tmp"/src/redis_*.orig.tar.* | head -n 1)
  tar -xf "$orig" -C "$tmp/src" --wildcards '*/src/redismodule.h'
  cp "$tmp"/src/redis-*/src/redismodule.h "$HDR.tmp"
  mv "$HDR.tmp" "$HDR"
  rm -rf "$tmp"
  trap - EXIT
}

if [ -n "$REDISMODULE_H" ]; then
  cp "$REDISMODULE_H" "$HDR"
elif [ ! -s "$HDR" ]; then
  fetch_header
fi
[ "$MODE" = header ] && exit 0

if [ "$SAN" = 1 ]; then
  BUILD=build/lua5.4-asan
  SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
  SO=$OUT/kata-asan.so
else
  BUILD=build/lua5.4
  SANFLAGS=
  SO=$OUT/kata.so
fi

# The core: the Makefile's own rule (objects compiled with -fPIC).
make -s ${SAN:+SAN=$SAN} "$BUILD/libkata.a"

WARNINGS="-Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
-Wpointer-arith -Wcast-qual -Werror"
UTF8PROC_LIBS=$(pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
# The module's files (src/redis_kata/*.c), each to its object.
OBJ=$OUT/obj${SAN:+-asan}
mkdir -p "$OBJ"
objs=
for src in src/redis_kata/*.c; do
  o=$OBJ/$(basename "$src" .c).o
  $CC -std=c99 ${CFLAGS:--O2 -g} $SANFLAGS $WARNINGS -pthread -fPIC -fvisibility=hidden -Isrc -isystem "$OUT" \
    -c "$src" -o "$o"
  objs="$objs $o"
done
$CC -shared $SANFLAGS -o "$SO" $objs "$BUILD/libkata.a" \
  $UTF8PROC_LIBS -lstemmer -lm -pthread
echo "kata: built $SO"
