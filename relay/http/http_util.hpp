// Small helpers every route uses: JSON answers in the contract's format,
// cookies, the Origin check, the caller's session.
#pragma once
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "foxo/errors.hpp"
#include "foxo/protocol.hpp"
#include "http/deps.hpp"
#include "services/sessions.hpp"

namespace foxo::relay::http {

inline constexpr const char* kGuestCookie = "foxo_guest";
inline constexpr const char* kStaffCookie = "foxo_staff";
inline constexpr const char* kStaffMfaCookie = "foxo_staff_mfa";  // a half sign-in (routes_mfa.cpp)

void send_json(httplib::Response& res, int status, const json& body);
void send_error(httplib::Response& res, const Error& e, const json& extra = json::object());
void send_error(httplib::Response& res, ErrorCode code, std::string message, std::string field = {});
// Makes the answer already in `res` the last one on its connection: for a
// request whose body is left unread (it must not be parsed as the next
// request). httplib 0.11 keeps a connection open whatever the response's
// Connection header says, except when a content provider fails, so the
// body is sent by a provider that reports failure once it has written it all.
void close_connection_after(httplib::Response& res);
// 429 rate_limited with Retry-After.
void send_rate_limited(httplib::Response& res, std::string message, std::int64_t retry_after_s);

std::string cookie_value(const httplib::Request& req, std::string_view name);
void set_session_cookie(httplib::Response& res, const HttpDeps& d, const char* name, const std::string& token,
                        std::int64_t max_age_s);
void clear_session_cookie(httplib::Response& res, const HttpDeps& d, const char* name);

// The address rate limits count against: the peer, or the address a trusted
// proxy forwarded (--trusted-proxy; see request_context.hpp).
// The session's event streams on this relay end now, with `why` in their
// last frame (other relays' streams: within the session watch's interval,
// services/session_watch.hpp). No-op for an empty key.
void end_streams(HttpDeps& d, const std::string& session_key, services::SessionEnd why);

std::string client_address(const httplib::Request& req, const HttpDeps& d);

// The live session of the wanted kind, or nullopt after answering 401.
std::optional<services::Principal> require_guest(const httplib::Request& req, httplib::Response& res,
                                                 const HttpDeps& d);
// Staff routes answer 403 mfa_enrolment_required instead while the
// organisation requires a second factor the member has not set up.
std::optional<services::Principal> require_staff(const httplib::Request& req, httplib::Response& res,
                                                 const HttpDeps& d);
// The staff session even then: only for two-factor enrolment and confirm.
std::optional<services::Principal> require_staff_enrolling(const httplib::Request& req, httplib::Response& res,
                                                           const HttpDeps& d);
// Either kind (routes "authorised to the case"); guest cookie is tried first.
std::optional<services::Principal> require_any(const httplib::Request& req, httplib::Response& res,
                                               const HttpDeps& d);

// Parses a JSON body with a shared/ parser; answers the error and returns nullopt on failure.
// Every JSON route's body comes through here. A raw NUL byte is refused first:
// it is never valid JSON, but nlohmann's parser stops at it and would accept
// `{...}\0garbage`.
template <class T, class F>
std::optional<T> parse_body(const httplib::Request& req, httplib::Response& res, F parser) {
  if (req.body.find('\0') != std::string::npos) {
    send_error(res, ErrorCode::invalid_json, "Request body is not valid JSON");
    return std::nullopt;
  }
  auto p = parser(req.body);
  if (!p.ok()) {
    send_error(res, p.error);
    return std::nullopt;
  }
  return std::move(*p.value);
}

}  // namespace foxo::relay::http
