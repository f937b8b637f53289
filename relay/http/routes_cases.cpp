// Team entry, guest cases, case view and messages, seen, closing, the staff
// queue and claim, and the dev load fixture.
#include "http/case_http.hpp"
#include "http/server.hpp"
#include "services/dev.hpp"
#include "services/organisations.hpp"

namespace foxo::relay::http {
namespace {

constexpr const char* kId = "([A-Za-z0-9_-]{1,64})";
constexpr std::int64_t kMaxPage = 1000;  // messages per page of GET /api/v1/cases/{id}?limit=

json summaries(const std::vector<CaseSummary>& v) { return json{{"cases", v}}; }

template <class T>
bool answer_error(httplib::Response& res, const services::Result<T>& r) {
  if (r.ok()) return false;
  send_error(res, r.error);
  return true;
}

}  // namespace

void register_case_routes(httplib::Server& s, HttpDeps& d) {
  const std::string id(kId);

  // ---- Team entry (public) ----
  s.Get(R"(/api/v1/teams/([A-Za-z0-9_-]{1,64}))", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto entry = d.organisations->team_entry(req.matches[1].str());
    if (!entry) return send_error(res, ErrorCode::not_found, "Unknown team");
    send_json(res, 200, *entry);
  });

  // ---- Guest cases ----
  s.Get("/api/v1/guest/cases", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::guest);
    if (!a) return;
    send_json(res, 200, summaries(d.cases->guest_cases(*a)));
  });

  s.Post("/api/v1/guest/cases", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::guest);
    if (!a) return;
    const auto body = parse_body<NewCaseRequest>(req, res, parse_new_case);
    if (!body) return;
    const auto r = d.cases->create_case(*a, *body);
    if (answer_error(res, r)) return;
    send_json(res, 201, *r.value);
  });

  // ---- Both kinds, authorised to the case ----
  s.Get("/api/v1/cases/" + id, [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::any);
    if (!a) return;
    const auto after = int_param(req, res, "after", 0);
    if (!after) return;
    // Paging (additive, docs/API.md): ?limit=N[&before=SEQ] returns the
    // newest N messages below SEQ; without limit every message, as before.
    std::optional<services::CaseService::Page> page;
    if (req.has_param("limit") || req.has_param("before")) {
      const auto limit = int_param(req, res, "limit", kMaxPage);
      if (!limit) return;
      if (*limit < 1 || *limit > kMaxPage)
        return send_error(res, ErrorCode::invalid_field, "limit must be 1 to " + std::to_string(kMaxPage), "limit");
      const auto before = int_param(req, res, "before", 0);
      if (!before) return;
      page = services::CaseService::Page{*before, static_cast<std::size_t>(*limit)};
    }
    const auto r = d.cases->view_case(*a, req.matches[1].str(), *after, page);
    if (answer_error(res, r)) return;
    send_json(res, 200, *r.value);
  });

  s.Post("/api/v1/cases/" + id + "/messages", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::any);
    if (!a) return;
    const auto body = parse_body<PostMessageRequest>(req, res, parse_post_message);
    if (!body) return;
    const auto r = d.cases->post_message(*a, req.matches[1].str(), *body);
    if (answer_error(res, r)) return;
    // 201 when this request stored the message; 200 when a retry found it stored.
    send_json(res, r.value->created ? 201 : 200, r.value->message);
  });

  s.Post("/api/v1/cases/" + id + "/seen", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::any);
    if (!a) return;
    const auto body = parse_body<SeenRequest>(req, res, parse_seen);
    if (!body) return;
    if (const auto err = d.cases->mark_seen(*a, req.matches[1].str(), body->seq)) return send_error(res, *err);
    res.status = 204;
  });

  // Issue 22: the other side sees who is typing (not stored; throttled per session and case).
  s.Post("/api/v1/cases/" + id + "/typing", [&d](const httplib::Request& req, httplib::Response& res) {
    services::Principal p;
    const auto a = require_actor(req, res, d, Who::any, &p);
    if (!a) return;
    if (const auto err = d.cases->typing(*a, req.matches[1].str(), p.token_hash)) return send_error(res, *err);
    res.status = 204;
  });

  // Issue 22: an internal note, for staff only.
  s.Post("/api/v1/staff/cases/" + id + "/notes", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto body = parse_body<PostMessageRequest>(req, res, parse_post_message);
    if (!body) return;
    const auto r = d.cases->add_note(*a, req.matches[1].str(), *body);
    if (answer_error(res, r)) return;
    send_json(res, r.value->created ? 201 : 200, r.value->message);
  });

  s.Post("/api/v1/cases/" + id + "/close", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::guest);
    if (!a) return;
    const auto r = d.cases->guest_close(*a, req.matches[1].str());
    if (answer_error(res, r)) return;
    send_json(res, 200, *r.value);
  });

  // ---- Staff ----
  s.Get("/api/v1/staff/queue", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto r = d.cases->staff_queue(*a);
    if (answer_error(res, r)) return;
    send_json(res, 200, summaries(*r.value));
  });

  s.Get("/api/v1/staff/cases", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    auto q = services::parse_staff_list_query(req.params);
    if (const auto* e = std::get_if<Error>(&q)) return send_error(res, *e);
    const auto r = d.cases->staff_list(*a, std::get<services::StaffListQuery>(q));
    if (answer_error(res, r)) return;
    send_json(res, 200, {{"cases", r.value->cases}, {"next", r.value->next ? json(*r.value->next) : json(nullptr)}});
  });

  s.Post("/api/v1/staff/cases/" + id + "/claim", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto r = d.cases->claim(*a, req.matches[1].str());
    if (answer_error(res, r)) return;
    send_json(res, 200, *r.value);
  });

  s.Post("/api/v1/staff/cases/" + id + "/request-close", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::staff);
    if (!a) return;
    const auto r = d.cases->request_close(*a, req.matches[1].str());
    if (answer_error(res, r)) return;
    send_json(res, 200, *r.value);
  });

  // ---- Dev: load fixture ----
  if (!d.options.dev) return;
  s.Post("/api/v1/dev/load-fixture", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<LoadFixtureRequest>(req, res, parse_load_fixture);
    if (!body) return;
    const auto r = d.dev->load_fixture(*body);
    if (answer_error(res, r)) return;
    json guests = json::array();
    for (const auto& g : *r.value)
      guests.push_back({{"cookie", std::string(kGuestCookie) + "=" + g.token}, {"case_id", g.case_id}});
    send_json(res, 200, {{"guests", std::move(guests)}});
  });
}

}  // namespace foxo::relay::http
