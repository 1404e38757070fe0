#!/bin/sh
# tests/openresty/run.sh: the example server of examples/openresty (kata in
# nginx's LuaJIT, docs/openresty.md) in a real nginx. Builds kata for LuaJIT
# and the Redis module, starts a redis-server with the module and nginx
# (2 workers) on free loopback ports, each in a temporary directory (nginx
# with its own -p prefix and a copy of the example's nginx.conf that differs
# only in the ports), sends real requests with curl: texts, options, 100
# concurrent requests, an empty body, invalid UTF-8, bodies at, over and far
# over the 1 MiB limit (10 MB), Redis gone; stops both servers by PID.
# Prints `openresty: N passed, N failed`; exits 1 on a failure.
#
#   sh tests/openresty/run.sh      (from anywhere; VERBOSE=1 prints every check)
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
export LC_ALL=C.UTF-8
unset LUA_PATH LUA_CPATH
tmp=$(mktemp -d)
pass=0
failed=0
NGINX_PID=
REDIS_PID=

cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() {
  pass=$((pass + 1))
  [ -n "${VERBOSE:-}" ] && echo "ok: $1"
  return 0
}
bad() {
  failed=$((failed + 1))
  echo "FAIL: $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'
  return 0
}
# check NAME WANT GOT
check() {
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "want: $2
got:  $3"; fi
}
# has NAME NEEDLE HAYSTACK: HAYSTACK contains NEEDLE
has() {
  case $3 in *"$2"*) ok "$1" ;; *) bad "$1" "want a reply with: $2
got: $(printf '%s' "$3" | head -c 400)" ;; esac
}
finish() {
  echo "openresty: $pass passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

LUA_MODULE=/usr/lib/nginx/modules/ngx_http_lua_module.so
for need in nginx redis-server redis-cli curl luajit; do
  command -v "$need" >/dev/null 2>&1 || { bad "no $need (sh tools/deps.sh ci)"; finish; }
done
[ -f "$LUA_MODULE" ] || { bad "no $LUA_MODULE (libnginx-mod-http-lua; sh tools/deps.sh ci)"; finish; }
make -s LUA=luajit all >/dev/null || { bad "make LUA=luajit all"; finish; }
make -s redis >/dev/null || { bad "make redis"; finish; }

random_port() { echo $(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000)); }

# Redis with kata's module: the shared duplicate index.
mkdir -p "$tmp/redis"
for try in 1 2 3 4 5; do
  RPORT=$(random_port)
  redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$tmp/redis" --save "" --appendonly no \
    --loadmodule "$ROOT/build/redis/kata.so" >"$tmp/redis/log" 2>&1 &
  REDIS_PID=$!
  for i in $(seq 300); do
    [ "$(redis-cli -p "$RPORT" ping 2>/dev/null)" = PONG ] && break 2
    kill -0 "$REDIS_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; REDIS_PID=
done
[ -n "$REDIS_PID" ] || { bad "redis-server did not start" "$(tail -n 5 "$tmp/redis/log")"; finish; }

# nginx: its own prefix (logs, temporary files), the example's configuration
# with the ports changed; in the foreground (daemon off), so $! is the
# master's PID. As root, the workers run as root too: the checkout may be
# in a directory the default worker user (nobody) cannot read.
P=$tmp/nginx
mkdir -p "$P/logs" "$P/temp"
chmod 755 "$tmp" "$P"
user=
[ "$(id -u)" = 0 ] && user="user root root;"
for try in 1 2 3 4 5; do
  PORT=$(random_port)
  [ "$PORT" = "$RPORT" ] && continue
  sed "s/listen 127.0.0.1:8080;/listen 127.0.0.1:$PORT;/; s/127.0.0.1:6379;/127.0.0.1:$RPORT;/" \
    examples/openresty/nginx.conf >"$P/nginx.conf"
  : >"$P/logs/error.log"
  KATA_ROOT=$ROOT nginx -p "$P/" -c "$P/nginx.conf" -g "daemon off; $user" >"$P/stderr" 2>&1 &
  NGINX_PID=$!
  for i in $(seq 300); do
    curl -s -m 60 -o /dev/null "http://127.0.0.1:$PORT/health" && break 2
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; NGINX_PID=
done
[ -n "$NGINX_PID" ] || { bad "nginx did not start" "$(cat "$P/stderr" "$P/logs/error.log" | tail -n 5)"; finish; }
check "the configuration differs from the example's in the ports only" 2 \
  "$(diff examples/openresty/nginx.conf "$P/nginx.conf" | grep -c '^>')"
