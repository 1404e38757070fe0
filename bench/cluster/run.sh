#!/bin/sh
# bench/cluster/run.sh: one kata.index against the duplicate index sharded
# over a Redis Cluster (kata.redis_dup, KATA.SHARD.*), issue 18.
#
#   sh bench/cluster/run.sh [N [MASTERS [DIR]]]
#
# N paragraphs (default 200000) from bench/dupindex/gen.py (seed 1, from
# bench/data/english.txt, made by bench/corpus.sh if missing) with its
# ground truth, in DIR (default bench/data/cluster, git-ignored). The
# stream goes once through one kata.index{threshold = 0.8} and once per
# cluster size in MASTERS (default "1 2 3") through kata.redis_dup with
# the same options, on a cluster of that many masters and no replicas
# (redis-server --cluster-enabled yes --loadmodule build/redis/kata.so on
# free loopback ports, no AOF, no RDB). 3 or more masters are made with
# `redis-cli --cluster create --cluster-replicas 0` (it refuses fewer
# than 3); 1 and 2 by hand: CLUSTER ADDSLOTSRANGE splits the 16384 slots
# evenly, CLUSTER MEET joins the nodes. Each cluster is stopped by its
# servers' PIDs before the next starts. Each report is scored as
# bench/dupindex.sh scores them (bench/dupindex/score.py, threshold 0.8);
# bench/cluster/driver.lua prints the decisions that differ from the
# single index's, memory per paragraph and the work of each master. The
# figures are printed, never asserted (docs/performance.md has them).
set -e
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
N=${1:-200000}
MASTERS=${2:-1 2 3}
D=${3:-bench/data/cluster}
LUA=${LUA:-lua5.4}
mkdir -p "$D"
D=$(cd "$D" && pwd)
make -s LUA="$LUA" all >/dev/null
SO=$ROOT/build/redis/kata.so
[ -f "$SO" ] || make -s redis >/dev/null
[ -f bench/data/english.txt ] || bash bench/corpus.sh
export LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;$ROOT/bench/?.lua;;" LUA_CPATH="$ROOT/build/$LUA/?.so;;"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kata $(git rev-parse --short HEAD), $($LUA -v 2>&1), $(redis-server --version | cut -d' ' -f1-3)"
if [ ! -f "$D/p$N.txt" ]; then
  python3 bench/dupindex/gen.py "$N" 1 bench/data/english.txt "$D/p$N.txt" "$D/p$N.truth"
fi
P=$D/p$N.txt
T=$D/p$N.truth

echo "== one kata.index, $N paragraphs"
$LUA bench/cluster/driver.lua single "$P" "$D/single-$N.tsv"
python3 bench/dupindex/score.py "$P" "$T" "$D/single-$N.tsv" | sed -n 1p

# -- the servers (as tests/redis/cluster.sh starts them) --------------------
tmp=$(mktemp -d)
PIDS=
stop_all() {
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  for p in $PIDS; do wait "$p" 2>/dev/null || true; done
  PIDS=
}
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# Whether something listens on TCP port $1 (/proc/net/tcp{,6}: state 0A).
listening() {
  hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v h=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == h { f = 1 } END { exit !f }'
}
# $1 free ports below 55536 (the cluster bus is port + 10000).
free_ports() {
  base=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 25000 + 20000))
  out=
  k=0
  q=$base
  while [ "$k" -lt "$1" ] && [ "$q" -lt 55000 ]; do
    if ! listening "$q" && ! listening $((q + 10000)); then
      out="$out $q"
      k=$((k + 1))
    fi
    q=$((q + 1))
  done
  [ "$k" -eq "$1" ] || { echo "run.sh: no free ports" >&2; exit 1; }
  echo "$out"
}
start_node() { # port
  mkdir -p "$tmp/$1"
  redis-server --port "$1" --bind 127.0.0.1 --dir "$tmp/$1" --cluster-enabled yes \
    --cluster-config-file nodes.conf --cluster-node-timeout 2000 --cluster-announce-ip 127.0.0.1 \
    --appendonly no --save "" --loadmodule "$SO" --daemonize no \
    --logfile "$tmp/$1/redis.log" &
  PIDS="$PIDS $!"
}
wait_until() { # what, command...
  what=$1
  shift
  i=0
  until "$@"; do
    i=$((i + 1))
    [ "$i" -gt 1200 ] && { echo "run.sh: $what" >&2; exit 1; }
    sleep 0.05
  done
}
pong() { [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ]; }
cluster_ok() { redis-cli -p "$1" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
knows() { [ "$(redis-cli -p "$1" cluster nodes 2>/dev/null | grep -c master)" -ge "$2" ]; }

for m in $MASTERS; do
  PORTS=$(free_ports "$m")
  for p in $PORTS; do start_node "$p"; done
  for p in $PORTS; do wait_until "server on port $p did not start" pong "$p"; done
  if [ "$m" -ge 3 ]; then
    addrs=
    for p in $PORTS; do addrs="$addrs 127.0.0.1:$p"; done
    # shellcheck disable=SC2086
    redis-cli --cluster create $addrs --cluster-replicas 0 --cluster-yes >"$tmp/create.log" 2>&1 ||
      { echo "run.sh: redis-cli --cluster create failed: $(tail -n 5 "$tmp/create.log")" >&2; exit 1; }
  else
    j=0
    first=
    for p in $PORTS; do
      lo=$((16384 * j / m))
      hi=$((16384 * (j + 1) / m - 1))
      redis-cli -p "$p" cluster addslotsrange "$lo" "$hi" >/dev/null
      [ -n "$first" ] && redis-cli -p "$p" cluster meet 127.0.0.1 "$first" >/dev/null
      first=${first:-$p}
      j=$((j + 1))
    done
  fi
  for p in $PORTS; do
    wait_until "node $p never saw $m masters" knows "$p" "$m"
    wait_until "node $p never reached cluster_state:ok" cluster_ok "$p"
  done
  echo "== kata.redis_dup on $m master(s), $N paragraphs"
  # shellcheck disable=SC2086
  if $LUA bench/cluster/driver.lua cluster "$P" "$D/cluster$m-$N.tsv" "$D/single-$N.tsv" $PORTS; then
    python3 bench/dupindex/score.py "$P" "$T" "$D/cluster$m-$N.tsv" | sed -n 1p
  else
    echo "(not scored: the stream did not go through)"
  fi
  stop_all
done
