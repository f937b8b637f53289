// The two migration lists (relay/store/migrations.cpp, one text put into
// SQLite's steps and PostgreSQL's) must give the stores the same tables and
// columns, since one implementation (relay/store/sql/) runs on both. Runs in the PostgreSQL pass (pg.*): both schemas, migrated by
// `foxo-relay admin`, compared column by column, with the differences that
// are meant listed here.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "relay_process.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

std::set<std::string> sqlite_columns(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db,
                               "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                               "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
                               -1, &st, nullptr),
            SQLITE_OK);
  std::set<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) out.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST(SchemaParity, BothBackendsGiveTheStoresTheSameColumns) {
  if (test_pg_server().empty()) GTEST_SKIP() << "compares with PostgreSQL (FOXO_TEST_PG)";
  const fs::path dir = fs::temp_directory_path() / ("foxo-schema-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  ASSERT_EQ(run_admin(dir.string(), "create-org parity Parity"), 0);  // opens, so migrates
  const std::string url = create_test_database();
  ASSERT_EQ(run_admin((dir / "pg").string(), "create-org parity Parity", "", url), 0);

  std::set<std::string> lite = sqlite_columns((dir / "foxo.db").string());
  fs::remove_all(dir);
  std::set<std::string> pg;
  for (auto& c : pg_column(url, "SELECT table_name || '.' || column_name FROM information_schema.columns "
                                "WHERE table_schema = 'public'"))
    pg.insert(c);

  // Meant to differ: each side's version table; SQLite keeps unread counts in
  // the case row (migration 4), PostgreSQL counts them when read
  // (sql::Dialect::unread_columns); PostgreSQL holds what several relays
  // share (attachment bytes, the dev SMS log, presence leases).
  for (const char* c : {"schema_version.version", "cases.unread_for_guest", "cases.unread_for_staff"})
    EXPECT_EQ(lite.erase(c), 1u) << c;
  for (const char* c : {"schema_migrations.version", "schema_migrations.applied_at", "blobs.name", "blobs.data",
                        "blobs.committed", "blobs.created_at", "dev_sms.id", "dev_sms.phone", "dev_sms.body",
                        "dev_sms.sent_at", "dev_sms.key_gen", "guest_presence.relay_id", "guest_presence.guest_id",
                        "guest_presence.expires_at"})
    EXPECT_EQ(pg.erase(c), 1u) << c;
  EXPECT_EQ(lite, pg);
  EXPECT_GT(lite.size(), 100u);
}
