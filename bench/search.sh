#!/usr/bin/env bash
# Staff search and list paging at 100,000 cases on SQLite and PostgreSQL (issue 20):
#   bench/search.sh [BUILD_DIR] [CASES] [SAMPLES]     (defaults: build 100000 200)
# FOXO_BENCH_STORES=sqlite (or postgresql) runs one store. See bench/search.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/search.py" "$@"
