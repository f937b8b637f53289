// Line breaking, grapheme clusters and paragraph direction (shared/text_layout),
// run natively and in WebAssembly. Widths: every grapheme cluster is one unit,
// except East Asian wide ones (ideographs, emoji), which are two, as a
// browser would roughly measure them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "foxo/text_layout.hpp"
#include "foxo/text_unicode.hpp"

namespace foxo::text {
namespace {

const UnicodeData& data = utf8proc_data();

std::vector<std::size_t> grapheme_boundaries(std::string_view s) { return data.grapheme_boundaries(s); }
Direction paragraph_direction(std::string_view s) { return text::paragraph_direction(s, data); }
std::vector<BreakOpportunity> break_opportunities(std::string_view s) { return text::break_opportunities(s, data); }
std::vector<Line> break_lines(std::string_view s, float w, const Measure& m) { return text::break_lines(s, w, m, data); }

float units(std::string_view s) {
  const std::vector<std::size_t> g = grapheme_boundaries(s);
  float w = 0;
  for (std::size_t k = 1; k < g.size(); ++k) {
    const unsigned char lead = static_cast<unsigned char>(s[g[k - 1]]);
    // 3- and 4-byte leads here are CJK and emoji in these tests; Thai (E0 B8..) is narrow.
    const bool thai = lead == 0xE0 && g[k] - g[k - 1] >= 3 && static_cast<unsigned char>(s[g[k - 1] + 1]) == 0xB8;
    w += (lead >= 0xE3 && !thai) || lead >= 0xF0 ? 2.0f : 1.0f;
  }
  return w;
}

std::vector<std::string> lines_of(std::string_view s, float max_width) {
  std::vector<std::string> out;
  for (const Line& l : break_lines(s, max_width, units)) out.emplace_back(s.substr(l.begin, l.end - l.begin));
  return out;
}

using V = std::vector<std::string>;

TEST(TextLayout, BreaksAtSpacesAndDropsTrailingSpaces) {
  EXPECT_EQ(lines_of("Xin chào bạn Thảo", 8), (V{"Xin chào", "bạn Thảo"}));
  EXPECT_EQ(lines_of("Xin chào bạn Thảo", 0), (V{"Xin chào bạn Thảo"}));
  EXPECT_EQ(lines_of("Παπαδόπουλος   Иванов", 12), (V{"Παπαδόπουλος", "Иванов"}));
}

TEST(TextLayout, CombiningMarksStayWithTheirLetter) {
  // "Nguyễn" with the circumflex and tilde as combining marks: 6 clusters.
  const std::string decomposed = "Nguye\u0302\u0303n";
  EXPECT_EQ(grapheme_boundaries(decomposed).size(), 7u);
  EXPECT_EQ(lines_of(decomposed, 3), (V{"Ngu", "ye\u0302\u0303n"}));
}

TEST(TextLayout, ChineseBreaksBetweenCharactersButNotBeforeClosingPunctuation) {
  // 谢谢你的帮助。: every ideograph is two units wide.
  EXPECT_EQ(lines_of("谢谢你的帮助。", 6), (V{"谢谢你", "的帮", "助。"}));
  EXPECT_EQ(lines_of("「你好」世界", 8), (V{"「你好」", "世界"}));
  EXPECT_EQ(lines_of("「你好」世界", 6), (V{"「你", "好」世", "界"}));
}

TEST(TextLayout, EmojiSequencesAreNeverSplit) {
  const std::string family = "👨‍👩‍👧‍👦";
  EXPECT_EQ(lines_of(family + family, 2), (V{family, family}));
  EXPECT_EQ(lines_of("🇦🇺🇻🇳", 2), (V{"🇦🇺", "🇻🇳"}));
  // A line too narrow for even one cluster still holds a whole one.
  EXPECT_EQ(lines_of("👍🏽👍🏽", 1), (V{"👍🏽", "👍🏽"}));
  EXPECT_EQ(lines_of("ok 👍🏽 thanks", 4), (V{"ok", "👍🏽", "than", "ks"}));
}

TEST(TextLayout, LongUrlsBreakAfterSlashesThenBetweenLetters) {
  EXPECT_EQ(lines_of("see https://example.org/referrals/Nguyễn", 15),
            (V{"see https://", "example.org/", "referrals/", "Nguyễn"}));
  EXPECT_EQ(lines_of("abcdefghij", 4), (V{"abcd", "efgh", "ij"}));
}

TEST(TextLayout, LineFeedsAreMandatoryBreaks) {
  EXPECT_EQ(lines_of("Thảo\nNguyễn", 0), (V{"Thảo", "Nguyễn"}));
  EXPECT_EQ(lines_of("a\r\n\nb", 10), (V{"a", "", "b"}));
  const std::vector<BreakOpportunity> ops = break_opportunities("a\nb c");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_TRUE(ops[0].mandatory);
  EXPECT_FALSE(ops[1].mandatory);
}

TEST(TextLayout, NoBreakAtNoBreakSpaces) {
  EXPECT_EQ(lines_of("Dr\u00A0Al-Hassan x", 8), (V{"Dr\u00A0Al-", "Hassan x"}));
}

TEST(TextLayout, ThaiWithoutSpacesBreaksBetweenClusters) {
  // สวัสดีครับ: the vowel and tone marks stay on their consonants.
  const std::string thai = "สวัสดีครับ";
  const std::vector<Line> lines = break_lines(thai, 3, units);
  std::string joined;
  for (const Line& l : lines) {
    EXPECT_LE(l.width, 3.0f);
    joined += thai.substr(l.begin, l.end - l.begin);
  }
  EXPECT_EQ(joined, thai);
  EXPECT_GT(lines.size(), 1u);
  for (const Line& l : lines) {
    const std::vector<std::size_t> g = grapheme_boundaries(thai);
    EXPECT_NE(std::find(g.begin(), g.end(), l.begin), g.end()) << "a line starts inside a cluster";
  }
}

TEST(TextLayout, EveryLineFitsAndNothingIsLost) {
  const std::string mixed = "Chào 王芳 👋🏽 مرحبا Παπαδόπουλος https://foxo.example/r/abcdefghijklmnop 谢谢";
  for (float w : {3.0f, 5.0f, 9.0f, 20.0f}) {
    std::string joined;
    for (const Line& l : break_lines(mixed, w, units)) {
      EXPECT_LE(l.width, w) << "width " << w;
      joined += mixed.substr(l.begin, l.end - l.begin);
    }
    std::string no_spaces;
    for (char c : mixed)
      if (c != ' ') no_spaces += c;
    std::string joined_no_spaces;
    for (char c : joined)
      if (c != ' ') joined_no_spaces += c;
    EXPECT_EQ(joined_no_spaces, no_spaces) << "width " << w;
  }
}

TEST(TextLayout, EmptyTextIsOneEmptyLine) {
  const std::vector<Line> lines = break_lines("", 10, units);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].begin, lines[0].end);
}

