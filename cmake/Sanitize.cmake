# Sanitizer and fuzzing builds of the native targets (the WebAssembly side is
# never sanitised: it is configured by its own ExternalProject).
#
#   FOXO_SANITIZE=address,undefined  every native target compiled and linked
#       with these sanitizers; UBSan findings abort (-fno-sanitize-recover) so
#       that a test cannot pass over one. scripts/test.sh runs the whole suite
#       so in build-asan/.
#   FOXO_WASM=OFF  no Emscripten build: the relay and the browser tests serve
#       the web root FOXO_WWW_DIR that another (normal) build assembled, and
#       the WebAssembly run of the shared tests is left to that build.
#   FOXO_FUZZ=ON  (clang only) the libFuzzer harnesses of tests/fuzz, built
#       with -fsanitize=fuzzer,address,undefined, and nothing else.
set(FOXO_SANITIZE "" CACHE STRING "Sanitizers for native targets, e.g. address,undefined (empty: none)")
option(FOXO_WASM "Build the WebAssembly client and web root (OFF: use FOXO_WWW_DIR)" ON)
set(FOXO_WWW_DIR "" CACHE PATH "With FOXO_WASM=OFF: an assembled web root (another build's www/)")
option(FOXO_FUZZ "Build the libFuzzer harnesses only (needs clang)" OFF)

if(FOXO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "Foxo: FOXO_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang). ${FOXO_SETUP_HINT}")
  endif()
  # Everything is instrumented for coverage and checked by ASan and UBSan; only
  # the harness executables link libFuzzer's main (tests/fuzz).
  set(FOXO_SANITIZE "address,undefined")
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(FOXO_SANITIZE)
  add_compile_options(-fsanitize=${FOXO_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${FOXO_SANITIZE} -fno-sanitize-recover=all)
endif()

if(NOT FOXO_WASM AND NOT FOXO_FUZZ)
  if(NOT FOXO_WWW_DIR)
    message(FATAL_ERROR "Foxo: FOXO_WASM=OFF needs FOXO_WWW_DIR, the web root a normal build assembles "
                        "(e.g. -DFOXO_WWW_DIR=\${repo}/build/www; build target foxo_wasm there before the browser tests).")
  endif()
  # The relay serves ${CMAKE_BINARY_DIR}/www by default and the browser tests
  # use FOXO_WWW_OUT_DIR: point both at the other build's web root.
  set(FOXO_WWW_OUT_DIR "${FOXO_WWW_DIR}" CACHE INTERNAL "web root served by the relay by default")
  file(REMOVE_RECURSE "${CMAKE_BINARY_DIR}/www")
  file(CREATE_LINK "${FOXO_WWW_DIR}" "${CMAKE_BINARY_DIR}/www" SYMBOLIC)
endif()
