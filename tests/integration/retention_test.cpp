// Retention (issue 10), driven by the dev clock: with no period set, closed
// cases are kept; once an organisation sets one (`foxo-relay admin
// set-retention`), a closed case past it disappears with its messages,
// attachment rows and encrypted files, events, SMS rows and resume links, and
// leaves one audit entry without personal data; an open case, or a closed one
// still inside the period, stays.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "notify_helpers.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

const std::string kBoundary = "----foxo-retention-boundary";

Reply upload_pdf(const RelayProcess& relay, const std::string& case_id, const std::string& cookie) {
  const std::string pdf =
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
      "endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  const std::string body = "--" + kBoundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"letter.pdf\"\r\n\r\n" + pdf +
                           "\r\n--" + kBoundary + "--\r\n";
  return relay.post_raw("/api/v1/cases/" + case_id + "/attachments", body,
                        "multipart/form-data; boundary=" + kBoundary, cookie);
}

std::int64_t count(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

// Rows anywhere that still name the case (the audit trail aside: it keeps its entries).
std::int64_t rows_of_case(const std::string& db, const std::string& case_id) {
  std::int64_t total = 0;
  for (const char* table : {"messages", "attachments", "events", "resume_tokens", "sms_outbox", "otp_challenges"})
    total += count(db, std::string("SELECT COUNT(*) FROM ") + table + " WHERE case_id = '" + case_id + "'");
  return total + count(db, "SELECT COUNT(*) FROM cases WHERE id = '" + case_id + "'");
}

std::size_t blob_count(const RelayProcess& relay) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(relay.data_dir() + "/blobs", ec))
    if (e.is_regular_file()) ++n;
  return n;
}

Reply close_case(const RelayProcess& relay, const std::string& case_id, const std::string& cookie) {
  return relay.post_raw("/api/v1/cases/" + case_id + "/close", "", "application/json", cookie);
}

}  // namespace

TEST(Retention, ClosedCasesPastThePeriodAreDeletedWithEverythingTheyHold) {
  RelayProcess relay;
  const std::string db = relay.data_dir() + "/foxo.db";
  auto guests = load_guests(relay, "intake", 3, "intake1@demo.test");
  std::vector<std::string> phones;
  for (const auto& g : guests) phones.push_back(guest_phone(relay, g.cookie));
  const std::string old_case = guests[0].case_id, open_case = guests[1].case_id, recent_case = guests[2].case_id;
  const std::string staff = relay.staff_cookie("intake1@demo.test");

  // The case to be deleted: a file, Team activity that sends a resume-link SMS, then closed.
  const auto up = upload_pdf(relay, old_case, guests[0].cookie);
  ASSERT_EQ(up.status, 201) << up.raw;
  const std::string attachment_id = up.body["attachment"]["id"];
  staff_message(relay, staff, old_case, "staff-1");
  relay.advance_clock(5 * kMinute);
  ASSERT_EQ(link_sms_to(relay, phones[0]).size(), 1u);
  ASSERT_EQ(close_case(relay, old_case, guests[0].cookie).status, 200);
  ASSERT_EQ(blob_count(relay), 1u);
  ASSERT_GT(count(db, "SELECT COUNT(*) FROM resume_tokens WHERE case_id = '" + old_case + "'"), 0);

  // Default: no period, kept forever.
  relay.advance_clock(40 * kDay);
  for (auto& g : guests) g.cookie = sign_in(relay, phones[&g - guests.data()]);  // sessions went idle
  EXPECT_EQ(relay.get("/api/v1/cases/" + old_case, guests[0].cookie).status, 200);
  EXPECT_EQ(blob_count(relay), 1u);

  // Bad values are refused and change nothing.
  EXPECT_NE(run_admin(relay.data_dir(), "set-retention demo-health 0"), 0);
  EXPECT_NE(run_admin(relay.data_dir(), "set-retention demo-health soon"), 0);
  EXPECT_NE(run_admin(relay.data_dir(), "set-retention no-such-org 30"), 0);
  relay.advance_clock(60);
  EXPECT_EQ(relay.get("/api/v1/cases/" + old_case, guests[0].cookie).status, 200);

  // 30 days, set while the relay runs: the next job run deletes the 40-day-old closed case.
  ASSERT_EQ(run_admin(relay.data_dir(), "set-retention demo-health 30"), 0);
  ASSERT_EQ(close_case(relay, recent_case, guests[2].cookie).status, 200);
  relay.advance_clock(60);
  const std::string admin = relay.staff_cookie("admin@demo.test");
  EXPECT_EQ(relay.get("/api/v1/cases/" + old_case, guests[0].cookie).error_code(), "not_found");
  EXPECT_EQ(relay.get("/api/v1/cases/" + old_case, admin).status, 404);
  EXPECT_EQ(relay.get("/api/v1/attachments/" + attachment_id, guests[0].cookie).status, 404);
  EXPECT_EQ(relay.get("/api/v1/guest/cases", guests[0].cookie).body["cases"].size(), 0u);
  EXPECT_EQ(blob_count(relay), 0u) << "the encrypted file is deleted too";
  EXPECT_EQ(rows_of_case(db, old_case), 0);
  // One audit entry, by the system, naming only the case.
  const auto audit = relay.get("/api/v1/admin/audit?case_id=" + old_case, admin);
  ASSERT_EQ(audit.status, 200);
  int deletions = 0;
  for (const auto& e : audit.body["entries"])
    if (e["action"] == "case.retention_delete") {
      ++deletions;
      EXPECT_EQ(e["actor"], "system");
      EXPECT_EQ(e["object"], "case:" + old_case);
    }
  EXPECT_EQ(deletions, 1);
  EXPECT_EQ(audit.raw.find(phones[0].substr(3)), std::string::npos) << "no phone number in the audit";

  // The open case and the recently closed one stay.
  EXPECT_EQ(relay.get("/api/v1/cases/" + open_case, guests[1].cookie).status, 200);
  EXPECT_EQ(relay.get("/api/v1/cases/" + recent_case, guests[2].cookie).status, 200);

  // 29 days after its close the recent case is still inside the period...
  relay.advance_clock(29 * kDay);
  EXPECT_GT(rows_of_case(db, recent_case), 0);
  // ...and a day later it is gone; the open case, however old, stays.
  relay.advance_clock(kDay);
  EXPECT_EQ(rows_of_case(db, recent_case), 0);
  EXPECT_GT(rows_of_case(db, open_case), 0);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM audit WHERE action = 'case.retention_delete'"), 2);

  // The audit chain is untouched by the deletions.
  relay.stop();
  const std::string verify = relay_binary() + " audit verify --data " + relay.data_dir() + " > /dev/null";
  EXPECT_EQ(std::system(verify.c_str()), 0);
}
