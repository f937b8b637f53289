// utf8proc's Unicode data (Unicode 15) behind text_layout's UnicodeData: what
// the relay and the unit tests use. The browser client uses the browser's own
// data instead (wasm-client/platform/unicode.cpp), to keep utf8proc's tables
// out of its download.
#pragma once
#include "foxo/text_layout.hpp"

namespace foxo::text {

const UnicodeData& utf8proc_data();

}  // namespace foxo::text
