#include "foxo/filenames.hpp"

#include "foxo/text.hpp"
#include "foxo/validation.hpp"

namespace foxo {
namespace {

// Decodes UTF-8 leniently: invalid bytes become U+FFFD so nothing is dropped silently.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int n = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size() || !utf8_length(s.substr(i, n))) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) out += static_cast<char>(c);
    else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// ZERO WIDTH JOINER and NON-JOINER (U+200D, U+200C) are kept: they are part
// of emoji sequences (a family is four emoji joined by three ZWJ) and of how
// Persian and Indic words are spelt, so dropping them changes the name.
bool dropped(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C || c == 0xFEFF || c == 0x200B;
}

bool reserved(char32_t c) {
  return c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' || c == '*' || c == ';' || c == '%';
}

}  // namespace

std::string sanitise_filename(std::string_view name) {
  std::u32string s = decode(name);
  // Last path component, whichever separator the client's OS used.
  const auto slash = s.find_last_of(U"/\\");
  if (slash != std::u32string::npos) s = s.substr(slash + 1);
  std::u32string clean;
  for (char32_t c : s) {
    if (dropped(c)) continue;
    clean.push_back(reserved(c) ? U'_' : c);
  }
  auto is_trim = [](char32_t c) { return c == U' ' || c == U'.' || c == 0xA0 || c == U'\t'; };
  auto trim_ends = [&is_trim](std::u32string& t) {
    while (!t.empty() && is_trim(t.front())) t.erase(t.begin());
    while (!t.empty() && is_trim(t.back())) t.pop_back();
  };
  trim_ends(clean);
  if (clean.empty()) return "file";
  if (clean.size() > kMaxFilenameChars) {
    const auto dot = clean.find_last_of(U'.');
    std::u32string ext = dot != std::u32string::npos && clean.size() - dot <= 10 ? clean.substr(dot) : U"";
    // Counted in code points (clean is UTF-32), cut where a reader sees a
    // character end: never between a letter and its combining marks, inside
    // an emoji sequence or a flag (foxo/text.hpp).
    const std::string stem = encode(clean.substr(0, clean.size() - ext.size()));
    clean = decode(std::string_view(stem).substr(0, grapheme_prefix_bytes(stem, kMaxFilenameChars - ext.size()))) + ext;
    // The cut may end on a space or dot: trim again, so that sanitising a
    // sanitised name changes nothing (found by tests/fuzz/fuzz_multipart).
    trim_ends(clean);
  }
  return encode(clean);
}

std::string content_disposition_attachment(std::string_view sanitised_name) {
  std::string ascii;
  for (char c : sanitised_name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      if ((u & 0xC0) != 0x80) ascii += '_';  // one '_' per non-ASCII character
    } else if (c == '"' || c == '\\') {
      ascii += '_';
    } else {
      ascii += c;
    }
  }
  static const char* hex = "0123456789ABCDEF";
  std::string encoded;
  for (char c : sanitised_name) {
    const auto u = static_cast<unsigned char>(c);
    // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
        std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += hex[u >> 4];
      encoded += hex[u & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace foxo
