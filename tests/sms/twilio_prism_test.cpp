// Contract test: TwilioGateway against Twilio's own OpenAPI description
// (../shared/twilio/twilio_api_v2010.json), served by Stoplight Prism as a
// validating mock (`prism mock --errors`) on a free loopback port. Prism
// answers 422/401 when a request breaks the description, so a change that
// makes our request invalid fails here.
//
// Paths come from compile definitions (FOXO_PRISM, FOXO_NODE,
// FOXO_TWILIO_SPEC) and can be overridden by environment variables of the
// same names.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sms/twilio_gateway.hpp"

using namespace std::chrono_literals;
using foxo::sms::SendError;
using foxo::sms::Sms;
using foxo::sms::TwilioConfig;
using foxo::sms::TwilioGateway;

#ifndef FOXO_PRISM
#define FOXO_PRISM ""
#endif
#ifndef FOXO_NODE
#define FOXO_NODE ""
#endif
#ifndef FOXO_TWILIO_SPEC
#define FOXO_TWILIO_SPEC ""
#endif

namespace {

std::string setting(const char* env_name, const char* compiled) {
  const char* v = std::getenv(env_name);
  return (v && *v) ? v : compiled;
}

bool exists(const std::string& path) {
  struct stat st {};
  return !path.empty() && ::stat(path.c_str(), &st) == 0;
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// A Prism child process whose output is read continuously (so it never blocks
// on a full pipe) and searched for its ready line.
class PrismProcess {
 public:
  ~PrismProcess() { stop(); }

  // Starts Prism and waits for "Prism is listening on http://127.0.0.1:PORT".
  // Returns false (with the reason and Prism's output) if it exits or the
  // deadline passes first.
  bool start(int port, std::chrono::seconds deadline, std::string* why) {
    const std::string prism = setting("FOXO_PRISM", FOXO_PRISM);
    const std::string node = setting("FOXO_NODE", FOXO_NODE);
    const std::string spec = setting("FOXO_TWILIO_SPEC", FOXO_TWILIO_SPEC);
    if (!exists(prism)) {
      *why = "Prism not found at '" + prism + "': run `npm ci` in tests/node (scripts/setup.sh does)";
      return false;
    }
    if (!exists(spec)) {
      *why = "Twilio API description not found at '" + spec + "'";
      return false;
    }
    port_ = port;
    ready_marker_ = "Prism is listening on http://127.0.0.1:" + std::to_string(port);

    const std::string port_s = std::to_string(port);
    std::vector<std::string> args;
    if (!node.empty()) args.push_back(node);
    args.insert(args.end(), {prism, "mock", "-h", "127.0.0.1", "-p", port_s, "--errors", spec});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {  // only Prism's stdout/stderr (dup2 clears the flag) reach Prism
      *why = "pipe failed";
      return false;
    }
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) {
      *why = "fork failed";
      return false;
    }
    if (pid_ == 0) {
      // Child: own process group (so the whole tree can be stopped), output to the pipe.
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // no orphaned Prism if the test binary is killed
      if (::getppid() != parent) _exit(127);  // ... also if it died before the line above
      ::dup2(fds[1], 1);
      ::dup2(fds[1], 2);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execv(argv[0], argv.data());
      _exit(127);
    }
    ::setpgid(pid_, pid_);
    ::close(fds[1]);
    fd_ = fds[0];
    started_ = std::chrono::steady_clock::now();
    reader_ = std::thread([this] { read_loop(); });

    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, deadline, [this] { return ready_ || eof_; });
    if (!ready_) {
      *why = (eof_ ? "Prism exited before it was ready" : "Prism not ready within the deadline") +
             std::string("; its output:\n") + output_;
      return false;
    }
    return true;
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGTERM);
      int status = 0;
      for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(100ms);
      if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
      pid_ = -1;
    }
    if (reader_.joinable()) reader_.join();
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

  std::chrono::milliseconds startup_time() const { return ready_after_; }
  std::string output() const {
    std::lock_guard<std::mutex> lock(mu_);
    return output_;
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void read_loop() {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard<std::mutex> lock(mu_);
      if (n <= 0) {
        eof_ = true;
        cv_.notify_all();
        return;
      }
      output_.append(buf, static_cast<std::size_t>(n));
      if (!ready_ && output_.find(ready_marker_) != std::string::npos) {
        ready_ = true;
        ready_after_ = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started_);
        cv_.notify_all();
      }
    }
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  int port_ = -1;
  std::string ready_marker_;
  std::thread reader_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string output_;
  bool ready_ = false;
  bool eof_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::milliseconds ready_after_{0};
};

const std::string kAccount = "AC0123456789abcdef0123456789abcdef";
const std::string kPhone = "+61412345678";

