#!/usr/bin/env bash
# The README's test command (CI runs it through .ci/run): installs what is
# missing, then three phases, each a build and its ctest run:
#   normal  build/       everything (relay, WebAssembly client and web root) and
#                        every test: shared unit tests natively and in
#                        WebAssembly under Node, relay, integration, SMS
#                        (Prism), fuzz corpus replay; browser (Chromium, and
#                        the journey in Firefox and WebKit, each with and
#                        without WebGL) too unless the asan phase runs them
#   asan    build-asan/  the native targets again with AddressSanitizer and
#                        UndefinedBehaviorSanitizer (-O1, no WebAssembly: the
#                        browser tests use build/www) and every native and
#                        browser test except the PostgreSQL run of the
#                        integration suite (label pg: the normal phase has it)
#   fuzz    build-fuzz/  the libFuzzer harnesses (clang), each run for
#                        FOXO_FUZZ_SECONDS (default 20) on its seed corpus
# Every phase runs even when an earlier one failed (asan needs the normal
# phase's web root); the exit status is failure if any phase failed.
# FOXO_TEST_PHASES="normal asan fuzz" picks phases; extra arguments go to the
# normal and asan ctest runs (e.g. -R pattern).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh || exit 1

jobs=$(nproc)
# Most tests wait on sockets, timeouts and child processes rather than
# compute: ctest runs twice as many as there are cores.
test_jobs=$((jobs * 2))
phases=${FOXO_TEST_PHASES:-normal asan fuzz}
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  # Paths relative to the checkout and the build folder left out of the hash,
  # so another clone of the same commit (CI's, a second work tree) reuses what
  # this machine already compiled instead of compiling all of it again.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
fi
failed=()
summary=()
# The browser tests drive Chromium against the relay; Chromium's time dominates
# them, so they run once: against the sanitised relay when the asan phase runs
# (the client is the same WebAssembly either way), else in the normal phase.
normal_only=()
[[ " $phases " == *" asan "* ]] && normal_only=(-LE browser)

# step NAME COMMAND...: runs and times one step; a failure marks its phase failed.
step() {
  local name=$1
  shift
  local start=$SECONDS
  echo "test.sh: == $name"
  "$@"
  local rc=$?
  summary+=("$(printf '%-14s %4ds  %s' "$name" $((SECONDS - start)) "$([ $rc = 0 ] && echo ok || echo "FAILED ($rc)")")")
  return $rc
}

# Sanitizer reports from every process of the asan phase (tests, relays they
# start, admin commands) go to files here; any file is a failure, even when
# the process that hit it was a relay whose exit nobody checked.
sanitizer_logs_empty() {
  local dir=$1
  if compgen -G "$dir/*" >/dev/null; then
    echo "test.sh: sanitizer reports in $dir:" >&2
    for f in "$dir"/*; do
      echo "---- $f" >&2
      head -n 60 "$f" >&2
    done
    return 1
  fi
  echo "test.sh: no sanitizer reports"
}

for phase in $phases; do
  case $phase in
    normal)
      # Line tables only (-g1): readable traces at half the compile time of
      # full debug info for the test files (gtest/JSON/httplib templates).
      { step normal.build bash -c "cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
                                     '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG' \
                                     '-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG' ${launcher[*]} >/dev/null &&
                                     cmake --build build --parallel $jobs" &&
        step normal.ctest bash -c 'cd build && ctest --output-on-failure --parallel "$0" --timeout 600 "${@}"' "$test_jobs" "${normal_only[@]}" "$@"
      } || failed+=(normal)
      ;;
    asan)
      logs="$root/build-asan/sanitizer-logs"
      # -O1 and line tables only: a fraction of a full debug build's time, still readable traces.
      { step asan.build bash -c "cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=None '-DCMAKE_CXX_FLAGS=-O1 -g1' \
                                   '-DCMAKE_C_FLAGS=-O1 -g1' -DFOXO_SANITIZE=address,undefined -DFOXO_WASM=OFF \
                                   -DFOXO_WWW_DIR=$root/build/www ${launcher[*]} >/dev/null &&
                                   cmake --build build-asan --parallel $jobs" &&
        rm -rf "$logs" && mkdir -p "$logs" &&
        step asan.ctest env \
          ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:log_path=$logs/asan" \
          UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan" \
          LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0" \
          bash -c 'cd build-asan && ctest --output-on-failure --parallel "$0" --timeout 900 -LE pg "${@}"' "$test_jobs" "$@"
        asan_rc=$?
        step asan.reports sanitizer_logs_empty "$logs" && [ "$asan_rc" = 0 ]
      } || failed+=(asan)
      ;;
    fuzz)
      { step fuzz.build bash -c "cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
                                   -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DFOXO_FUZZ=ON \
                                   -DFOXO_FUZZ_SECONDS=${FOXO_FUZZ_SECONDS:-20} ${launcher[*]} >/dev/null &&
                                   cmake --build build-fuzz --parallel $jobs" &&
        step fuzz.ctest bash -c 'cd build-fuzz && ctest --output-on-failure --parallel "$0" -L fuzz' "$jobs"
      } || failed+=(fuzz)
      ;;
    *)
      echo "test.sh: unknown phase '$phase' (normal, asan, fuzz)" >&2
      failed+=("$phase")
      ;;
  esac
done

echo "test.sh: phase times"
printf '  %s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "test.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: all phases passed"
