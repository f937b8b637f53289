// Line breaking and paragraph direction (see text_layout.hpp).
//
// Break rules, a subset of UAX #14 over utf8proc's Unicode data, checked at
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

#include <utf8proc.h>

namespace foxo::text {

namespace {

struct Cp {
  char32_t cp;
  std::size_t at, len;
};

// Decodes one code point at `i`; a malformed byte decodes as U+FFFD of length 1.
Cp decode(std::string_view s, std::size_t i) {
  utf8proc_int32_t cp = -1;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0 || cp < 0) return {0xFFFD, i, 1};
  return {static_cast<char32_t>(cp), i, static_cast<std::size_t>(n)};
}

std::vector<Cp> decode_all(std::string_view s) {
  std::vector<Cp> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    out.push_back(decode(s, i));
    i += out.back().len;
  }
  return out;
}

utf8proc_category_t category(char32_t cp) { return utf8proc_category(static_cast<utf8proc_int32_t>(cp)); }

bool is_mandatory_break_after(char32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}
bool is_glue(char32_t cp) {  // no break on either side (GL, WJ, ZWJ)
  return cp == 0x00A0 || cp == 0x202F || cp == 0x2007 || cp == 0x2060 || cp == 0xFEFF || cp == 0x200D ||
         cp == 0x034F || cp == 0x180E;
}
bool is_space(char32_t cp) { return !is_glue(cp) && (cp == '\t' || category(cp) == UTF8PROC_CATEGORY_ZS); }
bool is_wide(char32_t cp) { return utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)) >= 2; }
bool is_closing(char32_t cp) {
  const auto c = category(cp);
  if (c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PF) return true;
  // Sentence and clause endings, which never start a line (LB13 EX/IS, CJK kinsoku).
  switch (cp) {
    case '!': case '?': case ',': case '.': case ':': case ';': case '%':
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F:
    case 0x30FC: case 0x30FB: case 0xFF65: case 0x2026: case 0x203C: case 0x2047: case 0x2048: case 0x2049:
      return true;
    default: return false;
  }
}
bool is_opening(char32_t cp) {
  const auto c = category(cp);
  return c == UTF8PROC_CATEGORY_PS || c == UTF8PROC_CATEGORY_PI;
}
bool is_letter_or_digit(char32_t cp) {
  const auto c = category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || c == UTF8PROC_CATEGORY_ND;
}
bool is_digit(char32_t cp) { return category(cp) == UTF8PROC_CATEGORY_ND; }

// Whether a line may break between the cluster ending with `a` and the one starting with `b`.
bool may_break(char32_t a, char32_t b) {
  if (is_space(b) || is_glue(a) || is_glue(b)) return false;
  if (is_space(a) || a == 0x200B) return true;
  if (is_wide(a) || is_wide(b)) return !is_closing(b) && !is_opening(a);
  if ((a == '-' || a == 0x2010 || a == '/') && is_letter_or_digit(b) && !is_digit(b)) return true;
  return false;
}

}  // namespace

Direction paragraph_direction(std::string_view utf8) {
  int isolates = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const Cp c = decode(utf8, i);
    i += c.len;
    const auto bidi = utf8proc_get_property(static_cast<utf8proc_int32_t>(c.cp))->bidi_class;
    switch (bidi) {
      case UTF8PROC_BIDI_CLASS_LRI:
      case UTF8PROC_BIDI_CLASS_RLI:
      case UTF8PROC_BIDI_CLASS_FSI: ++isolates; break;
      case UTF8PROC_BIDI_CLASS_PDI:
        if (isolates > 0) --isolates;
        break;
      case UTF8PROC_BIDI_CLASS_L:
        if (isolates == 0) return Direction::ltr;
        break;
      case UTF8PROC_BIDI_CLASS_R:
      case UTF8PROC_BIDI_CLASS_AL:
        if (isolates == 0) return Direction::rtl;
        break;
      default: break;
    }
  }
  return Direction::ltr;
}

std::vector<std::size_t> grapheme_boundaries(std::string_view utf8) {
  std::vector<std::size_t> out{0};
  const std::vector<Cp> cps = decode_all(utf8);
  utf8proc_int32_t state = 0;
  for (std::size_t k = 1; k < cps.size(); ++k) {
    if (utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(cps[k - 1].cp),
                                         static_cast<utf8proc_int32_t>(cps[k].cp), &state))
      out.push_back(cps[k].at);
  }
  if (!utf8.empty()) out.push_back(utf8.size());
  return out;
}

std::vector<BreakOpportunity> break_opportunities(std::string_view utf8) {
  std::vector<BreakOpportunity> out;
  const std::vector<Cp> cps = decode_all(utf8);
  utf8proc_int32_t state = 0;
  for (std::size_t k = 1; k < cps.size(); ++k) {
    const char32_t a = cps[k - 1].cp, b = cps[k].cp;
    const bool cluster = utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(a),
                                                          static_cast<utf8proc_int32_t>(b), &state);
    if (!cluster) continue;
    if (is_mandatory_break_after(a) && !(a == '\r' && b == '\n')) out.push_back({cps[k].at, true});
    else if (may_break(a, b)) out.push_back({cps[k].at, false});
  }
  return out;
}

std::vector<Line> break_lines(std::string_view utf8, float max_width, const Measure& measure) {
  std::vector<Line> lines;
  const std::vector<BreakOpportunity> ops = break_opportunities(utf8);

  // The drawn end of [begin, end): without trailing spaces and line ends.
  auto visible_end = [&](std::size_t begin, std::size_t end) {
    while (end > begin) {
      std::size_t start = end - 1;
      while (start > begin && (static_cast<unsigned char>(utf8[start]) & 0xC0) == 0x80) --start;
      const char32_t cp = decode(utf8, start).cp;
      if (!is_space(cp) && !is_mandatory_break_after(cp)) break;
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
    const std::vector<std::size_t> g = grapheme_boundaries(piece);
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
