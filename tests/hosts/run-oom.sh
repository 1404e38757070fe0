#!/bin/sh
# run-oom.sh: builds tests/hosts/oom (kata linked in) and runs every API
# call of tests/hosts/oom.lua with the allocator failing after N
# allocations, for every N:
#   1. plain -O2 build, stride 1 (every N), each N in a forked copy of the
#      set-up state: results, errors, crashes, and the host's own byte
#      count (every byte back after lua_close); then the same with -1,
#      where only allocation N fails (Lua retries its own, so this aims at
#      kata's error paths and at failures the core swallows), stride
#      OOM_ONESHOT_STRIDE (default 2);
#   2. AddressSanitizer + UBSan build, a new state per run (-F: forking an
#      ASan process and leak-checking each child is 3 times slower), so
#      LeakSanitizer at exit sees every run, kata's malloc'd memory too
#      (Snowball stemmers, FILEs); both modes, strides OOM_ASAN_STRIDE
#      (default 6) and OOM_ASAN_STRIDE1 (default 12); stride 1 takes ~2
#      minutes per mode on 2 cores;
#   3. with OOM_VALGRIND=1, the plain build under valgrind (-F), stride
#      OOM_VALGRIND_STRIDE (default 60).
# Exits non-zero on any failure, crash, sanitizer or valgrind report.
set -eu
cd "$(dirname "$0")/../.."
MAKE="make -s --no-print-directory -f Makefile -f tests/hosts/hosts.mk"
SCRIPT=tests/hosts/oom.lua
now() { date +%s; }

t0=$(now)
$MAKE VARIANT=plain build/hosts/plain/oom
build/hosts/plain/oom -l oom "$SCRIPT"
build/hosts/plain/oom -1 -l oom-oneshot -s "${OOM_ONESHOT_STRIDE:-2}" "$SCRIPT"
echo "(plain: $(( $(now) - t0 ))s with the build)"

t0=$(now)
$MAKE VARIANT=asan build/hosts/asan/oom
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
build/hosts/asan/oom -F -l oom-asan -s "${OOM_ASAN_STRIDE:-6}" "$SCRIPT"
build/hosts/asan/oom -F -1 -l oom-asan-oneshot -s "${OOM_ASAN_STRIDE1:-12}" "$SCRIPT"
echo "(asan: $(( $(now) - t0 ))s with the build)"

if [ "${OOM_VALGRIND:-0}" = 1 ]; then
  t0=$(now)
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    build/hosts/plain/oom -F -l oom-valgrind -s "${OOM_VALGRIND_STRIDE:-60}" "$SCRIPT"
  echo "(valgrind: $(( $(now) - t0 ))s)"
fi
