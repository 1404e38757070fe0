#!/bin/sh
# run.sh: the Redis module's tests (`sh tests/redis/run.sh`). Builds it
# (src/redis_kata/build.sh), starts a real redis-server on 127.0.0.1 (a random free
# port, a temporary directory) with --loadmodule and checks, with redis-cli:
# the examples of docs/redis.md, each command against the Lua API on the same
# texts (tests/redis/parity.lua), scripts (EVAL, FUNCTION/FCALL), the index
# across restarts (RDB, then AOF) and on a replica, errors, malformed and
# random arguments, memory after many calls, a short redis-benchmark run
# and hostile RESTORE payloads (tests/redis/restore_payloads.lua). Prints
# `redis: N passed, N failed`; exits 1 on a failure.
#
#   SAN=1                  the module built with AddressSanitizer and UBSan
#                          (build/redis/kata-asan.so), in a redis-server
#                          with libasan preloaded
#   KATA_REDIS_SO=path     tests that build of the module (no build)
#   KATA_REDIS_SEED=n      repeats a run's random commands
#   KATA_REDIS_TIMEOUT=s   gives up (stopping its servers) after s seconds,
#                          900 by default (a guard against a hang, far
#                          over a run's time: about 40 s, and 120 to 280 s
#                          under ASan on a loaded machine)
#   VERBOSE=1              prints every check
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
tmp=$(mktemp -d)
pass=0
failed=0
PID=
PORT=

