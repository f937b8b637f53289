# Builds the WebAssembly side from the native configuration: an ExternalProject
# configures THIS source tree again with Emscripten's toolchain (the
# `if(EMSCRIPTEN)` branch of the top CMakeLists.txt: shared, wasm-client and
# the shared unit tests), then assembles the web root the relay serves.
#
# Results, for the rest of the native build:
#   FOXO_WWW_OUT_DIR      ${CMAKE_BINARY_DIR}/www: www/* + foxo_client.js/.wasm
#                         + the fonts (fonts.css, fonts.json, static faces,
#                         fonts/ for the relay's font route), hashed copies,
#                         .br/.gz siblings
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
# Debian's acorn etc. unless NODE_PATH says where they are. Every step that
# may run emcc gets it.
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
# The fonts the page draws text with (scripts/fonts/make_fonts.py): made from
# Debian's font packages only when the script or a source font changes
# (fonts.json, written last, is the stamp); about 15 s, most of it the CJK face.
find_program(FOXO_HB_SUBSET hb-subset)
foxo_require(FOXO_HB_SUBSET "hb-subset (libharfbuzz-bin)")
set(FOXO_FONT_PYTHON /usr/bin/python3 CACHE FILEPATH "A Python with fontTools (Debian's python3-fonttools)")
set(FOXO_FONTS_GEN_DIR "${CMAKE_BINARY_DIR}/fonts-gen")
set(_foxo_font_sources
  /usr/share/fonts/opentype/inter/Inter-Regular.otf
  /usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf
  /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
  /usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf
  /usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf
  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf)
foreach(f ${_foxo_font_sources})
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "Foxo: ${f} not found (fonts-inter, fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji). ${FOXO_SETUP_HINT}")
  endif()
endforeach()
add_custom_command(
  OUTPUT "${FOXO_FONTS_GEN_DIR}/fonts.json"
  COMMAND ${FOXO_FONT_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/fonts/make_fonts.py
          --out ${FOXO_FONTS_GEN_DIR} --hb-subset ${FOXO_HB_SUBSET}
  DEPENDS ${CMAKE_SOURCE_DIR}/scripts/fonts/make_fonts.py ${_foxo_font_sources}
  COMMENT "Making the web fonts in ${FOXO_FONTS_GEN_DIR}"
  VERBATIM)
add_custom_target(foxo_fonts DEPENDS "${FOXO_FONTS_GEN_DIR}/fonts.json")

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
    -DFONTS_DIR=${FOXO_FONTS_GEN_DIR}
    -P ${CMAKE_SOURCE_DIR}/cmake/AssembleWebRoot.cmake)
ExternalProject_Add_StepDependencies(foxo_wasm web_root foxo_fonts)
