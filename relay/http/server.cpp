// HttpServer (server.hpp): one cpp-httplib server with the relay's security
// headers, the Origin check, body limits, one exception and error handler, and
// every route group; given only services (deps.hpp).
#include "http/server.hpp"

#include <openssl/ssl.h>
#include <cassert>
#include <cstdlib>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "core/log.hpp"
#include "http/elastic_pool.hpp"
#include "http/guarded_server.hpp"
#include "http/http_util.hpp"
#include "http/request_context.hpp"
#include "services/attachments.hpp"

namespace foxo::relay::http {
namespace {

bool is_state_changing(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// The relay's own origin as the browser sees it: the Host header with the
// scheme we serve, or the configured public URL.
bool origin_allowed(const httplib::Request& req, const HttpDeps& d) {
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  const std::string scheme = d.options.tls ? "https://" : "http://";
  if (req.has_header("Host") && origin == scheme + req.get_header_value("Host")) return true;
  if (!d.options.public_url.empty()) {
    std::string pub = d.options.public_url;
    while (!pub.empty() && pub.back() == '/') pub.pop_back();
    if (origin == pub) return true;
  }
  return false;
}

// HTTPS served by the relay itself: TLS 1.2 and 1.3 only, forward-secret AEAD
// ciphers for 1.2 (1.3's suites are all modern), no renegotiation, no
// compression. The context is GuardedServer's (it bounds handshakes and heads);
// nullptr when the certificate or key is unusable.
SSL_CTX* make_tls_context(const HttpOptions& o) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) return nullptr;
  if (SSL_CTX_use_certificate_chain_file(ctx, o.tls_cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, o.tls_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    SSL_CTX_free(ctx);
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(ctx,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                          "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  return ctx;
}

// What the web client needs and nothing more: its own scripts (no inline
// script or handler anywhere) and WebAssembly compilation, which CSP counts
// as eval ('wasm-unsafe-eval'; Emscripten's output uses no JS eval); fetch
// and EventSource to the relay itself; images of its own, decoded uploads
// (blob:) and data: URLs; its own stylesheet (script-set element styles are
// not inline styles); its own fonts. Nothing may frame the page or be posted elsewhere.
constexpr const char* kPageContentSecurityPolicy =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
    "img-src 'self' blob: data:; style-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";
// The camera only for the page itself (photo attachments); every other
// powerful feature for no one.
constexpr const char* kPagePermissionsPolicy =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), "
    "midi=(), display-capture=(), accelerometer=(), gyroscope=(), magnetometer=()";

// Bodies of every route but the attachment upload are small JSON (the
// protocol caps them at 256 KB): refuse anything declared larger, and
// chunked bodies of unknown length, before httplib buffers them.
constexpr std::size_t kMaxSmallBody = 1024 * 1024;
// Workers started before the first connection; the pool grows to the limit on demand.
constexpr std::size_t kInitialWorkers = 16;

bool is_upload_route(const httplib::Request& req) {
  static const std::string suffix = "/attachments";
  return req.method == "POST" && req.path.rfind("/api/v1/cases/", 0) == 0 && req.path.size() > suffix.size() &&
         req.path.compare(req.path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool small_body_exceeded(const httplib::Request& req) {
  if (req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos) return true;
  if (!req.has_header("Content-Length")) return false;
  const std::string v = req.get_header_value("Content-Length");
  std::size_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || n > kMaxSmallBody) return true;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n > kMaxSmallBody;
}

// Request-head limits for HTTP and HTTPS (see guarded_server.hpp). Dev mode may
// lower the per-address cap and the head timeout so tests reach them soon
// (FOXO_MAX_PENDING_PER_ADDRESS, FOXO_HEAD_TIMEOUT_S, read and checked by app::Config).
ConnectionLimits connection_limits(const HttpOptions& o, std::size_t workers) {
  ConnectionLimits l;
  l.workers = workers;
  if (o.dev && o.max_pending_per_address > 0) l.max_pending_per_address = o.max_pending_per_address;
  if (o.dev && o.head_timeout_s > 0) l.head_timeout_s = o.head_timeout_s;
  return l;
}

}  // namespace

HttpServer::HttpServer(HttpDeps deps, int worker_threads) : deps_(std::move(deps)) {
  assert(complete(deps_) && "routes call every service without checking; run_relay sets them all (dev: only with --dev)");
  const std::size_t threads = static_cast<std::size_t>(std::max(4, worker_threads));
  const auto limits = connection_limits(deps_.options, threads);
  if (deps_.options.tls) server_ = std::make_unique<GuardedServer>(limits, true, make_tls_context(deps_.options));
  else server_ = std::make_unique<GuardedServer>(limits);
  auto& s = *server_;
  // Up to `threads` workers, started as connections need them (http/elastic_pool.hpp).
  s.new_task_queue = [threads] { return new ElasticPool(kInitialWorkers, threads); };
  // httplib's own cap must let an upload through, and the oversized ones the
  // attachment route reads to discard (up to twice the limit; it enforces the
  // real limit while streaming); every other route is refused above
  // kMaxSmallBody in the pre-routing handler, before its body is read.
  const std::size_t max_upload = deps_.attachments->max_bytes();
  s.set_payload_max_length(std::max(kMaxSmallBody, 2 * max_upload + 1024 * 1024));
  s.set_keep_alive_max_count(1000);
  s.set_keep_alive_timeout(30);
  s.set_read_timeout(deps_.options.dev && deps_.options.read_timeout_s > 0 ? deps_.options.read_timeout_s : 30);
  s.set_write_timeout(30);

  // Remember the listening socket (httplib keeps it private) so bind() can
  // raise its backlog; keep httplib's own options (SO_REUSEADDR/PORT).
  s.set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // No Nagle: httplib writes a response's head and body (and each event
    // frame) separately, and a small write waiting for the client's delayed
    // ACK cost 40 ms per keep-alive request (docs/BENCHMARKS.md). Accepted
    // sockets inherit it from the listener.
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    listen_fd_ = sock;
  });

