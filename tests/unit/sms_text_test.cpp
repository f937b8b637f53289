// SMS segment rule (GSM 03.38 / UCS-2) and fitting a subject into one segment.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "foxo/sms_text.hpp"
#include "foxo/text.hpp"
#include "foxo/validation.hpp"

using namespace foxo;

namespace {
std::string times(std::size_t n, std::string_view s) {
  std::string out;
  for (std::size_t k = 0; k < n; ++k) out += s;
  return out;
}
}  // namespace

TEST(SmsText, GsmDefaultAlphabetIsOneSeptet) {
  const auto l = sms_length("Hello @ £5 Ärzte ¿Qué? Δ_Ω ü à é\n");
  EXPECT_EQ(l.encoding, SmsEncoding::gsm7);
  EXPECT_EQ(l.units, 33u);
  EXPECT_EQ(l.segment_capacity(), 160u);
}

TEST(SmsText, ExtensionTableCountsTwo) {
  for (const char* c : {"€", "[", "]", "^", "{", "}", "\\", "|", "~"}) {
    const auto l = sms_length(c);
    EXPECT_EQ(l.encoding, SmsEncoding::gsm7) << c;
    EXPECT_EQ(l.units, 2u) << c;
  }
  EXPECT_EQ(sms_length("Fee: 20€ [paid]").units, 15u + 3u);
}

TEST(SmsText, SixteenSixtySeptetsInOneSegment) {
  EXPECT_TRUE(sms_fits_one_segment(std::string(160, 'a')));
  EXPECT_FALSE(sms_fits_one_segment(std::string(161, 'a')));
  EXPECT_TRUE(sms_fits_one_segment(times(80, "€")));  // 160 septets
  EXPECT_FALSE(sms_fits_one_segment(times(80, "€") + "a"));
}

TEST(SmsText, AnythingElseNeedsUcs2CountedInUtf16Units) {
  for (const char* s : {"Thảo", "Nguyễn", "谢谢", "Παπαδόπουλος" /* lowercase Greek is not GSM */, "Иванов", "حسن",
                        "ç", "…", "\xFF"}) {
    EXPECT_EQ(sms_encoding(s), SmsEncoding::ucs2) << s;
  }
  EXPECT_EQ(sms_length("Thảo").units, 4u);
  EXPECT_EQ(sms_length("谢谢").units, 2u);
  EXPECT_EQ(sms_length("👍🏽").units, 4u);  // two code points outside the BMP: two surrogate pairs
  EXPECT_EQ(sms_length("🇦🇺").units, 4u);
  EXPECT_EQ(sms_length("👨\u200D👩\u200D👧\u200D👦").units, 11u);  // 4 pairs and 3 ZWJ
  EXPECT_EQ(sms_length("Thảo €").units, 6u);  // in UCS-2 € is one unit like anything in the BMP
  EXPECT_EQ(sms_length("Xin chào €").encoding, SmsEncoding::gsm7);  // à is in GSM 03.38
  EXPECT_EQ(sms_length("Xin chào €").units, 11u);
  EXPECT_TRUE(sms_fits_one_segment(times(70, "王")));
  EXPECT_FALSE(sms_fits_one_segment(times(71, "王")));
  EXPECT_TRUE(sms_fits_one_segment(times(35, "😀")));
  EXPECT_FALSE(sms_fits_one_segment(times(35, "😀") + "a"));
}

TEST(SmsText, UppercaseGreekInTheAlphabetStaysGsm) {
  EXPECT_EQ(sms_encoding("ΔΦΓΛΩΠΨΣΘΞ"), SmsEncoding::gsm7);
}

