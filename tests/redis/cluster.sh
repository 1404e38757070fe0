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

# Whether a TCP socket of this machine, in any state, has local port $1
# (/proc/net/tcp{,6}): a listener, or a connection's own end.
in_use() {
  hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v h=":$hex" 'substr($2, length($2) - 4) == h { f = 1 } END { exit !f }'
}
# Six ports, each with its cluster bus (port + 10000), free and below the
# kernel's range for the local ends of connections (ip_local_port_range,
# 32768 by default): a port in that range can be taken at any moment by a
# client's connection (a bind failed so once, "Address already in use" on
# a bus port, while CI ran other jobs).
low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
[ -n "$low" ] || low=32768
top=$((low - 10000 - 8))
[ "$top" -gt 11000 ] || fail "no ports below the local port range ($low)"
pick_ports() {
  base=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % (top - 10000) + 10000))
  PORTS=
  n=0
  p=$base
  while [ "$n" -lt 6 ] && [ "$p" -lt "$top" ]; do
    if ! in_use "$p" && ! in_use $((p + 10000)); then
      PORTS="$PORTS $p"
      n=$((n + 1))
    fi
    p=$((p + 1))
  done
  [ "$n" -eq 6 ]
}

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
# Starts the six nodes; a port taken between the pick and the bind (by
# another program) makes a node stop at once: the six are stopped and six
# other ports tried, at most 5 times.
started=
for try in 1 2 3 4 5; do
  pick_ports || fail "no free ports"
  for p in $PORTS; do start_node "$p"; done
  taken=
  for p in $PORTS; do
    i=0
    until [ "$(redis-cli -p "$p" ping 2>/dev/null)" = PONG ]; do
      i=$((i + 1))
      if ! kill -0 "$(cat "$tmp/$p/pid")" 2>/dev/null; then
        grep -q "Address already in use" "$tmp/$p/redis.log" 2>/dev/null && taken=$p && break 2
        fail "server on port $p stopped: $(tail -n 5 "$tmp/$p/redis.log")"
      fi
      [ "$i" -gt 1200 ] && fail "server on port $p did not start: $(tail -n 5 "$tmp/$p/redis.log")"
      sleep 0.05
    done
  done
  [ -z "$taken" ] && started=1 && break
  for p in $PORTS; do kill "$(cat "$tmp/$p/pid")" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  for p in $PORTS; do rm -rf "${tmp:?}/$p"; done
  PIDS=
done
[ -n "$started" ] || fail "six nodes did not start on free ports in 5 tries"
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
