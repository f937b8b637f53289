# Assembles the web root the relay serves (run with cmake -P at build time):
#
#   cmake -DSRC_DIR=<repo>/www -DBUNDLE_DIR=<wasm>/wasm-client
#         -DOUT_DIR=<build>/www -DBROTLI=/usr/bin/brotli -DGZIP=/bin/gzip
#         -P AssembleWebRoot.cmake
#
# OUT_DIR gets, for every file of SRC_DIR but index.html and for the client
# bundle (foxo_client.js, foxo_client.wasm):
#   name.ext            the plain name (dev, old links; served with no-cache)
#   name.<hash>.ext     a content-hashed copy (first 12 hex digits of its
#                       SHA-256), served as immutable for a year
# and index.html with every `="/name.ext"` reference rewritten to the hashed
# name. Text, wasm and font files also get name.br (brotli -q 11) and name.gz
# (gzip -9 -n) siblings, kept only when smaller than the original.
#
# With -DFONTS_DIR=<build>/fonts-gen (scripts/fonts/make_fonts.py's output),
# its files are placed too: fonts.css and fonts.json like www files, the
# static faces (font-NAME.<hash>.otf, hashed by the generator) under that
# name and the plain one, the page's `="/font-NAME.otf"` pointing at the
# hashed one; and its
# fonts/ subdirectory (the faces the relay subsets per request, which
# WebRoot does not serve whole) is mirrored to OUT_DIR/fonts/.
# A source whose name is already <stem>.<12 lowercase hex>.<ext> keeps it. Anything
# else in OUT_DIR (stale hashes of earlier builds) is removed, and compression
# is skipped for files whose compressed siblings are already up to date, so a
# no-change rebuild costs only the hashing.
cmake_minimum_required(VERSION 3.25)
foreach(var SRC_DIR BUNDLE_DIR OUT_DIR BROTLI GZIP)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "AssembleWebRoot: ${var} is not set")
  endif()
endforeach()

file(MAKE_DIRECTORY "${OUT_DIR}")
set(_keep "")            # every file OUT_DIR should hold afterwards
set(_compressible_ext js css html wasm svg json txt webmanifest otf ttf)

# Writes `content_file`'s compressed siblings `out_name.br` / `.gz` unless
# they are newer than it; drops a sibling that would not be smaller.
function(_foxo_compress out_name)
  set(target "${OUT_DIR}/${out_name}")
  file(SIZE "${target}" plain_size)
  foreach(enc br gz)
    set(sib "${target}.${enc}")
    if(EXISTS "${sib}" AND "${sib}" IS_NEWER_THAN "${target}")
      list(APPEND _keep "${out_name}.${enc}")
      continue()
    endif()
    if(enc STREQUAL "br")
      execute_process(COMMAND "${BROTLI}" -q 11 -f -n -o "${sib}" "${target}" RESULT_VARIABLE rc)
      # brotli creates its output readable by the owner only; the web root is public.
      if(rc EQUAL 0)
        file(CHMOD "${sib}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
      endif()
    else()
      execute_process(COMMAND "${GZIP}" -9 -n -c "${target}" OUTPUT_FILE "${sib}" RESULT_VARIABLE rc)
    endif()
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "AssembleWebRoot: compressing ${out_name} (${enc}) failed: ${rc}")
    endif()
    file(SIZE "${sib}" enc_size)
    if(enc_size LESS plain_size)
      list(APPEND _keep "${out_name}.${enc}")
    else()
      file(REMOVE "${sib}")
    endif()
  endforeach()
  set(_keep "${_keep}" PARENT_SCOPE)
endfunction()

# Copies `src` to OUT_DIR under `out_name` when its content differs (an
# unchanged file keeps its compressed siblings) and compresses it; with
# `same_as`, a name already placed with the same content, its fresh siblings
# are copied instead of compressing twice.
function(_foxo_place src out_name)
  set(same_as "${ARGV2}")
  set(target "${OUT_DIR}/${out_name}")
  set(copy TRUE)
  if(EXISTS "${target}")
    file(SHA256 "${target}" old)
    file(SHA256 "${src}" new)
    if(old STREQUAL new)
      set(copy FALSE)
    endif()
  endif()
  if(copy)
    file(REMOVE "${target}.br" "${target}.gz")
    file(COPY_FILE "${src}" "${target}")
  endif()
  list(APPEND _keep "${out_name}")
  string(REGEX MATCH "[^.]+$" ext "${out_name}")
  if(ext IN_LIST _compressible_ext)
    if(same_as AND copy)
      foreach(enc br gz)
        if(EXISTS "${OUT_DIR}/${same_as}.${enc}")
          file(COPY_FILE "${OUT_DIR}/${same_as}.${enc}" "${target}.${enc}")
          file(TOUCH_NOCREATE "${target}.${enc}")
        endif()
      endforeach()
    endif()
    _foxo_compress("${out_name}")
  endif()
  set(_keep "${_keep}" PARENT_SCOPE)
