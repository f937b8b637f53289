// Health, the page shell and static files, and the dev-only routes.
#include "core/log.hpp"
#include "http/http_util.hpp"
#include "http/server.hpp"
#include "http/web_root.hpp"
#include "services/dev.hpp"
#include "services/health.hpp"

namespace foxo::relay::http {
namespace {

// Answers with `f` in the best encoding the client accepts. The body is
// handed out by a content provider of known length, from the shared
// in-memory copy: no copy per request, and httplib (built with zlib and
// brotli) compresses only bodies set directly, so it never encodes twice.
void send_file(const WebFile& f, const httplib::Request& req, httplib::Response& res) {
  const ContentEncoding enc = choose_encoding(req.get_header_value("Accept-Encoding"), f.br != nullptr, f.gzip != nullptr);
  std::shared_ptr<const std::string> body = f.identity;
  if (enc == ContentEncoding::br) {
    body = f.br;
    res.set_header("Content-Encoding", "br");
  } else if (enc == ContentEncoding::gzip) {
    body = f.gzip;
    res.set_header("Content-Encoding", "gzip");
  }
  if (f.br || f.gzip) res.set_header("Vary", "Accept-Encoding");
  // Hashed names never change content; everything else (the page, the plain
  // names kept for development) is checked with the relay on every use.
  res.set_header("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (body->empty()) {
    res.set_content("", f.content_type);
    return;
  }
  res.set_content_provider(body->size(), f.content_type,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(body->data() + offset, length);
                           });
}

}  // namespace

void register_system_routes(httplib::Server& s, HttpDeps& d) {
  s.Get("/api/v1/health", [&d](const httplib::Request&, httplib::Response& res) {
    const auto& health = *d.health;
    send_json(res, 200,
              {{"status", "ok"},
               {"version", d.options.version},
               {"store", health.store().backend},
               {"schema_version", health.store().schema_version},
               {"uptime_s", health.uptime_s()},
               {"dev", d.options.dev},
               {"max_streams", health.max_streams()},
               {"open_streams", health.open_streams()}});
  });

  // The web root is read once, here, at start (a rebuilt client needs a restart).
  std::shared_ptr<const WebRoot> www = WebRoot::load(d.options.www_dir);
  log::info("www.loaded", {{"dir", d.options.www_dir}, {"files", www->file_count()}, {"bytes", www->total_bytes()}});

  // The page shell answers every client route; the client reads the path.
  for (const char* pattern : {"/", "/t/[^/]+", "/staff", "/staff/.*", "/r/[^/]+"})
    s.Get(pattern, [www](const httplib::Request& req, httplib::Response& res) {
      const WebFile* page = www->find("index.html");
      if (!page) {
        res.status = 503;
        res.set_content("The web client is not built. Run the build (see README.md).", "text/plain; charset=utf-8");
        return;
      }
      send_file(*page, req, res);
    });

  // Files of the web root by their flat name; anything else (subpaths, `..`,
  // names not in the root) is the contract's 404.
  s.Get(R"(/([^/]+))", [www](const httplib::Request& req, httplib::Response& res) {
    const WebFile* f = www->find(req.matches[1].str());
    if (!f) {
      send_error(res, ErrorCode::not_found, "Not found");
      return;
    }
    send_file(*f, req, res);
  });

  if (!d.options.dev) return;

  s.Get("/api/v1/dev/sms", [&d](const httplib::Request&, httplib::Response& res) {
    json list = json::array();
    for (const auto& m : d.dev->sent_sms())
      list.push_back({{"to", m.to}, {"body", m.body}, {"sent_at", format_rfc3339(m.sent_at_ms)}});
    send_json(res, 200, {{"messages", list}});
  });

  s.Post("/api/v1/dev/clock/advance", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<ClockAdvance>(req, res, parse_clock_advance);
    if (!body) return;
    send_json(res, 200, {{"now", format_rfc3339(d.dev->advance_clock(body->seconds))}});
  });
}

}  // namespace foxo::relay::http
