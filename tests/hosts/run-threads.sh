#!/bin/sh
# run-threads.sh: kata in 4 Lua states on 4 threads at once
# (tests/hosts/threads.c running tests/hosts/threads.lua), built plain and
# under ThreadSanitizer (clang -fsanitize=thread on the host, the core and
# the binding; Debian's liblua5.4, libutf8proc and libstemmer are not
# instrumented, so TSan sees kata's accesses, not theirs). Also:
#   - a canary run (-X, a race that is one whatever the scheduling) must
#     make TSan report and fail,
#     so a TSan that sees nothing cannot pass silently;
#   - the core and the binding must have no writable global data (.data,
#     .bss, TLS objects in the objects of src/core and src/lua_kata).
#   - the plain build under valgrind's helgrind (one round per thread),
#     which does see inside liblua5.4, utf8proc and libstemmer; skipped
#     when valgrind is missing or THREADS_HELGRIND=0.
# THREADS_ROUNDS (default 3) rounds per thread. Exits non-zero on a
# mismatch, an error, a race report or global state.
set -eu
cd "$(dirname "$0")/../.."
MAKE="make -s --no-print-directory -f Makefile -f tests/hosts/hosts.mk"
SCRIPT=tests/hosts/threads.lua
ROUNDS=${THREADS_ROUNDS:-3}
now() { date +%s; }

t0=$(now)
$MAKE VARIANT=plain build/hosts/plain/threads
build/hosts/plain/threads -l threads -r "$ROUNDS" "$SCRIPT"
echo "(plain: $(( $(now) - t0 ))s with the build)"

# Writable globals in the core and the binding: objdump's symbols in
# .data, .bss (also .data.rel.local, a pointer table not declared const)
# and thread-local sections; .data.rel.ro is read-only after relocation.
nobj=$(find build/hosts/plain/obj -name "*.o" 2>/dev/null | wc -l)
[ "$nobj" -gt 0 ] || { echo "threads: no objects in build/hosts/plain/obj"; exit 1; }
globals=$(for o in $(find build/hosts/plain/obj -name "*.o" | sort); do
  objdump -t "$o" | awk -v o="$o" '$NF !~ /^\./ && $0 ~ /[ \t]\.(data|bss|tdata|tbss)([ \t.])/ \
    && $0 !~ /\.data\.rel\.ro/ { print o ": " $NF }'
done)
if [ -n "$globals" ]; then
  echo "threads: writable global data in kata:"; echo "$globals"; exit 1
fi
echo "globals: no writable data in the $nobj objects of the core and the binding"

t0=$(now)
$MAKE VARIANT=tsan build/hosts/tsan/threads
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1"
if build/hosts/tsan/threads -X -r 1 -l threads-canary "$SCRIPT" >build/hosts/tsan/canary.log 2>&1 \
   || ! grep -q 'WARNING: ThreadSanitizer: data race' build/hosts/tsan/canary.log; then
  echo "threads-tsan: the canary race was not reported: is TSan working?"
  cat build/hosts/tsan/canary.log; exit 1
fi
echo "(tsan canary: race reported, as it should be)"
build/hosts/tsan/threads -l threads-tsan -r "$ROUNDS" "$SCRIPT"
echo "(tsan: $(( $(now) - t0 ))s with the build)"

if [ "${THREADS_HELGRIND:-1}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
  t0=$(now)
  valgrind --tool=helgrind -q --error-exitcode=98 \
    build/hosts/plain/threads -l threads-helgrind -r 1 "$SCRIPT"
  echo "(helgrind: $(( $(now) - t0 ))s)"
fi
