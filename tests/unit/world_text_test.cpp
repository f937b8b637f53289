// The world's text in shared/: limits count code points (never bytes), and
// shortening never splits what a reader sees as one character.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "foxo/filenames.hpp"
#include "foxo/protocol.hpp"
#include "foxo/text.hpp"
#include "foxo/validation.hpp"

using namespace foxo;

namespace {

// Names and words people in an Australian clinic write every day, none with
// spaces (so that trimming never changes a count below).
const std::vector<std::string> kWorld = {
    "Nguyễn",                              // Vietnamese, precomposed (U+1EC5)
    "Nguye\xCC\x82\xCC\x83n",              // the same, decomposed: e + U+0302 + U+0303
    "Thảo",                                // Vietnamese
    "Παπαδόπουλος",                        // Greek
    "Иванов",                              // Cyrillic
    "王",                                  // Chinese
    "谢谢",                                // Chinese
    "حسن",                                 // Arabic (Al-Hassan)
    "שלום",                                // Hebrew
    "नमस्ते",                                // Devanagari (virama, vowel signs)
    "สวัสดี",                                // Thai (combining vowels and tone marks)
    "👍🏽",                                  // thumbs up, medium skin tone
    "🇦🇺",                                  // flag: two regional indicators
    "👨\u200D👩\u200D👧\u200D👦",          // family: ZWJ sequence of 7 code points
};

std::vector<std::string> code_points(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    char32_t cp;
    if (!next_code_point(s, i, cp)) ADD_FAILURE() << "not UTF-8";
    out.emplace_back(s.substr(at, i - at));
  }
  return out;
}

// Exactly n code points of `sample`, repeated. Starts with the sample's first
// code point, so never with a combining mark or a space.
std::string exactly(std::size_t n, const std::string& sample) {
  const auto cps = code_points(sample);
  std::string out;
  for (std::size_t k = 0; k < n; ++k) out += cps[k % cps.size()];
  return out;
}

std::size_t cp_count(std::string_view s) { return utf8_length(s).value(); }

std::vector<std::string> clusters(std::string_view s) {
  const auto b = grapheme_boundaries(s);
  std::vector<std::string> out;
  for (std::size_t k = 1; k < b.size(); ++k) out.emplace_back(s.substr(b[k - 1], b[k] - b[k - 1]));
  return out;
}

}  // namespace

TEST(WorldText, CodePointsNotBytes) {
  EXPECT_EQ(cp_count("Nguyễn"), 6u);
  EXPECT_EQ(cp_count("Nguye\xCC\x82\xCC\x83n"), 8u);  // two combining marks are code points of their own
  EXPECT_EQ(cp_count("👍🏽"), 2u);
  EXPECT_EQ(cp_count("🇦🇺"), 2u);
  EXPECT_EQ(cp_count("👨\u200D👩\u200D👧\u200D👦"), 7u);
  EXPECT_EQ(cp_count("王"), 1u);
  EXPECT_EQ(std::string("王").size(), 3u);
}

TEST(WorldText, SubjectLimitIs200CodePointsWhateverTheBytes) {
  for (const auto& sample : kWorld) {
    const std::string ok = exactly(kMaxSubjectChars, sample);
    const std::string over = exactly(kMaxSubjectChars + 1, sample);
    EXPECT_GT(ok.size(), kMaxSubjectChars) << sample;  // more bytes than the limit: counting bytes would refuse it
    EXPECT_FALSE(validate_subject(ok).has_value()) << sample;
    const auto e = validate_subject(over);
    ASSERT_TRUE(e.has_value()) << sample;
    EXPECT_EQ(e->code, ErrorCode::invalid_field);
    EXPECT_EQ(e->field, "subject");
  }
}

TEST(WorldText, NameLimitIs80CodePoints) {
  for (const auto& sample : kWorld) {
    EXPECT_FALSE(validate_name(exactly(kMaxNameChars, sample), "first_name").has_value()) << sample;
    const auto e = validate_name(exactly(kMaxNameChars + 1, sample), "last_name");
    ASSERT_TRUE(e.has_value()) << sample;
    EXPECT_EQ(e->field, "last_name");
  }
}

TEST(WorldText, MessageLimitIs10000CodePoints) {
  for (const std::string sample : {"Xin chào 👋 … 谢谢 ok 👍🏽 thanks 🇦🇺", "مرحبا بك ABC 123 שלום", "👨\u200D👩\u200D👧\u200D👦"}) {
    EXPECT_FALSE(validate_message_body(exactly(kMaxMessageChars, sample)).has_value()) << sample;
    EXPECT_TRUE(validate_message_body(exactly(kMaxMessageChars + 1, sample)).has_value()) << sample;
  }
}

