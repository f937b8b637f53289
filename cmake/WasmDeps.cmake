# Dependencies of the Emscripten configuration (see WasmBuild.cmake, which
# configures this same tree with Emscripten's toolchain). Everything comes from
# Debian packages: headers are reused, libraries are rebuilt here with em++.

# nlohmann/json and googletest report errors by throwing, and the shared code
# parses untrusted JSON; without this Emscripten turns every throw into an
# abort. Global so that all objects agree on the exception ABI.
add_compile_options(-fexceptions)
add_link_options(-fexceptions)
# The client is downloaded on phones: everything built for size, and with
# link-time optimisation so code and tables nothing reaches are dropped.
add_compile_options(-Oz -flto)
add_link_options(-Oz -flto)

# --- nlohmann_json (header only) ------------------------------------------
# Only the nlohmann/ folder is exposed: putting /usr/include itself on the
# include path would let glibc's headers shadow Emscripten's libc.
set(FOXO_NLOHMANN_DIR "/usr/include/nlohmann" CACHE PATH "nlohmann/json headers (nlohmann-json3-dev)")
if(NOT EXISTS "${FOXO_NLOHMANN_DIR}/json.hpp")
  message(FATAL_ERROR "Foxo: nlohmann/json.hpp not found in ${FOXO_NLOHMANN_DIR}. ${FOXO_SETUP_HINT}")
endif()
set(_foxo_nlohmann_include "${CMAKE_BINARY_DIR}/deps/nlohmann-include")
file(MAKE_DIRECTORY "${_foxo_nlohmann_include}")
file(CREATE_LINK "${FOXO_NLOHMANN_DIR}" "${_foxo_nlohmann_include}/nlohmann" SYMBOLIC)
add_library(foxo_nlohmann_json INTERFACE)
target_include_directories(foxo_nlohmann_json SYSTEM INTERFACE "${_foxo_nlohmann_include}")
add_library(nlohmann_json::nlohmann_json ALIAS foxo_nlohmann_json)

# --- GoogleTest, from Debian's sources -----------------------------------
set(FOXO_GTEST_SOURCE_DIR "/usr/src/googletest" CACHE PATH "GoogleTest sources (googletest package)")
if(NOT EXISTS "${FOXO_GTEST_SOURCE_DIR}/googletest/CMakeLists.txt")
  message(FATAL_ERROR "Foxo: GoogleTest sources not found in ${FOXO_GTEST_SOURCE_DIR}. ${FOXO_SETUP_HINT}")
endif()
# Node runs the tests single-threaded; a pthread build would need SharedArrayBuffer.
set(gtest_disable_pthreads ON CACHE BOOL "" FORCE)
set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
add_subdirectory("${FOXO_GTEST_SOURCE_DIR}/googletest" "${CMAKE_BINARY_DIR}/deps/googletest" EXCLUDE_FROM_ALL)
if(NOT TARGET GTest::gtest)
  add_library(GTest::gtest ALIAS gtest)
endif()
if(NOT TARGET GTest::gtest_main)
  add_library(GTest::gtest_main ALIAS gtest_main)
endif()

# --- Dear ImGui 1.86 (core + GLFW/OpenGL3 backends, no demo) ---------------
if(NOT FOXO_IMGUI_DIR OR NOT EXISTS "${FOXO_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Foxo: Dear ImGui sources not found in '${FOXO_IMGUI_DIR}'. ${FOXO_SETUP_HINT}")
endif()
add_library(imgui STATIC
  "${FOXO_IMGUI_DIR}/imgui.cpp"
  "${FOXO_IMGUI_DIR}/imgui_draw.cpp"
  "${FOXO_IMGUI_DIR}/imgui_tables.cpp"
  "${FOXO_IMGUI_DIR}/imgui_widgets.cpp"
  "${FOXO_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp"
  "${FOXO_IMGUI_DIR}/backends/imgui_impl_glfw.cpp"
  "${FOXO_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_include_directories(imgui SYSTEM PUBLIC
  "${FOXO_IMGUI_DIR}" "${FOXO_IMGUI_DIR}/backends" "${FOXO_IMGUI_DIR}/misc/cpp")
target_compile_definitions(imgui PUBLIC
  # GLES 2 for both WebGL 2 and WebGL 1 (platform/render_webgl.cpp): built
  # for GLES 3 headers the backend also runs on WebGL 1 with "#version 100",
  # except that its font upload sets GL_UNPACK_ROW_LENGTH, which WebGL 1
  # rejects with an INVALID_ENUM warning in the console. Built for GLES 2 it
  # uses GLSL 1.00 shaders (valid in WebGL 2 too) and vertex array objects
  # through the OES names, which Emscripten maps to WebGL 2's own or to
  # OES_vertex_array_object.
  IMGUI_IMPL_OPENGL_ES2
  # 32-bit ImWchar: characters beyond U+FFFF (emoji, rare CJK) are kept whole;
  # with 16-bit ImWchar, InputText turned each into U+FFFD.
  IMGUI_USE_WCHAR32
  IMGUI_DISABLE_OBSOLETE_FUNCTIONS
  # The client never reads or writes imgui.ini: no filesystem in the bundle.
  IMGUI_DISABLE_FILE_FUNCTIONS)
# Built for size: the bundle is downloaded on phones.
target_compile_options(imgui PRIVATE -Oz)
target_compile_features(imgui PUBLIC cxx_std_11)

# --- utf8proc 2.8.0, from Debian's sources ---------------------------------
# libutf8proc-dev has a native library only; utf8proc.c includes
# utf8proc_data.c (the Unicode tables) itself.
if(NOT FOXO_UTF8PROC_DIR OR NOT EXISTS "${FOXO_UTF8PROC_DIR}/utf8proc.c" OR NOT EXISTS "${FOXO_UTF8PROC_DIR}/utf8proc_data.c")
  message(FATAL_ERROR "Foxo: utf8proc sources not found in '${FOXO_UTF8PROC_DIR}'. ${FOXO_SETUP_HINT}")
endif()
add_library(utf8proc STATIC "${FOXO_UTF8PROC_DIR}/utf8proc.c")
target_include_directories(utf8proc SYSTEM PUBLIC "${FOXO_UTF8PROC_DIR}")
target_compile_definitions(utf8proc PUBLIC UTF8PROC_STATIC)
target_compile_options(utf8proc PRIVATE -Oz)
add_library(foxo::utf8proc ALIAS utf8proc)
