// PDF transcripts (issue 22): GET /api/v1/staff/cases/{id}/transcript.pdf
// (the staff copy, internal notes marked) and
// GET /api/v1/guest/cases/{id}/transcript.pdf (the guest's own case, no
// notes). The other kind of session gets 401, a case the caller may not see
// 404; services/transcripts.hpp decides and audits.
#include "foxo/filenames.hpp"
#include "http/case_http.hpp"
#include "http/server.hpp"
#include "services/transcripts.hpp"

namespace foxo::relay::http {
namespace {

constexpr const char* kCase = "([A-Za-z0-9_-]{1,64})";

void send_transcript(const httplib::Request& req, httplib::Response& res, HttpDeps& d, Who who) {
  const auto a = require_actor(req, res, d, who);
  if (!a) return;
  const auto r = d.transcripts->export_pdf(*a, req.matches[1].str());
  if (!r.ok()) return send_error(res, r.error);
  // nosniff and no-store come from the server's pre-routing handler for /api/.
  res.set_header("Content-Disposition", content_disposition_attachment(r.value->filename));
  res.status = 200;
  res.set_content(r.value->pdf, "application/pdf");
}

}  // namespace

void register_transcript_routes(httplib::Server& s, HttpDeps& d) {
  s.Get("/api/v1/staff/cases/" + std::string(kCase) + "/transcript\\.pdf",
        [&d](const httplib::Request& req, httplib::Response& res) { send_transcript(req, res, d, Who::staff); });
  s.Get("/api/v1/guest/cases/" + std::string(kCase) + "/transcript\\.pdf",
        [&d](const httplib::Request& req, httplib::Response& res) { send_transcript(req, res, d, Who::guest); });
}

}  // namespace foxo::relay::http