stop_server() {
  if [ -n "$PID" ]; then
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    PID=
  fi
}
RPID=
WATCHDOG=
cleanup() {
  [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null
  [ -n "$RPID" ] && kill "$RPID" 2>/dev/null
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT
# A server that stops answering would block redis-cli forever: after 900 s
# the servers this script started (their ids in $tmp/*.pid) are stopped,
# which ends any redis-cli waiting, and this script is told to finish.
(
  trap 'kill "$sp" 2>/dev/null; exit 0' TERM
  sleep "${KATA_REDIS_TIMEOUT:-900}" &
  sp=$!
  wait "$sp"
  echo "redis: giving up after ${KATA_REDIS_TIMEOUT:-900} s" >&2
  for f in "$tmp"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  kill -TERM $$
) &
WATCHDOG=$!

ok() {
  pass=$((pass + 1))
  [ -n "$VERBOSE" ] && echo "ok: $1"
  return 0
}
bad() {
  failed=$((failed + 1))
  echo "FAIL: $1"
  [ -n "$2" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'
  return 0
}
# check NAME WANT GOT
check() {
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "want: $2
got:  $3"; fi
}

finish() {
  echo "redis: $pass passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
trap 'WATCHDOG=; bad "timed out or interrupted" ""; finish' INT TERM

PRELOAD=
if [ "$SAN" = 1 ]; then
  PRELOAD=$(${CC:-cc} -print-file-name=libasan.so)
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
  export ASAN_OPTIONS UBSAN_OPTIONS
fi
if [ -z "$KATA_REDIS_SO" ]; then
  if ! sh src/redis_kata/build.sh >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log"
    bad "build" ""
    finish
  fi
  KATA_REDIS_SO=$ROOT/build/redis/kata.so
  [ "$SAN" = 1 ] && KATA_REDIS_SO=$ROOT/build/redis/kata-asan.so
fi
case $KATA_REDIS_SO in /*) ;; *) KATA_REDIS_SO=$ROOT/$KATA_REDIS_SO ;; esac
ok "build"

# start_server [extra redis-server arguments]: on $PORT (a new random one
# when unset or taken) with the data in $tmp/data.
mkdir -p "$tmp/data"
start_server() {
  tries=0
  while [ $tries -lt 8 ]; do
    tries=$((tries + 1))
    [ -z "$PORT" ] && PORT=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000))
    LD_PRELOAD=$PRELOAD redis-server --port "$PORT" --bind 127.0.0.1 --dir "$tmp/data" \
      --dbfilename dump.rdb --save "" --daemonize no --enable-debug-command local \
      --logfile "$tmp/redis.log" --loadmodule "$KATA_REDIS_SO" "$@" 2>>"$tmp/redis.err" &
    PID=$!
    echo "$PID" >"$tmp/server.pid"
    i=0
    while [ $i -lt 600 ]; do
      if [ "$(redis-cli -p "$PORT" ping 2>/dev/null)" = PONG ]; then return 0; fi
      kill -0 "$PID" 2>/dev/null || break
      sleep 0.05
      i=$((i + 1))
    done
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    PID=
    # A port someone else holds: try another. The same data must be
    # reachable again, so only the first start moves on.
    grep -q "Address already in use" "$tmp/redis.log" 2>/dev/null && [ -z "$RESTART" ] && PORT= && continue
    break
  done
  tail -n 20 "$tmp/redis.log" 2>/dev/null
  return 1
}

# lua_kata CODE [ARG...]: runs CODE with `kata` loaded (the Lua module).
lua_kata() {
  code=$1
  shift
  printf 'package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath
kata = require "kata"
%s\n' "$code" | lua5.4 - "$@" 2>&1
}
cli() { redis-cli -p "$PORT" --no-raw "$@" 2>&1; }
raw() { redis-cli -p "$PORT" --raw "$@" 2>&1; }

# alive NAME: the server still answers (after something that might crash it).
alive() {
  check "$1: server alive" PONG "$(redis-cli -p "$PORT" ping 2>&1)"
}

if ! start_server; then
  bad "start redis-server with the module" ""
  finish
fi
ok "start redis-server with the module"
check "MODULE LIST" kata "$(raw MODULE LIST | sed -n '2p')"

# {=== The examples of docs/redis.md: each ```redis block (a command a line,
# as typed to redis-cli) with the ```text block after it (redis-cli's output).
awk -v dir="$tmp" '
  /^```redis$/ { n++; f = sprintf("%s/doc%03d.redis", dir, n); inb = 1; start[n] = NR; next }
  /^```text$/ && n && !done[n] { g = sprintf("%s/doc%03d.want", dir, n); intxt = 1; next }
  /^```/ { if (inb) { inb = 0 } else if (intxt) { intxt = 0; done[n] = 1 }; next }
  inb { print > f }
  intxt { print > g }
  END { for (i = 1; i <= n; i++) print i, start[i] > (dir "/doc.lines") }
' docs/redis.md
ndocs=0
for f in "$tmp"/doc*.redis; do
  [ -f "$f" ] || continue
  ndocs=$((ndocs + 1))
  base=${f%.redis}
  num=$(basename "$base" | sed 's/^doc0*//')
  line=$(awk -v n="$num" '$1 == n { print $2 }' "$tmp/doc.lines")
  if [ ! -f "$base.want" ]; then
    bad "docs/redis.md:$line: a \`\`\`redis block without a \`\`\`text block" ""
    continue
  fi
  got=$(redis-cli -p "$PORT" --no-raw <"$f" 2>&1)
  want=$(cat "$base.want")
  if [ "$got" = "$want" ]; then ok "docs/redis.md:$line"; else
    bad "docs/redis.md:$line" "$(printf '%s\n' "$want" >"$base.w"; printf '%s\n' "$got" >"$base.g"; diff "$base.w" "$base.g")"
  fi
done
[ "$ndocs" -ge 10 ] && ok "docs/redis.md has $ndocs examples" || bad "docs/redis.md has only $ndocs examples" ""
cli FLUSHALL >/dev/null
# }===

# {=== Parity with the Lua API: the same texts and options, the same fields.
# parity LABEL NAME...: the cases on the server on $PORT. The "large-"
# ones (1.2 MB) run in a background thread, the others inline.
parity() {
  label=$1
  shift
  for name in "$@"; do
    raw <"$tmp/$name.cmd" >"$tmp/$name.got"
    if cmp -s "$tmp/$name.want" "$tmp/$name.got"; then ok "parity$label: $name"; else
      bad "parity$label: $name" "$(diff "$tmp/$name.want" "$tmp/$name.got" | head -n 12)"
    fi
  done
}
if make -s all >"$tmp/make.log" 2>&1 && lua5.4 tests/redis/parity.lua "$tmp" >"$tmp/cases" 2>&1; then
  # shellcheck disable=SC2046
  parity "" $(cat "$tmp/cases")
else
  bad "parity: the Lua module or tests/redis/parity.lua" "$(cat "$tmp/make.log" "$tmp/cases")"
fi
# }===

# {=== COMMAND DOCS: every command the module registers has a summary, a
# since, a complexity and named arguments; the keys of KATA.DUP.* are known.
cmds=$(raw COMMAND LIST FILTERBY MODULE kata | sort)
check "COMMAND LIST FILTERBY MODULE kata" 19 "$(printf '%s\n' "$cmds" | grep -c .)"
for c in $cmds; do
  docs=$(raw COMMAND DOCS "$c")
  missing=
  for field in summary since complexity arguments; do
    printf '%s\n' "$docs" | grep -qx "$field" || missing="$missing $field"
  done
  check "COMMAND DOCS $c: summary, since, complexity, arguments" "" "$missing"
  first=$(printf '%s\n' "$docs" | awk 'prev == "name" { print; exit } { prev = $0 }')
  case $c in kata.dup.* | kata.shard.*) want=key ;; *) want=text ;; esac
  check "COMMAND DOCS $c: its first argument is named" "$want" "$first"
done
check "COMMAND DOCS kata.analyze: the arguments' names" \
  "text n lang threshold by auto blank line repeats UNIQUE_PARAGRAPHS ALL_PARAGRAPHS KEEP_DUPLICATES text_last " \
  "$(raw COMMAND DOCS kata.analyze | awk 'prev == "name" { printf "%s ", $0 } { prev = $0 }')"
check "COMMAND DOCS kata.dup.add: since" "$(lua_kata 'io.write(kata.version)')" \
  "$(raw COMMAND DOCS kata.dup.add | awk 'prev == "since" { print; exit } { prev = $0 }')"
check "COMMAND GETKEYS KATA.DUP.ADD" "news:seen" "$(raw COMMAND GETKEYS KATA.DUP.ADD news:seen id1 'Satu dua.')"
check "COMMAND GETKEYS KATA.DUP.RESTORE" "k1" "$(raw COMMAND GETKEYS KATA.DUP.RESTORE k1 bytes)"
check "COMMAND INFO kata.dup.check: arity" 3 "$(raw COMMAND INFO kata.dup.check | sed -n 2p)"
check "KATA.DUP.CHECK: arity checked" "ERR wrong number of arguments for 'kata.dup.check' command" \
  "$(raw KATA.DUP.CHECK k)"
check "KATA.LANGUAGE: no options" "ERR unknown option 'LANG'" "$(raw KATA.LANGUAGE 'Satu dua' LANG id)"
check "KATA.ANALYZE: unknown language" "ERR unknown language 'xx'" "$(raw KATA.ANALYZE 'Satu dua' LANG xx)"
check "KATA.ANALYZE: redis-cli -x with TEXT last" "$(raw KATA.ANALYZE "$(cat samples/berita.txt)" N 2 | sed -n 2p)" \
  "$(redis-cli -p "$PORT" --raw -x KATA.ANALYZE N 2 TEXT <samples/berita.txt | sed -n 2p)"
# }===

# {=== Scripts: EVAL and a Redis 7 function call the commands.
check "EVAL tokens" 4 "$(raw EVAL "return #redis.call('KATA.TOKENIZE', ARGV[1])" 0 'Banjir di Jakarta lagi')"
check "EVAL token fields" "word 11 17" "$(raw EVAL "local t = redis.call('KATA.TOKENIZE', ARGV[1])[3]
  return t[4] .. ' ' .. t[6] .. ' ' .. t[8]" 0 'Banjir di Jakarta lagi')"
check "EVAL keywords" "roket air" "$(raw EVAL "return redis.call('KATA.KEYWORDS', ARGV[1], 'N', 1)[1][2]" 0 "$(cat samples/berita.txt)")"
check "EVAL entities" "PERSON:Joko Widodo LOCATION:Jakarta" "$(raw EVAL "local r = {}
  for _, e in ipairs(redis.call('KATA.ENTITIES', ARGV[1])) do r[#r + 1] = e[4] .. ':' .. e[2] end
  return table.concat(r, ' ')" 0 'Presiden Joko Widodo tiba di Jakarta.')"
check "EVAL dedupe" "1" "$(raw EVAL "return redis.call('KATA.DEDUPE', ARGV[1])[4]" 0 "$(printf 'Satu dua tiga empat lima enam.\n\nSatu dua tiga empat lima enam.\n\nLain.')")"
check "EVAL duplicates: nil is false" "false exact" "$(raw EVAL "local d = redis.call('KATA.DUPLICATES', ARGV[1])
  return tostring(d[1]) .. ' ' .. d[2][6]" 0 "$(printf 'Satu dua tiga empat lima enam.\n\nSatu dua tiga empat lima enam.')")"
check "EVAL index: add, add again, check" "nil a1 a1 1" "$(raw EVAL "local a = redis.call('KATA.DUP.ADD', KEYS[1], 'a1', ARGV[1])
  local b = redis.call('KATA.DUP.ADD', KEYS[1], 'a2', ARGV[1])
  local c = redis.call('KATA.DUP.CHECK', KEYS[1], ARGV[1])
  return (a and 'added?' or 'nil') .. ' ' .. b[2] .. ' ' .. c[2] .. ' ' .. redis.call('KATA.DUP.SIZE', KEYS[1])" 1 script:idx 'Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini.')"
check "EVAL error from redis.pcall" "ERR unknown option 'BOGUS'" "$(raw EVAL "return redis.pcall('KATA.TOKENIZE', 'x', 'BOGUS')['err']" 0)"
check "EVAL error from redis.call" "ERR unknown option 'BOGUS' script: 1" "$(raw EVAL "return redis.call('KATA.TOKENIZE', 'x', 'BOGUS')" 0 2>&1 | sed 's/ script: [0-9a-f]*,.*/ script: 1/')"
check "EVAL no-writes script may read" 3 "$(raw EVAL "#!lua flags=no-writes
return #redis.call('KATA.TOKENIZE', 'a b c')" 0)"
check "EVAL no-writes script may not add" "ERR Write commands are not allowed from read-only scripts." \
  "$(raw EVAL "#!lua flags=no-writes
return redis.pcall('KATA.DUP.ADD', KEYS[1], 'x', 'y')['err']" 1 script:ro | sed 's/ script:.*//')"
lib='#!lua name=katatest
redis.register_function("terms", function(keys, args)
  local out = {}
  for _, k in ipairs(redis.call("KATA.KEYWORDS", args[1], "N", args[2])) do out[#out + 1] = k[2] end
  return out
end)
redis.register_function{function_name = "tokens", flags = {"no-writes"}, callback = function(keys, args)
  return #redis.call("KATA.TOKENIZE", args[1])
end}
redis.register_function("seen", function(keys, args)
  local hit = redis.call("KATA.DUP.ADD", keys[1], args[1], args[2])
  if hit then return hit[2] end
  return "new"
end)'
check "FUNCTION LOAD" katatest "$(raw FUNCTION LOAD REPLACE "$lib")"
check "FCALL terms" "roket air
roket
tim" "$(raw FCALL terms 0 "$(cat samples/berita.txt)" 3)"
check "FCALL_RO tokens" 4 "$(raw FCALL_RO tokens 0 'Banjir di Jakarta lagi')"
p1='Hujan deras yang mengguyur Kota Semarang sejak sore membuat sejumlah ruas jalan tergenang hingga setengah meter.'
p2='Hujan deras yang mengguyur Kota Semarang sejak sore membuat sejumlah ruas jalan tergenang hingga 50 sentimeter.'
check "FCALL seen (new)" new "$(raw FCALL seen 1 fn:idx n1 "$p1")"
check "FCALL seen (near duplicate)" n1 "$(raw FCALL seen 1 fn:idx n2 "$p2")"
# }===

# {=== The index: added paragraphs survive a restart (RDB), DUMP/RESTORE,
# COPY and an AOF rewrite; MEMORY USAGE counts it.
: >"$tmp/add.cmd"
for f in tests/fixtures/dup-id-dermaga.txt tests/fixtures/dup-en-desal.txt samples/berita.txt; do
  awk -v RS= -v f="$(basename "$f")" '{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\n/, "\\n");
    printf "KATA.DUP.ADD persist:idx \"%s#%d\" \"%s\"\n", f, NR, $0 }' "$f" >>"$tmp/add.cmd"
done
raw <"$tmp/add.cmd" >/dev/null
size=$(raw KATA.DUP.SIZE persist:idx)
[ "$size" -gt 20 ] 2>/dev/null && ok "index: $size paragraphs added" || bad "index: paragraphs added" "$size"
probe=$(awk -v RS= 'NR == 3' samples/berita.txt)
hit=$(raw KATA.DUP.CHECK persist:idx "$probe" | tr '\n' ' ')
check "index: CHECK finds an added paragraph" "id berita.txt#3 similarity 1 kind exact " "$hit"
check "index: TYPE" kataindex "$(raw TYPE persist:idx)"
mem=$(raw MEMORY USAGE persist:idx)
[ "$mem" -gt 1000 ] 2>/dev/null && ok "index: MEMORY USAGE $mem" || bad "index: MEMORY USAGE" "$mem"
check "index: DUMP and RESTORE" "$size" "$(raw EVAL "redis.call('RESTORE', KEYS[2], 0, redis.call('DUMP', KEYS[1]))
  return redis.call('KATA.DUP.SIZE', KEYS[2])" 2 persist:idx persist:restored)"
check "index: COPY" "$size" "$(raw COPY persist:idx persist:copy >/dev/null; raw KATA.DUP.SIZE persist:copy)"
check "index: the copy finds it" "$hit" "$(raw KATA.DUP.CHECK persist:copy "$probe" | sed 's/$/ /' | tr -d '\n')"
check "index: a copy is separate" "1 $size" "$(raw KATA.DUP.ADD persist:copy extra 'Kalimat baru yang belum pernah ditambahkan ke indeks mana pun sebelumnya.' >/dev/null
  echo $(($(raw KATA.DUP.SIZE persist:copy) - size)) "$(raw KATA.DUP.SIZE persist:idx)")"
check "index: DEBUG RELOAD" "$size $hit" "$(raw DEBUG RELOAD >/dev/null; echo "$(raw KATA.DUP.SIZE persist:idx)" "$(raw KATA.DUP.CHECK persist:idx "$probe" | sed 's/$/ /' | tr -d '\n')")"
check "index: SHUTDOWN SAVE" "" "$(redis-cli -p "$PORT" SHUTDOWN SAVE 2>&1)"
wait "$PID" 2>/dev/null
PID=
RESTART=1
if start_server; then
  check "index: size after a restart (RDB)" "$size" "$(raw KATA.DUP.SIZE persist:idx)"
  check "index: CHECK after a restart (RDB)" "$hit" "$(raw KATA.DUP.CHECK persist:idx "$probe" | sed 's/$/ /' | tr -d '\n')"
  check "index: the restored key after a restart" "$size" "$(raw KATA.DUP.SIZE persist:restored)"
  # An AOF without an RDB preamble: the rewrite writes KATA.DUP.RESTORE.
  raw CONFIG SET aof-use-rdb-preamble no >/dev/null
  raw CONFIG SET appendonly yes >/dev/null
  i=0
  while [ $i -lt 100 ]; do
    raw INFO persistence | grep -q '^aof_rewrite_in_progress:0' &&
      raw INFO persistence | grep -q '^aof_rewrite_scheduled:0' && break
    sleep 0.05
    i=$((i + 1))
  done
  raw KATA.DUP.ADD persist:idx after-rewrite 'Satu paragraf lagi sesudah penulisan ulang AOF, yang harus ikut kembali.' >/dev/null
  grep -aq KATA.DUP.RESTORE "$tmp"/data/appendonlydir/*.base.aof 2>/dev/null &&
    ok "index: the AOF rewrite emits KATA.DUP.RESTORE" || bad "index: the AOF rewrite emits KATA.DUP.RESTORE" ""
  stop_server
  rm -f "$tmp/data/dump.rdb"
  if start_server --appendonly yes --aof-use-rdb-preamble no; then
    check "index: size after a restart (AOF)" "$((size + 1))" "$(raw KATA.DUP.SIZE persist:idx)"
    check "index: CHECK after a restart (AOF)" "$hit" "$(raw KATA.DUP.CHECK persist:idx "$probe" | sed 's/$/ /' | tr -d '\n')"
  else
    bad "index: restart with the AOF" ""
  fi
else
  bad "index: restart with the RDB" ""
fi
RESTART=
# }===

# {=== A replica: the full sync carries the indexes (RDB), then each
# KATA.DUP.ADD is replicated as given.
mkdir -p "$tmp/replica"
tries=0
while [ $tries -lt 5 ]; do
  tries=$((tries + 1))
  RPORT=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000))
  [ "$RPORT" = "$PORT" ] && continue
  LD_PRELOAD=$PRELOAD redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$tmp/replica" --save "" \
    --daemonize no --logfile "$tmp/replica.log" --loadmodule "$KATA_REDIS_SO" \
    --replicaof 127.0.0.1 "$PORT" 2>>"$tmp/redis.err" &
  RPID=$!
  echo "$RPID" >"$tmp/replica.pid"
  i=0
  while [ $i -lt 100 ]; do
    redis-cli -p "$RPORT" INFO replication 2>/dev/null | grep -q '^master_link_status:up' && break 2
    kill -0 "$RPID" 2>/dev/null || break
    sleep 0.05
    i=$((i + 1))
  done
  kill "$RPID" 2>/dev/null
  wait "$RPID" 2>/dev/null
  RPID=
done
rcli() { redis-cli -p "$RPORT" --raw "$@" 2>&1; }
check "replica: the index after the full sync" "$(raw KATA.DUP.SIZE persist:idx)" "$(rcli KATA.DUP.SIZE persist:idx)"
raw KATA.DUP.ADD repl:idx r1 "$p1" >/dev/null
raw KATA.DUP.ADD repl:idx r2 "$p2" >/dev/null
raw KATA.DUP.ADD repl:idx r3 'Paragraf ketiga yang sama sekali berbeda dari dua paragraf sebelumnya tadi.' >/dev/null
raw WAIT 1 5000 >/dev/null
i=0
while [ $i -lt 100 ] && [ "$(rcli KATA.DUP.SIZE repl:idx)" != 2 ]; do
  sleep 0.05
  i=$((i + 1))
done
check "replica: KATA.DUP.ADD replicated" "2 r1" "$(rcli KATA.DUP.SIZE repl:idx) $(rcli KATA.DUP.CHECK repl:idx "$p2" | sed -n 2p)"
check "replica: read-only" "READONLY You can't write against a read only replica." "$(rcli KATA.DUP.ADD repl:idx r4 x)"
kill "$RPID" 2>/dev/null
wait "$RPID" 2>/dev/null
RPID=
# }===

# {=== An index saved by the Lua API (idx:save) loads with KATA.DUP.RESTORE.
if lua_kata 'local idx = kata.index()
  idx:add(42, "Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini kata pedagang.")
  idx:add("berita-7", "Gempa bermagnitudo 5,2 mengguncang Kabupaten Garut pada Kamis pagi kemarin.")
  assert(idx:save(arg[1]))
  local st = assert(kata.index({store = arg[2]}))
  st:add(1, "Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh.")
  assert(st:save(arg[3]))' "$tmp/lua.idx" "$tmp/lua.store" "$tmp/lua-store.idx" >"$tmp/lua.out"; then
  check "Lua index: KATA.DUP.RESTORE" OK "$(redis-cli -p "$PORT" -x KATA.DUP.RESTORE lua:idx <"$tmp/lua.idx" 2>&1)"
  check "Lua index: an integer id" "id 42 similarity 1 kind exact" \
    "$(raw KATA.DUP.CHECK lua:idx 'Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini kata pedagang.' | tr '\n' ' ' | sed 's/ $//')"
  check "Lua index: a string id" berita-7 \
    "$(raw KATA.DUP.CHECK lua:idx 'Gempa bermagnitudo 5,2 mengguncang Kabupaten Garut pada Kamis pagi kemarin.' | sed -n 2p)"
  check "Lua index: one with a store is refused" "ERR not a saved kata index: an index with a confirmation store cannot live in Redis" \
    "$(redis-cli -p "$PORT" -x KATA.DUP.RESTORE lua:store <"$tmp/lua-store.idx" 2>&1)"
  # One byte changed in the middle: the checksum.
  fsize=$(wc -c <"$tmp/lua.idx")
  { head -c $((fsize / 2)) "$tmp/lua.idx"; printf 'Z'; tail -c $((fsize - fsize / 2 - 1)) "$tmp/lua.idx"; } >"$tmp/lua-bad.idx"
  case $(redis-cli -p "$PORT" -x KATA.DUP.RESTORE lua:bad <"$tmp/lua-bad.idx" 2>&1) in
    "ERR not a saved kata index: "*) ok "Lua index: a damaged one is refused" ;;
    *) bad "Lua index: a damaged one is refused" "" ;;
  esac
  head -c 60 "$tmp/lua.idx" >"$tmp/lua-cut.idx"
  case $(redis-cli -p "$PORT" -x KATA.DUP.RESTORE lua:cut <"$tmp/lua-cut.idx" 2>&1) in
    "ERR not a saved kata index: "*) ok "Lua index: a truncated one is refused" ;;
    *) bad "Lua index: a truncated one is refused" "" ;;
  esac
  check "Lua index: nothing left by the refusals" 0 "$(raw EXISTS lua:store lua:cut lua:bad)"
else
  bad "Lua index: saving one" "$(cat "$tmp/lua.out")"
fi
# }===

# {=== Keyspace notifications (class d, module events) and WATCH.
raw CONFIG SET notify-keyspace-events Ed >/dev/null
redis-cli -p "$PORT" PSUBSCRIBE '__keyevent@0__:kata.*' >"$tmp/events" 2>&1 &
SUBPID=$!
i=0
while [ $i -lt 100 ] && [ "$(raw PUBSUB NUMPAT)" != 1 ]; do sleep 0.05; i=$((i + 1)); done
raw KATA.DUP.CREATE events:idx >/dev/null
raw KATA.DUP.ADD events:idx e1 "$p1" >/dev/null
raw KATA.DUP.ADD events:idx e2 "$p1" >/dev/null
raw PUBLISH __keyevent@0__:kata.end end >/dev/null
i=0
while [ $i -lt 100 ] && ! grep -q '^__keyevent@0__:kata.end' "$tmp/events"; do sleep 0.05; i=$((i + 1)); done
kill "$SUBPID" 2>/dev/null
wait "$SUBPID" 2>/dev/null
check "notifications: create, then one add (not the duplicate)" "kata.dup.create events:idx kata.dup.add events:idx" \
  "$(grep -A1 '^__keyevent@0__:kata\.dup' "$tmp/events" | grep -v '^--' | sed 's/__keyevent@0__://' | tr '\n' ' ' | sed 's/ $//')"
raw CONFIG SET notify-keyspace-events "" >/dev/null
check "WATCH: an add aborts the transaction" "" "$(printf '%s\n' 'WATCH events:idx' \
  'KATA.DUP.ADD events:idx e3 "Sebuah paragraf lain yang belum ada di indeks ini sama sekali."' \
  'MULTI' 'KATA.DUP.SIZE events:idx' 'EXEC' | redis-cli -p "$PORT" --raw 2>&1 | sed -n '$p')"
# }===

# {=== Errors.
raw SET plain:string hello >/dev/null
for c in "KATA.DUP.ADD plain:string id text" "KATA.DUP.CHECK plain:string text" \
         "KATA.DUP.SIZE plain:string" "KATA.DUP.CREATE plain:string"; do
  # shellcheck disable=SC2086
  check "WRONGTYPE: $c" "WRONGTYPE Operation against a key holding the wrong kind of value" "$(raw $c)"
done
for c in KATA.TOKENIZE KATA.KEYWORDS KATA.ENTITIES KATA.DEDUPE KATA.DUPLICATES KATA.DUP.CREATE \
         "KATA.DUP.ADD k" "KATA.DUP.ADD k id" "KATA.DUP.ADD k id text extra" "KATA.DUP.CHECK k" \
         "KATA.DUP.CHECK k a b" KATA.DUP.SIZE "KATA.DUP.SIZE a b" "KATA.DUP.RESTORE k"; do
  name=$(echo "$c" | cut -d' ' -f1 | tr 'A-Z' 'a-z')
  # shellcheck disable=SC2086
  check "wrong arity: $c" "ERR wrong number of arguments for '$name' command" "$(raw $c)"
done
while IFS='|' read -r cmd want; do
  got=$(printf '%s\n' "$cmd" | redis-cli -p "$PORT" --raw 2>&1)
  check "error: $cmd" "$want" "$got"
done <<'EOF'
KATA.TOKENIZE "x" BOGUS|ERR unknown option 'BOGUS'
KATA.TOKENIZE "x" NORMALIZE|ERR option 'NORMALIZE' needs a value
KATA.TOKENIZE "x" NORMALIZE nfx|ERR option 'NORMALIZE' must be nfc, nfd, nfkc or nfkd
KATA.TOKENIZE "a\xffb" STRICT|ERR invalid UTF-8 at byte 2
KATA.TOKENIZE "x" "bad\r\noption"|ERR unknown option 'bad??option'
KATA.KEYWORDS "x" N -1|ERR option 'N' must be an integer from 0 to 1073741824
KATA.KEYWORDS "x" N 1.5|ERR option 'N' must be an integer from 0 to 1073741824
KATA.KEYWORDS "x" N|ERR option 'N' needs a value
KATA.KEYWORDS "x" METHOD tfidf|ERR method 'tfidf' needs a corpus, which KATA.KEYWORDS does not take
KATA.KEYWORDS "x" METHOD best|ERR option 'METHOD' must be keyphrase, frequency or yake
KATA.KEYWORDS "x" LANG porter|ERR no stop-word list for language 'porter'
KATA.KEYWORDS "x" LANG xx NOSTOPWORDS STEM|ERR no stemmer for language 'xx'
KATA.KEYWORDS "x" LANG xx NOSTOPWORDS|ERR unknown language 'xx'
KATA.KEYWORDS "x" NGRAMS 4|ERR option 'NGRAMS' must be an integer from 1 to 3
KATA.KEYWORDS "x" NGRAMS 3 2|ERR option 'NGRAMS' must be an integer from 3 to 3
KATA.KEYWORDS "x" MIN_LENGTH abc|ERR option 'MIN_LENGTH' must be an integer from 0 to 1048576
KATA.ENTITIES "x" TYPES PERSON CITY|ERR unknown entity type 'CITY'
KATA.ENTITIES "x" LANG fr|ERR option 'LANG' must be id, en or auto
KATA.ENTITIES "a\xc3" STRICT|ERR invalid UTF-8 at byte 2
KATA.DEDUPE "x" THRESHOLD 1.5|ERR option 'THRESHOLD' must be a number from 0 to 1
KATA.DEDUPE "x" THRESHOLD nan|ERR option 'THRESHOLD' must be a number from 0 to 1
KATA.DEDUPE "x" SHINGLE 6|ERR option 'SHINGLE' must be an integer from 1 to 5
KATA.DEDUPE "x" BY paragraph|ERR option 'BY' must be auto, blank or line
KATA.DUPLICATES "x" MEASURE cosine|ERR option 'MEASURE' must be jaccard or containment
KATA.DUPLICATES "x" BOILERPLATE ""|ERR option 'BOILERPLATE' must be a non-empty prefix
KATA.DUPLICATES "x" BOILERPLATE "\x00abc"|ERR option 'BOILERPLATE' must be a non-empty prefix
KATA.DUPLICATES "x" BOILERPLATE "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"|ERR option 'BOILERPLATE' takes at most 64 prefixes of at most 64 bytes
KATA.DUP.CREATE errs:idx MEASURE containment|ERR unknown option 'MEASURE'
KATA.DUP.CREATE errs:idx BY line|ERR unknown option 'BY'
KATA.DUP.RESTORE errs:idx "not an index"|ERR not a saved kata index: not a kata index file at byte 1
EOF
many=""
for i in $(seq 65); do many="$many BOILERPLATE p$i"; done
# shellcheck disable=SC2086
check "error: 65 prefixes" "ERR option 'BOILERPLATE' takes at most 64 prefixes of at most 64 bytes" \
  "$(raw KATA.DUP.CREATE errs:idx $many)"
check "error: an existing index" "ERR an index already exists at this key" "$(raw KATA.DUP.CREATE persist:idx)"
check "error: nothing was created" 0 "$(raw EXISTS errs:idx)"
# }===

# {=== Malformed arguments: binary junk, empty strings, invalid UTF-8, a
# large text; the server must answer each and stay up.
head -c 65536 /dev/urandom >"$tmp/junk"
for c in KATA.TOKENIZE KATA.KEYWORDS KATA.ENTITIES KATA.DEDUPE KATA.DUPLICATES \
         "KATA.TOKENIZE x" "KATA.KEYWORDS x N" "KATA.KEYWORDS x LANG" "KATA.ENTITIES x TYPES" \
         "KATA.DEDUPE x BOILERPLATE" "KATA.DUP.ADD junk:idx id" "KATA.DUP.ADD junk:idx" \
         "KATA.DUP.CHECK junk:idx" "KATA.DUP.RESTORE junk:other" "KATA.DUP.CREATE"; do
  # shellcheck disable=SC2086
  redis-cli -p "$PORT" -x $c <"$tmp/junk" >/dev/null 2>&1
done
alive "binary junk"
for c in "KATA.TOKENIZE x FOLD NORMALIZE nfkc" "KATA.KEYWORDS x METHOD yake" "KATA.KEYWORDS x STEM UNIQUE_PARAGRAPHS" \
         "KATA.ENTITIES x STRICT" "KATA.DUPLICATES x SHINGLE 3"; do
  # shellcheck disable=SC2086
  set -- $c
  cmd=$1
  shift 2
  printf '%s\n' "$(head -c 20000 "$tmp/junk" | od -An -v -tx1 | tr -d ' \n' | sed 's/../\\x&/g' | sed "s/^/$cmd \"/; s/\$/\" $*/")" |
    redis-cli -p "$PORT" >/dev/null 2>&1
done
alive "binary junk as text, with options"
empty=$(printf '%s\n' 'KATA.TOKENIZE ""' 'KATA.KEYWORDS ""' 'KATA.KEYWORDS "" METHOD yake UNIQUE_PARAGRAPHS' \
  'KATA.ENTITIES ""' 'KATA.DEDUPE ""' 'KATA.DUPLICATES ""' 'KATA.DUP.ADD empty:idx "" ""' \
  'KATA.DUP.ADD empty:idx "" ""' 'KATA.DUP.CHECK empty:idx ""' 'KATA.DUP.SIZE empty:idx' \
  'KATA.TOKENIZE "" ""' 'KATA.DUP.CREATE ""' | redis-cli -p "$PORT" --no-raw 2>&1 | tr '\n' '|')
check "empty strings" '(empty array)|(empty array)|(empty array)|(empty array)|1) "text"|2) ""|3) "removed"|4) (integer) 0|(empty array)|(nil)|1) "id"|2) ""|3) "similarity"|4) "1"|5) "kind"|6) "exact"|1) "id"|2) ""|3) "similarity"|4) "1"|5) "kind"|6) "exact"|(integer) 1|(error) ERR unknown option '"'"''"'"'|OK|' "$empty"
bad_utf8=$(printf '%s\n' 'KATA.TOKENIZE "\xff\xfe \xc0\xaf caf\xc3 na\xefve \xed\xa0\x80 \xf4\x90\x80\x80"' \
  'KATA.KEYWORDS "\xff\xff \xc3\xc3 \xe2\x82 roket roket"' 'KATA.ENTITIES "Jakarta \xff Joko Widodo \xc3"' \
  'KATA.DEDUPE "caf\xc3\n\ncaf\xc3\n\n\xff"' 'KATA.DUP.ADD utf8:idx "\xff" "\xc3\xc3 \xe2\x82 kata kata kata kata kata"' \
  'KATA.DUP.CHECK utf8:idx "\xc3\xc3 \xe2\x82 kata kata kata kata kata"' | redis-cli -p "$PORT" --raw 2>&1)
alive "invalid UTF-8"
check "invalid UTF-8 passes through (tokens, as in Lua)" \
  "$(lua_kata 'print(#kata.tokenize("\xff\xfe \xc0\xaf caf\xc3 na\xefve \xed\xa0\x80 \xf4\x90\x80\x80"))')" \
  "$(printf '%s\n' "$bad_utf8" | sed '/^term$/,$d' | grep -c '^kind$')"
check "invalid UTF-8: the index keeps the id's bytes" "$(printf 'id\n\377\nsimilarity\n1\nkind\nexact')" "$(printf '%s\n' "$bad_utf8" | tail -n 6)"
# Random mixes of options, values and junk (tests/redis/fuzz_args.lua).
seed=${KATA_REDIS_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
if lua5.4 tests/redis/fuzz_args.lua 3000 "$seed" >"$tmp/fuzz.cmd" 2>&1; then
  redis-cli -p "$PORT" <"$tmp/fuzz.cmd" >/dev/null 2>&1
  alive "3000 random commands (KATA_REDIS_SEED=$seed)"
else
  bad "tests/redis/fuzz_args.lua" "$(cat "$tmp/fuzz.cmd")"
fi
# Near repeats (issue 17): a pair kata.duplicates rejects (Jaccard 0.71)
# that the index estimates at 0.81 is reported as an estimate, not "near".
raw DEL routes:idx >/dev/null
raw KATA.DUP.ADD routes:idx a "snowball (2.2.0-2) unstable; urgency=medium" >/dev/null
check "KATA.DUP.ADD: an estimated near match says estimate" "a estimate" \
  "$(raw KATA.DUP.ADD routes:idx b "snowball (2.2.0-1) unstable; urgency=medium" | sed -n '2p;6p' | tr '\n' ' ' | sed 's/ $//')"
check "KATA.DUPLICATES: the same pair is no duplicate (two nulls)" "2" \
  "$(raw KATA.DUPLICATES "snowball (2.2.0-2) unstable; urgency=medium

snowball (2.2.0-1) unstable; urgency=medium" | grep -c "^$")"
# A large text: 200 copies of a news story (-x: too long for one argv).
for i in $(seq 1 200); do cat samples/berita.txt; printf '\n\nBerita %d selesai.\n\n' "$i"; done >"$tmp/big.txt"
# The 200 copies count once, the 200 different last lines ("Berita N
# selesai.") each once: "berita" 200 times comes first.
check "large text: keywords" berita "$(redis-cli -p "$PORT" --raw -x KATA.KEYWORDS <"$tmp/big.txt" | sed -n 2p)"
want=$(lua_kata 'local f = io.open(arg[1], "rb"); local _, n = kata.dedupe(f:read("a")); print(n)' "$tmp/big.txt")
check "large text: dedupe" "$want" "$(redis-cli -p "$PORT" --raw -x KATA.DEDUPE <"$tmp/big.txt" | tail -n 1)"
big_n=$(redis-cli -p "$PORT" --raw -x KATA.ENTITIES <"$tmp/big.txt" | grep -c '^type$')
[ "$big_n" -gt 1000 ] 2>/dev/null && ok "large text: $big_n entities" || bad "large text: entities" "$big_n"
big_t=$(redis-cli -p "$PORT" --raw -x KATA.TOKENIZE <"$tmp/big.txt" | grep -c '^kind$')
[ "$big_t" -gt 100000 ] 2>/dev/null && ok "large text: $big_t tokens" || bad "large text: tokens" "$big_t"
alive "large text"
# }===

# {=== Memory: every command, its error paths too, run 150 times and 150
# times again does not grow used_memory both times (the core allocates
# through Redis' allocator, so a leak would).
esc=$(head -c 2000 samples/berita.txt | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\n' ' ')
used() { raw INFO memory | tr -d '\r' | sed -n 's/^used_memory://p'; }
repeat() { i=0; while [ $i -lt "$1" ]; do printf '%s\n' "$2"; i=$((i + 1)); done | redis-cli -p "$PORT" >/dev/null 2>&1; }
raw CONFIG SET appendonly no >/dev/null
# The slow log keeps a copy of each command slower than 10 ms (a loaded
# machine, ASan): its growth is Redis' memory, not a leak, and depends on
# timing; so no slow log while memory is compared.
raw CONFIG SET slowlog-log-slower-than -1 >/dev/null
raw SLOWLOG RESET >/dev/null
raw KATA.DUP.ADD leak:idx first "$esc" >/dev/null
while read -r c; do
  line=$(printf '%s\n' "$c" | awk -v t="$esc" '{ i = index($0, "TEXT"); print substr($0, 1, i - 1) t substr($0, i + 4) }')
  repeat 20 "$line"
  m0=$(used)
  repeat 150 "$line"
  m1=$(used)
  repeat 150 "$line"
  m2=$(used)
  # A leak grows used_memory in both rounds; Redis' own buffers once.
  if [ -n "$m0" ] && { [ "$m1" -le "$m0" ] || [ "$m2" -le "$m1" ]; }; then ok "memory: $c"; else
    bad "memory: $c" "used_memory $m0, then $m1, then $m2"; fi
done <<'EOF'
KATA.TOKENIZE "TEXT" FOLD NORMALIZE nfkc SPACES
KATA.KEYWORDS "TEXT" STEM UNIQUE_PARAGRAPHS NGRAMS 1 3
KATA.KEYWORDS "TEXT" METHOD yake STEM
KATA.ENTITIES "TEXT" TYPES PERSON LOCATION
KATA.DEDUPE "TEXT" BOILERPLATE "Baca" NOBOILERPLATE
KATA.DUPLICATES "TEXT" SHINGLE 2
KATA.DUP.ADD leak:idx again "TEXT"
KATA.DUP.CHECK leak:idx "TEXT"
KATA.DUP.RESTORE leak:other "TEXT"
KATA.TOKENIZE "TEXT\xff" STRICT
KATA.KEYWORDS "TEXT" LANG porter
KATA.ENTITIES "TEXT" TYPES PERSON NOTATYPE
EOF
# }===

# {=== redis-benchmark: a few thousand requests from 8 clients.
raw KATA.DUP.ADD bench:idx b1 "$p1" >/dev/null
# (redis-benchmark spins when there is no server: bounded by timeout.)
rps1=$(timeout 300 redis-benchmark -p "$PORT" -n 5000 -c 8 --csv KATA.TOKENIZE "$p1" 2>&1 | tail -n 1 | cut -d, -f2 | tr -d '"')
case $rps1 in [1-9]*) ok "redis-benchmark KATA.TOKENIZE: $rps1 requests/s" ;;
  *) bad "redis-benchmark KATA.TOKENIZE" "$rps1" ;; esac
rps2=$(timeout 300 redis-benchmark -p "$PORT" -n 5000 -c 8 --csv KATA.DUP.CHECK bench:idx "$p2" 2>&1 | tail -n 1 | cut -d, -f2 | tr -d '"')
case $rps2 in [1-9]*) ok "redis-benchmark KATA.DUP.CHECK: $rps2 requests/s" ;;
  *) bad "redis-benchmark KATA.DUP.CHECK" "$rps2" ;; esac
