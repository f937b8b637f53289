// Resume links (docs/API.md "Notifications and resume links"). GET /r/{token} is
// only the page shell (routes_system.cpp): it reads nothing and changes
// nothing, so link scanners consume nothing. The page then posts the token
// here.
#include "http/http_util.hpp"
#include "http/server.hpp"
#include "http/storage_grant.hpp"
#include "services/notifications.hpp"

namespace foxo::relay::http {

void register_resume_routes(httplib::Server& s, HttpDeps& d) {
  s.Post("/api/v1/guest/resume", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<ResumeRequest>(req, res, parse_resume);
    if (!body) return;
    // The caller's guest session, if any; no session is not an error here.
    std::optional<services::Principal> caller;
    if (const std::string token = cookie_value(req, kGuestCookie); !token.empty()) {
      caller = d.sessions->resolve(token);
      if (caller && caller->kind != store::SessionKind::guest) caller.reset();
    }
    const auto r = d.notifications->resume(body->token, caller, client_address(req, d));
    if (r.error) {
      if (r.error->code == ErrorCode::rate_limited) send_rate_limited(res, r.error->message, r.retry_after_s);
      else send_error(res, *r.error);
      return;
    }
    if (r.authenticated) {
      json out{{"case_id", r.case_id}, {"authenticated", true}};
      add_storage_grant(out, d, store::SessionKind::guest, caller->subject_id);
      return send_json(res, 200, out);
    }
    send_json(res, 200,
              {{"case_id", r.case_id},
               {"authenticated", false},
               {"challenge_id", r.challenge_id},
               {"phone_hint", r.phone_hint},
               {"expires_in", r.expires_in},
               {"resend_in", r.resend_in}});
  });
}

}  // namespace foxo::relay::http