class TwilioPrism : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string why;
    // A port picked here could be taken before Prism binds it: try a few.
    for (int tries = 0; tries < 3; ++tries) {
      prism_ = new PrismProcess();
      if (prism_->start(free_loopback_port(), 90s, &why)) break;
      delete prism_;
      prism_ = nullptr;
    }
    if (prism_) {
      std::cout << "[prism] ready after " << prism_->startup_time().count() << " ms at "
                << prism_->base_url() << std::endl;
    } else {
      start_error_ = new std::string(why);
    }
  }
  static void TearDownTestSuite() {
    delete prism_;
    prism_ = nullptr;
    delete start_error_;
    start_error_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(prism_, nullptr) << (start_error_ ? *start_error_ : "Prism did not start");
    RecordProperty("prism_startup_ms", std::to_string(prism_->startup_time().count()));
  }

  static TwilioConfig config() {
    TwilioConfig c;
    c.base_url = prism_->base_url();
    c.account_sid = kAccount;
    c.auth_token = "test-auth-token";
    c.from_number = "+15005550006";
    c.max_attempts = 1;  // a contract check: one request, one verdict
    c.read_timeout = 10s;
    return c;
  }
  static TwilioGateway::Hooks hooks(std::vector<std::string>* logs) {
    TwilioGateway::Hooks h;
    h.sleep = [](std::chrono::milliseconds) {};
    h.log = [logs](std::string_view line) { logs->emplace_back(line); };
    return h;
  }

  static PrismProcess* prism_;
  static std::string* start_error_;
};
PrismProcess* TwilioPrism::prism_ = nullptr;
std::string* TwilioPrism::start_error_ = nullptr;

}  // namespace

TEST_F(TwilioPrism, AcceptsOurSmsWithAuthTokenAndFrom) {
  std::vector<std::string> logs;
  TwilioGateway gw(config(), hooks(&logs));
  auto r = gw.send(Sms{kPhone, "Your Foxo code is 123456"});
  ASSERT_TRUE(r.ok()) << to_string(r.error) << ": " << r.detail << "\nPrism said:\n" << prism_->output();
  EXPECT_EQ(r.http_status, 201);
  EXPECT_EQ(r.provider_id.rfind("SM", 0), 0u) << r.provider_id;
  EXPECT_EQ(r.attempts, 1);
}

TEST_F(TwilioPrism, AcceptsApiKeyAuthAndMessagingService) {
  auto cfg = config();
  cfg.auth_token.clear();
  cfg.api_key_sid = "SK0123456789abcdef0123456789abcdef";
  cfg.api_key_secret = "key-secret";
  cfg.from_number.clear();
  cfg.messaging_service_sid = "MG0123456789abcdef0123456789abcdef";
  std::vector<std::string> logs;
  TwilioGateway gw(cfg, hooks(&logs));
  auto r = gw.send(Sms{kPhone, "New reply from Demo Health: https://chat.example.org/r/abc \xF0\x9F\x91\x8D"});
  ASSERT_TRUE(r.ok()) << to_string(r.error) << ": " << r.detail;
  EXPECT_EQ(r.provider_id.rfind("SM", 0), 0u);
}

// Twilio's description accepts a body in any script (the relay's SMS in
// Vietnamese, Chinese, Arabic, Hebrew and emoji sequences).
TEST_F(TwilioPrism, AcceptsABodyInAnyScript) {
  std::vector<std::string> logs;
  TwilioGateway gw(config(), hooks(&logs));
  auto r = gw.send(Sms{kPhone,
                       "Demo Health: \"K\u1EBFt qu\u1EA3 \u8C22\u8C22 \u062D\u0633\u0646 \u05E9\u05DC\u05D5\u05DD "
                       "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 \U0001F44D\U0001F3FD\" "
                       "https://chat.example.org/r/AbCdEfGhIjKlMnOpQrStUv"});
  ASSERT_TRUE(r.ok()) << to_string(r.error) << ": " << r.detail << "\nPrism said:\n" << prism_->output();
  EXPECT_EQ(r.http_status, 201);
}

// The other side of the contract: Prism does reject requests that break the
// description, so the successes above mean something.
TEST_F(TwilioPrism, RejectsARequestWithoutTo) {
  httplib::Client cli(prism_->base_url());
  cli.set_basic_auth(kAccount, "test-auth-token");
  auto res = cli.Post("/2010-04-01/Accounts/" + kAccount + "/Messages.json",
                      "From=%2B15005550006&Body=hello", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("'To'"), std::string::npos) << res->body;
}

TEST_F(TwilioPrism, RejectsARequestWithoutCredentials) {
  httplib::Client cli(prism_->base_url());
  auto res = cli.Post("/2010-04-01/Accounts/" + kAccount + "/Messages.json",
                      "To=%2B61412345678&From=%2B15005550006&Body=hello", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 401) << res->body;
}

TEST_F(TwilioPrism, GatewaySurfacesAContractViolationAsRejected) {
  auto cfg = config();
  cfg.account_sid = "AC-not-a-valid-account-sid";  // breaks the path pattern ^AC[0-9a-fA-F]{32}$
  std::vector<std::string> logs;
  TwilioGateway gw(cfg, hooks(&logs));
  auto r = gw.send(Sms{kPhone, "hello"});
  EXPECT_EQ(r.error, SendError::rejected) << r.detail;
  EXPECT_EQ(r.http_status, 422);
  EXPECT_EQ(r.attempts, 1);
}
