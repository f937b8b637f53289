#!/usr/bin/env bash
# The README's run command: installs what is missing, builds everything, and
# starts the relay in dev mode on http://127.0.0.1:8080 (demo data, SMS codes
# printed here in the terminal). Ctrl-C stops it; data stays in .foxo-dev/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)"
exec build/relay/foxo-relay --dev --port "${FOXO_PORT:-8080}" --data "${FOXO_DATA:-$root/.foxo-dev}"
