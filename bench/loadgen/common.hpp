// Shared helpers of the load generator: timing, percentiles, the relay's
// /proc figures, a tiny HTTP helper on cpp-httplib, and result lines.
//
// Every scenario prints `RESULT key value` lines on stdout; bench/run.sh
// collects them into the table and the results file.
#pragma once
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bench {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

inline void result(const std::string& key, double v) {
  std::printf("RESULT %s %.3f\n", key.c_str(), v);
  std::fflush(stdout);
}

inline void note(const std::string& s) {
  std::fprintf(stderr, "[bench] %s\n", s.c_str());
  std::fflush(stderr);
}

// p in [0, 100]; ms from ns samples.
inline double percentile_ms(std::vector<std::int64_t> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::min<double>(v.size() - 1, p / 100.0 * static_cast<double>(v.size())));
  return static_cast<double>(v[i]) / 1e6;
}

// VmRSS / VmHWM (KiB) and Threads of a process, from /proc.
struct ProcFigures {
  long rss_kib = 0, hwm_kib = 0, threads = 0;
};
inline ProcFigures proc_figures(int pid) {
  ProcFigures f;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string k;
  while (in >> k) {
    if (k == "VmRSS:") in >> f.rss_kib;
    else if (k == "VmHWM:") in >> f.hwm_kib;
    else if (k == "Threads:") in >> f.threads;
  }
  return f;
}

// The relay under test, reached over loopback.
struct Relay {
  std::string host = "127.0.0.1";
  int port = 0;
  int pid = 0;

  httplib::Client client() const {
    httplib::Client c(host, port);
    c.set_keep_alive(true);
    c.set_connection_timeout(10);
    c.set_read_timeout(60);
    c.set_write_timeout(60);
    return c;
  }
};

struct FixtureGuest {
  std::string cookie, case_id;
};

// POST /api/v1/dev/load-fixture in slices (one transaction each).
inline std::vector<FixtureGuest> load_fixture(const Relay& r, int n, bool assign) {
  std::vector<FixtureGuest> out;
  auto c = r.client();
  c.set_read_timeout(600);
  while (static_cast<int>(out.size()) < n) {
    const int take = std::min(5000, n - static_cast<int>(out.size()));
    json body{{"team", "intake"}, {"guests", take}};
    if (assign) body["assign"] = "intake1@demo.test";
    const auto res = c.Post("/api/v1/dev/load-fixture", body.dump(), "application/json");
    if (!res || res->status != 200) {
      note("load-fixture failed: " + (res ? std::to_string(res->status) + " " + res->body : std::string("no answer")));
      std::exit(2);
    }
    const json answer = json::parse(res->body);  // named: a range-for over a temporary's member dangles
    for (const auto& g : answer["guests"])
      out.push_back(FixtureGuest{g["cookie"].get<std::string>(), g["case_id"].get<std::string>()});
  }
  return out;
}

// The demo staff member the fixture assigns cases to; returns "NAME=VALUE".
inline std::string staff_cookie(const Relay& r) {
  auto c = r.client();
  const auto res = c.Post("/api/v1/staff/login", R"({"email":"intake1@demo.test","password":"demo-password"})",
                          "application/json");
  if (!res || res->status != 200) {
    note("staff login failed");
    std::exit(2);
  }
  const std::string sc = res->get_header_value("Set-Cookie");
  return sc.substr(0, sc.find(';'));
}

}  // namespace bench
