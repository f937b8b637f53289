#include "foxo/text.hpp"

#include <utf8proc.h>

#include "foxo/validation.hpp"

namespace foxo {
namespace {

// Decodes one code point at s[i] (utf8proc's decoder); a malformed byte
// decodes as U+FFFD and takes one byte.
std::size_t decode_at(std::string_view s, std::size_t i, utf8proc_int32_t& cp) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i);
  const utf8proc_ssize_t n = utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) {
    cp = 0xFFFD;
    return 1;
  }
  return static_cast<std::size_t>(n);
}

bool is_space(utf8proc_int32_t cp) {
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS || cp == '\t' || cp == '\n' || cp == '\r';
}

}  // namespace

std::vector<std::size_t> grapheme_boundaries(std::string_view utf8) {
  std::vector<std::size_t> out{0};
  utf8proc_int32_t state = 0;  // utf8proc's UAX #29 state (emoji and regional-indicator sequences)
  utf8proc_int32_t prev = 0;
  bool prev_malformed = false;
  for (std::size_t i = 0; i < utf8.size();) {
    utf8proc_int32_t cp;
    const std::size_t n = decode_at(utf8, i, cp);
    // A malformed byte is a cluster of its own: breaks before and after it.
    const bool malformed = n == 1 && static_cast<unsigned char>(utf8[i]) >= 0x80;
    if (i > 0 && (malformed || prev_malformed || utf8proc_grapheme_break_stateful(prev, cp, &state))) out.push_back(i);
    if (malformed) state = 0;
    prev = cp;
    prev_malformed = malformed;
    i += n;
  }
  if (!utf8.empty()) out.push_back(utf8.size());
  return out;
}

std::size_t grapheme_prefix_bytes(std::string_view utf8, std::size_t max_code_points) {
  std::size_t best = 0;
  std::size_t code_points = 0;
  std::size_t at = 0;  // byte offset reached while counting code points
  for (const std::size_t b : grapheme_boundaries(utf8)) {
    while (at < b && code_points <= max_code_points) {
      utf8proc_int32_t cp;
      at += decode_at(utf8, at, cp);
      ++code_points;
    }
    if (at < b || code_points > max_code_points) break;
    best = b;
  }
  if (best == 0 && max_code_points > 0 && !utf8.empty()) {
    // The first cluster alone is too long: fall back to whole code points.
    std::size_t i = 0;
    for (std::size_t k = 0; k < max_code_points && i < utf8.size(); ++k) {
      utf8proc_int32_t cp;
      i += decode_at(utf8, i, cp);
    }
    best = i;
  }
  return best;
}

std::string shorten_text(std::string_view utf8, std::size_t max_code_points, std::string_view ellipsis) {
  std::size_t length = 0;
  for (std::size_t i = 0; i < utf8.size(); ++length) {
    utf8proc_int32_t cp;
    i += decode_at(utf8, i, cp);
  }
  if (length <= max_code_points) return std::string(utf8);
  const std::size_t ellipsis_length = utf8_length(ellipsis).value_or(ellipsis.size());
  if (ellipsis_length >= max_code_points) return std::string(ellipsis.substr(0, grapheme_prefix_bytes(ellipsis, max_code_points)));
  std::string_view keep = utf8.substr(0, grapheme_prefix_bytes(utf8, max_code_points - ellipsis_length));
  // Drop trailing spaces: the ellipsis belongs to the last word.
  while (!keep.empty()) {
    std::size_t start = keep.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(keep[start]) & 0xC0) == 0x80) --start;
    utf8proc_int32_t cp;
    if (decode_at(keep, start, cp) != keep.size() - start || !is_space(cp)) break;
    keep = keep.substr(0, start);
  }
  std::string out(keep);
  out += ellipsis;
  return out;
}

}  // namespace foxo
