// The HTTP server: one cpp-httplib Server with the relay's routes, a single
// exception handler, security headers and the Origin check.
#pragma once
#include <httplib.h>

#include <memory>
#include <string>

#include "http/deps.hpp"

namespace foxo::relay::services {
struct StaffLoginResult;
}

namespace foxo::relay::http {

class HttpServer {
 public:
  HttpServer(HttpDeps deps, int worker_threads);
  ~HttpServer();
  // False when TLS was asked for but the certificate or key could not be used.
  bool valid() const { return server_->is_valid(); }
  // Binds host:port (port 0 picks one) with a deep listen backlog; false on failure.
  bool bind(const std::string& host, int port);
  int port() const { return port_; }
  // Serves until stop(); returns false if the listener failed.
  bool run();
  void stop();
  httplib::Server& raw() { return *server_; }
  HttpDeps& deps() { return deps_; }

 private:
  HttpDeps deps_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  int listen_fd_ = -1;
};

// Route groups, one file each.
void register_system_routes(httplib::Server& s, HttpDeps& d);  // health, page, static files, dev routes
void register_staff_routes(httplib::Server& s, HttpDeps& d);   // staff sign-in, me, logout
void register_mfa_routes(httplib::Server& s, HttpDeps& d);
// A staff sign-in's answer, password or code half (routes_mfa.cpp): the error,
// the half sign-in's cookie with {"mfa_required": true}, or the session.
void answer_staff_login(httplib::Response& res, const HttpDeps& d, const services::StaffLoginResult& r);     // staff two-factor: login/mfa, enrol, confirm, reset, require_mfa
void register_case_routes(httplib::Server& s, HttpDeps& d);    // team entry, cases, messages, queue, claim, dev fixture
void register_handover_routes(httplib::Server& s, HttpDeps& d);  // assign, release, transfer, colleagues (issue 20)
void register_event_routes(httplib::Server& s, HttpDeps& d);   // GET /api/v1/events (SSE)
void register_admin_routes(httplib::Server& s, HttpDeps& d);   // admin identifiers, audit trail
void register_guest_routes(httplib::Server& s, HttpDeps& d);   // guest code, verify, me, logout
void register_resume_routes(httplib::Server& s, HttpDeps& d);  // POST /api/v1/guest/resume
void register_attachment_routes(httplib::Server& s, HttpDeps& d);  // upload (streamed, capped) and download
void register_ops_routes(httplib::Server& s, HttpDeps& d);  // /livez, /readyz, /metrics (operators)
void register_transcript_routes(httplib::Server& s, HttpDeps& d);  // PDF transcripts, staff and guest copies (issue 22)
void register_font_routes(httplib::Server& s, HttpDeps& d);  // GET /fonts/{file}?u=: font subsets per request

}  // namespace foxo::relay::http
