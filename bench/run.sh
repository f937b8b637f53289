#!/usr/bin/env bash
# The benchmark suite of issue 8, in one command:
#   bench/run.sh            (FOXO_BENCH_QUICK=1 for a short smoke run: 1,000 streams, 100k stored messages)
# Builds the relay and the load generator (Release, in build-bench/), then, on
# temp data dirs, runs scenarios 1-5 against a `--dev` relay and the
# references in the same run (raw SQLite commits with synchronous=FULL on the
# same disk, a loopback round trip, mosquitto doing the same fan-out), runs
# bench/client/run.sh (scenario 6), prints the table and
# writes it with the raw figures to bench/results/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${FOXO_BENCH_BUILD:-$here/build-bench}
quick=${FOXO_BENCH_QUICK:-0}
streams=10000
stored=1000000
[ "$quick" = 1 ] && { streams=1000; stored=100000; }
rate=200
log() { printf 'bench: %s\n' "$*" >&2; }

"$here/bench/setup.sh"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFOXO_BUILD_BENCH=ON "${launcher[@]}" >/dev/null
fi
# FOXO_BENCH_RELAY=path/to/foxo-relay measures another build of the relay.
relay_bin=${FOXO_BENCH_RELAY:-$build/relay/foxo-relay}
targets=(foxo-bench)
# The relay, and the web root scenario 6 loads (the WebAssembly client, built
# with Emscripten into $build/www), unless another build's relay is measured.
[ -z "${FOXO_BENCH_RELAY:-}" ] && targets+=(foxo-relay foxo_wasm)
log "building ${targets[*]} (Release) in $build"
cmake --build "$build" --target "${targets[@]}" --parallel "${FOXO_BENCH_JOBS:-2}" >/dev/null
log "relay under test: $relay_bin"
gen=$build/bench/foxo-bench

# Each side holds 10,000 sockets: raise the open-file limit as far as allowed.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((streams + 1000)) ]; then
  log "open-file limit $(ulimit -n) is below $((streams + 1000)); raise the hard limit (limits.conf) first"
  exit 1
fi

tmp=$(mktemp -d /tmp/foxo-bench.XXXXXX)
mkdir -p "$here/bench/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw=$tmp/results.raw
: >"$raw"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# start_relay DIR [flags...]: sets relay_pid and relay_port.
start_relay() {
  local dir=$1
  shift
  "$relay_bin" --dev --quiet --port 0 --data "$dir" "$@" >"$dir.out" 2>"$dir.err" &
  relay_pid=$!
  pids+=("$relay_pid")
  for _ in $(seq 1 600); do
    if grep -q '^listening on' "$dir.out" 2>/dev/null; then
      relay_port=$(sed -n 's/^listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$dir.out")
      return 0
    fi
    kill -0 "$relay_pid" 2>/dev/null || break
    sleep 0.05
  done
  log "relay did not start:"
  cat "$dir.err" >&2
  exit 1
}
stop_relay() {
  kill "$relay_pid"
  wait "$relay_pid" || true
}
run() {  # run LABEL CMD...: keeps RESULT lines; a failed step is reported and the suite goes on
  local label=$1
  log "$label"
  shift
  "$@" | tee -a "$raw" | sed 's/^/  /' >&2 || log "FAILED: $label (its figures are missing from the table)"
}

# 1 + 2: live streams, then paced messages to them.
start_relay "$tmp/streams" --max-streams $((streams + 50))
run "scenario 1+2: $streams streams, $rate msg/s" "$gen" streams --port "$relay_port" --pid "$relay_pid" \
  --streams "$streams" --rate "$rate" --seconds 10
stop_relay

# Reference for 1 + 2: mosquitto with as many QoS 1 subscribers, same rate.
mq_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/mosquitto.conf" <<EOF
listener $mq_port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 2000
set_tcp_nodelay true
log_dest none
EOF
/usr/sbin/mosquitto -c "$tmp/mosquitto.conf" &
mq_pid=$!
pids+=("$mq_pid")
sleep 0.5
run "reference: mosquitto fan-out" "$gen" mqtt --port "$mq_port" --pid "$mq_pid" --streams "$streams" --rate "$rate" \
  --seconds 10
kill "$mq_pid"
wait "$mq_pid" || true

# 3 + 4: durable throughput, then a case of 10,000 messages (same relay).
start_relay "$tmp/durable"
run "scenario 3: 64 concurrent senders" "$gen" throughput --port "$relay_port" --senders 64 --seconds 5
run "scenario 4: a case of 10,000 messages" "$gen" open-case --port "$relay_port" --db "$tmp/durable/foxo.db" \
  --messages 10000 --limit 50
stop_relay
run "reference: SQLite commits (synchronous=FULL, same disk)" "$gen" sqlite-commit --dir "$tmp" --seconds 3
run "reference: loopback round trip" "$gen" rtt --count 20000

# 5: cold start with $stored messages stored; reference: the empty store.
start_relay "$tmp/big"
"$gen" fixture --port "$relay_port" --guests 1000 >/dev/null
stop_relay
run "scenario 5: filling $stored messages" "$gen" fill --db "$tmp/big/foxo.db" --messages "$stored"
"$gen" coldstart --relay "$relay_bin" --data "$tmp/empty" --prefix warmup >/dev/null
run "scenario 5: cold start, empty store" "$gen" coldstart --relay "$relay_bin" --data "$tmp/empty" --prefix ref.s5
run "scenario 5: cold start, $stored messages" "$gen" coldstart --relay "$relay_bin" --data "$tmp/big" --prefix s5

# 6: the client: bench/client/run.sh (bench/client/measure.mjs in headless Chromium).
client_rows=$tmp/client.rows
: >"$client_rows"
if [ -x "$here/bench/client/run.sh" ]; then
  log "scenario 6: client transfer size and first frame"
  "$here/bench/client/run.sh" "$relay_bin" | tee -a "$raw" | tee "$client_rows.all" | sed 's/^/  /' >&2 || true
  grep '^|' "$client_rows.all" >"$client_rows" || true
else
  log "scenario 6: bench/client/run.sh not present; skipped"
fi

out=$here/bench/results/$stamp.md
python3 "$here/bench/report.py" "$raw" "$client_rows" "$streams" "$stored" "$quick" >"$out"
cat "$out"
log "results: $out"
