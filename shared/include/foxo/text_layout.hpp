// Where a paragraph of any script breaks into lines, and which way it runs.
// Pure: widths come from the caller (the browser's text engine in the client,
// a fixed advance in tests), and so does the Unicode data (grapheme clusters,
// general categories, East Asian width, bidirectional classes), through
// UnicodeData: utf8proc's (text_unicode.hpp) natively and in the unit tests,
// which run natively and in WebAssembly, and the browser's own in the client
// (wasm-client/platform/unicode.cpp), which saves the client utf8proc's 35 KB
// of tables. The rules are written once, here.
//
// The line-break rules are the part of UAX #14 a chat needs, stated in
// text_layout.cpp; a full UAX #14 implementation (ICU, libunibreak) is either
// too large for the client or not available as Debian source here, and the
// rules never split a grapheme cluster, which is what keeps emoji sequences
// and combining marks whole.
#pragma once
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace foxo::text {

enum class Direction { ltr, rtl };

// What the rules need to know of a code point.
enum class Category : unsigned char {
  other,
  space_separator,      // Zs
  close_punctuation,    // Pe
  final_punctuation,    // Pf
  open_punctuation,     // Ps
  initial_punctuation,  // Pi
  letter,               // L*
  decimal_digit,        // Nd
};
enum class BidiClass : unsigned char { other, left_to_right, right_to_left, isolate_initiator, pop_isolate };
struct CharInfo {
  Category category = Category::other;
  bool wide = false;  // East Asian Wide or Fullwidth (ideographs, kana, Hangul, emoji)
  BidiClass bidi = BidiClass::other;  // R and AL are right_to_left
};

// A source of Unicode data.
class UnicodeData {
 public:
  virtual ~UnicodeData() = default;
  // Byte offsets of every extended grapheme cluster boundary (UAX #29),
  // including 0 and size() (just {0} for empty text).
  virtual std::vector<std::size_t> grapheme_boundaries(std::string_view utf8) const = 0;
  virtual CharInfo info(char32_t cp) const = 0;
};

// Decodes the code point at `i` and moves `i` past it; a malformed byte
// decodes as U+FFFD and counts one byte.
char32_t decode_utf8(std::string_view s, std::size_t& i);

// The paragraph's base direction by UAX #9 rules P2-P3: its first strong
// character (L, or R/AL) outside isolates decides; none at all gives ltr.
Direction paragraph_direction(std::string_view utf8, const UnicodeData& data);

struct BreakOpportunity {
  std::size_t at;  // byte offset: a line may end here and the next start here
  bool mandatory;  // after a line feed or paragraph separator
};
// Every place a line may break, in order; never inside a grapheme cluster.
// The end of the text is not listed.
std::vector<BreakOpportunity> break_opportunities(std::string_view utf8, const UnicodeData& data);

struct Line {
  std::size_t begin = 0;  // byte range of what is drawn: trailing spaces and
  std::size_t end = 0;    // the line feed that ended it are left out
  float width = 0;        // of [begin, end), as `measure` reported
};
// Width of a piece of text on one line, in any unit.
using Measure = std::function<float(std::string_view)>;

// Greedy line filling: each line takes as many segments between break
// opportunities as fit in `max_width`; a segment wider than a whole line
// (a long URL, a word in a script written without spaces) is broken between
// grapheme clusters. `max_width` <= 0 means no limit (only mandatory
// breaks). Always at least one line, even for empty text.
std::vector<Line> break_lines(std::string_view utf8, float max_width, const Measure& measure,
                              const UnicodeData& data);

}  // namespace foxo::text
