// Health, the page shell and static files, and the dev-only routes.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sms/dev_outbox.hpp"
#include "http/http_util.hpp"
#include "http/server.hpp"
#include "events/hub.hpp"
#include "store/stores.hpp"

namespace foxo::relay::http {
namespace {

std::string mime_for(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},         {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},         {".webmanifest", "application/manifest+json"},
      {".png", "image/png"},                 {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},              {".txt", "text/plain; charset=utf-8"},
      {".ttf", "font/ttf"},                  {".woff2", "font/woff2"},
  };
  for (const auto& [ext, type] : kTypes) {
    const std::string e(ext);
    if (path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) return type;
  }
  return "application/octet-stream";
}

bool read_file(const std::filesystem::path& p, std::string& out) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

void serve_page(const HttpDeps& d, httplib::Response& res) {
  std::string body;
  if (!read_file(std::filesystem::path(d.options.www_dir) / "index.html", body)) {
    res.status = 503;
    res.set_content("The web client is not built. Run the build (see README.md).", "text/plain; charset=utf-8");
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_content(body, "text/html; charset=utf-8");
}

}  // namespace

void register_system_routes(httplib::Server& s, HttpDeps& d) {
  s.Get("/api/v1/health", [&d](const httplib::Request&, httplib::Response& res) {
    const TimeMs now = d.clock->now();
    send_json(res, 200,
              {{"status", "ok"},
               {"version", d.options.version},
               {"store", d.stores->backend},
               {"schema_version", d.stores->schema_version},
               {"uptime_s", (now - d.started_at_ms) / 1000},
               {"dev", d.options.dev},
               {"max_streams", d.options.max_streams},
               {"open_streams", d.hub ? d.hub->open_streams() : 0}});
  });

  // The page shell answers every client route; the client reads the path.
  for (const char* pattern : {"/", "/t/[^/]+", "/staff", "/staff/.*", "/r/[^/]+"})
    s.Get(pattern, [&d](const httplib::Request&, httplib::Response& res) { serve_page(d, res); });

  // Static files of the client bundle: flat names only, no traversal.
  s.Get(R"(/([A-Za-z0-9_.-]+\.(js|wasm|css|png|svg|ico|json|webmanifest|txt|ttf|woff2)))",
        [&d](const httplib::Request& req, httplib::Response& res) {
          const std::string name = req.matches[1];
          if (name.find("..") != std::string::npos) {
            send_error(res, ErrorCode::not_found, "Not found");
            return;
          }
          std::string body;
          if (!read_file(std::filesystem::path(d.options.www_dir) / name, body)) {
            send_error(res, ErrorCode::not_found, "Not found");
            return;
          }
          res.set_header("Cache-Control", "no-cache");
          res.set_content(std::move(body), mime_for(name));
        });

  if (!d.options.dev) return;

  s.Get("/api/v1/dev/sms", [&d](const httplib::Request&, httplib::Response& res) {
    json list = json::array();
    if (d.dev_outbox)
      for (const auto& m : d.dev_outbox->all())
        list.push_back({{"to", m.to}, {"body", m.body}, {"sent_at", format_rfc3339(m.sent_at_ms)}});
    send_json(res, 200, {{"messages", list}});
  });

  s.Post("/api/v1/dev/clock/advance", [&d](const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_body<ClockAdvance>(req, res, parse_clock_advance);
    if (!body) return;
    d.dev_clock->advance(seconds(body->seconds));
    if (d.run_due_jobs) d.run_due_jobs();
    send_json(res, 200, {{"now", format_rfc3339(d.clock->now())}});
  });
}

}  // namespace foxo::relay::http
