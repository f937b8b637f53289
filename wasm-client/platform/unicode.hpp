// The browser's Unicode data behind shared/text_layout's UnicodeData: grapheme
// clusters from Intl.Segmenter, categories and scripts from the JavaScript
// engine's Unicode property escapes (ICU's data in every engine). Using them
// keeps utf8proc's 35 KB of tables out of the client's download; the relay and
// the unit tests use utf8proc (foxo/text_unicode.hpp). JavaScript has no
// Bidi_Class or East_Asian_Width property: right-to-left letters are the
// letters of right-to-left scripts, and wide characters those of the CJK
// scripts, Hangul, emoji presented as emoji and the fullwidth forms.
#pragma once
#include "foxo/text_layout.hpp"

namespace foxo::platform {

const ::foxo::text::UnicodeData& unicode();

}  // namespace foxo::platform
