// Staff two-factor sign-in (issue 18; docs/API.md "Staff two-factor sign-in"):
// the code half of a sign-in, enrolment and confirm, an admin's reset of a
// member's second factor, and require_mfa through PATCH /admin/organisation.
//
// A half sign-in (password right, code due) is carried by its own cookie,
// foxo_staff_mfa, whose path is /api/v1/staff/login/mfa: the browser sends it
// nowhere else, and no other route reads it, so it opens nothing but that route.
#include "foxo/session_policy.hpp"
#include "http/storage_grant.hpp"
#include "http/case_http.hpp"
#include "http/server.hpp"
#include "services/mfa_decisions.hpp"
#include "services/staff_auth.hpp"
#include "services/staff_mfa.hpp"

namespace foxo::relay::http {
namespace {

constexpr const char* kMfaLoginPath = "/api/v1/staff/login/mfa";

void set_mfa_login_cookie(httplib::Response& res, const HttpDeps& d, const std::string& token, std::int64_t max_age_s) {
  std::string c = std::string(kStaffMfaCookie) + "=" + token + "; Path=" + kMfaLoginPath +
                  "; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (d.options.tls) c += "; Secure";
  res.set_header("Set-Cookie", c);
}

void send_login_error(httplib::Response& res, const services::StaffLoginResult& r) {
  if (r.error->code == ErrorCode::rate_limited) send_rate_limited(res, r.error->message, r.retry_after_s);
  else send_error(res, *r.error);
}

}  // namespace

void answer_staff_login(httplib::Response& res, const HttpDeps& d, const services::StaffLoginResult& r) {
  if (r.error) return send_login_error(res, r);
  if (r.mfa_required) {
    set_mfa_login_cookie(res, d, r.mfa_token, services::kMfaLoginLifetime / 1000);
    return send_json(res, 200, {{"mfa_required", true}});
  }
  set_session_cookie(res, d, kStaffCookie, r.token, kStaffSession.absolute / 1000);
  json body{{"staff", r.staff}};
  if (r.enrolment_required) body["mfa_enrolment_required"] = true;
  add_storage_grant(body, d, store::SessionKind::staff, r.staff.id);
  send_json(res, 200, body);
}

void register_mfa_routes(httplib::Server& s, HttpDeps& d) {
  s.Post(kMfaLoginPath, [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<MfaCodeRequest>(req, res, parse_mfa_code);
    if (!body) return;
    const auto r = d.staff_auth->login_mfa(cookie_value(req, kStaffMfaCookie), body->code, client_address(req, d));
    if (!r.error) set_mfa_login_cookie(res, d, "", 0);  // the half sign-in is spent
    answer_staff_login(res, d, r);
  });

  s.Post("/api/v1/staff/mfa/enrol", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto p = require_staff_enrolling(req, res, d);
    if (!p) return;
    const auto r = d.staff_mfa->enrol(*p);
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, *r.value);
  });

  s.Post("/api/v1/staff/mfa/confirm", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto p = require_staff_enrolling(req, res, d);
    if (!p) return;
    const auto body = parse_body<MfaCodeRequest>(req, res, parse_mfa_code);
    if (!body) return;
    const auto r = d.staff_mfa->confirm(*p, body->code);
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, *r.value);
  });

  s.Post(R"(/api/v1/admin/staff/([^/]+)/mfa/reset)", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto r = d.staff_mfa->reset(*a, req.matches[1].str());
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, {{"mfa", false}});
  });

  // Issue 23 builds the rest of this route; only require_mfa is taken today.
  s.Patch("/api/v1/admin/organisation", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    if (!a->is_admin) return send_error(res, ErrorCode::forbidden, "Only an organisation admin can change this");
    const auto body = parse_body<OrganisationUpdate>(req, res, parse_organisation_update);
    if (!body) return;
    const auto r = d.staff_mfa->set_require_mfa(*a, *body->require_mfa);
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, {{"require_mfa", *r.value}});
  });
}

}  // namespace foxo::relay::http