  install_request_observer(s);
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    begin_request(req, res);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    if (req.path.rfind("/api/", 0) == 0) {
      res.set_header("Cache-Control", "no-store");
    } else {
      // The page and its files (attachment downloads under /api/ set their own, stricter policy).
      res.set_header("Content-Security-Policy", kPageContentSecurityPolicy);
      res.set_header("Permissions-Policy", kPagePermissionsPolicy);
    }
    if (deps_.options.tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
    if (is_state_changing(req.method) && !origin_allowed(req, deps_)) {
      send_error(res, ErrorCode::bad_origin, "Cross-origin request refused");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!is_upload_route(req) && small_body_exceeded(req)) {
      send_error(res, ErrorCode::too_large, "Request body is too large");
      close_connection_after(res);  // the body stays unread
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // One exception handler for every route: log, answer 500 without internals.
  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log::error("http.exception", {{"method", req.method}, {"route", route_pattern(req.path)}, {"what", what}});
    send_error(res, ErrorCode::internal, "Something went wrong on our side. Please try again.");
  });

  // Unmatched routes and bodies left empty by httplib get the contract's format.
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty() || res.content_provider_) return;
    if (res.status == 404) send_error(res, ErrorCode::not_found, "Not found");
    else if (res.status == 413) send_error(res, ErrorCode::too_large, "Request is too large");
    else if (res.status == 400) send_error(res, ErrorCode::invalid_json, "Bad request");
    else if (res.status == 405) send_error(res, ErrorCode::method_not_allowed, "Method not allowed");
    else if (res.status >= 500) send_error(res, ErrorCode::internal, "Something went wrong on our side");
    else if (res.status >= 400) {
      // Answers httplib makes by itself (414 for a request line over 8 KiB):
      // same status, the contract's error body.
      const int status = res.status;
      send_error(res, status == 414 ? ErrorCode::too_large : ErrorCode::invalid_field,
                 status == 414 ? "The request line is too long" : "Bad request");
      res.status = status;
    }
    (void)req;
  });

  register_ops_routes(s, deps_);  // before the web root's "/{file}" route, which would take "/metrics"
  register_system_routes(s, deps_);
  register_staff_routes(s, deps_);
  register_mfa_routes(s, deps_);
  register_case_routes(s, deps_);
  register_handover_routes(s, deps_);
  register_event_routes(s, deps_);
  register_admin_routes(s, deps_);
  register_guest_routes(s, deps_);
  register_resume_routes(s, deps_);
  register_attachment_routes(s, deps_);
  register_transcript_routes(s, deps_);
  register_font_routes(s, deps_);
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind(const std::string& host, int port) {
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
    if (port_ <= 0) return false;
  } else {
    if (!server_->bind_to_port(host, port)) return false;
    port_ = port;
  }
  // Debian's packaged cpp-httplib listens with a backlog of 5; a burst of
  // clients then waits seconds to be accepted. Listening again raises it.
  if (listen_fd_ >= 0) ::listen(listen_fd_, 4096);
  return true;
}

bool HttpServer::run() { return server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

}  // namespace foxo::relay::http
