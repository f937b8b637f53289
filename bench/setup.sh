#!/usr/bin/env bash
# The benchmark suite's extra Debian packages (bench/run.sh calls this):
# mosquitto (the reference broker) and libmosquitto-dev (the load generator's
# MQTT client). Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(mosquitto libmosquitto-dev python3)
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  printf 'bench setup: installing %s\n' "${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
