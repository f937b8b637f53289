// Starts the real foxo-relay binary on a free loopback port with a temp data
// dir, and talks HTTP to it. Used by every integration test.
#pragma once
#include <httplib.h>
#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace foxo::test {

using json = nlohmann::json;

struct Reply {
  int status = 0;  // 0: no answer (connection failed)
  json body;       // parsed JSON or null
  std::string raw;
  httplib::Headers headers;
  std::string header(const std::string& name) const;
  // "name=value" of a Set-Cookie header with that cookie name, or "".
  std::string set_cookie(const std::string& name) const;
  std::string error_code() const;
};

class RelayProcess {
 public:
  struct Options {
    bool dev = true;
    std::vector<std::string> extra_args;
    std::string data_dir;  // empty: a fresh temp dir, removed afterwards
    std::vector<std::pair<std::string, std::string>> env;  // extra environment for the relay
    bool quiet = true;           // --quiet: only warnings and errors in the log
    bool capture_log = false;    // keep the relay's stderr (its JSON log) for log_text()
    // --store URL. Empty: a fresh PostgreSQL database when FOXO_TEST_PG is
    // set (the pg.* run of this suite), else SQLite in the data dir.
    std::string store_url;
  };
  RelayProcess() : RelayProcess(Options{}) {}
  explicit RelayProcess(Options opts);
  ~RelayProcess();
  RelayProcess(const RelayProcess&) = delete;

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& store_url() const { return opts_.store_url; }  // empty on SQLite
  std::string base_url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }
  // A client for this relay (HTTPS without certificate checks when it serves TLS).
  httplib::Client client() const;
  // Everything the relay printed on stdout so far.
  std::string stdout_text() const;

  // Everything the relay wrote on stderr so far (with capture_log).
  std::string log_text() const;
  pid_t pid() const { return pid_; }
  // Exit status of the last stop() (-1: killed by a signal or never stopped).
  int exit_status() const { return exit_status_; }

  // Stops (SIGTERM, then SIGKILL after a grace period); idempotent.
  void stop();
  // SIGKILL without grace (crash tests).
  void kill_hard();
  // Starts again on the same data dir (new port).
  void restart();

  // HTTP helpers. `cookie` is sent as the Cookie header ("a=b; c=d").
  Reply get(const std::string& path, const std::string& cookie = "",
            const httplib::Headers& extra = {}) const;
  Reply post(const std::string& path, const json& body, const std::string& cookie = "",
             const httplib::Headers& extra = {}) const;
  Reply post_raw(const std::string& path, const std::string& body, const std::string& content_type,
                 const std::string& cookie = "", const httplib::Headers& extra = {}) const;
  Reply put(const std::string& path, const json& body, const std::string& cookie = "") const;

  // Dev helpers.
  std::string staff_cookie(const std::string& email, const std::string& password = "demo-password") const;
  json dev_sms() const;                   // the messages array
  std::string last_code_for(const std::string& e164) const;  // 6 digits from the newest SMS to that number
  void advance_clock(std::int64_t seconds) const;

 private:
  void start();
  Options opts_;
  std::string data_dir_;
  bool own_dir_ = false;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string scheme_ = "http";
  int stdout_fd_ = -1;
  std::string out_path_;
  std::string log_path_;
  int exit_status_ = -1;
};

// FOXO_TEST_PG (a postgresql:// URL to a server the tests may create
// databases on), or "" when the suite runs on SQLite.
std::string test_pg_server();
// CREATE DATABASE with a random name on that server; returns its URL.
std::string create_test_database();

// The first column of every row `sql` returns on the database at `url`.
std::vector<std::string> pg_column(const std::string& url, const std::string& sql);
// Runs statements that return no rows on the database at `url`; throws on error.
void pg_exec(const std::string& url, const std::string& sql);

// The binary under test (compiled in by CMake).
std::string relay_binary();

// Runs `foxo-relay admin --data DIR ARGS...` (with `--store URL` when
// `store_url` is set) with `input` on stdin; returns the exit status.
int run_admin(const std::string& data_dir, const std::string& args, const std::string& input = "",
              const std::string& store_url = "");

// A database for a test that prepares its store before the relay starts:
// create_test_database() in the pg run, "" (SQLite in the data dir) otherwise.
std::string test_store_url();

}  // namespace foxo::test
