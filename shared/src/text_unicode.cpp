#include "foxo/text_unicode.hpp"

#include "foxo/text.hpp"

#include <utf8proc.h>

namespace foxo::text {

namespace {

class Utf8procData final : public UnicodeData {
 public:
  std::vector<std::size_t> grapheme_boundaries(std::string_view s) const override {
    return foxo::grapheme_boundaries(s);  // foxo/text.hpp: utf8proc's UAX #29
  }

  CharInfo info(char32_t cp) const override {
    const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
    CharInfo c;
    switch (p->category) {
      case UTF8PROC_CATEGORY_ZS: c.category = Category::space_separator; break;
      case UTF8PROC_CATEGORY_PE: c.category = Category::close_punctuation; break;
      case UTF8PROC_CATEGORY_PF: c.category = Category::final_punctuation; break;
      case UTF8PROC_CATEGORY_PS: c.category = Category::open_punctuation; break;
      case UTF8PROC_CATEGORY_PI: c.category = Category::initial_punctuation; break;
      case UTF8PROC_CATEGORY_LU:
      case UTF8PROC_CATEGORY_LL:
      case UTF8PROC_CATEGORY_LT:
      case UTF8PROC_CATEGORY_LM:
      case UTF8PROC_CATEGORY_LO: c.category = Category::letter; break;
      case UTF8PROC_CATEGORY_ND: c.category = Category::decimal_digit; break;
      default: break;
    }
    c.wide = utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)) >= 2;
    switch (p->bidi_class) {
      case UTF8PROC_BIDI_CLASS_L: c.bidi = BidiClass::left_to_right; break;
      case UTF8PROC_BIDI_CLASS_R:
      case UTF8PROC_BIDI_CLASS_AL: c.bidi = BidiClass::right_to_left; break;
      case UTF8PROC_BIDI_CLASS_LRI:
      case UTF8PROC_BIDI_CLASS_RLI:
      case UTF8PROC_BIDI_CLASS_FSI: c.bidi = BidiClass::isolate_initiator; break;
      case UTF8PROC_BIDI_CLASS_PDI: c.bidi = BidiClass::pop_isolate; break;
      default: break;
    }
    return c;
  }
};

}  // namespace

const UnicodeData& utf8proc_data() {
  static const Utf8procData data;
  return data;
}

}  // namespace foxo::text