URL=http://127.0.0.1:$PORT

# post PATH [curl arguments]: the status, a line break, the body
post() {
  path=$1
  shift
  curl -s -m 60 -w '\n%{http_code}' "$@" "$URL$path" >"$tmp/reply" 2>"$tmp/curl.err"
  printf '%s\n' "$(tail -n 1 "$tmp/reply")"
  sed '$d' "$tmp/reply"
}

# --- /health: each worker loaded kata once
got=$(curl -s -m 60 "$URL/health")
has "health: kata loaded once" '"loads":1,' "$got"
version=$(luajit -e 'package.path="lua/?.lua;lua/?/init.lua;"..package.path; package.cpath="build/luajit/?.so;"..package.cpath; io.write(require("kata").version)')
has "health: kata's version" "\"kata\":\"$version\"" "$got"

# --- docs/openresty.md: its curl lines, on this server's port, print its
# text block
awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on && /curl -s/' docs/openresty.md |
  sed "s|http://127.0.0.1:8080|$URL|" >"$tmp/doc.sh"
awk '/^```text$/ { on = 1; next } /^```/ { if (on) exit } on' docs/openresty.md >"$tmp/doc.want"
check "docs/openresty.md: 6 curl lines" 6 "$(grep -c . "$tmp/doc.sh")"
check "docs/openresty.md: its example's output" "$(cat "$tmp/doc.want")" "$(sh "$tmp/doc.sh" 2>&1)"
redis-cli -p "$RPORT" FLUSHALL >/dev/null

# --- /analyze: the JSON of `kata analyze --json`, without "file"
for n in 10 3 0; do
  want=$(luajit bin/kata analyze --json -n $n samples/berita.txt | sed 's/^{"file":"[^"]*",/{/')
  check "analyze samples/berita.txt, n=$n: kata analyze --json" "200