endfunction()

file(GLOB _www_files LIST_DIRECTORIES false RELATIVE "${SRC_DIR}" "${SRC_DIR}/*")
set(_sources "")
foreach(name IN LISTS _www_files)
  if(NOT name STREQUAL "index.html")
    list(APPEND _sources "${SRC_DIR}/${name}")
  endif()
endforeach()
list(APPEND _sources "${BUNDLE_DIR}/foxo_client.js" "${BUNDLE_DIR}/foxo_client.wasm")
if(DEFINED FONTS_DIR AND NOT FONTS_DIR STREQUAL "")
  file(GLOB _font_files LIST_DIRECTORIES false "${FONTS_DIR}/*")
  if(NOT _font_files)
    message(FATAL_ERROR "AssembleWebRoot: ${FONTS_DIR} is empty (scripts/fonts/make_fonts.py)")
  endif()
  list(APPEND _sources ${_font_files})
endif()

file(READ "${SRC_DIR}/index.html" _page)
foreach(src IN LISTS _sources)
  if(NOT EXISTS "${src}")
    message(FATAL_ERROR "AssembleWebRoot: ${src} is missing")
  endif()
  get_filename_component(name "${src}" NAME)
  # Only names the relay serves: flat, no spaces or quotes (see web_root.cpp).
  if(NOT name MATCHES "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$")
    message(FATAL_ERROR "AssembleWebRoot: ${name}: web root names are letters, digits, _ - and dots")
  endif()
  if(name MATCHES "^(.+)\\.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]\\.([^.]+)$")
    # Hashed by its generator: kept, with the plain name beside it as for
    # every other file; the page names it without the hash.
    _foxo_place("${src}" "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}")
    _foxo_place("${src}" "${name}" "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}")
    string(REGEX MATCH "^(.+)\\.[0-9a-f]+\\.([^.]+)$" _ "${name}")
    string(REPLACE "=\"/${CMAKE_MATCH_1}.${CMAKE_MATCH_2}\"" "=\"/${name}\"" _page "${_page}")
    continue()
  endif()
  file(SHA256 "${src}" digest)
  string(SUBSTRING "${digest}" 0 12 digest)
  string(REGEX MATCH "^(.*)\\.([^.]+)$" _ "${name}")
  set(hashed "${CMAKE_MATCH_1}.${digest}.${CMAKE_MATCH_2}")
  _foxo_place("${src}" "${name}")
  _foxo_place("${src}" "${hashed}" "${name}")
  string(REPLACE "=\"/${name}\"" "=\"/${hashed}\"" _page "${_page}")
endforeach()

# The per-request font sources: content-hashed names, so a name already
# present with the same size is the same file (no 24 MB hashed per build).
if(DEFINED FONTS_DIR AND NOT FONTS_DIR STREQUAL "")
  file(MAKE_DIRECTORY "${OUT_DIR}/fonts")
  file(GLOB _subset_fonts LIST_DIRECTORIES false RELATIVE "${FONTS_DIR}/fonts" "${FONTS_DIR}/fonts/*")
  foreach(name IN LISTS _subset_fonts)
    set(target "${OUT_DIR}/fonts/${name}")
    file(SIZE "${FONTS_DIR}/fonts/${name}" src_size)
    set(dst_size -1)
    if(EXISTS "${target}")
      file(SIZE "${target}" dst_size)
    endif()
    if(NOT src_size EQUAL dst_size)
      file(COPY_FILE "${FONTS_DIR}/fonts/${name}" "${target}")
    endif()
  endforeach()
  file(GLOB _present_fonts LIST_DIRECTORIES false RELATIVE "${OUT_DIR}/fonts" "${OUT_DIR}/fonts/*")
  foreach(name IN LISTS _present_fonts)
    if(NOT name IN_LIST _subset_fonts)
      file(REMOVE "${OUT_DIR}/fonts/${name}")
    endif()
  endforeach()
endif()

# The rewritten page: written only when it changed, so its siblings stay valid.
set(_page_tmp "${OUT_DIR}/.index.html.new")
file(WRITE "${_page_tmp}" "${_page}")
_foxo_place("${_page_tmp}" "index.html")
file(REMOVE "${_page_tmp}")

# Stale files of earlier builds (old hashes, removed www files) go.
file(GLOB _present LIST_DIRECTORIES false RELATIVE "${OUT_DIR}" "${OUT_DIR}/*")
foreach(name IN LISTS _present)
  if(NOT name IN_LIST _keep)
    file(REMOVE "${OUT_DIR}/${name}")
  endif()
endforeach()
