# Builds the WebAssembly side from the native configuration: an ExternalProject
# configures THIS source tree again with Emscripten's toolchain (the
# `if(EMSCRIPTEN)` branch of the top CMakeLists.txt: shared, wasm-client and
# the shared unit tests), then assembles the web root the relay serves.
#
# Results, for the rest of the native build:
#   FOXO_WWW_OUT_DIR      ${CMAKE_BINARY_DIR}/www: www/* + foxo_client.js/.wasm,
#                         hashed copies, .br/.gz siblings
#   FOXO_WASM_BINARY_DIR  ${CMAKE_BINARY_DIR}/wasm: the Emscripten build tree
#                         (shared tests: tests/unit/foxo_shared_tests.js there)
#   target foxo_wasm      builds both; depend on it from tests that need them.
include(ExternalProject)

find_file(FOXO_EMSCRIPTEN_TOOLCHAIN Emscripten.cmake
  PATHS /usr/share/emscripten/cmake/Modules/Platform
  NO_DEFAULT_PATH)
if(NOT FOXO_EMSCRIPTEN_TOOLCHAIN)
  message(FATAL_ERROR "Foxo: Emscripten's CMake toolchain file not found. ${FOXO_SETUP_HINT}")
endif()

set(FOXO_WASM_BINARY_DIR "${CMAKE_BINARY_DIR}/wasm")
set(FOXO_WWW_OUT_DIR "${CMAKE_BINARY_DIR}/www" CACHE INTERNAL "web root served by the relay by default")
set(FOXO_WASM_SHARED_TESTS_JS "${FOXO_WASM_BINARY_DIR}/tests/unit/foxo_shared_tests.js")

# Debian's emcc runs its JS tools with the machine's node, which does not see
# Debian's acorn etc. unless told where they are (TOOLCHAIN.md). Every step
# that may run emcc gets it.
set(_foxo_em_env ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)

# Debian ships Emscripten's library cache prebuilt and frozen
# (FROZEN_CACHE = True in /usr/share/emscripten/.emscripten): every library
# the client and the tests link (libc, libc++ with exceptions, fetch, GL, LTO
# variants) is in it, so nothing is built into the cache. A user who may not
# write its lock file can point EM_CACHE at a copy of it:
if(DEFINED ENV{EM_CACHE})
  list(APPEND _foxo_em_env EM_CACHE=$ENV{EM_CACHE})
endif()

cmake_host_system_information(RESULT _foxo_cores QUERY NUMBER_OF_LOGICAL_CORES)

ExternalProject_Add(foxo_wasm
  SOURCE_DIR "${CMAKE_SOURCE_DIR}"
  BINARY_DIR "${FOXO_WASM_BINARY_DIR}"
  CONFIGURE_COMMAND ${_foxo_em_env} ${CMAKE_COMMAND}
    -S <SOURCE_DIR> -B <BINARY_DIR> -G ${CMAKE_GENERATOR}
    -DCMAKE_TOOLCHAIN_FILE=${FOXO_EMSCRIPTEN_TOOLCHAIN}
    -DCMAKE_BUILD_TYPE=Release
    -DFOXO_IMGUI_DIR=${FOXO_IMGUI_DIR}
    -DFOXO_UTF8PROC_DIR=${FOXO_UTF8PROC_DIR}
  BUILD_COMMAND ${_foxo_em_env} ${CMAKE_COMMAND} --build <BINARY_DIR> --parallel ${_foxo_cores}
  INSTALL_COMMAND ""
  # The outer build cannot see the inner one's sources change: always step in
  # (a no-op build is quick) so edits to shared/ or wasm-client/ propagate.
  BUILD_ALWAYS ON
  USES_TERMINAL_BUILD ON
  BUILD_BYPRODUCTS
    "${FOXO_WASM_BINARY_DIR}/wasm-client/foxo_client.js"
    "${FOXO_WASM_BINARY_DIR}/wasm-client/foxo_client.wasm"
    "${FOXO_WASM_SHARED_TESTS_JS}")

# The web root: the page shell and bridges from www/ and the client bundle,
# each also under a content-hashed name with precompressed .br/.gz siblings,
# and index.html pointing at the hashed names (cmake/AssembleWebRoot.cmake).
# Run on every build, so edits to www/ need no reconfigure; unchanged files
# are not compressed again.
find_program(FOXO_BROTLI brotli)
foxo_require(FOXO_BROTLI "brotli")
find_program(FOXO_GZIP gzip REQUIRED)
ExternalProject_Add_Step(foxo_wasm web_root
  COMMENT "Assembling the web root in ${FOXO_WWW_OUT_DIR}"
  DEPENDEES build
  ALWAYS ON
  COMMAND ${CMAKE_COMMAND}
    -DSRC_DIR=${CMAKE_SOURCE_DIR}/www
    -DBUNDLE_DIR=${FOXO_WASM_BINARY_DIR}/wasm-client
    -DOUT_DIR=${FOXO_WWW_OUT_DIR}
    -DBROTLI=${FOXO_BROTLI}
    -DGZIP=${FOXO_GZIP}
    -P ${CMAKE_SOURCE_DIR}/cmake/AssembleWebRoot.cmake)