$want" "$(post "/analyze?n=$n" --data-binary @samples/berita.txt)"
done
want=$(luajit bin/kata analyze --json --keep-duplicates samples/berita.txt | sed 's/^{"file":"[^"]*",/{/')
check "analyze duplicates=none: kata analyze --keep-duplicates" "200
$want" "$(post "/analyze?duplicates=none" --data-binary @samples/berita.txt)"
got=$(post "/analyze?lang=en" --data-binary "The Bank of England raised rates to 5.25% on Thursday, 3 August 2023.")
has "analyze lang=en: English keywords" '{"term":"bank","count":1' "$got"
has "analyze lang=en: a percentage" '"PERCENT":[{"text":"5.25%","count":1,"value":5.25}]' "$got"
check "analyze n=-1: kata's message" \
  "400
{\"error\":\"bad argument #2 to 'analyze' (option 'n' must be an integer from 0 to 1073741824)\"}" \
  "$(post "/analyze?n=-1" --data-binary "Jakarta.")"
check "analyze lang=xx: kata's message" \
  "400
{\"error\":\"bad argument #2 to 'analyze' (unknown language 'xx')\"}" \
  "$(post "/analyze?lang=xx" --data-binary "Jakarta.")"
check "analyze duplicates=drop" '400
{"error":"duplicates must be mark or none"}' "$(post "/analyze?duplicates=drop" --data-binary "Jakarta.")"

# --- bad input
check "analyze: an empty body" '400
{"error":"empty body: POST the text"}' "$(post /analyze -X POST)"
check "dedupe: an empty body" '400
{"error":"empty body: POST the text"}' "$(post /dedupe -X POST)"
check "analyze: GET" '405
{"error":"use POST with the text as the body"}' "$(post /analyze)"
# "Jakarta " 255 254 " kota": two ill-formed bytes, the first at byte 9
printf 'Jakarta \377\376 kota, Senin (3/4).\n' >"$tmp/invalid.txt"
got=$(post /analyze --data-binary @"$tmp/invalid.txt")
has "analyze invalid UTF-8: 200" "200
{" "$got"
has "analyze invalid UTF-8: counted" '"invalid":2,"first_invalid":9}' "$got"
has "analyze invalid UTF-8: the words around it" '{"term":"jakarta","count":1' "$got"
if printf '%s' "$got" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then ok "analyze invalid UTF-8: the reply is UTF-8"
else bad "analyze invalid UTF-8: the reply is not UTF-8"; fi
# the limit, 1 MiB: at it, one byte over, 10 MB, and 10 MB without a length
awk -v dir="$tmp/par" 'BEGIN { while (n < 1048576) { s = sprintf("Paragraf %d: harga beras naik di pasar %d.\n\n", i, i * 7); printf "%s", s; n += length(s); i++ } }' |
  head -c 1048576 >"$tmp/1mib.txt"
check "1 MiB of text" 1048576 "$(wc -c <"$tmp/1mib.txt" | tr -d ' ')"
got=$(post "/analyze?n=1" --data-binary @"$tmp/1mib.txt")
has "analyze 1 MiB: 200" "200
{" "$got"
has "analyze 1 MiB: every byte" '"bytes":1048576,' "$got"
printf x >>"$tmp/1mib.txt"
TOO_LARGE='413
{"error":"the body is over 1 MiB (client_max_body_size)"}'
check "analyze 1 MiB + 1 byte" "$TOO_LARGE" "$(post /analyze --data-binary @"$tmp/1mib.txt")"
head -c 10000000 /dev/zero | tr '\0' a >"$tmp/10mb.txt"
check "analyze 10 MB" "$TOO_LARGE" "$(post /analyze --data-binary @"$tmp/10mb.txt")"
check "dedupe 10 MB" "$TOO_LARGE" "$(post /dedupe --data-binary @"$tmp/10mb.txt")"
check "analyze 10 MB, chunked" "$TOO_LARGE" \
  "$(post /analyze -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/10mb.txt")"

# --- /dedupe: the examples of docs/redis.md through HTTP
A="Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini, kata para pedagang."
B="Harga cabai rawit di Pasar Induk naik dua kali lipat pekan ini, kata para pedagang."
check "dedupe: a new paragraph" '200
{"duplicate":false}' "$(post "/dedupe?id=kompas/1" --data-binary "$A")"
check "dedupe: a near repeat" '200
{"duplicate":true,"of":"kompas/1","similarity":0.930791761148904,"kind":"estimate"}' \
  "$(post "/dedupe?id=detik/7" --data-binary "$B")"
check "dedupe: check only, the same words" '200
{"duplicate":true,"of":"kompas/1","similarity":1,"kind":"estimate"}' \
  "$(post /dedupe --data-binary "harga cabai rawit di pasar induk naik dua kali lipat minggu ini - kata para pedagang")"
check "dedupe: check only, another paragraph" '200
{"duplicate":false}' \
  "$(post /dedupe --data-binary "Gempa bermagnitudo 5,2 mengguncang Kabupaten Garut pada Kamis pagi.")"
check "dedupe: the index in Redis" 1 "$(redis-cli -p "$RPORT" KATA.DUP.SIZE kata:paragraphs)"
check "dedupe: invalid UTF-8" '200
{"duplicate":false}' "$(post "/dedupe?id=bad" --data-binary @"$tmp/invalid.txt")"
check "dedupe: invalid UTF-8 again" '200
{"duplicate":true,"of":"bad","similarity":1,"kind":"exact"}' "$(post "/dedupe?id=bad2" --data-binary @"$tmp/invalid.txt")"
check "dedupe: an empty id" '400
{"error":"empty id"}' "$(post "/dedupe?id=" --data-binary "$A")"

# --- 100 concurrent requests: 50 analyses (n from 0 to 4) and 50 paragraphs
# added to the index, 25 new ones each sent twice under two ids (the words
# of paragraph p end in p: no two paragraphs are alike, so the answers do
# not depend on the order requests arrive in). Every analysis must be the
# one a single request gets; exactly one of each pair is new.
for n in 0 1 2 3 4; do
  luajit bin/kata analyze --json -n $n samples/berita.txt | sed 's/^{"file":"[^"]*",/{/' >"$tmp/want$n"
done
mkdir -p "$tmp/par"
awk -v dir="$tmp/par" 'BEGIN {
  split("harga beras naik pasar induk pedagang gempa garut kamis pagi banjir jakarta hujan deras warga mengungsi presiden meresmikan bendungan kalimantan timur sekolah murid guru roket air lomba juara kereta stasiun bandara pesawat", w, " ")
  for (p = 1; p <= 25; p++) {
    s = "Laporan " p ":"
    for (j = 1; j <= 14; j++) s = s " " w[(p * 131 + j * j * 17 + p * j * 7) % 32 + 1] p
    print s "." > (dir "/p" p)
  }
}'
for i in $(seq 0 49); do echo "analyze $i"; echo "dedupe $i"; done >"$tmp/jobs"
size0=$(redis-cli -p "$RPORT" KATA.DUP.SIZE kata:paragraphs)
# xargs gives each job line to the script: $1 the kind, $2 its number
export URL OUT="$tmp"
# shellcheck disable=SC2016
xargs -P 100 -L 1 sh -c '
  if [ "$1" = analyze ]; then
    curl -s -m 60 -o "$OUT/out.a$2" -w "%{http_code}" --data-binary @samples/berita.txt \
      "$URL/analyze?n=$(($2 % 5))" >"$OUT/code.a$2"
  else
    curl -s -m 60 -o "$OUT/out.d$2" -w "%{http_code}" --data-binary @"$OUT/par/p$(($2 % 25 + 1))" \
      "$URL/dedupe?id=job$2" >"$OUT/code.d$2"
  fi' sh <"$tmp/jobs"
check "100 concurrent: 100 replies of 200" 100 "$(cat "$tmp"/code.* | grep -o 200 | wc -l | tr -d ' ')"
right=0
for i in $(seq 0 49); do
  cmp -s "$tmp/want$((i % 5))" "$tmp/out.a$i" && right=$((right + 1))
done
check "100 concurrent: the 50 analyses as one request gets them" 50 "$right"
new=0
dups=0
for p in $(seq 1 25); do
  # jobs p-1 and p+24 sent paragraph p: one is new, the other repeats it
  a=$(cat "$tmp/out.d$((p - 1))" 2>/dev/null)
  b=$(cat "$tmp/out.d$((p + 24))" 2>/dev/null)
  case "$a|$b" in
    '{"duplicate":false}|{"duplicate":true,"of":"job'$((p - 1))'","similarity":1,"kind":"exact"}' |\
    '{"duplicate":true,"of":"job'$((p + 24))'","similarity":1,"kind":"exact"}|{"duplicate":false}')
      new=$((new + 1)); dups=$((dups + 1)) ;;
    *) [ "$new" -eq $((p - 1)) ] && bad "100 concurrent: paragraph $p (the first wrong pair)" "$a
