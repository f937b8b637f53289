// Crash safety (issue 10): message bursts and attachment uploads from several
// threads, SIGKILL of the relay once some of them were acknowledged, a restart
// on the same data dir, then: the database passes PRAGMA integrity_check,
// every acknowledged message (201) and attachment is there and byte-exact,
// and the blob directory holds exactly the files the database names (no
// orphan from a write whose row never committed, nothing left half-written).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "case_helpers.hpp"

using namespace foxo::test;
namespace fs = std::filesystem;

namespace {

const bool kIgnoreSigpipe = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

const std::string kBoundary = "----foxo-crash-boundary";

Reply upload_text(const RelayProcess& relay, const std::string& case_id, const std::string& cookie,
                  const std::string& client_id, const std::string& bytes) {
  const std::string body = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\n" +
                           client_id + "\r\n--" + kBoundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                           "Content-Type: text/plain\r\n\r\n" +
                           bytes + "\r\n--" + kBoundary + "--\r\n";
  return relay.post_raw("/api/v1/cases/" + case_id + "/attachments", body,
                        "multipart/form-data; boundary=" + kBoundary, cookie);
}

// A text file of about `size` bytes that differs per `tag`.
std::string text_file(const std::string& tag, std::size_t size) {
  std::string s;
  for (int line = 0; s.size() < size; ++line) s += "Clinical note " + tag + " line " + std::to_string(line) + ".\n";
  return s;
}

struct Acked {
  std::string case_id, cookie, client_id, body, attachment_id;
  bool attachment = false;
};

// Runs `sql` on the database file and returns the first column of each row.
std::vector<std::string> query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + db_path);
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    const std::string err = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error("sql: " + err);
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    out.push_back(t ? t : "");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file()) out.insert(e.path().filename().string());
  return out;
}

}  // namespace

TEST(CrashSafety, SigkillDuringBurstsLosesNothingAcknowledgedAndLeavesNoOrphan) {
  RelayProcess relay;
  const auto guests = load_guests(relay, "intake", 6, "intake1@demo.test");

  std::mutex m;
  std::condition_variable cv;
  std::vector<Acked> acked;
  int acked_messages = 0, acked_uploads = 0;
  std::atomic<bool> stop{false};

  std::vector<std::thread> threads;
  // Four threads post messages, two upload files (about 300 KB each, so a
  // kill is likely to land between a blob write and its commit).
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      const auto& g = guests[static_cast<std::size_t>(t)];
      const bool uploads = t >= 4;
      for (int n = 0; !stop; ++n) {
        const std::string client_id = "t" + std::to_string(t) + "-" + std::to_string(n);
        Acked a{g.case_id, g.cookie, client_id, "", "", uploads};
        Reply r;
        if (uploads) {
          a.body = text_file(client_id, 300 * 1024);
          r = upload_text(relay, g.case_id, g.cookie, client_id, a.body);
        } else {
          a.body = "Burst message " + client_id + " \xC3\xA9\xE2\x9C\x93";  // some UTF-8 too
          r = relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body(client_id, a.body), g.cookie);
        }
        if (r.status == 0) return;  // the relay is gone
        if (r.status != 201) continue;
        if (uploads) a.attachment_id = r.body["attachment"]["id"];
        std::lock_guard lock(m);
        acked.push_back(std::move(a));
        (uploads ? acked_uploads : acked_messages)++;
        cv.notify_all();
      }
    });
  }
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(120), [&] { return acked_messages >= 60 && acked_uploads >= 6; }));
  }
  relay.kill_hard();  // mid-burst: every thread still has a request in flight
  stop = true;
  for (auto& th : threads) th.join();

  const fs::path blobs = fs::path(relay.data_dir()) / "blobs";
  // Two crash leftovers planted on top of whatever the kill left, so both
  // cases are always exercised: a write that never committed (its name no
  // row holds), and a committed upload whose final rename was lost.
  std::ofstream(blobs / "planted-uncommitted.blob.tmp") << "half a blob";
  std::string renamed_back;
  for (const auto& a : acked)
    if (a.attachment) {
      const auto path = query(relay.data_dir() + "/foxo.db",
                              "SELECT blob_path FROM attachments WHERE id = '" + a.attachment_id + "'");
      ASSERT_EQ(path.size(), 1u);
      fs::rename(blobs / path[0], blobs / (path[0] + ".tmp"));
      renamed_back = path[0];
      break;
    }

  relay.restart();
  const std::string db = relay.data_dir() + "/foxo.db";
  EXPECT_EQ(query(db, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});

  // Every acknowledged message and file, byte-exact, once, in a gapless sequence.
  std::map<std::string, json> cases;
  for (const auto& g : guests) {
    const auto r = relay.get("/api/v1/cases/" + g.case_id, g.cookie);
    ASSERT_EQ(r.status, 200) << r.raw;
    cases[g.case_id] = r.body;
    std::int64_t expect_seq = 1;
    for (const auto& msg : r.body["messages"]) EXPECT_EQ(msg["seq"].get<std::int64_t>(), expect_seq++);
  }
  int checked_files = 0;
  for (const auto& a : acked) {
    int found = 0;
    for (const auto& msg : cases[a.case_id]["messages"]) {
      if (msg["client_id"] != a.client_id) continue;
      ++found;
      if (!a.attachment) {
        EXPECT_EQ(msg["body"], a.body) << a.client_id;
      } else {
        EXPECT_EQ(msg["attachment"]["id"], a.attachment_id) << a.client_id;
      }
    }
    EXPECT_EQ(found, 1) << "acknowledged " << a.client_id << " in case " << a.case_id;
    if (a.attachment) {
      const auto d = relay.get("/api/v1/attachments/" + a.attachment_id, a.cookie);
      EXPECT_EQ(d.status, 200) << a.client_id << " " << d.raw.substr(0, 200);
      EXPECT_TRUE(d.raw == a.body) << "attachment " << a.client_id << " differs after the crash";
      ++checked_files;
    }
  }
  EXPECT_GE(checked_files, 6);

  // The blob directory holds exactly the files the database names: nothing
  // half-written, nothing uncommitted, nothing set aside.
  std::set<std::string> named;
  for (const auto& p : query(db, "SELECT blob_path FROM attachments")) named.insert(p);
  EXPECT_EQ(files_in(blobs), named);
  EXPECT_TRUE(named.count(renamed_back)) << "the committed upload whose rename was lost";
  EXPECT_TRUE(files_in(blobs / "orphaned").empty());
  EXPECT_EQ(relay.get("/api/v1/health").status, 200);
}

// Only one relay may run on a data dir: the start-up sweep relies on it.
TEST(CrashSafety, ASecondRelayOnTheSameDataDirIsRefused) {
  RelayProcess relay;
  const std::string cmd = relay_binary() + " --dev --port 0 --quiet --data " + relay.data_dir() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << out;
  EXPECT_NE(out.find("another relay is running"), std::string::npos) << out;
  EXPECT_EQ(relay.get("/api/v1/health").status, 200);
}
