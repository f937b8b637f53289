// Attachments: POST /api/v1/cases/{id}/attachments (multipart/form-data,
// part `file`, optional part `client_id`) and GET /api/v1/attachments/{id}.
//
// The upload route uses httplib's content-reader form: the handler runs
// before the body is read, so the caller, the case and Content-Length are
// checked first, and the body is streamed part by part with a hard cap on
// what is kept. Past the limit nothing more is kept: the rest of a body up to
// twice the limit is read and discarded, so that the client (a browser still
// sending) receives the 413 answer rather than a reset connection, as
// nginx's lingering close does; a body declared larger than that is answered
// at once, unread, and its connection closed. What is kept of the parts is
// decided by MultipartCollector (http/multipart/), which the multipart fuzzer
// drives too.
#include <charconv>

#include "foxo/filenames.hpp"
#include "http/case_http.hpp"
#include "http/multipart/multipart_collector.hpp"
#include "http/server.hpp"
#include "services/attachments.hpp"

namespace foxo::relay::http {
namespace {

constexpr const char* kId = "([A-Za-z0-9_-]{1,64})";
// For an upload refused before its body was read (401, 404, ...): reads and
// discards a body of known, moderate length so that the client, still
// sending, receives the answer (a browser whose session expired must see the
// 401, not a reset connection); otherwise ends the connection after the
// answer, since the unread body must not be parsed as the next request.
void finish_unread(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read,
                   std::size_t max) {
  bool drained = false;
  if (req.has_header("Content-Length")) {
    const std::string v = req.get_header_value("Content-Length");
    std::size_t declared = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), declared);
    if (r.ec == std::errc() && r.ptr == v.data() + v.size() && declared <= drain_limit(max)) {
      const int status = res.status;  // reading may set its own on failure
      std::size_t total = 0;
      const auto discard = [&total, max](const char*, std::size_t n) {
        total += n;
        return total <= drain_limit(max);
      };
      drained = req.is_multipart_form_data() ? read([](const httplib::MultipartFormData&) { return true; }, discard)
                                             : read(discard);
      res.status = status;
    }
  }
  if (!drained) close_connection_after(res);
}

void refuse_too_large(httplib::Response& res, std::size_t max, bool body_unread) {
  send_error(res, Error{ErrorCode::too_large, "The file is larger than " + std::to_string(max / (1024 * 1024)) + " MB",
                        "file"},
             json{{"max_bytes", max}});
  if (body_unread) close_connection_after(res);
}

}  // namespace

void register_attachment_routes(httplib::Server& s, HttpDeps& d) {
  s.Post("/api/v1/cases/" + std::string(kId) + "/attachments",
         [&d](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
           const std::size_t max = d.attachments->max_bytes();
           auto refuse = [&](const Error& e) {
             send_error(res, e);
             finish_unread(req, res, read, max);
           };
           const auto a = require_actor(req, res, d, Who::any);
           if (!a) return finish_unread(req, res, read, max);
           const std::string case_id = req.matches[1].str();
           if (const auto err = d.attachments->precheck(*a, case_id)) return refuse(*err);
           if (!req.is_multipart_form_data())
             return refuse(Error{ErrorCode::invalid_field, "Send the file as multipart/form-data with a part named file",
                                 "file"});
           std::size_t declared = 0;
           if (req.has_header("Content-Length")) {
             const std::string v = req.get_header_value("Content-Length");
             const auto r = std::from_chars(v.data(), v.data() + v.size(), declared);
             if (r.ec != std::errc() || r.ptr != v.data() + v.size()) {
               send_error(res, ErrorCode::invalid_field, "Bad Content-Length");
               return close_connection_after(res);
             }
             // Far too large: answered before a byte of the body is read.
             if (declared > drain_limit(max)) return refuse_too_large(res, max, true);
           }

           MultipartCollector p(max, declared);
           const bool complete = read(
               [&p](const httplib::MultipartFormData& part) {
                 return p.on_part(part.name, part.filename, part.content_type);
               },
               [&p](const char* data, std::size_t n) { return p.on_data(data, n); });
           if (p.too_large || res.status == 413) return refuse_too_large(res, max, !complete);
           if (!complete) {  // the rest of the body stays unread
             send_error(res, p.bad ? *p.bad
                                   : Error{ErrorCode::invalid_field, "The upload could not be read; please try again",
                                           "file"});
             return close_connection_after(res);
           }
           if (!p.has_file) return send_error(res, ErrorCode::invalid_field, "Choose a file to send", "file");
           if (p.has_client_id && !valid_client_id(p.client_id))
             return send_error(res, ErrorCode::invalid_field, "client_id must be 1-64 letters, digits, - or _",
                               "client_id");
           services::Upload up{std::move(p.filename), std::move(p.claimed_type), std::move(p.client_id),
                               std::move(p.bytes)};
           const auto r = d.attachments->upload(*a, case_id, std::move(up));
           if (!r.ok()) return send_error(res, r.error);
           // 201 when this request stored it; 200 when a retry found it stored.
           send_json(res, r.value->created ? 201 : 200, r.value->message);
         });

  s.Get("/api/v1/attachments/" + std::string(kId), [&d](const httplib::Request& req, httplib::Response& res) {
    const auto a = require_actor(req, res, d, Who::any);
    if (!a) return;
    const auto r = d.attachments->download(*a, req.matches[1].str());
    if (!r.ok()) return send_error(res, r.error);
    // nosniff and no-store come from the server's pre-routing handler for /api/.
    res.set_header("Content-Disposition", content_disposition_attachment(r.value->name));
    res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    res.status = 200;
    res.set_content(r.value->bytes, r.value->content_type);
  });
}

}  // namespace foxo::relay::http