TEST(TextLayout, ParagraphDirectionFollowsTheFirstStrongCharacter) {
  EXPECT_EQ(paragraph_direction("مرحبا Nguyễn"), Direction::rtl);
  EXPECT_EQ(paragraph_direction("Thảo: שלום"), Direction::ltr);
  EXPECT_EQ(paragraph_direction("123 שלום 456"), Direction::rtl);  // digits are weak
  EXPECT_EQ(paragraph_direction("👍🏽 حسن"), Direction::rtl);        // so are emoji
  EXPECT_EQ(paragraph_direction("王芳 مرحبا"), Direction::ltr);
  EXPECT_EQ(paragraph_direction("123 !?"), Direction::ltr);
  EXPECT_EQ(paragraph_direction(""), Direction::ltr);
  // Text inside an isolate does not decide: U+2067 RLI ... U+2069 PDI.
  EXPECT_EQ(paragraph_direction("\u2067שלום\u2069 Ivy"), Direction::ltr);
}

TEST(TextLayout, MalformedBytesAreKeptAsSingleClusters) {
  const std::string bad = "ok\xff\xfe!";
  const std::vector<std::size_t> g = grapheme_boundaries(bad);
  EXPECT_EQ(g.front(), 0u);
  EXPECT_EQ(g.back(), bad.size());
  std::string joined;
  for (const Line& l : break_lines(bad, 2, units)) joined += bad.substr(l.begin, l.end - l.begin);
  EXPECT_EQ(joined, bad);
}

}  // namespace
}  // namespace foxo::text
