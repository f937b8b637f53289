// The PDF transcript renderer (transcripts/transcript_pdf.hpp) and times in
// an organisation's zone (transcripts/local_time.hpp). The PDF is read back
// with poppler's pdftotext: what a records system or a reader's search sees.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "../integration/pdf_text.hpp"
#include "services/transcripts.hpp"
#include "transcripts/local_time.hpp"
#include "transcripts/transcript_pdf.hpp"

namespace tr = foxo::relay::transcripts;
using foxo::test::pdf_text;
using foxo::test::squeeze;

namespace {

bool holds(const std::string& text, const std::string& phrase) { return foxo::test::pdf_holds(text, phrase); }

// 2026-12-03T04:00:00Z: 15:00 in Sydney (AEDT, +11), 09:30 in Kolkata (IST, +5:30).
constexpr foxo::TimeMs kDec3 = 1796270400000;
// 2026-07-01T00:00:00Z: 10:00 in Sydney (AEST, +10).
constexpr foxo::TimeMs kJul1 = 1782864000000;

tr::TranscriptMessage msg(std::int64_t seq, std::string kind, std::string name, std::string body, bool internal = false) {
  return tr::TranscriptMessage{seq, std::move(kind), std::move(name), std::move(body), kDec3 + seq * 60000, internal,
                               std::nullopt};
}

tr::Transcript multilingual(tr::Copy copy) {
  tr::Transcript t;
  t.copy = copy;
  t.case_id = "case-7Qx";
  t.organisation = "Demo Health";
  t.team = "Intake Team";
  t.subject = "Kết quả xét nghiệm";
  t.status = "active";
  t.guest_name = "Nguyễn Thảo";
  t.guest_phone = "+61412345678";
  t.identifiers = {{"Practice name", "Κλινική Παπαδόπουλος"}, {"Provider number", "2345678A"}};
  t.opened_at = kDec3;
  t.exported_at = kDec3 + 3600000;
  t.exported_by = "Ivy Chen";
  t.messages = {
      msg(1, "guest", "Nguyễn Thảo", "Xin chào, tôi muốn hỏi về kết quả xét nghiệm máu"),
      msg(2, "staff", "Ivy Chen", "Καλημέρα κυρία Παπαδοπούλου"),
      msg(3, "guest", "Nguyễn Thảo", "王小明的报告已经准备好了"),
      msg(4, "staff", "Ivy Chen", "Seen by Dr Al-Hassan: call back tomorrow", true),
      msg(5, "guest", "أحمد الحسن", "مرحبا أنا أحمد الحسن وأريد موعدا"),
      msg(6, "system", "Foxo", "Ivy Chen asked to close this chat"),
      msg(7, "staff", "Ivy Chen", "Thanks 👍🏽 see you Thursday"),
  };
  t.messages[2].attachment = tr::TranscriptAttachment{"kết quả.pdf", 123456,
                                                      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"};
  return t;
}

}  // namespace

TEST(LocalTime, SydneyInSummerAndWinterAndOtherZones) {
  EXPECT_EQ(tr::format_local(kDec3, "Australia/Sydney"), "3 Dec 2026, 15:00:00 AEDT");
  EXPECT_EQ(tr::format_local(kJul1, "Australia/Sydney"), "1 Jul 2026, 10:00:00 AEST");
  EXPECT_EQ(tr::format_local(kDec3, "Asia/Kolkata"), "3 Dec 2026, 09:30:00 IST");
  EXPECT_EQ(tr::local_date(kDec3 - 5 * 3600000, "Australia/Sydney"), "2026-12-03");  // 23:00Z on the 2nd
  EXPECT_EQ(tr::local_date(kDec3 - 5 * 3600000, "UTC"), "2026-12-02");
}

TEST(LocalTime, AnUnknownZoneFormatsInUtc) {
  EXPECT_FALSE(tr::known_time_zone("Mars/Olympus_Mons"));
  EXPECT_TRUE(tr::known_time_zone("Australia/Sydney"));
  EXPECT_EQ(tr::format_local(kDec3, "Mars/Olympus_Mons"), "3 Dec 2026, 04:00:00 UTC");
}

TEST(TranscriptPdf, StaffCopyHoldsEveryMessageAndMarksTheNote) {
  const auto t = multilingual(tr::Copy::staff);
  const std::string pdf = tr::render_transcript_pdf(t);
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  const std::string text = pdf_text(pdf);
  for (const auto& m : t.messages) {
    if (m.body.find("👍") != std::string::npos) {
      // Emoji are drawn as colour images (cairo 1.16): the words around them are text.
      EXPECT_TRUE(holds(text, "Thanks see you Thursday")) << text;
      continue;
    }
    EXPECT_TRUE(holds(text, m.body)) << m.body << "\n---\n" << text;
    EXPECT_TRUE(holds(text, m.author_name)) << m.author_name;
  }
  for (const auto& phrase : {"Demo Health", "Intake Team", "Kết quả xét nghiệm", "Nguyễn Thảo", "+61412345678",
                             "Practice name: Κλινική Παπαδόπουλος", "Provider number: 2345678A",
                             "Australia/Sydney", "3 Dec 2026, 15:01:00 AEDT", "kết quả.pdf", "123,456 bytes",
                             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "Internal note",
                             "Page 1 of 1"})
    EXPECT_TRUE(holds(text, phrase)) << phrase << "\n---\n" << text;
}

TEST(TranscriptPdf, GuestCopyLeavesOutNotes) {
  const std::string text = pdf_text(tr::render_transcript_pdf(multilingual(tr::Copy::guest)));
  EXPECT_TRUE(holds(text, "王小明的报告已经准备好了")) << text;
  EXPECT_TRUE(holds(text, "Guest copy")) << text;
  EXPECT_FALSE(holds(text, "Internal note")) << text;
  EXPECT_EQ(squeeze(text).find("Al-Hassan:"), std::string::npos) << text;
  EXPECT_EQ(squeeze(text).find("calltomorrow"), std::string::npos) << text;
}

TEST(TranscriptPdf, LongMessagesWrapOntoMorePages) {
  auto t = multilingual(tr::Copy::staff);
  t.messages.clear();
  std::string longest;
  for (int i = 0; i < 400; ++i) longest += "word" + std::to_string(i) + " ";
  for (int i = 1; i <= 60; ++i) t.messages.push_back(msg(i, "guest", "Nguyễn Thảo", "Tin nhắn số " + std::to_string(i)));
  t.messages.push_back(msg(61, "staff", "Ivy Chen", longest));
  const std::string text = pdf_text(tr::render_transcript_pdf(t));
  EXPECT_TRUE(holds(text, "Tin nhắn số 60")) << text;
  EXPECT_TRUE(holds(text, "word0 word199 word399")) << text;
  EXPECT_NE(squeeze(text).find("Page2of"), std::string::npos) << text;
  // Wrapped: no line of the text is longer than a page's width allows.
  std::size_t start = 0;
  for (auto nl = text.find('\n'); nl != std::string::npos; start = nl + 1, nl = text.find('\n', start))
    EXPECT_LT(nl - start, 120u) << text.substr(start, nl - start);
}

// The relay renders on its HTTP worker threads, each with its own pango font
// map: renders running at once each give the whole text.
TEST(TranscriptPdf, RendersOnSeveralThreadsAtOnce) {
  const auto t = multilingual(tr::Copy::staff);
  std::vector<std::string> pdfs(3);
  std::vector<std::thread> threads;
  for (auto& pdf : pdfs) threads.emplace_back([&t, &pdf] { pdf = tr::render_transcript_pdf(t); });
  for (auto& th : threads) th.join();
  for (const auto& pdf : pdfs) {
    const std::string text = pdf_text(pdf);
    EXPECT_TRUE(holds(text, "王小明的报告已经准备好了")) << text;
    EXPECT_TRUE(holds(text, "مرحبا أنا أحمد الحسن وأريد موعدا")) << text;
    EXPECT_TRUE(holds(text, "Internal note")) << text;
  }
}

TEST(TranscriptPdf, FilenameHasSubjectAndLocalDate) {
  auto t = multilingual(tr::Copy::guest);
  t.subject = "Kết quả: xét/nghiệm";
  t.opened_at = kDec3 - 5 * 3600000;  // 23:00Z on the 2nd is the 3rd in Sydney
  EXPECT_EQ(tr::transcript_filename(t), "Transcript - Kết quả_ xét_nghiệm - 2026-12-03.pdf");
}

// The model the service assembles (services/transcripts.hpp): identifiers
// under their labels in the schema's order, an unknown zone as UTC, each
// attachment's hash from the store's answer.
TEST(AssembleTranscript, LabelsZoneAndAttachments) {
  namespace store = foxo::relay::store;
  store::CaseRecord c;
  c.id = "c1";
  c.team_name = "Intake Team";
  c.subject = "Kết quả";
  c.status = "closed";
  c.guest_first_name = "Thảo";
  c.guest_last_name = "Nguyễn";
  c.guest_phone = "+61412345678";
  c.identifiers = {{"provider_number", "2345678A"}, {"practice_name", "Κλινική"}, {"retired_key", "x"}};
  c.created_at = kDec3;
  c.closed_at = kDec3 + 60000;
  store::Organisation org;
  org.name = "Demo Health";
  org.identifiers = {foxo::IdentifierField{"practice_name", "Practice name"},
                     foxo::IdentifierField{"provider_number", "Provider number"}};
  org.time_zone = "Mars/Olympus_Mons";
  store::MessageRecord m;
  m.seq = 1;
  m.author_kind = "guest";
  m.author_name = "Thảo Nguyễn";
  m.attachment = store::AttachmentInfo{"a1", "kết quả.pdf", "application/pdf", 42};
  const auto t = foxo::relay::services::assemble_transcript(
      c, {m}, org, tr::Copy::guest, kDec3 + 120000, "Thảo Nguyễn",
      [](const store::AttachmentInfo& a) { return a.id == "a1" ? std::string(64, 'f') : std::string(); });
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(t.identifiers, (std::vector<P>{{"Practice name", "Κλινική"}, {"Provider number", "2345678A"},
                                           {"retired_key", "x"}}));
  EXPECT_EQ(t.time_zone, "UTC");
  EXPECT_EQ(t.guest_name, "Thảo Nguyễn");
  ASSERT_EQ(t.messages.size(), 1u);
  ASSERT_TRUE(t.messages[0].attachment);
  EXPECT_EQ(t.messages[0].attachment->sha256, std::string(64, 'f'));
  EXPECT_EQ(t.messages[0].attachment->size, 42);
  EXPECT_EQ(t.closed_at, kDec3 + 60000);
}
