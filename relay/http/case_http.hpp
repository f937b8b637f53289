// Helpers shared by the case, event and admin routes.
#pragma once
#include <optional>

#include "http/http_util.hpp"
#include "services/cases.hpp"

namespace foxo::relay::http {

enum class Who { guest, staff, any };

// The caller as a case actor, or nullopt after answering 401.
inline std::optional<services::Actor> require_actor(const httplib::Request& req, httplib::Response& res,
                                                    const HttpDeps& d, Who who,
                                                    services::Principal* principal_out = nullptr) {
  std::optional<services::Principal> p;
  switch (who) {
    case Who::guest: p = require_guest(req, res, d); break;
    case Who::staff: p = require_staff(req, res, d); break;
    case Who::any: p = require_any(req, res, d); break;
  }
  if (!p) return std::nullopt;
  auto a = d.cases->actor(*p);
  if (!a) {
    send_error(res, ErrorCode::unauthenticated, "Please sign in");
    return std::nullopt;
  }
  if (principal_out) *principal_out = *p;
  return a;
}

// A non-negative integer query parameter (absent: `fallback`); nullopt after answering 400.
inline std::optional<std::int64_t> int_param(const httplib::Request& req, httplib::Response& res, const char* name,
                                             std::int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) {
    send_error(res, ErrorCode::invalid_field, std::string(name) + " must be a whole number", name);
    return std::nullopt;
  }
  return std::stoll(v);
}

}  // namespace foxo::relay::http
