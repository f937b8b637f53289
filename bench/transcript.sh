#!/usr/bin/env bash
# PDF transcript of a 1,000-message multilingual case (issue 22):
#   bench/transcript.sh [BUILD_DIR] [MESSAGES] [SAMPLES]     (defaults: build 1000 10)
# See bench/transcript.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/transcript.py" "$@"
