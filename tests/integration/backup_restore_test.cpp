// Backup and restore (issue 10): `foxo-relay backup` copies the database while
// the relay runs and writes; a relay started on the copy (plus the blob
// folder and the key) serves everything acknowledged before the backup,
// byte-exact, and `foxo-relay audit verify` passes on it and fails once an
// audit row is altered.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "case_helpers.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

const std::string kBoundary = "----foxo-backup-boundary";

Reply upload_text(const RelayProcess& relay, const std::string& case_id, const std::string& cookie,
                  const std::string& bytes) {
  const std::string body = "--" + kBoundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                           "Content-Type: text/plain\r\n\r\n" +
                           bytes + "\r\n--" + kBoundary + "--\r\n";
  return relay.post_raw("/api/v1/cases/" + case_id + "/attachments", body,
                        "multipart/form-data; boundary=" + kBoundary, cookie);
}

int run(const std::string& cmd) {
  const int st = std::system((cmd + " > /dev/null 2>&1").c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool exec_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(db_path.c_str(), &db) == SQLITE_OK &&
            sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/foxo-backup-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST(BackupRestore, ABackupTakenWhileWritingRestoresEverythingAcknowledgedBeforeIt) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 2, "intake1@demo.test");
  std::vector<std::string> before;
  for (int i = 0; i < 20; ++i) {
    const std::string body = "Before the backup " + std::to_string(i);
    ASSERT_EQ(relay.post("/api/v1/cases/" + g[0].case_id + "/messages", message_body("b" + std::to_string(i), body),
                         g[0].cookie)
                  .status,
              201);
    before.push_back(body);
  }
  std::string file(200 * 1024, '\0');
  for (std::size_t i = 0; i < file.size(); ++i) file[i] = static_cast<char>('a' + i % 26);
  const auto up = upload_text(relay, g[0].case_id, g[0].cookie, file);
  ASSERT_EQ(up.status, 201) << up.raw;
  const std::string attachment_id = up.body["attachment"]["id"];

  // Writes keep going on another case while the backup runs.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i)
      if (relay.post("/api/v1/cases/" + g[1].case_id + "/messages", message_body("w" + std::to_string(i), "during"),
                     g[1].cookie)
              .status == 201)
        ++written;
  });
  TempDir out;
  const std::string backup = out.path + "/foxo-backup.db";
  while (written < 5) std::this_thread::yield();
  const int backup_status = run(relay_binary() + " backup --data " + relay.data_dir() + " --to " + backup);
  stop = true;
  writer.join();
  ASSERT_EQ(backup_status, 0);
  EXPECT_NE(run(relay_binary() + " backup --data " + relay.data_dir()), 0) << "--to is required";

  // Restore: the copy, the blob folder and the key into a new data dir.
  TempDir restored_root;
  const std::string restored = restored_root.path + "/data";
  fs::create_directories(restored);
  fs::copy_file(backup, restored + "/foxo.db");
  fs::copy(relay.data_dir() + "/blobs", restored + "/blobs", fs::copy_options::recursive);
  fs::copy_file(relay.data_dir() + "/attachment.key", restored + "/attachment.key");
  fs::permissions(restored + "/attachment.key", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(run(relay_binary() + " audit verify --data " + restored), 0);

  RelayProcess::Options o;
  o.data_dir = restored;
  RelayProcess again(o);
  const auto view = again.get("/api/v1/cases/" + g[0].case_id, g[0].cookie);  // sessions come back too
  ASSERT_EQ(view.status, 200) << view.raw;
  std::vector<std::string> bodies;
  for (const auto& m : view.body["messages"])
    if (m["attachment"].is_null()) bodies.push_back(m["body"]);
  EXPECT_EQ(bodies, before);
  const auto d = again.get("/api/v1/attachments/" + attachment_id, g[0].cookie);
  EXPECT_EQ(d.status, 200);
  EXPECT_TRUE(d.raw == file) << "the restored attachment is byte-exact";
  // The other case holds a consistent prefix of what was written meanwhile.
  const auto other = again.get("/api/v1/cases/" + g[1].case_id, g[1].cookie);
  ASSERT_EQ(other.status, 200);
  std::int64_t seq = 1;
  for (const auto& m : other.body["messages"]) EXPECT_EQ(m["seq"].get<std::int64_t>(), seq++);
  again.stop();
}

TEST(BackupRestore, AuditVerifyFindsAnAlteredEntry) {
  // On both stores (in the pg run `audit verify --store` reads PostgreSQL).
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  relay.staff_cookie("intake1@demo.test");           // staff.login
  relay.get("/api/v1/cases/" + g.case_id, g.cookie);  // case.view
  relay.stop();
  const std::string where = relay.store_url().empty() ? " --data " + relay.data_dir()
                                                      : " --store '" + relay.store_url() + "'";
  EXPECT_EQ(run(relay_binary() + " audit verify" + where), 0);
  // Someone with write access to the database edits history (the
  // append-only trigger must be dropped first): the chain no longer matches.
  const std::string tamper = "UPDATE audit SET actor = 'someone-else' WHERE id = (SELECT MIN(id) FROM audit)";
  if (relay.store_url().empty()) {
    ASSERT_TRUE(exec_sql(relay.data_dir() + "/foxo.db", "DROP TRIGGER audit_no_update; " + tamper));
  } else {
    pg_exec(relay.store_url(), "ALTER TABLE audit DISABLE TRIGGER audit_no_update; " + tamper);
  }
  EXPECT_EQ(run(relay_binary() + " audit verify" + where), 1);
}

TEST(BackupRestore, TheBackupCommandSendsPostgreSqlOperatorsToPgDump) {
  // `backup` copies the SQLite file; with a PostgreSQL store it must refuse
  // (exit 2) rather than copy an unused DATA/foxo.db and report success.
  TempDir dir;
  const std::string to = dir.path + "/copy.db";
  EXPECT_EQ(run(relay_binary() + " backup --store postgresql://foxo@127.0.0.1:1/foxo --to " + to), 2);
  EXPECT_EQ(run("FOXO_STORE=postgresql://foxo@127.0.0.1:1/foxo " + relay_binary() + " backup --data " + dir.path +
                " --to " + to),
            2);
  EXPECT_FALSE(fs::exists(to));
  EXPECT_EQ(run(relay_binary() + " audit verify"), 2);  // no store named
}
