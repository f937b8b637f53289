// Guest verification (docs/API.md "Guest verification"): ask for a code, verify
// it, who am I, sign out.
#include "foxo/session_policy.hpp"
#include "http/http_util.hpp"
#include "http/server.hpp"
#include "http/storage_grant.hpp"
#include "services/guest_auth.hpp"

namespace foxo::relay::http {

void register_guest_routes(httplib::Server& s, HttpDeps& d) {
  // A new challenge, or with "challenge_id" a new code on that challenge (docs/API.md).
  s.Post("/api/v1/guest/otp", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<OtpRequest>(req, res, parse_otp_request);
    if (!body) return;
    const auto r = d.guest_auth->request_code(*body, client_address(req, d));
    if (r.error) {
      if (r.error->code == ErrorCode::rate_limited) send_rate_limited(res, r.error->message, r.retry_after_s);
      else send_error(res, *r.error);
      return;
    }
    send_json(res, 202, r.challenge);
  });

  s.Post("/api/v1/guest/otp/verify", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<VerifyRequest>(req, res, parse_verify_request);
    if (!body) return;
    const auto r = d.guest_auth->verify(*body, cookie_value(req, kGuestCookie));
    if (r.error) {
      json extra = json::object();
      if (r.attempts_left >= 0) extra["attempts_left"] = r.attempts_left;
      send_error(res, *r.error, extra);
      return;
    }
    set_session_cookie(res, d, kGuestCookie, r.token, kGuestSession.absolute / 1000);
    json out{{"guest", r.guest}};
    if (!r.case_id.empty()) out["case_id"] = r.case_id;  // a resume link's challenge: open that case
    add_storage_grant(out, d, store::SessionKind::guest, r.guest.id);
    send_json(res, 200, out);
  });

  s.Get("/api/v1/guest/me", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto p = require_guest(req, res, d);
    if (!p) return;
    const auto g = d.guest_auth->guest(p->subject_id);
    if (!g) {
      send_error(res, ErrorCode::unauthenticated, "Please verify your mobile number");
      return;
    }
    json out{{"guest", *g}};
    add_storage_grant(out, d, store::SessionKind::guest, g->id);
    send_json(res, 200, out);
  });

  s.Post("/api/v1/guest/logout", [&d](const httplib::Request& req, httplib::Response& res) {
    end_streams(d, d.guest_auth->logout(cookie_value(req, kGuestCookie)), services::SessionEnd::signed_out);
    clear_session_cookie(res, d, kGuestCookie);
    res.status = 204;
  });
}

}  // namespace foxo::relay::http
