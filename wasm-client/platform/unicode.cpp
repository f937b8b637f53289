// The browser's Unicode data for shared/text_layout (see unicode.hpp).
#include "platform/unicode.hpp"

#include <emscripten.h>

#include <cstdlib>
#include <unordered_map>

// clang-format off
// The page side is www/foxo-text.js (graphemes, charInfo).
// Boundaries as UTF-8 byte offsets: [count, offsets...] in malloc'd memory (the caller frees).
EM_JS(int*, foxo_js_graphemes, (const char* s, int n), {
  if (!window.foxoText) return 0;
  var out = window.foxoText.graphemes(UTF8ToString(s, n));
  var p = _malloc((out.length + 1) * 4);
  HEAP32[p >> 2] = out.length;
  for (var k = 0; k < out.length; k++) HEAP32[(p >> 2) + 1 + k] = out[k];
  return p;
});
// Packed: category (bits 0-3), wide (bit 4), bidi class (bits 5-7), as text_layout.hpp numbers them.
EM_JS(int, foxo_js_char_info, (int cp), {
  return window.foxoText ? window.foxoText.charInfo(cp) : 0;
});
// clang-format on

namespace foxo::platform {

namespace {

class BrowserUnicode final : public text::UnicodeData {
 public:
  std::vector<std::size_t> grapheme_boundaries(std::string_view s) const override {
    int* p = foxo_js_graphemes(s.data(), static_cast<int>(s.size()));
    std::vector<std::size_t> out;
    if (p) {
      const int n = p[0];
      for (int k = 0; k < n; ++k) out.push_back(static_cast<std::size_t>(p[1 + k]));
      std::free(p);
    }
    // Malformed bytes would shift the page's offsets: count code points then.
    if (out.empty() || out.back() != s.size() || (s.empty() && out.size() != 1)) {
      out.assign(1, 0);
      for (std::size_t i = 0; i < s.size();) {
        text::decode_utf8(s, i);
        out.push_back(i);
      }
    }
    return out;
  }

  text::CharInfo info(char32_t cp) const override {
    if (auto it = cache_.find(cp); it != cache_.end()) return it->second;
    const int packed = foxo_js_char_info(static_cast<int>(cp));
    text::CharInfo c;
    c.category = static_cast<text::Category>(packed & 0xF);
    c.wide = (packed >> 4) & 1;
    c.bidi = static_cast<text::BidiClass>((packed >> 5) & 0x7);
    cache_.emplace(cp, c);
    return c;
  }

 private:
  mutable std::unordered_map<char32_t, text::CharInfo> cache_;
};

}  // namespace

const text::UnicodeData& unicode() {
  static const BrowserUnicode data;
  return data;
}

}  // namespace foxo::platform
