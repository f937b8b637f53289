// Request ids, route patterns and client addresses (request_context.hpp), and
// the observer that puts them in the log and metrics of every request.
#include "http/request_context.hpp"

#include <arpa/inet.h>

#include <chrono>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"

namespace foxo::relay::http {
namespace {

// Every route the relay registers, "{x}" standing for one non-empty segment
// ("{path...}" for the rest of the path). Kept beside the registrations'
// files: a route missing here is counted as "unmatched", never by its path.
constexpr const char* kRoutes[] = {
    "/api/v1/health", "/livez", "/readyz", "/metrics",
    "/api/v1/teams/{team}",
    "/api/v1/guest/otp", "/api/v1/guest/otp/verify", "/api/v1/guest/me", "/api/v1/guest/logout",
    "/api/v1/guest/cases", "/api/v1/guest/resume",
    "/api/v1/cases/{id}", "/api/v1/cases/{id}/messages", "/api/v1/cases/{id}/attachments",
    "/api/v1/cases/{id}/seen", "/api/v1/cases/{id}/close",
    "/api/v1/attachments/{id}",
    "/api/v1/events",
    "/api/v1/staff/login", "/api/v1/staff/me", "/api/v1/staff/logout", "/api/v1/staff/queue",
    "/api/v1/staff/cases", "/api/v1/staff/cases/{id}/claim", "/api/v1/staff/cases/{id}/request-close",
    "/api/v1/admin/identifiers", "/api/v1/admin/audit",
    "/api/v1/dev/sms", "/api/v1/dev/clock/advance", "/api/v1/dev/load-fixture",
    // The page shell and the web root's files.
    "/", "/t/{team}", "/staff", "/staff/{path...}", "/r/{token}", "/{file}",
};

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  if (!path.empty() && path[0] == '/') i = 1;
  while (i <= path.size()) {
    const std::size_t j = std::min(path.find('/', i), path.size());
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool matches(std::string_view pattern, const std::vector<std::string_view>& path) {
  const auto pat = segments(pattern);
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const std::string_view p = pat[i];
    if (p.size() > 4 && p.substr(p.size() - 4) == "...}") return i < path.size() && !path[i].empty();
    if (i >= path.size()) return false;
    if (!p.empty() && p.front() == '{') {
      if (path[i].empty()) return false;
    } else if (p != path[i]) {
      return false;
    }
  }
  return pat.size() == path.size();
}

using SteadyClock = std::chrono::steady_clock;
thread_local std::string t_id;
thread_local SteadyClock::time_point t_start;

constexpr const char* kRequests = "foxo_http_requests_total";
constexpr const char* kDuration = "foxo_http_request_duration_seconds";

void describe_metrics() {
  auto& r = metrics::registry();
  r.describe(kRequests, "HTTP requests answered, by method, route pattern and status", metrics::Type::counter);
  r.describe(kDuration,
             "Time from the request's routing to the end of its answer, by route pattern (event streams excluded: "
             "they last as long as the client stays)",
             metrics::Type::histogram);
}

}  // namespace

std::string route_pattern(std::string_view path) {
  const std::size_t q = path.find('?');
  if (q != std::string_view::npos) path = path.substr(0, q);
  const auto segs = segments(path);
  for (const char* pattern : kRoutes)
    if (matches(pattern, segs)) return pattern;
  return "unmatched";
}

std::string method_label(std::string_view method) {
  for (const char* m : {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"})
    if (method == m) return m;
  return "other";
}

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool is_ip_literal(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  const std::string str(s);
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, str.c_str(), buf) == 1 || inet_pton(AF_INET6, str.c_str(), buf) == 1;
}

bool is_loopback_address(std::string_view s) {
  return s == "::1" || (s.rfind("127.", 0) == 0 && is_ip_literal(s)) || s.rfind("::ffff:127.", 0) == 0;
}

std::string resolve_client_address(std::string_view peer, const std::vector<std::string>& forwarded_for,
                                   std::string_view real_ip, const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view a) {
    for (const auto& t : trusted_proxies)
      if (a == t) return true;
    return false;
  };
  if (!trusted(peer)) return std::string(peer);
  // All X-Forwarded-For headers form one list, in order; read it from the right.
  std::vector<std::string> hops;
  for (const auto& header : forwarded_for) {
    std::size_t i = 0;
    while (i <= header.size()) {
      const std::size_t j = std::min(header.find(',', i), header.size());
      std::string hop = header.substr(i, j - i);
      const auto b = hop.find_first_not_of(" \t");
      const auto e = hop.find_last_not_of(" \t");
      hops.push_back(b == std::string::npos ? std::string() : hop.substr(b, e - b + 1));
      i = j + 1;
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!is_ip_literal(*it)) break;  // garbage: nothing left of it can be believed
    if (!trusted(*it)) return *it;
  }
  if (is_ip_literal(real_ip) && !trusted(real_ip)) return std::string(real_ip);
  return std::string(peer);
}

void begin_request(const httplib::Request& req, httplib::Response& res) {
  const std::string incoming = req.get_header_value("X-Request-Id");
  t_id = acceptable_request_id(incoming) ? incoming : random_token(96);
  t_start = SteadyClock::now();
  res.set_header("X-Request-Id", t_id);
  log::set_request_id(t_id);
}

void install_request_observer(httplib::Server& s) {
  describe_metrics();
  // httplib calls the logger on the worker thread that answered, after the
  // answer was written (for an event stream: when it ended).
  s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    const std::string echoed = res.get_header_value("X-Request-Id");
    double seconds = 0;
    std::string id = echoed;
    if (!echoed.empty() && echoed == t_id) {
      seconds = std::chrono::duration<double>(SteadyClock::now() - t_start).count();
    } else {
      // Answered by httplib before routing (e.g. a request line too long): no id was set.
      id = random_token(96);
      log::set_request_id(id);
    }
    const std::string route = route_pattern(req.path);
    const std::string method = method_label(req.method);
    auto& m = metrics::registry();
    m.add(kRequests, {{"method", method}, {"route", route}, {"status", std::to_string(res.status)}});
    if (route != "/api/v1/events") m.observe(kDuration, {{"method", method}, {"route", route}}, seconds);
    log::info("http.request", {{"method", method},
                               {"route", route},
                               {"status", res.status},
                               {"duration_ms", static_cast<double>(static_cast<long long>(seconds * 1e5)) / 100.0}});
    log::set_request_id("");
    t_id.clear();
  });
}

}  // namespace foxo::relay::http