alive "redis-benchmark"
echo "redis-benchmark (5000 requests, 8 clients): KATA.TOKENIZE $rps1/s, KATA.DUP.CHECK $rps2/s"
# }===

# Checks the replies of hostile RESTOREs, each followed by a PING, against
# what each payload's name allows: "ok ..." must load, "either ..." may load
# or be refused, any other must be refused with "Bad data format". Reads
# DIR/restore.names beside DIR/restore.got; after a crash every later one
# fails too, so only the first 5 failures are shown.
check_restores() { # LABEL DIR WHAT
  n=0
  nbad=0
  while IFS='|' read -r name got; do
    n=$((n + 1))
    case $name in
      "ok "*) w="OK PONG" ;;
      "either "*) w="OK PONG"; [ "$got" = "(error) ERR Bad data format PONG" ] && continue ;;
      *) w="(error) ERR Bad data format PONG" ;;
    esac
    [ "$got" = "$w" ] && continue
    nbad=$((nbad + 1))
    [ "$nbad" -le 5 ] && bad "$1: ${name#* }" "want: $w
got:  $got"
  done <<EOF
$(paste -d '|' "$2/restore.names" "$2/restore.got")
EOF
  [ "$nbad" -gt 5 ] && bad "$1: $((nbad - 5)) more payloads of $n" ""
  [ "$nbad" -eq 0 ] && ok "$1: $n payloads, $3, PING after each"
  return 0
}

