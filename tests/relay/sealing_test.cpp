// Sealed text at rest (store/sql/fields.hpp, reseal.hpp) on a real SQLite
// file: a store written in clear before sealing existed (schema 3) is sealed
// when a relay opens it, reads back word for word, keeps its unread counts
// (migration 4), finds its guest by number and its cases by search terms,
// and holds none of its text in the file afterwards. Also the folding the
// search terms use (core/text_fold.hpp).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text_fold.hpp"
#include "store/migrations.hpp"
#include "store/sql/fields.hpp"
#include "store/sqlite_db.hpp"
#include "store/stores.hpp"

using namespace foxo::relay;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/foxo-sealing-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void exec(const std::string& db_path, const std::string& sql) {
  sqlite3* d = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &d), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(d, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(d);
}

std::string file_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const aead::Key kKey{1, 2, 3};

TEST(TextFold, NamesAndWordsFoldToPlainLowerCaseLatin) {
  EXPECT_EQ(text_fold::fold("Nguyễn"), "nguyen");
  EXPECT_EQ(text_fold::fold("NGUYỄN"), "nguyen");
  EXPECT_EQ(text_fold::fold("Nguye\xCC\x82\xCC\x83n"), "nguyen");  // decomposed marks
  EXPECT_EQ(text_fold::fold("Đặng"), "dang");
  EXPECT_EQ(text_fold::fold("Müller"), "muller");
  EXPECT_EQ(text_fold::fold("Παπαδόπουλος"), "papadopoulos");
  EXPECT_EQ(text_fold::whole("王"), text_fold::whole("wáng"));
  EXPECT_EQ(text_fold::words("Al-Hassan"), (std::vector<std::string>{"al", "hassan"}));
  EXPECT_EQ(text_fold::whole("Al-Hassan"), "alhassan");
  EXPECT_EQ(text_fold::whole("Al Hassan"), "alhassan");
  EXPECT_EQ(text_fold::words("Pap smear result 🩺, Pap"), (std::vector<std::string>{"pap", "smear", "result"}));
  EXPECT_FALSE(text_fold::whole("الحسن").empty());
  EXPECT_NE(text_fold::whole("الحسن"), text_fold::whole("الحسين"));  // two names stay two
  EXPECT_TRUE(text_fold::words("🙂 …").empty());
  EXPECT_TRUE(text_fold::words("\xff\xfe").empty());  // malformed UTF-8 is no word
}

// A store as a relay before issue 18 left it: schema 3, everything in clear.
void write_schema_3_store(const std::string& dir) {
  const std::string path = dir + "/foxo.db";
  {
    store::Db db(path);
    const auto& all = store::sqlite_migrations();
    store::Migrations three{{all.steps.begin(), all.steps.begin() + 3}, all.create_table, all.current, all.record};
    ASSERT_EQ(store::migrate(db, three), 3);
  }
  exec(path, R"SQL(
INSERT INTO organisations (id, slug, name, created_at) VALUES ('o1', 'org', 'Org', 1);
INSERT INTO teams (id, org_id, slug, name, created_at) VALUES ('t1', 'o1', 'team', 'Team', 1);
INSERT INTO staff (id, org_id, email, name, password_hash, created_at) VALUES ('s1', 'o1', 's@x.test', 'Ivy', 'x', 1);
INSERT INTO guests (id, org_id, phone, first_name, last_name, created_at)
  VALUES ('g1', 'o1', '+61412555019', 'Thảo', 'Nguyễn', 1);
INSERT INTO cases (id, org_id, team_id, guest_id, subject, status, guest_first_name, guest_last_name, guest_phone,
                   identifiers_json, assignee_id, created_at, updated_at, last_seq, guest_seen_seq)
  VALUES ('c1', 'o1', 't1', 'g1', 'Kết quả sinh thiết', 'active', 'Thảo', 'Nguyễn', '+61412555019',
          '{"provider_number":"2426111B"}', 's1', 1, 1, 7, 5);
INSERT INTO otp_challenges (id, org_id, phone, first_name, last_name, code_hash, code_issued_at, created_at)
  VALUES ('ch1', 'o1', '+61412555019', 'Thảo', 'Nguyễn', 'h', 1, 1);
INSERT INTO otp_sends (phone, address, at) VALUES ('+61412555019', '127.0.0.1', 1);
INSERT INTO attachments (id, case_id, name, size, content_type, blob_path, created_at)
  VALUES ('a1', 'c1', 'Sinh thiết gan.pdf', 10, 'application/pdf', 'b1', 1);
INSERT INTO sms_outbox (id, phone, body, purpose, case_id, status, created_at)
  VALUES ('x1', '+61412555019', 'Org: tin nhắn mới', 'notify', 'c1', 'sent', 1);
)SQL");
  std::string messages;
  for (int seq = 1; seq <= 7; ++seq) {
    const bool guest = seq <= 4;
    messages += "INSERT INTO messages (case_id, seq, client_id, author_kind, author_id, author_name, body, "
                "attachment_id, created_at) VALUES ('c1', " + std::to_string(seq) + ", 'k" + std::to_string(seq) +
                "', '" + (guest ? "guest', 'g1', 'Thảo Nguyễn'" : "staff', 's1', 'Ivy'") + ", 'Tin nhắn số " +
                std::to_string(seq) + " 🩺', " + (seq == 1 ? "'a1'" : "NULL") + ", 1);\n";
  }
  exec(path, messages);
}

