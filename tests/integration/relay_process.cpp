#include "relay_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <random>
#include <thread>

#ifndef FOXO_RELAY_BIN
#error "FOXO_RELAY_BIN must be defined by the build"
#endif

namespace foxo::test {

std::string relay_binary() { return FOXO_RELAY_BIN; }

std::string test_pg_server() {
  const char* v = std::getenv("FOXO_TEST_PG");
  std::string url = v ? std::string(v) : std::string();
  // "file:PATH": the URL is in that file (the ctest fixture starts the server
  // on a free port and writes it there).
  if (url.rfind("file:", 0) == 0) {
    std::ifstream f(url.substr(5));
    std::getline(f, url);
    if (url.empty()) throw std::runtime_error("FOXO_TEST_PG names " + std::string(v) + " but it holds no URL");
  }
  return url;
}

namespace {
// A libpq connection to `url`; throws with libpq's reason. `what` names it in the message.
PGconn* pg_connect(const std::string& url, const std::string& what) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to " + what + ": " + why);
  }
  return c;
}
}  // namespace

std::string create_test_database() {
  const std::string server = test_pg_server();
  if (server.empty()) throw std::runtime_error("FOXO_TEST_PG is not set");
  std::random_device rd;
  const std::string name = "foxo_it_" + std::to_string(rd()) + "_" + std::to_string(rd());
  PGconn* c = pg_connect(server, "FOXO_TEST_PG");
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string why = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + why);
  // The server URL ends in /DBNAME: swap it for the new database.
  const auto slash = server.rfind('/');
  const auto query = server.find('?', slash);
  return server.substr(0, slash + 1) + name + (query == std::string::npos ? "" : server.substr(query));
}

std::string test_store_url() { return test_pg_server().empty() ? std::string() : create_test_database(); }

int run_admin(const std::string& data_dir, const std::string& args, const std::string& input,
              const std::string& store_url) {
  const std::string store = store_url.empty() ? "" : " --store '" + store_url + "'";
  const std::string cmd = relay_binary() + " admin --data " + data_dir + store + " " + args + " >/dev/null 2>&1";
  FILE* p = popen(cmd.c_str(), "w");
  if (!p) return -1;
  if (!input.empty()) std::fputs(input.c_str(), p);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string Reply::set_cookie(const std::string& name) const {
  auto range = headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    const std::string& v = it->second;
    if (v.rfind(name + "=", 0) == 0) return v.substr(0, v.find(';'));
  }
  return {};
}

std::string Reply::error_code() const {
  if (body.is_object() && body.contains("error") && body["error"].is_object())
    return body["error"].value("code", std::string());
  return {};
}

std::vector<std::string> pg_column(const std::string& url, const std::string& sql) {
  PGconn* c = pg_connect(url, url);
  PGresult* r = PQexec(c, sql.c_str());
  std::vector<std::string> out;
  const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  const std::string why = ok ? "" : PQresultErrorMessage(r);
  if (ok)
    for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0));
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + why);
  return out;
}

void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* c = pg_connect(url, url);
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string why = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + why);
}

RelayProcess::RelayProcess(Options opts) : opts_(std::move(opts)) {
  // Each relay of the pg run gets a database of its own unless the test
  // shares one on purpose (several relays on one database); restart() keeps it.
  if (opts_.store_url.empty() && !test_pg_server().empty()) opts_.store_url = create_test_database();
  if (opts_.data_dir.empty()) {
    char tmpl[] = "/tmp/foxo-it-XXXXXX";
    const char* d = mkdtemp(tmpl);
    if (!d) throw std::runtime_error("mkdtemp failed");
    data_dir_ = d;
    own_dir_ = true;
  } else {
    data_dir_ = opts_.data_dir;
  }
  start();
}

