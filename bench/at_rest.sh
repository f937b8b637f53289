#!/usr/bin/env bash
# What sealing text at rest costs (issue 18): bench/run.sh's scenario 3
# (acknowledged durable messages per second, 64 senders, 5 s) and scenario 4
# (the first page of 50 of a case of 10,000 messages), against two relay
# binaries in turn, ROUNDS rounds (default 3), on fresh data dirs:
#   bench/at_rest.sh BASE_RELAY NEW_RELAY [ROUNDS]
# e.g. a build of the commit before sealing against this one. Prints each
# round and the medians; nothing is asserted.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${FOXO_BENCH_BUILD:-$here/build-bench}
base=$1
new=$2
rounds=${3:-3}
log() { printf 'at_rest: %s\n' "$*" >&2; }

"$here/bench/setup.sh"  # what foxo-bench links (libmosquitto)

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFOXO_BUILD_BENCH=ON \
    "${launcher[@]}" >/dev/null
fi
cmake --build "$build" --target foxo-bench --parallel "${FOXO_BENCH_JOBS:-2}" >/dev/null
gen=$build/bench/foxo-bench
tmp=$(mktemp -d /tmp/foxo-at-rest.XXXXXX)
relay_pid=
cleanup() {
  [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# measure BIN DIR: one round of scenarios 3 and 4 on a fresh relay; prints RESULT lines.
measure() {
  local bin=$1 dir=$2
  "$bin" --dev --quiet --port 0 --data "$dir" >"$dir.out" 2>"$dir.err" &
  relay_pid=$!
  local port=
  for _ in $(seq 1 2400); do  # up to 2 minutes on a busy machine
    port=$(sed -n 's/^listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$dir.out" 2>/dev/null)
    [ -n "$port" ] && break
    kill -0 "$relay_pid" 2>/dev/null || { cat "$dir.err" >&2; exit 1; }
    sleep 0.05
  done
  "$gen" throughput --port "$port" --senders 64 --seconds 5
  "$gen" open-case --port "$port" --db "$dir/foxo.db" --messages 10000 --limit 50
  kill "$relay_pid"
  wait "$relay_pid" || true
  relay_pid=
}

for r in $(seq 1 "$rounds"); do
  for side in base new; do
    bin=$base
    [ "$side" = new ] && bin=$new
    log "round $r: $side ($bin)"
    measure "$bin" "$tmp/$side-$r" | sed -n "s/^RESULT /$side /p" | tee -a "$tmp/results"
  done
done
python3 - "$tmp/results" <<'PY'
import statistics, sys
by = {}
for line in open(sys.argv[1]):
    side, key, value = line.split()[:3]
    try:
        by.setdefault((key, side), []).append(float(value))
    except ValueError:
        pass
print("| figure | before sealing (median) | with sealing (median) | change |")
print("|---|---|---|---|")
for key in sorted({k for k, _ in by}):
    b, n = by.get((key, "base")), by.get((key, "new"))
    if not b or not n:
        continue
    mb, mn = statistics.median(b), statistics.median(n)
    change = f"{(mn - mb) / mb * 100:+.1f} %" if mb else ""
    print(f"| {key} | {mb:.3f} ({', '.join(f'{v:g}' for v in b)}) | {mn:.3f} ({', '.join(f'{v:g}' for v in n)}) | {change} |")
PY