TEST(WorldText, DisplayNamesAndPatternsCountCodePoints) {
  for (const auto& sample : kWorld) {
    EXPECT_FALSE(validate_display_name(exactly(kMaxDisplayNameChars, sample), "name").has_value()) << sample;
    EXPECT_TRUE(validate_display_name(exactly(kMaxDisplayNameChars + 1, sample), "name").has_value()) << sample;
  }
  EXPECT_TRUE(validate_display_name("Bad\xff", "name").has_value());
  // A pattern of 200 code points (600 bytes) is within the limit; 201 is not.
  std::vector<IdentifierField> schema{{"mrn", "Số hồ sơ", false, 120, exactly(kMaxPatternChars, "王")}};
  EXPECT_FALSE(validate_identifier_schema(schema).has_value());
  schema[0].pattern = exactly(kMaxPatternChars + 1, "王");
  EXPECT_TRUE(validate_identifier_schema(schema).has_value());
}

TEST(WorldText, IdentifierLimitCountsCodePoints) {
  const std::vector<IdentifierField> schema{{"practice_name", "Tên phòng khám", true, 10, ""}};
  for (const auto& sample : kWorld) {
    std::map<std::string, std::string> out;
    EXPECT_FALSE(validate_identifiers(schema, {{"practice_name", exactly(10, sample)}}, &out).has_value()) << sample;
    EXPECT_EQ(out["practice_name"], exactly(10, sample));  // kept byte for byte
    const auto e = validate_identifiers(schema, {{"practice_name", exactly(11, sample)}}, &out);
    ASSERT_TRUE(e.has_value()) << sample;
    EXPECT_EQ(e->code, ErrorCode::invalid_identifier);
  }
}

TEST(WorldText, MalformedUtf8IsRefusedAsInvalidField) {
  for (const std::string bad : {"Th\xE1\xBA", "\xF0\x9F\x91", "\xED\xA0\xBD\xED\xB1\x8D" /* UTF-16 surrogates */,
                                "Ngu\xC0\xAFy"}) {
    const auto subject = validate_subject(bad);
    ASSERT_TRUE(subject.has_value());
    EXPECT_EQ(subject->code, ErrorCode::invalid_field);
    const auto parsed = parse_post_message(R"({"client_id":"c1","body":")" + bad + R"("})");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error.code, ErrorCode::invalid_field);
  }
}

TEST(Graphemes, ClustersAreWhatAReaderSeesAsOneCharacter) {
  EXPECT_EQ(clusters("👨\u200D👩\u200D👧\u200D👦").size(), 1u);
  EXPECT_EQ(clusters("👍🏽").size(), 1u);
  EXPECT_EQ(clusters("🇦🇺🇻🇳").size(), 2u);  // two flags, not four letters or one blob
  EXPECT_EQ(clusters("🇦🇺🇻🇳")[0], "🇦🇺");
  EXPECT_EQ(clusters("Nguye\xCC\x82\xCC\x83n").size(), 6u);
  EXPECT_EQ(clusters("Nguye\xCC\x82\xCC\x83n")[4], "e\xCC\x82\xCC\x83");
  EXPECT_EQ(clusters("สวัสดี").size(), 4u);  // ส วั ส ดี
  EXPECT_EQ(clusters("ok 👍🏽 thanks").size(), 11u);
  EXPECT_EQ(grapheme_boundaries(""), std::vector<std::size_t>{0});
}

TEST(Graphemes, MalformedBytesStandAlone) {
  const auto c = clusters("a\xFF\xCC\x81z");  // a, a bad byte, a lone combining mark, z
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[1], "\xFF");
}