# {=== RESTORE of hostile payloads with a valid CRC (tests/redis/
# restore_payloads.lua, from the DUMP of a small index): other opcodes than
# the module's string chunks, cut ones, wrong lengths, huge counts, every
# byte of the module data changed. Each gets "Bad data format" and the
# server answers PING after it; the good ones (the DUMP itself, the index
# in other chunks, a change LZF decodes to the same bytes) restore it.
raw KATA.DUP.ADD restore:src a 'Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini kata pedagang.' >/dev/null
raw KATA.DUP.ADD restore:src b 'Gempa bermagnitudo 5,2 mengguncang Kabupaten Garut pada Kamis pagi kemarin.' >/dev/null
raw DUMP restore:src >"$tmp/restore.dump"
if lua5.4 tests/redis/restore_payloads.lua "$tmp/restore.dump" "$tmp" >"$tmp/restore.out" 2>&1; then
  # (redis-cli adds a line like "(0.61s)" after a slow reply: dropped)
  redis-cli -p "$PORT" --no-raw <"$tmp/restore.cmd" 2>&1 | grep -v '^([0-9.]*s)$' |
    paste -d ' ' - - >"$tmp/restore.got"
  check_restores "RESTORE" "$tmp" "each the reply it should have"
  check "RESTORE: the good payloads give the index back" "2 2 2 a" \
    "$(raw KATA.DUP.SIZE restore:1) $(raw KATA.DUP.SIZE restore:2) $(raw KATA.DUP.SIZE restore:3) $(raw KATA.DUP.CHECK restore:3 'Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini kata pedagang.' | sed -n 2p)"
  check "RESTORE: a key for each good one, none for the refusals" "$(grep -c '^ok ' "$tmp/restore.names")" \
    "$(raw KEYS 'restore:[0-9]*' | wc -l)"
  alive "hostile RESTORE payloads"