TEST(SmsFit, GsmSubjectKeepsGsm7AndItsLongerSegment) {
  const std::string before = "Demo Health: there is news in your chat \"";
  const std::string after = "\". Open it here: https://chat.example.org/r/AbCdEfGhIjKlMnOpQrStUv";
  const std::string subject = "Request for a copy of the test results from the appointment on Monday [urgent]";
  const auto fitted = sms_fit_middle(before, subject, after);
  ASSERT_TRUE(fitted.has_value());
  const std::string body = before + *fitted + after;
  EXPECT_EQ(sms_length(body).encoding, SmsEncoding::gsm7);
  EXPECT_LE(sms_length(body).units, 160u);
  EXPECT_GT(sms_length(body).units, 150u);  // uses the segment, not 70 units of it
  EXPECT_EQ(fitted->substr(fitted->size() - 3), "...");  // "…" would force UCS-2
  EXPECT_EQ(subject.compare(0, fitted->size() - 3, fitted->substr(0, fitted->size() - 3)), 0);
  EXPECT_EQ(sms_fit_middle(before, "Missing Report", after), "Missing Report");
}

TEST(SmsFit, VietnameseSubjectNeedsUcs2And70Units) {
  const std::string before = "Demo Health: \"";
  const std::string after = "\" https://x.au/r/AbCdEfGhIjKlMnOpQrStUv";
  // Decomposed marks and emoji: the cut must fall between clusters.
  const std::string subject = "Kết quả xe\xCC\x81t nghiệm của Thảo Nguyễn 👨\u200D👩\u200D👧\u200D👦 🇻🇳 👍🏽";
  const auto fitted = sms_fit_middle(before, subject, after);
  ASSERT_TRUE(fitted.has_value());
  const std::string body = before + *fitted + after;
  EXPECT_EQ(sms_length(body).encoding, SmsEncoding::ucs2);
  EXPECT_LE(sms_length(body).units, 70u);
  ASSERT_GE(fitted->size(), kEllipsis.size());
  EXPECT_EQ(fitted->substr(fitted->size() - kEllipsis.size()), kEllipsis);
  const std::string kept = fitted->substr(0, fitted->size() - kEllipsis.size());
  EXPECT_FALSE(kept.empty());
  const auto b = grapheme_boundaries(subject);
  EXPECT_NE(std::find(b.begin(), b.end(), kept.size()), b.end());
  EXPECT_EQ(subject.compare(0, kept.size(), kept), 0);
  // One more cluster would not have fitted.
  const std::size_t next = *std::upper_bound(b.begin(), b.end(), kept.size());
  EXPECT_FALSE(sms_fits_one_segment(before + subject.substr(0, next) + std::string(kEllipsis) + after));
}

TEST(SmsFit, EveryCutOfAWorldSubjectFitsAndIsAClusterPrefix) {
  const std::string subject = "王芳 🇦🇺 Παπαδόπουλος حسن שלום नमस्ते สวัสดี 👍🏽👨\u200D👩\u200D👧\u200D👦";
  for (std::size_t org = 1; org < 60; ++org) {
    const std::string before = std::string(org, 'O') + ": \"";
    const std::string after = "\" https://x.au/r/t";
    const auto fitted = sms_fit_middle(before, subject, after);
    if (!fitted) {
      // Only when not one cluster fits.
      EXPECT_FALSE(sms_fits_one_segment(before + "王" + std::string(kEllipsis) + after)) << org;
      continue;
    }
    EXPECT_TRUE(sms_fits_one_segment(before + *fitted + after)) << org;
    EXPECT_TRUE(utf8_length(*fitted).has_value()) << org;
  }
}

// When no prefix fits in UCS-2 but an all-GSM one does in GSM-7, that one is
// the longest that fits (the relay then prefers a shorter wording).
TEST(SmsFit, AGsmPrefixMayFitWhereUcs2DoesNot) {
  const std::string before = times(50, "a") + " \"";
  EXPECT_EQ(sms_fit_middle(before, "Kết quả", "\" " + times(30, "b")), "K...");
}

TEST(SmsFit, NothingFitsWhenTheFixedPartsFillTheSegment) {
  const std::string org = times(60, "王");
  EXPECT_FALSE(sms_fit_middle(org + " \"", "Kết quả", "\" https://x.au/r/AbCdEfGhIjKlMnOpQrStUv").has_value());
}
