#!/bin/sh
# cluster.sh: the kata module on a real Redis Cluster (`make test-redis-cluster`).
# Builds the Lua module and the Redis module, starts six redis-server
# processes with --cluster-enabled yes and --loadmodule on 127.0.0.1 (free
# ports, each in its own directory, AOF on), makes them a cluster of 3
# masters and 3 replicas with `redis-cli --cluster create`, then runs
# tests/redis/cluster.lua: the Lua client (kata.redis_cluster: slots,
# MOVED, ASK), the sharded duplicate index (kata.redis_dup) against a
# single kata.index, `kata dedupe --redis`, and a master killed (kill -9)
# mid-stream whose replica takes over without losing an acknowledged
# paragraph. Every server is stopped by its PID at the end. Waits are
# polls with an iteration limit, never timing assertions.
# Prints `redis-cluster: N passed, N failed`.
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
LUA=${LUA:-lua5.4}
tmp=$(mktemp -d)
PIDS=

cleanup() {
  for f in "$tmp"/*/pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "redis-cluster: 0 passed, 1 failed (interrupted)"; exit 1' INT TERM

fail() {
  echo "redis-cluster: $1"
  echo "redis-cluster: 0 passed, 1 failed"
  exit 1
}

make -s LUA="$LUA" all >/dev/null || fail "make failed"
SO=${KATA_REDIS_SO:-$ROOT/build/redis/kata.so}
if [ -z "$KATA_REDIS_SO" ]; then sh src/redis_kata/build.sh >/dev/null || fail "make redis failed"; fi

# Whether something listens on TCP port $1 (/proc/net/tcp{,6}: state 0A).
listening() {
  hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v h=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == h { f = 1 } END { exit !f }'
}
# Six free ports below 55536 (the cluster bus is port + 10000).
base=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 25000 + 20000))
PORTS=
n=0
p=$base
while [ "$n" -lt 6 ] && [ "$p" -lt 55000 ]; do
  if ! listening "$p" && ! listening $((p + 10000)); then
    PORTS="$PORTS $p"
    n=$((n + 1))
  fi
  p=$((p + 1))
done
[ "$n" -eq 6 ] || fail "no free ports"

start_node() { # port
  mkdir -p "$tmp/$1"
  # (the failover test starts a killed node again with this script)
  cat >"$tmp/$1/start.sh" <<EOF
redis-server --port $1 --bind 127.0.0.1 --dir "$tmp/$1" --cluster-enabled yes \\
  --cluster-config-file nodes.conf --cluster-node-timeout 2000 \\
  --appendonly yes --aof-use-rdb-preamble no --enable-debug-command local --save "" --loadmodule "$SO" --daemonize no \\
  --logfile "$tmp/$1/redis.log" </dev/null >/dev/null 2>&1 &
echo \$! >"$tmp/$1/pid"
EOF
  redis-server --port "$1" --bind 127.0.0.1 --dir "$tmp/$1" --cluster-enabled yes \
    --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --appendonly yes --aof-use-rdb-preamble no --enable-debug-command local --save "" --loadmodule "$SO" --daemonize no \
    --logfile "$tmp/$1/redis.log" &
  PIDS="$PIDS $!"
  echo "$!" >"$tmp/$1/pid"
}
for p in $PORTS; do start_node "$p"; done
for p in $PORTS; do
  i=0
  until [ "$(redis-cli -p "$p" ping 2>/dev/null)" = PONG ]; do
    i=$((i + 1))
    [ "$i" -gt 600 ] && fail "server on port $p did not start: $(tail -n 5 "$tmp/$p/redis.log")"
    sleep 0.05
  done
done
addrs=
for p in $PORTS; do addrs="$addrs 127.0.0.1:$p"; done
# shellcheck disable=SC2086
redis-cli --cluster create $addrs --cluster-replicas 1 --cluster-yes >"$tmp/create.log" 2>&1 ||
  fail "redis-cli --cluster create failed: $(tail -n 5 "$tmp/create.log")"
# Every node: cluster_state ok and the same view of 3 masters with slots.
for p in $PORTS; do
  i=0
  until redis-cli -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; do
    i=$((i + 1))
    [ "$i" -gt 1200 ] && fail "node $p never reached cluster_state:ok"
    sleep 0.05
  done
done

# Every replica linked to its master (WAIT counts only linked replicas).
for p in $PORTS; do
  i=0
  while redis-cli -p "$p" info replication | grep -q '^role:slave' &&
    ! redis-cli -p "$p" info replication | grep -q '^master_link_status:up'; do
    i=$((i + 1))
    [ "$i" -gt 1200 ] && fail "replica $p never linked to its master"
    sleep 0.05
  done
done

export LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;$ROOT/tests/redis/?.lua;;"
export LUA_CPATH="$ROOT/build/$LUA/?.so;;"
# shellcheck disable=SC2086
KATA_TEST_LUA=$LUA $LUA tests/redis/cluster.lua "$tmp" $PORTS
