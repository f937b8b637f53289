#!/usr/bin/env bash
# Scenario 6 of bench/run.sh: what the client transfers and its time to first
# frame, in headless Chromium (bench/client/measure.mjs) against RELAY and the
# web root its build assembled (RELAY's build dir/www, or $FOXO_WWW).
# Prints measure.mjs's report, then the table rows (lines starting with "|").
#   bench/client/run.sh RELAY
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
relay=${1:?usage: bench/client/run.sh RELAY_BINARY}
www=${FOXO_WWW:-$(dirname "$(dirname "$relay")")/www}
if [ ! -f "$www/index.html" ]; then
  echo "bench/client/run.sh: no web root at $www (build the foxo_wasm target of that build)" >&2
  exit 1
fi
export FOXO_RELAY=$relay FOXO_WWW=$www CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
exec node "$here/bench/client/measure.mjs" --runs 5 --idle-seconds 5 --table