RelayProcess::~RelayProcess() {
  stop();
  if (own_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

void RelayProcess::start() {
  out_path_ = data_dir_ + "/../" + std::filesystem::path(data_dir_).filename().string() + ".stdout";
  const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (out < 0) throw std::runtime_error("cannot create " + out_path_);
  int log_fd = -1;
  if (opts_.capture_log) {
    log_path_ = data_dir_ + "/../" + std::filesystem::path(data_dir_).filename().string() + ".stderr";
    log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log_fd < 0) throw std::runtime_error("cannot create " + log_path_);
  }
  std::vector<std::string> args{relay_binary()};
  if (opts_.dev) args.push_back("--dev");
  for (const auto& a : {std::string("--port"), std::string("0"), std::string("--data"), data_dir_})
    args.push_back(a);
  if (opts_.quiet) args.push_back("--quiet");
  if (!opts_.store_url.empty()) {
    args.push_back("--store");
    args.push_back(opts_.store_url);
  }
  for (const auto& a : opts_.extra_args) args.push_back(a);
  const pid_t test_pid = ::getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // The relay dies with the test process (an aborted or killed test must
    // not leave it running, holding ctest's stderr pipe open so that ctest
    // waits for its timeout), also if the test died before this line.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != test_pid) _exit(127);
    dup2(out, 1);
    ::close(out);
    if (log_fd >= 0) {
      dup2(log_fd, 2);
      ::close(log_fd);
    }
    // Nothing else of the test's (client sockets, other relays' files) leaks into the relay.
    ::close_range(3, ~0U, 0);
    for (const auto& [k, v] : opts_.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(out);
  if (log_fd >= 0) ::close(log_fd);
  // Wait for the ready line; the relay prints it once it accepts connections.
  const std::regex ready(R"(listening on (https?)://127\.0\.0\.1:(\d+))");
  for (int i = 0; i < 3000; ++i) {
    const std::string text = stdout_text();
    std::smatch m;
    if (std::regex_search(text, m, ready)) {
      scheme_ = m[1];
      port_ = std::stoi(m[2]);
      // Make sure the relay answering is the one we started (SO_REUSEPORT elsewhere).
      // A generous read timeout: on a loaded CI machine a fresh relay's first
      // answer can take longer than httplib's default 5 s.
      auto c = client();
      c.set_read_timeout(60);
      auto r = c.Get("/api/v1/health");
      if (!r || r->status != 200) {
        // The constructor is failing, so no destructor will stop this child:
        // kill it here, or it outlives the test and holds ctest's output pipe.
        const std::string why = r ? "status " + std::to_string(r->status) : httplib::to_string(r.error());
        kill_hard();
        throw std::runtime_error("relay on port " + std::to_string(port_) + " does not answer (" + why + ")");
      }
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("relay exited before it was ready: " + text);
    }
    // Polling a file the child writes: there is no event to wait on across processes here.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("relay did not print its ready line within 30 s");
}

std::string RelayProcess::stdout_text() const {
  std::ifstream f(out_path_);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string RelayProcess::log_text() const {
  if (log_path_.empty()) return {};
  std::ifstream f(log_path_);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void RelayProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill_hard();
}

void RelayProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  exit_status_ = -1;
}

void RelayProcess::restart() {
  stop();
  start();
}

namespace {
Reply to_reply(const httplib::Result& r) {
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.raw = r->body;
  out.headers = r->headers;
  out.body = json::parse(r->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}
httplib::Headers with_cookie(const std::string& cookie, const httplib::Headers& extra) {
  httplib::Headers h = extra;
  if (!cookie.empty()) h.emplace("Cookie", cookie);
  return h;
}
}  // namespace

httplib::Client RelayProcess::client() const {
  httplib::Client c(base_url());
  // Tests serve HTTPS with a throwaway self-signed certificate.
  if (scheme_ == "https") c.enable_server_certificate_verification(false);
  return c;
}

Reply RelayProcess::get(const std::string& path, const std::string& cookie, const httplib::Headers& extra) const {
  auto c = client();
  c.set_read_timeout(30);
  return to_reply(c.Get(path.c_str(), with_cookie(cookie, extra)));
}

Reply RelayProcess::post_raw(const std::string& path, const std::string& body, const std::string& content_type,
                             const std::string& cookie, const httplib::Headers& extra) const {
  auto c = client();
  c.set_read_timeout(30);
  return to_reply(c.Post(path.c_str(), with_cookie(cookie, extra), body, content_type.c_str()));
}

Reply RelayProcess::post(const std::string& path, const json& body, const std::string& cookie,
                         const httplib::Headers& extra) const {
  return post_raw(path, body.dump(), "application/json", cookie, extra);
}

Reply RelayProcess::put(const std::string& path, const json& body, const std::string& cookie) const {
  auto c = client();
  return to_reply(c.Put(path.c_str(), with_cookie(cookie, {}), body.dump(), "application/json"));
}

std::string RelayProcess::staff_cookie(const std::string& email, const std::string& password) const {
  const auto r = post("/api/v1/staff/login", {{"email", email}, {"password", password}});
  if (r.status != 200) throw std::runtime_error("staff login failed for " + email + ": " + r.raw);
  return r.set_cookie("foxo_staff");
}

json RelayProcess::dev_sms() const {
  const auto r = get("/api/v1/dev/sms");
  if (r.status != 200) throw std::runtime_error("GET /api/v1/dev/sms: " + std::to_string(r.status));
  return r.body["messages"];
}

std::string RelayProcess::last_code_for(const std::string& e164) const {
  const json msgs = dev_sms();
  const std::regex code(R"((^|\D)(\d{6})(\D|$))");
  for (auto it = msgs.rbegin(); it != msgs.rend(); ++it) {
    if ((*it)["to"] != e164) continue;
    const std::string body = (*it)["body"];
    std::smatch m;
    if (std::regex_search(body, m, code)) return m[2];
  }
  return {};
}

void RelayProcess::advance_clock(std::int64_t seconds) const {
  const auto r = post("/api/v1/dev/clock/advance", {{"seconds", seconds}});
  if (r.status != 200) throw std::runtime_error("clock advance failed: " + r.raw);
}

}  // namespace foxo::test
