// Unread counts kept in the case row (migration 4's triggers) against the
// definition (foxo::counts_as_unread: the guest reads staff and system
// messages above guest_seen_seq, staff read guest messages above
// staff_seen_seq), counted from the messages themselves, on a real SQLite
// file: after messages, seen marks in both directions, a grouped write that
// is rolled back, and the migration that fills them in for an existing store.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "store/sqlite_db.hpp"
#include "store/stores.hpp"

using namespace foxo::relay;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/foxo-unread-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct Fixture {
  store::Stores stores;
  std::string staff_id;
  std::vector<std::string> case_ids;
};

Fixture open_with_cases(const std::string& dir, int cases) {
  Fixture f;
  f.stores = store::open_sqlite_stores(dir);
  auto& d = *f.stores.directory;
  const auto org = d.create_org("org", "Org", {}, 1000);
  const auto team = d.create_team(org->id, "team", "Team", {"Other"}, 1000);
  f.staff_id = d.create_staff(org->id, "s@x.test", "Sam", "x", false, {team->id}, 1000)->id;
  std::vector<store::FixtureGuest> guests;
  for (int i = 0; i < cases; ++i)
    guests.push_back({"G", std::to_string(i), "+614900000" + std::to_string(10 + i), "hash" + std::to_string(i)});
  f.case_ids = f.stores.cases->load_fixture(org->id, team->id, f.staff_id, {}, guests, 1000);
  return f;
}

void post(Fixture& f, const std::string& case_id, const std::string& kind, int n) {
  static int client = 0;
  const auto r = f.stores.cases->update_case(
      case_id,
      [&](const store::CaseRecord&) -> std::variant<foxo::Error, store::CaseUpdate> {
        store::CaseUpdate u;
        for (int i = 0; i < n; ++i)
          u.messages.push_back({kind, kind == "guest" ? "guest" : f.staff_id, "Name", "c" + std::to_string(++client),
                                "body", std::nullopt});
        return u;
      },
      2000, std::nullopt, nullptr);
  ASSERT_FALSE(r.error);
}

// The definition, counted from the rows.
std::pair<std::int64_t, std::int64_t> counted(const std::string& db_path, const std::string& case_id) {
  sqlite3* d = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &d, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(d,
                     "SELECT (SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id AND m.seq > c.guest_seen_seq "
                     "AND m.author_kind <> 'guest'), (SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id "
                     "AND m.seq > c.staff_seen_seq AND m.author_kind = 'guest') FROM cases c WHERE c.id = ?",
                     -1, &st, nullptr);
  sqlite3_bind_text(st, 1, case_id.c_str(), -1, SQLITE_TRANSIENT);
  std::pair<std::int64_t, std::int64_t> out{-1, -1};
  if (sqlite3_step(st) == SQLITE_ROW) out = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)};
  sqlite3_finalize(st);
  sqlite3_close(d);
  return out;
}

void exec(const std::string& db_path, const char* sql) {
  sqlite3* d = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &d), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(d, sql, nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(d);
}

}  // namespace

TEST(SqliteUnread, CountsEachSidesUnreadAndFollowsSeenMarks) {
  TempDir dir;
  auto f = open_with_cases(dir.path.string(), 1);
  const std::string id = f.case_ids[0];
  auto& cases = *f.stores.cases;
  post(f, id, "guest", 3);
  post(f, id, "staff", 2);
  post(f, id, "system", 1);
  auto c = cases.find_case(id);
  EXPECT_EQ(c->unread_for_guest, 3);  // 2 staff + 1 system
  EXPECT_EQ(c->unread_for_staff, 3);  // 3 guest

  ASSERT_TRUE(cases.mark_seen(id, true, 4));  // seqs 1-3 guest, 4 staff
  c = cases.find_case(id);
  EXPECT_EQ(c->unread_for_guest, 2);
  EXPECT_EQ(c->unread_for_staff, 3);  // per side
  ASSERT_TRUE(cases.mark_seen(id, true, 2));  // never back
  EXPECT_EQ(cases.find_case(id)->unread_for_guest, 2);
  ASSERT_TRUE(cases.mark_seen(id, false, 99));  // capped at last_seq
  c = cases.find_case(id);
  EXPECT_EQ(c->staff_seen_seq, 6);
  EXPECT_EQ(c->unread_for_staff, 0);
  post(f, id, "guest", 1);  // above staff's mark: unread for staff
  EXPECT_EQ(cases.find_case(id)->unread_for_staff, 1);
  EXPECT_FALSE(cases.mark_seen("no-such-case", true, 1));
}

