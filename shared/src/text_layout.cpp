// Line breaking and paragraph direction (see text_layout.hpp).
//
// Break rules, a subset of UAX #14 over the UnicodeData given, checked at
// grapheme cluster boundaries only (so no break inside a cluster: LB9, LB8a,
// emoji modifier and flag sequences, combining marks):
//   - after a line feed, CR, NEL, line or paragraph separator: mandatory (LB4-LB6);
//   - never before a space (LB7), nor around no-break spaces and joiners (LB11-LB12);
//   - after a run of spaces, before what follows (LB18);
//   - after a zero width space (LB8);
//   - before and after wide characters (East Asian Wide or Fullwidth: CJK
//     ideographs, kana, Hangul, emoji), as for class ID (LB31), except before
//     closing or ideographic ending punctuation and after opening punctuation
//     (LB13, LB14, LB30);
//   - after a hyphen or a slash between letters (URLs and compound words,
//     LB21 and SY), not before a digit (LB25).
// Scripts written without spaces that need a dictionary (Thai, Lao, Khmer,
// Myanmar) break only at spaces here, and inside a run too long for a line,
// between grapheme clusters.
#include "foxo/text_layout.hpp"

namespace foxo::text {

namespace {

struct Cp {
  char32_t cp;
  std::size_t at, len;
};

std::vector<Cp> decode_all(std::string_view s) {
  std::vector<Cp> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t cp = decode_utf8(s, i);
    out.push_back({cp, at, i - at});
  }
  return out;
}

bool is_mandatory_break_after(char32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}
bool is_glue(char32_t cp) {  // no break on either side (GL, WJ, ZWJ)
  return cp == 0x00A0 || cp == 0x202F || cp == 0x2007 || cp == 0x2060 || cp == 0xFEFF || cp == 0x200D ||
         cp == 0x034F || cp == 0x180E;
}

// The rules, over one source of Unicode data.
class Rules {
 public:
  explicit Rules(const UnicodeData& data) : data_(data) {}

  bool is_space(char32_t cp) const {
    return !is_glue(cp) && (cp == '\t' || data_.info(cp).category == Category::space_separator);
  }
  // Whether a line may break between the cluster ending with `a` and the one starting with `b`.
  bool may_break(char32_t a, char32_t b) const {
    if (is_space(b) || is_glue(a) || is_glue(b)) return false;
    if (is_space(a) || a == 0x200B) return true;
    const CharInfo ia = data_.info(a), ib = data_.info(b);
    if (ia.wide || ib.wide) return !is_closing(b, ib) && !is_opening(ia);
    if ((a == '-' || a == 0x2010 || a == '/') && ib.category == Category::letter) return true;
    return false;
  }

 private:
  static bool is_closing(char32_t cp, const CharInfo& c) {
    if (c.category == Category::close_punctuation || c.category == Category::final_punctuation) return true;
    // Sentence and clause endings, which never start a line (LB13 EX/IS, CJK kinsoku).
    switch (cp) {
      case '!': case '?': case ',': case '.': case ':': case ';': case '%':
      case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F:
      case 0x30FC: case 0x30FB: case 0xFF65: case 0x2026: case 0x203C: case 0x2047: case 0x2048: case 0x2049:
        return true;
      default: return false;
    }
  }
  static bool is_opening(const CharInfo& c) {
    return c.category == Category::open_punctuation || c.category == Category::initial_punctuation;
  }

  const UnicodeData& data_;
};

}  // namespace

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += n;
  return cp;
}

Direction paragraph_direction(std::string_view utf8, const UnicodeData& data) {
  int isolates = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    switch (data.info(decode_utf8(utf8, i)).bidi) {
      case BidiClass::isolate_initiator: ++isolates; break;
      case BidiClass::pop_isolate:
        if (isolates > 0) --isolates;
        break;
      case BidiClass::left_to_right:
        if (isolates == 0) return Direction::ltr;
        break;
      case BidiClass::right_to_left:
        if (isolates == 0) return Direction::rtl;
        break;
      case BidiClass::other: break;
    }
  }
  return Direction::ltr;
}

