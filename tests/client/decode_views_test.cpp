// Decoding the relay's bodies through protocol.hpp (unreadable reads as
// nothing, never throws) and the views derived from the model.
#include "app/decode.hpp"
#include "harness.hpp"

namespace foxo::client::test {
namespace {

TEST(ClientDecode, CaseListKeepsReadableCasesAndDerivesStatusAndTimes) {
  UtcLocale utc;
  auto staff_view = wire_summary("c-1", "close_requested");
  staff_view.guest = Guest{"", "Παπαδόπουλος", "Νίκος", ""};
  const json body{{"cases", {staff_view, json{{"id", "broken"}}, wire_summary("c-2", "waiting")}}};
  const auto cases = decode::case_list(body.dump(), utc);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].state, CaseStatus::close_requested);
  EXPECT_EQ(cases[0].guest_name, "Παπαδόπουλος Νίκος");
  EXPECT_EQ(cases[0].created_ms, 1796288400000.0) << "2026-12-03T09:00:00Z";
  EXPECT_EQ(cases[1].id, "c-2");
  EXPECT_TRUE(decode::case_list("<html>502 Bad Gateway</html>", utc).empty());
  EXPECT_TRUE(decode::case_list("", utc).empty());
}

TEST(ClientDecode, SummaryOfADetailCarriesNoUnreadOrUpdateTime) {
  UtcLocale utc;
  const ListedCase s = decode::listed_case(wire_case("c-9", "active"), utc);
  EXPECT_EQ(s.id, "c-9");
  EXPECT_EQ(s.state, CaseStatus::active);
  EXPECT_EQ(s.unread, 0);
  EXPECT_EQ(s.updated_at, "");
  EXPECT_EQ(s.guest_name, "Nguyễn Thị Minh Khai");
  EXPECT_EQ(s.identifiers.at("file_no"), "王-2026-٣");
}

TEST(ClientDecode, ErrorReplyReadsAttemptsAndLimitsAndToleratesGarbage) {
  const auto e = decode::error_reply(
      json{{"error", {{"code", "otp_invalid"}, {"message", "رمز خاطئ"}, {"field", "code"}, {"attempts_left", 1}}}}
          .dump());
  EXPECT_EQ(e.code, "otp_invalid");
  EXPECT_EQ(e.message, "رمز خاطئ");
  EXPECT_EQ(e.field, "code");
  EXPECT_EQ(e.attempts_left, 1);
  const auto garbage = decode::error_reply("\xff\xfe not json");
  EXPECT_EQ(garbage.code, "");
  EXPECT_EQ(garbage.attempts_left, -1);
  EXPECT_EQ(garbage.max_bytes, 0);
}

TEST(ClientDecode, MessageTimeIsFormattedOnceInTheLocale) {
  UtcLocale utc;
  const auto m = decode::shown_message(json(wire_message(3, "system", "", "Case closed", "", "2026-12-31T23:59:00Z")), utc);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->time_text, "23:59");
  EXPECT_EQ(m->day_key, 20261231);
  EXPECT_EQ(m->day_text, "2026-12-31");
  EXPECT_FALSE(decode::shown_message(json{{"seq", 1.5}}, utc)) << "a seq that is not whole is refused";
  EXPECT_FALSE(decode::shown_message(json("text"), utc));
}

TEST(ClientDecode, GuestComesWrappedOrFlat) {
  const Guest g{"g", "王", "小明", "+8613800138000"};
  EXPECT_EQ(decode::guest(json{{"guest", g}}.dump())->first_name, "王");
  EXPECT_EQ(decode::guest(json(g).dump())->last_name, "小明");
  EXPECT_FALSE(decode::guest("null"));
}

TEST(ClientViews, FileSizesForPeople) {
  EXPECT_EQ(file_size_text(0), "0 bytes");
  EXPECT_EQ(file_size_text(1023), "1023 bytes");
  EXPECT_EQ(file_size_text(1024), "1 KB");
  EXPECT_EQ(file_size_text(1536), "1.5 KB");
  EXPECT_EQ(file_size_text(150 * 1024), "150 KB") << "no decimal from 100 up";
  EXPECT_EQ(file_size_text(3.4 * 1048576), "3.4 MB");
}

TEST(ClientViews, StatusWordsCoverEveryStatus) {
  EXPECT_STREQ(status_words(CaseStatus::waiting), "Waiting for the team");
  EXPECT_STREQ(status_words(CaseStatus::active), "Open");
  EXPECT_STREQ(status_words(CaseStatus::close_requested), "Closing");
  EXPECT_STREQ(status_words(CaseStatus::closed), "Closed");
}

TEST(ClientViews, CodeScreenWakesAtTheNextVisibleChangeOfItsCountdowns) {
  Model m;
  m.nav.screen = Screen::code;
  m.now_ms = 100000;
  m.resend_at_ms = 100000 + 2500;        // shows "3 s", then "2 s" in 500 ms
  m.code_expires_at_ms = 100000 + 90000;  // minutes change in 30 s
  EXPECT_EQ(next_wakeup_ms(m), 100000 + 500 + 1);
  m.resend_at_ms = 0;
  EXPECT_EQ(next_wakeup_ms(m), 100000 + 30000 + 1);
  m.nav.screen = Screen::home;
  EXPECT_EQ(next_wakeup_ms(m), 0) << "an idle page renders nothing";
}

TEST(ClientViews, StaffTitleCountsWaitingGuestsAndMyUnreadOnly) {
  Model m;
  m.nav.side = Side::staff;
  m.staff_id = "st-1";
  ListedCase a, b, c, d;
  a.id = "q-1";
  a.unread = 2;
  b.id = "mine";
  b.unread = 1;
  c.id = "closed";
  c.unread = 5;
  d.id = "theirs";
  d.unread = 4;
  m.queue = {a};
  m.active_cases = {b, d};
  m.closed_cases = {c};
  m.my_cases = {"mine", "closed"};
  EXPECT_EQ(title(m), "(2) Foxo") << "one guest waiting, one unread message in my active case";
  m.queue.clear();
  m.active_cases.clear();
  EXPECT_EQ(title(m), "Foxo");
}

TEST(ClientViews, LiveLinesReadErrorsUntilATranscriptIsShown) {
  Model m;
  m.nav.screen = Screen::guest_register;
  m.register_error = {"phone", "Enter a mobile number that can receive SMS"};
  m.connection_problem = "Cannot reach the service. Check your connection.";
  EXPECT_EQ(live_lines(m), (std::vector<std::string>{"Enter a mobile number that can receive SMS",
                                                      "Cannot reach the service. Check your connection."}));
}

}  // namespace
}  // namespace foxo::client::test
