// Hand-over on the staff console (issue 20): assign, release and transfer a
// case, and the colleagues directory the console chooses from. Decisions are
// services/case_decisions.hpp; CaseService (services/case_handover.cpp)
// commits them.
#include "http/case_http.hpp"
#include "http/server.hpp"

namespace foxo::relay::http {
namespace {

constexpr const char* kCase = "/api/v1/staff/cases/([A-Za-z0-9_-]{1,64})";

// Body shapes were refused with 400 by parse_body already, so an
// invalid_field from the service names a well-formed colleague or team the
// case cannot go to: 422 as the contract says (docs/API.md, "Hand-over").
void answer(httplib::Response& res, const services::Result<CaseDetail>& r) {
  if (r.ok()) return send_json(res, 200, *r.value);
  if (r.error.code == ErrorCode::invalid_field) return send_json(res, 422, error_body(r.error));
  send_error(res, r.error);
}

}  // namespace

void register_handover_routes(httplib::Server& s, HttpDeps& d) {
  s.Post(std::string(kCase) + "/assign", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto body = parse_body<AssignRequest>(req, res, parse_assign);
    if (!body) return;
    answer(res, d.cases->assign(*a, req.matches[1].str(), *body));
  });

  s.Post(std::string(kCase) + "/release", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    answer(res, d.cases->release(*a, req.matches[1].str()));
  });

  s.Post(std::string(kCase) + "/transfer", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto body = parse_body<TransferRequest>(req, res, parse_transfer);
    if (!body) return;
    answer(res, d.cases->transfer(*a, req.matches[1].str(), *body));
  });

  s.Get("/api/v1/staff/colleagues", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto r = d.cases->colleagues(*a);
    if (!r.ok()) return send_error(res, r.error);
    send_json(res, 200, *r.value);
  });
}

}  // namespace foxo::relay::http