else
  bad "tests/redis/restore_payloads.lua" "$(cat "$tmp/restore.out")"
fi
# }===

# {=== RESTORE of hostile katashard payloads (restore_payloads.lua shard):
# a part and a home shard's DUMPs, cut, wrong lengths, huge counts (with
# the shard's checksum made right), every byte changed (with and without
# the checksum made right). A refusal is "Bad data format"; a change the
# checksum hides may load; the server answers PING after each, and every
# shard that loaded answers KATA.SHARD.SIZE, FIND, PUT, ADD and GET.
raw KATA.SHARD.PUT rshard:part 3 abcdefghijklmnopqrstuvwxyz01 7 >/dev/null
raw KATA.SHARD.PUT rshard:part 3 ABCDEFGHIJKLMNOPQRSTUVWXYZ01 9 >/dev/null
raw KATA.SHARD.ADD rshard:home 1 2 abcdefghijklmnopqrstuvwxyz01 '#p1' >/dev/null
raw KATA.SHARD.ADD rshard:home 1 2 ABCDEFGHIJKLMNOPQRSTUVWXYZ01 '' >/dev/null
for which in part home; do
  mkdir -p "$tmp/rs-$which"
  raw DUMP "rshard:$which" >"$tmp/rs-$which/dump"
  if lua5.4 tests/redis/restore_payloads.lua "$tmp/rs-$which/dump" "$tmp/rs-$which" shard >"$tmp/rs-$which/out" 2>&1; then
    redis-cli -p "$PORT" --no-raw <"$tmp/rs-$which/restore.cmd" 2>&1 | grep -v '^([0-9.]*s)$' |
      paste -d ' ' - - >"$tmp/rs-$which/restore.got"
    check_restores "RESTORE katashard ($which)" "$tmp/rs-$which" "each a reply it may have"
    check "RESTORE katashard ($which): the good payloads give the shard back" "2 2 2" \
      "$(raw KATA.SHARD.SIZE rshard:1) $(raw KATA.SHARD.SIZE rshard:2) $(raw KATA.SHARD.SIZE rshard:3)"
    # every shard that loaded, asked everything
    raw KEYS 'rshard:[0-9]*' | while read -r k; do
      printf 'KATA.SHARD.SIZE %s\n' "$k"
      for pt in 0 1 2 3 4 5 6 7; do printf 'KATA.SHARD.FIND %s %s abcdefghijklmnopqrstuvwxyz01\n' "$k" "$pt"; done
      printf 'KATA.SHARD.PUT %s 3 abcdefghijklmnopqrstuvwxyz02 5\n' "$k"
      printf 'KATA.SHARD.ADD %s 1 2 abcdefghijklmnopqrstuvwxyz02 x\n' "$k"
      printf 'KATA.SHARD.GET %s 0 1 2 3 5 7 9\n' "$k"
    done | redis-cli -p "$PORT" >/dev/null 2>&1
    alive "hostile katashard RESTORE payloads ($which) and the shards that loaded"
    raw EVAL "local ks = redis.call('KEYS', 'rshard:[0-9]*') for _, k in ipairs(ks) do redis.call('DEL', k) end return #ks" 0 >/dev/null
  else
    bad "tests/redis/restore_payloads.lua shard ($which)" "$(cat "$tmp/rs-$which/out")"
  fi
