// Text as people see it: shortening UTF-8 without splitting what a reader sees
// as one character (a letter and its combining marks, an emoji with its skin
// tone, a flag, a ZWJ family). Grapheme clusters are those of Unicode's
// UAX #29 as implemented by utf8proc; nothing here segments text by hand.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace foxo {

// U+2026 HORIZONTAL ELLIPSIS, what a shortened text ends with.
inline constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// Byte offsets of the grapheme cluster boundaries of `utf8`, ascending: the
// first is 0, the last is utf8.size() (just {0} for empty text). A malformed
// byte counts as a cluster of its own, so the offsets never fall inside a
// well-formed UTF-8 sequence.
std::vector<std::size_t> grapheme_boundaries(std::string_view utf8);

// Byte length of the longest prefix of `utf8` that has at most
// `max_code_points` code points and ends on a grapheme cluster boundary.
// When even the first cluster is longer than that (a letter under hundreds
// of combining marks), the prefix ends on a code point boundary instead:
// never inside a UTF-8 sequence.
std::size_t grapheme_prefix_bytes(std::string_view utf8, std::size_t max_code_points);

// `utf8` itself when it has at most `max_code_points` code points; otherwise
// its longest prefix at a grapheme cluster boundary followed by `ellipsis`,
// the whole at most `max_code_points` code points (spaces before the
// ellipsis are dropped: "Thảo…", not "Thảo …").
std::string shorten_text(std::string_view utf8, std::size_t max_code_points, std::string_view ellipsis = kEllipsis);

}  // namespace foxo
