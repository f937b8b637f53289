// Organisation admin: identifier schema and the audit trail.
#include "http/case_http.hpp"
#include "http/server.hpp"
#include "services/organisations.hpp"

namespace foxo::relay::http {

void register_admin_routes(httplib::Server& s, HttpDeps& d) {
  s.Put("/api/v1/admin/identifiers", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    // Who may comes before what: a non-admin learns nothing about the body.
    if (!a->is_admin) return send_error(res, ErrorCode::forbidden, "Only an organisation admin can change identifiers");
    const auto body = parse_body<IdentifiersUpdate>(req, res, parse_identifiers_update);
    if (!body) return;
    const auto r = d.organisations->set_identifiers(*a, *body);
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, {{"identifiers", *r.value}});
  });

  // Canned replies (issue 22).
  s.Get("/api/v1/staff/replies", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto r = d.organisations->replies(*a);
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, {{"replies", *r.value}});
  });

  s.Put(R"(/api/v1/admin/teams/([A-Za-z0-9_-]{1,64})/replies)", [&d](const httplib::Request& req,
                                                                       httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    // Who may comes before what, as for identifiers.
    if (!a->is_admin)
      return send_error(res, ErrorCode::forbidden, "Only an organisation admin can change canned replies");
    const auto body = parse_body<RepliesUpdate>(req, res, parse_replies_update);
    if (!body) return;
    const auto r = d.organisations->set_replies(*a, req.matches[1].str(), *body);
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, {{"replies", *r.value}});
  });

  s.Get("/api/v1/admin/audit", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto r = d.organisations->audit_trail(*a, req.has_param("case_id") ? req.get_param_value("case_id") : "");
    if (!r.ok()) return send_error(res, r.error);
    json entries = json::array();
    for (const auto& e : *r.value)
      entries.push_back({{"at", format_rfc3339(e.at)}, {"actor", e.actor}, {"action", e.action}, {"object", e.object}});
    send_json(res, 200, {{"entries", std::move(entries)}});
  });
}

}  // namespace foxo::relay::http