done
# {=== Background threads (issue 18): a text of THREAD_MIN_BYTES (256 KiB)
# or more runs in a thread while the server answers others. With
# DEBUG_HOLD_JOBS a job waits for KATA.DEBUG.RELEASE: the order is proved,
# not timed. The polls below wait for a state (a client blocked), never
# for a time.
# blocked_count: the clients blocked in KATA.ENTITIES (CLIENT LIST flags=b).
blocked_count() { raw CLIENT LIST | grep "cmd=kata.entities" | grep -c "flags=b "; }
# wait_blocked N: until N clients are (20 s at most; 1 if never).
wait_blocked() {
  i=0
  while [ $i -lt 400 ]; do
    [ "$(blocked_count)" = "$1" ] && return 0
    sleep 0.05
    i=$((i + 1))
  done
  return 1
}
stop_server
PORT=
RESTART=
if [ -f "$tmp/huge.txt" ] && start_server THREADS 1 DEBUG_HOLD_JOBS yes; then
  redis-cli -p "$PORT" --raw -x KATA.ENTITIES <"$tmp/huge.txt" >"$tmp/held.out" 2>&1 &
  HELD=$!
  wait_blocked 1 && ok "threads: a 4 MB KATA.ENTITIES is blocked in the background (flags=b)" ||
    bad "threads: the 4 MB KATA.ENTITIES is not blocked" "$(raw CLIENT LIST)"
  check "threads: PING on a second connection is answered while it runs" PONG "$(raw PING)"
  check "threads: a short KATA.TOKENIZE is answered meanwhile (inline)" "a" \
    "$(raw KATA.TOKENIZE 'a' | head -n 2 | tail -n 1)"
  check "threads: the large call has no reply yet" "0 running" \
    "$(wc -c <"$tmp/held.out" | tr -d ' ') $(kill -0 "$HELD" 2>/dev/null && echo running)"
  check "threads: KATA.DEBUG.RELEASE" 1 "$(raw KATA.DEBUG.RELEASE)"
  wait "$HELD"
  if cmp -s "$tmp/huge.want" "$tmp/held.out"; then ok "threads: then its reply, as the Lua API's"; else
    bad "threads: the reply of the 4 MB KATA.ENTITIES" "$(diff "$tmp/huge.want" "$tmp/held.out" | head -n 12)"
  fi
  # A client that goes away while its job waits: the job still runs (and
  # is freed) when released, and the server carries on.
  redis-cli -p "$PORT" --raw -x KATA.ENTITIES <"$tmp/huge.txt" >/dev/null 2>&1 &
  GONE=$!
  wait_blocked 1 || bad "threads: the second call is not blocked" ""
  kill "$GONE" 2>/dev/null
  wait "$GONE" 2>/dev/null
  wait_blocked 0 && ok "threads: a blocked client that disconnects is gone" ||
    bad "threads: the disconnected client is still listed" "$(raw CLIENT LIST)"
  raw KATA.DEBUG.RELEASE 1000000 >/dev/null
  # (one thread, jobs in order: the next replies come after that job ran)
  # shellcheck disable=SC2046
  parity " (threads)" $(grep '^large-' "$tmp/cases")
  alive "threads"
