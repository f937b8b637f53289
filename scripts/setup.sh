#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test Foxo.
# Idempotent: when everything is present it only checks and returns (a few seconds).
# Needs root (or sudo) only when something is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

# Where Dear ImGui's sources (Debian source package imgui 1.86) are unpacked.
IMGUI_DIR=${FOXO_IMGUI_DIR:-/usr/local/share/foxo-deps/imgui-1.86}
# Where utf8proc's sources (Debian source package utf8proc 2.8.0) are unpacked
# for the WebAssembly build; natively libutf8proc-dev is linked.
UTF8PROC_DIR=${FOXO_UTF8PROC_DIR:-/usr/local/share/foxo-deps/utf8proc-2.8.0}

packages=(
  g++ cmake ninja-build pkg-config git
  clang libclang-rt-14-dev
  emscripten
  nlohmann-json3-dev libcpp-httplib-dev libsqlite3-dev libssl-dev
  googletest libgtest-dev libargon2-dev libmagic-dev libpq-dev postgresql
  libutf8proc-dev liboath-dev libqrencode-dev zbar-tools libicu-dev
  sqlite3 chromium firefox-esr webkit2gtk-driver xvfb xauth libgl1-mesa-dri fonts-inter fonts-dejavu-core fonttools brotli
  libbrotli-dev libharfbuzz-dev libharfbuzz-bin fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
  libpango1.0-dev libcairo2-dev libhowardhinnant-date-dev poppler-utils tzdata
  nginx
  dpkg-dev xz-utils ca-certificates util-linux python3 ccache
)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf 'setup: %s\n' "$*"; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

updated=0
apt_update() { [ "$updated" = 1 ] || { log "apt-get update"; as_root apt-get update -qq; updated=1; }; }

if ((${#missing[@]})); then
  apt_update
  log "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian source packages need a deb-src entry for bookworm main: imgui's
# (below) and, in the fuzz build, cpp-httplib's (tests/fuzz/CMakeLists.txt).
src_list=/etc/apt/sources.list.d/foxo-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  log "adding a deb-src entry for bookworm main ($src_list)"
  as_root tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  updated=0
  apt_update
fi

# unpack_source PACKAGE ORIG_GLOB DIR FILE...: unpacks Debian's source package
# PACKAGE (its orig tarball matching ORIG_GLOB) into DIR unless every FILE is
# already there.
unpack_source() {
  local package=$1 orig_glob=$2 dir=$3
  shift 3
  local f missing_file=0
  for f in "$@"; do [ -f "$dir/$f" ] || missing_file=1; done
  [ "$missing_file" = 1 ] || return 0
  apt_update
  local tmp orig
  tmp=$(mktemp -d)
  log "fetching Debian's $package source package"
  (cd "$tmp" && apt-get source --download-only "$package" >/dev/null 2>&1)
  orig=$(ls "$tmp"/$orig_glob 2>/dev/null | head -1)
  [ -n "$orig" ] || { echo "setup: no $package source package ($orig_glob)" >&2; exit 1; }
  as_root mkdir -p "$dir"
  as_root tar -xf "$orig" -C "$dir" --strip-components=1
  rm -rf "$tmp"
  for f in "$@"; do
    [ -f "$dir/$f" ] || { echo "setup: $f not found in $orig" >&2; exit 1; }
  done
  log "$package sources in $dir"
}

# Dear ImGui: libimgui-dev has no backends, so take the core and backend sources
# from Debian's source package.
unpack_source imgui 'imgui_1.86*.orig.tar.*' "$IMGUI_DIR" imgui.cpp backends/imgui_impl_glfw.cpp

# utf8proc: libutf8proc-dev has the native library only; the WebAssembly
# build compiles utf8proc.c (which includes utf8proc_data.c) from Debian's
# source package.
unpack_source utf8proc 'utf8proc_2.8.0*.orig.tar.*' "$UTF8PROC_DIR" utf8proc.c utf8proc_data.c

# npm packages for the browser tests and the Twilio contract test
# (playwright-core drives Debian's /usr/bin/chromium, puppeteer-core Debian's
# firefox-esr, webdriverio Debian's WebKitWebDriver; no browser download:
# browser downloads fail on the test network).
if [ -f "$here/tests/node/package.json" ]; then
  if [ ! -d "$here/tests/node/node_modules" ] || [ "$here/tests/node/package-lock.json" -nt "$here/tests/node/node_modules/.package-lock.json" ]; then
    log "npm ci in tests/node"
    (cd "$here/tests/node" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
       npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
log "ready"
