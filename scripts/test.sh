#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything, and
# runs every test (shared unit tests natively and in WebAssembly under Node,
# relay integration tests, SMS gateway tests with Prism, browser tests in
# Chromium). Exits with ctest's status.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)"
cd build
exec ctest --output-on-failure --parallel "$(nproc)" --timeout 600 "$@"