TEST(Sealing, AStoreWrittenInClearIsSealedWhenOpenedAndReadsBackTheSame) {
  TempDir dir;
  write_schema_3_store(dir.path.string());
  auto stores = store::open_sqlite_stores(dir.path.string(), kKey);
  EXPECT_EQ(stores.schema_version, static_cast<int>(store::sqlite_migrations().steps.size()));

  const auto c = stores.cases->find_case("c1");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->subject, "Kết quả sinh thiết");
  EXPECT_EQ(c->guest_first_name, "Thảo");
  EXPECT_EQ(c->guest_last_name, "Nguyễn");
  EXPECT_EQ(c->guest_phone, "+61412555019");
  EXPECT_EQ(c->identifiers.at("provider_number"), "2426111B");
  EXPECT_EQ(c->unread_for_guest, 2);  // migration 4: staff 6 and 7 above the guest's mark 5
  EXPECT_EQ(c->unread_for_staff, 4);
  const auto messages = stores.cases->messages("c1", 0, 100);
  ASSERT_EQ(messages.size(), 7u);
  EXPECT_EQ(messages[0].body, "Tin nhắn số 1 🩺");
  EXPECT_EQ(messages[0].author_name, "Thảo Nguyễn");
  ASSERT_TRUE(messages[0].attachment);
  EXPECT_EQ(messages[0].attachment->name, "Sinh thiết gan.pdf");
  EXPECT_EQ(stores.attachments->find("a1")->name, "Sinh thiết gan.pdf");

  // The guest is found by their number in any format, and not duplicated.
  const auto g = stores.directory->upsert_guest("o1", "+61412555019", "Thảo", "Nguyễn", 2);
  EXPECT_EQ(g.id, "g1");
  EXPECT_EQ(stores.directory->guest_by_id("g1")->phone, "+61412555019");

  // Search terms were made from the clear values.
  EXPECT_EQ(stores.cases->search("o1", {"nguyen"}, 10), std::vector<std::string>{"c1"});
  EXPECT_EQ(stores.cases->search("o1", {"0412 555 019"}, 10), std::vector<std::string>{"c1"});
  EXPECT_EQ(stores.cases->search("o1", {"2426111b"}, 10), std::vector<std::string>{"c1"});
  EXPECT_EQ(stores.cases->search("o1", {"sinh", "THẢO"}, 10), std::vector<std::string>{"c1"});
  EXPECT_TRUE(stores.cases->search("o1", {"sinh", "papadopoulos"}, 10).empty());
  EXPECT_TRUE(stores.cases->search("other-org", {"nguyen"}, 10).empty());

  // Nothing of it is left in the files.
  stores = store::Stores{};
  const std::string bytes = file_bytes(dir.path / "foxo.db") + file_bytes(dir.path / "foxo.db-wal");
  for (const char* clear : {"Nguyễn", "Thảo", "412555019", "Kết quả", "2426111B", "Tin nhắn", "Sinh thiết",
                            "tin nhắn mới"})
    EXPECT_EQ(bytes.find(clear), std::string::npos) << clear;
}

TEST(Sealing, NewCasesAreFoundByEveryTermAndOnlyInTheirOrganisation) {
  TempDir dir;
  auto stores = store::open_sqlite_stores(dir.path.string(), kKey);
  auto& d = *stores.directory;
  const auto org = d.create_org("org", "Org", {}, 1);
  const auto other = d.create_org("other", "Other", {}, 1);
  const auto team = d.create_team(org->id, "team", "Team", {"Other"}, 1);
  const auto guest = d.upsert_guest(org->id, "+61412555027", "Ελένη", "Παπαδόπουλος", 1);
  store::NewCase nc{org->id, team->id, guest.id, "Pap smear result", "Ελένη", "Παπαδόπουλος", "+61412555027",
                    {{"practice_name", "Harbour GP 港口"}}};
  const auto id = stores.cases->create_case(nc, 1, nullptr).after.id;
  EXPECT_EQ(stores.cases->search(org->id, {"papadopoulos"}, 10), std::vector<std::string>{id});
  EXPECT_EQ(stores.cases->search(org->id, {"ΠΑΠΑΔΌΠΟΥΛΟΣ"}, 10), std::vector<std::string>{id});
  EXPECT_EQ(stores.cases->search(org->id, {"+61 412 555 027"}, 10), std::vector<std::string>{id});
  EXPECT_EQ(stores.cases->search(org->id, {"smear"}, 10), std::vector<std::string>{id});
  EXPECT_EQ(stores.cases->search(org->id, {"Harbour GP 港口"}, 10), std::vector<std::string>{id});
  EXPECT_TRUE(stores.cases->search(other->id, {"papadopoulos"}, 10).empty());
  EXPECT_TRUE(stores.cases->search(org->id, {"nguyen"}, 10).empty());
}

}  // namespace
