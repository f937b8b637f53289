// Staff sign-in, who am I, sign-out.
#include "http/http_util.hpp"
#include "http/server.hpp"
#include "http/storage_grant.hpp"
#include "foxo/session_policy.hpp"
#include "services/staff_auth.hpp"

namespace foxo::relay::http {

void register_staff_routes(httplib::Server& s, HttpDeps& d) {
  s.Post("/api/v1/staff/login", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<StaffLoginRequest>(req, res, parse_staff_login);
    if (!body) return;
    answer_staff_login(res, d, d.staff_auth->login(*body, client_address(req, d)));
  });

  s.Get("/api/v1/staff/me", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto p = require_staff(req, res, d);
    if (!p) return;
    const auto info = d.staff_auth->info(p->subject_id);
    if (!info) {
      send_error(res, ErrorCode::unauthenticated, "Please sign in");
      return;
    }
    json out{{"staff", *info}};
    add_storage_grant(out, d, store::SessionKind::staff, info->id);
    send_json(res, 200, out);
  });

  s.Post("/api/v1/staff/logout", [&d](const httplib::Request& req, httplib::Response& res) {
    end_streams(d, d.sessions->revoke(cookie_value(req, kStaffCookie), services::SessionEnd::signed_out),
                services::SessionEnd::signed_out);
    clear_session_cookie(res, d, kStaffCookie);
    res.status = 204;
  });
}

}  // namespace foxo::relay::http
