#!/usr/bin/env bash
# Cross-relay delivery (issue 9): two --dev relays on one throwaway PostgreSQL
# (scripts/pg-test-server.sh); the guests' event streams are held by relay B,
# the staff messages are sent through relay A (foxo-bench streams --send-port),
# so every delivery crosses NOTIFY -> B's listener -> B's hub. For comparison
# the same load is then sent through B itself.
#   bench/cross-relay.sh [BUILD_DIR] [STREAMS] [RATE] [SECONDS]
# BUILD_DIR holds relay/foxo-relay; foxo-bench comes from $FOXO_BENCH_BUILD
# (default build-bench, configured with -DFOXO_BUILD_BENCH=ON).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
streams=${2:-1000}
rate=${3:-100}
seconds=${4:-20}
relay=$build/relay/foxo-relay
gen=${FOXO_BENCH_BUILD:-$here/build-bench}/bench/foxo-bench
work=$(mktemp -d /tmp/foxo-cross-XXXXXX)
chmod 755 "$work"  # the PostgreSQL server runs as `postgres` under it
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$here/scripts/pg-test-server.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"

server=$("$here/scripts/pg-test-server.sh" start "$work/pg")
psql -q "$server" -c "CREATE DATABASE bench"
url=${server%/postgres}/bench
export FOXO_ATTACHMENT_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff

start_relay() {  # NAME -> prints "PID PORT"
  mkdir -p "$work/$1"
  "$relay" --dev --quiet --port 0 --data "$work/$1" --store "$url" >"$work/$1.out" 2>"$work/$1.err" &
  local pid=$!
  for _ in $(seq 1 300); do
    if grep -q "listening on" "$work/$1.out"; then
      echo "$pid $(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/$1.out" | head -1)"
      return
    fi
    sleep 0.1
  done
  echo "relay $1 did not start" >&2
  cat "$work/$1.err" >&2
  exit 1
}
read -r pid_a port_a < <(start_relay a)
pids+=("$pid_a")
read -r pid_b port_b < <(start_relay b)
pids+=("$pid_b")
echo "relay A :$port_a (sends), relay B :$port_b (streams), $streams streams, $rate msg/s for $seconds s" >&2

echo "== cross-relay: send through A, receive on B"
"$gen" streams --port "$port_b" --pid "$pid_b" --streams "$streams" --rate "$rate" --seconds "$seconds" --send-port "$port_a"
echo "== same relay: send through B, receive on B"
"$gen" streams --port "$port_b" --pid "$pid_b" --streams "$streams" --rate "$rate" --seconds "$seconds"