TEST(Graphemes, ShortenNeverSplitsACluster) {
  EXPECT_EQ(shorten_text("ok 👍🏽 thanks", 100), "ok 👍🏽 thanks");
  EXPECT_EQ(shorten_text("ok 👍🏽 thanks", 5), "ok…");  // "ok 👍" would strip the skin tone
  EXPECT_EQ(shorten_text("ok 👍🏽 thanks", 6), "ok 👍🏽…");
  EXPECT_EQ(shorten_text("a👨\u200D👩\u200D👧\u200D👦b", 8), "a…");
  EXPECT_EQ(shorten_text("a👨\u200D👩\u200D👧\u200D👦bc", 9), "a👨\u200D👩\u200D👧\u200D👦…");
  EXPECT_EQ(shorten_text("🇦🇺🇻🇳🇬🇷", 4), "🇦🇺…");
  EXPECT_EQ(shorten_text("🇦🇺🇻🇳🇬🇷", 3), "🇦🇺…");
  EXPECT_EQ(shorten_text("Nguye\xCC\x82\xCC\x83n Thảo", 6), "Nguy…");
  EXPECT_EQ(shorten_text("Nguye\xCC\x82\xCC\x83n Thảo", 8), "Nguye\xCC\x82\xCC\x83…");
  EXPECT_EQ(shorten_text("Xin chào", 5, "..."), "Xi...");
}

TEST(Graphemes, ShortenIsAlwaysAClusterPrefixWithinTheLimit) {
  for (const auto& sample : kWorld) {
    const std::string text = sample + " " + sample + sample;
    const auto bounds = grapheme_boundaries(text);
    const std::size_t n = cp_count(text);
    // From 8: the largest cluster here (the family) has 7 code points.
    for (std::size_t max = 8; max <= n + 1; ++max) {
      const std::string s = shorten_text(text, max);
      ASSERT_TRUE(utf8_length(s).has_value()) << sample << " " << max;
      EXPECT_LE(cp_count(s), max) << sample << " " << max;
      if (max >= n) {
        EXPECT_EQ(s, text);
        continue;
      }
      ASSERT_GE(s.size(), kEllipsis.size());
      ASSERT_EQ(s.substr(s.size() - kEllipsis.size()), kEllipsis);
      const std::string kept = s.substr(0, s.size() - kEllipsis.size());
      EXPECT_EQ(text.compare(0, kept.size(), kept), 0) << sample << " " << max;
      EXPECT_NE(std::find(bounds.begin(), bounds.end(), kept.size()), bounds.end()) << sample << " " << max;
    }
  }
}

TEST(Graphemes, OneEnormousClusterIsCutAtACodePoint) {
  std::string zalgo = "a";
  for (int k = 0; k < 300; ++k) zalgo += "\xCC\x81";  // U+0301 COMBINING ACUTE ACCENT
  EXPECT_EQ(grapheme_prefix_bytes(zalgo, 10), 1u + 9 * 2);
  EXPECT_EQ(cp_count(shorten_text(zalgo, 10)), 10u);
}

TEST(Filenames, LimitCountsCodePointsAndKeepsClustersWhole) {
  // 130 Chinese characters: 390 bytes; kept: 116 of them and ".pdf".
  const std::string chinese = exactly(130, "检查结果") + ".pdf";
  const std::string s = sanitise_filename(chinese);
  EXPECT_EQ(cp_count(s), kMaxFilenameChars);
  EXPECT_EQ(s, exactly(kMaxFilenameChars - 4, "检查结果") + ".pdf");
  EXPECT_EQ(sanitise_filename(s), s);

  // Families of 7 code points: the cut falls between two of them, never inside.
  std::string families;
  for (int k = 0; k < 20; ++k) families += "👨\u200D👩\u200D👧\u200D👦";
  const std::string f = sanitise_filename(families + ".jpg");
  EXPECT_EQ(f.substr(f.size() - 4), ".jpg");
  const std::string stem = f.substr(0, f.size() - 4);
  EXPECT_EQ(cp_count(stem), 112u);  // 16 families: 116 code points would end inside the 17th
  EXPECT_EQ(clusters(stem).size(), 16u);
  EXPECT_EQ(stem, families.substr(0, stem.size()));  // the joiners are kept

  // Decomposed Vietnamese: 116 code points would end between an "e" and its
  // two marks (7 + 13 * 8 + 5); the letter keeps its marks, so 115 are kept.
  std::string viet = "abcdefg";
  for (int k = 0; k < 40; ++k) viet += "Nguye\xCC\x82\xCC\x83n";  // 8 code points each
  const std::string v = sanitise_filename(viet + ".txt");
  const std::string vstem = v.substr(0, v.size() - 4);
  EXPECT_EQ(cp_count(vstem), 7u + 13 * 8 + 4);
  EXPECT_EQ(viet.compare(0, vstem.size(), vstem), 0);
  const auto b = grapheme_boundaries(viet);
  EXPECT_NE(std::find(b.begin(), b.end(), vstem.size()), b.end());
}
