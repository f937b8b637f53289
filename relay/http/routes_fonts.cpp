// GET /fonts/{name}-{hash12}.{otf|ttf}?u=CODEPOINTS: a subset of one of the
// faces too large to send whole (CJK, emoji), holding the characters the page
// is about to draw (services/fonts.hpp). Public like the page; the answer for
// a name and a `u` never changes, so it is cached for good.
#include "http/http_util.hpp"
#include "http/server.hpp"
#include "http/web_root.hpp"
#include "services/fonts.hpp"

namespace foxo::relay::http {

void register_font_routes(httplib::Server& s, HttpDeps& d) {
  s.Get(R"(/fonts/([^/]+))", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto r = d.fonts->subset(req.matches[1].str(), req.get_param_value("u"));
    if (!r.ok()) {
      send_error(res, r.error);
      return;
    }
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    std::shared_ptr<const std::string> body = r.value->bytes;
    if (r.value->br) {
      res.set_header("Vary", "Accept-Encoding");
      if (choose_encoding(req.get_header_value("Accept-Encoding"), true, false) == ContentEncoding::br) {
        body = r.value->br;
        res.set_header("Content-Encoding", "br");
      }
    }
    // From the shared cached copy, as web root files are (routes_system.cpp):
    // httplib compresses only bodies set directly, so never twice.
    res.set_content_provider(body->size(), r.value->content_type,
                             [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                               return sink.write(body->data() + offset, length);
                             });
  });
}

}  // namespace foxo::relay::http
