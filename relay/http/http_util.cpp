// The helpers every route uses (http_util.hpp): JSON answers and errors in the
// contract's format, cookies, the client address, the caller's session.
#include "http/http_util.hpp"

#include <memory>

#include "events/hub.hpp"
#include "http/request_context.hpp"
#include "services/staff_mfa.hpp"

namespace foxo::relay::http {

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, const Error& e, const json& extra) {
  send_json(res, http_status(e.code), error_body(e, extra));
}

void send_error(httplib::Response& res, ErrorCode code, std::string message, std::string field) {
  send_error(res, Error{code, std::move(message), std::move(field)});
}

void close_connection_after(httplib::Response& res) {
  res.set_header("Connection", "close");
  if (res.body.empty()) return;
  auto body = std::make_shared<std::string>(std::move(res.body));
  res.body.clear();
  const std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");
  res.set_content_provider(body->size(), type, [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    sink.write(body->data() + offset, length);
    return false;  // written in full; "failing" here makes httplib close the connection
  });
}

void send_rate_limited(httplib::Response& res, std::string message, std::int64_t retry_after_s) {
  res.set_header("Retry-After", std::to_string(std::max<std::int64_t>(1, retry_after_s)));
  send_error(res, ErrorCode::rate_limited, std::move(message));
}

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::size_t n = req.get_header_value_count("Cookie");
  for (std::size_t i = 0; i < n; ++i) {
    const std::string h = req.get_header_value("Cookie", i);
    std::size_t pos = 0;
    while (pos < h.size()) {
      const std::size_t end = std::min(h.find(';', pos), h.size());
      std::string_view part(h.data() + pos, end - pos);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      const std::size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
      pos = end + 1;
    }
  }
  return {};
}

void set_session_cookie(httplib::Response& res, const HttpDeps& d, const char* name, const std::string& token,
                        std::int64_t max_age_s) {
  std::string c = std::string(name) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(max_age_s);
  if (d.options.tls) c += "; Secure";
  res.set_header("Set-Cookie", c);
}

void clear_session_cookie(httplib::Response& res, const HttpDeps& d, const char* name) {
  std::string c = std::string(name) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (d.options.tls) c += "; Secure";
  res.set_header("Set-Cookie", c);
}

std::string client_address(const httplib::Request& req, const HttpDeps& d) {
  if (d.options.trusted_proxies.empty()) return req.remote_addr;
  std::vector<std::string> forwarded;
  const std::size_t n = req.get_header_value_count("X-Forwarded-For");
  for (std::size_t i = 0; i < n; ++i) forwarded.push_back(req.get_header_value("X-Forwarded-For", i));
  return resolve_client_address(req.remote_addr, forwarded, req.get_header_value("X-Real-IP"),
                                d.options.trusted_proxies);
}

namespace {
std::optional<services::Principal> resolve_kind(const httplib::Request& req, const HttpDeps& d, const char* cookie,
                                                store::SessionKind kind) {
  const std::string token = cookie_value(req, cookie);
  if (token.empty()) return std::nullopt;
  auto p = d.sessions->resolve(token);
  if (!p || p->kind != kind) return std::nullopt;
  return p;
}

// A staff session whose organisation requires a second factor the member has
// not set up opens only enrolment, confirm and sign-out (issue 18): anything
// else answers 403 mfa_enrolment_required.
bool refused_until_enrolled(const services::Principal& p, httplib::Response& res, const HttpDeps& d) {
  if (p.kind != store::SessionKind::staff || !d.staff_mfa->enrolment_required(p.subject_id)) return false;
  send_error(res, ErrorCode::mfa_enrolment_required,
             "Your organisation requires two-factor sign-in: set it up first");
  return true;
}
}  // namespace

std::optional<services::Principal> require_guest(const httplib::Request& req, httplib::Response& res,
                                                 const HttpDeps& d) {
  auto p = resolve_kind(req, d, kGuestCookie, store::SessionKind::guest);
  if (!p) send_error(res, ErrorCode::unauthenticated, "Please verify your mobile number");
  return p;
}

std::optional<services::Principal> require_staff_enrolling(const httplib::Request& req, httplib::Response& res,
                                                           const HttpDeps& d) {
  auto p = resolve_kind(req, d, kStaffCookie, store::SessionKind::staff);
  if (!p) send_error(res, ErrorCode::unauthenticated, "Please sign in");
  return p;
}

std::optional<services::Principal> require_staff(const httplib::Request& req, httplib::Response& res,
                                                 const HttpDeps& d) {
  auto p = require_staff_enrolling(req, res, d);
  if (p && refused_until_enrolled(*p, res, d)) return std::nullopt;
  return p;
}

std::optional<services::Principal> require_any(const httplib::Request& req, httplib::Response& res,
                                               const HttpDeps& d) {
  if (auto p = resolve_kind(req, d, kGuestCookie, store::SessionKind::guest)) return p;
  if (auto p = resolve_kind(req, d, kStaffCookie, store::SessionKind::staff)) {
    if (refused_until_enrolled(*p, res, d)) return std::nullopt;
    return p;
  }
  send_error(res, ErrorCode::unauthenticated, "Please sign in");
  return std::nullopt;
}

void end_streams(HttpDeps& d, const std::string& session_key, services::SessionEnd why) {
  if (!session_key.empty()) d.hub->end_session(session_key, services::to_string(why));
}

}  // namespace foxo::relay::http