else
  bad "threads: start redis-server with THREADS 1 DEBUG_HOLD_JOBS yes" ""
fi
stop_server
# Every text command in a thread (THREAD_MIN_BYTES 0): the same replies;
# a script or MULTI may not block, so there they run inline.
PORT=
if start_server THREAD_MIN_BYTES 0; then
  # shellcheck disable=SC2046
  parity " (all in threads)" $(grep -v '^large-' "$tmp/cases")
  check "threads: MULTI runs inline" "$(printf 'OK\nQUEUED\nlanguage\nund')" \
    "$(printf 'MULTI\nKATA.LANGUAGE "Harga cabai"\nEXEC\n' | raw | head -n 4)"
  check "threads: EVAL runs inline" 4 "$(raw EVAL "return #redis.call('KATA.TOKENIZE', ARGV[1])" 0 'Banjir di Jakarta lagi')"
  check "threads: KATA.DEBUG.RELEASE is not there without DEBUG_HOLD_JOBS" \
    "ERR unknown command 'KATA.DEBUG.RELEASE', with args beginning with: " "$(raw KATA.DEBUG.RELEASE)"
  alive "all in threads"
else
  bad "threads: start redis-server with THREAD_MIN_BYTES 0" ""
fi
stop_server
# No threads (THREADS 0): the large texts inline, the same replies again.
PORT=
if start_server THREADS 0; then
  # shellcheck disable=SC2046
  parity " (no threads)" $(grep '^large-' "$tmp/cases")
else
  bad "threads: start redis-server with THREADS 0" ""
fi
stop_server
PORT=
check "threads: a bad module argument is refused" "" "$(start_server THREADS many >/dev/null 2>&1 && echo started)"
stop_server
# }===

stop_server
grep -q "REDIS BUG REPORT" "$tmp/redis.log" && bad "the server log reports a crash" "$(grep -A5 'REDIS BUG' "$tmp/redis.log")"
if grep -q "AddressSanitizer\|runtime error" "$tmp/redis.err" 2>/dev/null; then
  bad "sanitizer reports" "$(grep -A30 "AddressSanitizer\|runtime error" "$tmp/redis.err")"
fi
finish