$b" ;;
  esac
done
check "100 concurrent: 25 paragraphs new, their 25 repeats found" "25 25" "$new $dups"
check "100 concurrent: the index grew by 25" $((size0 + 25)) "$(redis-cli -p "$RPORT" KATA.DUP.SIZE kata:paragraphs)"

# Every worker loaded kata once: 20 /health requests at once, at most the
# 2 workers answer, each with loads 1.
seq 20 | xargs -P 20 -I{} curl -s -m 60 "$URL/health" >"$tmp/health" 2>/dev/null
check "health x20: 20 replies" 20 "$(grep -c '"loads":1,' "$tmp/health")"
workers=$(sed 's/.*"worker":\([0-9]*\).*/\1/' "$tmp/health" | sort -u)
children=$(ps -o pid= --ppid "$NGINX_PID" | tr -d ' ' | sort)
nw=$(printf '%s\n' "$workers" | grep -c .)
if [ "$nw" -ge 1 ] && [ "$nw" -le 2 ] &&
   [ -z "$(printf '%s\n' "$workers" | grep -vxF "$children")" ]; then
  ok "health: answered by the master's workers"
else
  bad "health: answered by $workers, the workers are $children"
fi

# --- Redis gone: a 502 with the reason, nginx still answers
kill "$REDIS_PID"
wait "$REDIS_PID" 2>/dev/null
REDIS_PID=
check "dedupe without Redis" '502
{"error":"redis: connection refused"}' "$(post "/dedupe?id=x" --data-binary "$A")"
got=$(post "/analyze?n=0" --data-binary "Jakarta.")
has "analyze still answers" "200
{" "$got"

# --- the error log: only the errors this test provoked
unexpected=$(grep -E '\[(alert|crit|emerg|error)\]' "$P/logs/error.log" |
  grep -v -e 'client intended to send too large' -e 'connect() failed (111: Connection refused)')
check "error.log: nothing unexpected" "" "$unexpected"

# --- stop nginx by its PID: the master and its workers end
kill -QUIT "$NGINX_PID"
wait "$NGINX_PID"
check "nginx stopped: its exit status" 0 "$?"
left=
for w in $children; do kill -0 "$w" 2>/dev/null && left="$left $w"; done
check "nginx stopped: no worker left" "" "$left"
NGINX_PID=
finish