TEST(SqliteUnread, ARefusedWriteCountsNothing) {
  TempDir dir;
  auto f = open_with_cases(dir.path.string(), 1);
  const std::string id = f.case_ids[0];
  const auto r = f.stores.cases->update_case(
      id, [](const store::CaseRecord&) -> std::variant<foxo::Error, store::CaseUpdate> {
        return foxo::Error{foxo::ErrorCode::conflict, "no", ""};
      },
      2000, std::nullopt, nullptr);
  EXPECT_TRUE(r.error);
  const auto c = f.stores.cases->find_case(id);
  EXPECT_EQ(c->unread_for_guest, 0);
  EXPECT_EQ(c->unread_for_staff, 0);
}

TEST(SqliteUnread, MatchesTheDefinitionAfterRandomMessagesAndMarks) {
  TempDir dir;
  auto f = open_with_cases(dir.path.string(), 3);
  const std::string db = dir.path.string() + "/foxo.db";
  std::mt19937 rng(7);
  const char* kinds[] = {"guest", "staff", "system"};
  for (int step = 0; step < 300; ++step) {
    const std::string& id = f.case_ids[rng() % f.case_ids.size()];
    if (rng() % 3 == 0) {
      const auto c = f.stores.cases->find_case(id);
      f.stores.cases->mark_seen(id, rng() % 2 == 0, static_cast<std::int64_t>(rng() % (c->last_seq + 2)));
    } else {
      post(f, id, kinds[rng() % 3], 1 + static_cast<int>(rng() % 3));
    }
    const auto c = f.stores.cases->find_case(id);
    ASSERT_EQ(std::make_pair(c->unread_for_guest, c->unread_for_staff), counted(db, id)) << "step " << step;
  }
}

TEST(SqliteUnread, TheMigrationCountsAnExistingStore) {
  TempDir dir;
  const std::string db = dir.path.string() + "/foxo.db";
  std::string id;
  {
    auto f = open_with_cases(dir.path.string(), 1);
    id = f.case_ids[0];
    post(f, id, "guest", 4);
    post(f, id, "staff", 3);
    f.stores.cases->mark_seen(id, true, 5);
  }
  // Back to schema 3: no counters, no triggers, as a store written before migration 4
  // (and without what migration 5, staff two-factor sign-in, added after it).
  exec(db,
       "DROP TRIGGER messages_unread_insert; DROP TRIGGER messages_unread_delete; "
       "DROP TRIGGER cases_guest_seen_unread; DROP TRIGGER cases_staff_seen_unread; "
       "ALTER TABLE cases DROP COLUMN unread_for_guest; ALTER TABLE cases DROP COLUMN unread_for_staff; "
       "DROP TABLE staff_recovery_codes; DROP TABLE staff_mfa_logins; "
       "ALTER TABLE staff DROP COLUMN mfa_secret; ALTER TABLE staff DROP COLUMN mfa_pending_secret; "
       "ALTER TABLE staff DROP COLUMN mfa_last_step; ALTER TABLE organisations DROP COLUMN require_mfa; "
       "DELETE FROM schema_version WHERE version >= 4;");
  auto stores = store::open_sqlite_stores(dir.path.string());
  EXPECT_EQ(stores.schema_version, 5);
  const auto c = stores.cases->find_case(id);
  EXPECT_EQ(c->unread_for_guest, 2);  // staff 6 and 7 above the guest's mark 5
  EXPECT_EQ(c->unread_for_staff, 4);
}