std::vector<BreakOpportunity> break_opportunities(std::string_view utf8, const UnicodeData& data) {
  std::vector<BreakOpportunity> out;
  const Rules rules(data);
  const std::vector<Cp> cps = decode_all(utf8);
  const std::vector<std::size_t> clusters = data.grapheme_boundaries(utf8);
  std::size_t k = 1;  // the code point starting at clusters[c]
  for (std::size_t c = 1; c + 1 < clusters.size(); ++c) {
    while (k < cps.size() && cps[k].at < clusters[c]) ++k;
    if (k >= cps.size() || cps[k].at != clusters[c]) continue;  // not on a code point: skip
    const char32_t a = cps[k - 1].cp, b = cps[k].cp;
    if (is_mandatory_break_after(a) && !(a == '\r' && b == '\n')) out.push_back({cps[k].at, true});
    else if (rules.may_break(a, b)) out.push_back({cps[k].at, false});
  }
  return out;
}

std::vector<Line> break_lines(std::string_view utf8, float max_width, const Measure& measure,
                              const UnicodeData& data) {
  std::vector<Line> lines;
  const Rules rules(data);
  const std::vector<BreakOpportunity> ops = break_opportunities(utf8, data);

  // The drawn end of [begin, end): without trailing spaces and line ends.
  auto visible_end = [&](std::size_t begin, std::size_t end) {
    while (end > begin) {
      std::size_t start = end - 1;
      while (start > begin && (static_cast<unsigned char>(utf8[start]) & 0xC0) == 0x80) --start;
      std::size_t at = start;
      const char32_t cp = decode_utf8(utf8, at);
      if (!rules.is_space(cp) && !is_mandatory_break_after(cp)) break;
      end = start;
    }
    return end;
  };
  auto width_of = [&](std::size_t begin, std::size_t end) {
    return end > begin ? measure(utf8.substr(begin, end - begin)) : 0.0f;
  };

  auto emit = [&](std::size_t begin, std::size_t end, float width) {
    lines.push_back({begin, visible_end(begin, end), width});
  };

  // Breaks [begin, end) between grapheme clusters into full lines; returns
  // where the rest (which fits) starts.
  auto break_long = [&](std::size_t begin, std::size_t end) {
    const std::string_view piece = utf8.substr(begin, end - begin);
    const std::vector<std::size_t> g = data.grapheme_boundaries(piece);
    std::size_t start = 0;
    for (std::size_t k = 1; k < g.size(); ++k) {
      // At least one cluster per line, however narrow the line.
      if (g[k - 1] > start && width_of(begin + start, begin + g[k]) > max_width) {
        emit(begin + start, begin + g[k - 1], width_of(begin + start, begin + g[k - 1]));
        start = g[k - 1];
      }
    }
    return begin + start;
  };

  std::size_t line_begin = 0;
  bool has_fit = false;  // some opportunity after line_begin fits on this line
  std::size_t fit_end = 0;
  float fit_width = 0;
  for (std::size_t k = 0;;) {
    const bool at_end = k >= ops.size();
    const std::size_t next = at_end ? utf8.size() : ops[k].at;
    const bool mandatory = !at_end && ops[k].mandatory;
    float width = width_of(line_begin, visible_end(line_begin, next));
    if (max_width > 0 && width > max_width) {
      if (has_fit) {
        // The line ends at the last opportunity that fitted; retry this one on the next line.
        emit(line_begin, fit_end, fit_width);
        line_begin = fit_end;
        has_fit = false;
        continue;
      }
      // The segment alone is wider than a line.
      line_begin = break_long(line_begin, visible_end(line_begin, next));
      width = width_of(line_begin, visible_end(line_begin, next));
    }
    if (at_end || mandatory) {
      emit(line_begin, next, width);
      if (at_end) break;
      line_begin = next;
      has_fit = false;
    } else {
      has_fit = true;
      fit_end = next;
      fit_width = width;
    }
    ++k;
  }
  if (lines.empty()) lines.push_back({0, 0, 0});
  return lines;
}

}  // namespace foxo::text
