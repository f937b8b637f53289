// What the relay knows about each request for logs, metrics and rate limits:
// its id (X-Request-Id), the route pattern it matched (never the raw path,
// which can hold a resume token and would explode metric labels), and the
// client address (the forwarded one only when the peer is a trusted proxy).
// The functions here are pure; request_observer installs them on the server.
#pragma once
#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace foxo::relay::http {

struct HttpDeps;

// "/api/v1/cases/{id}/messages" for "/api/v1/cases/abc/messages"; "unmatched"
// for paths no route serves. A fixed, small set of values.
std::string route_pattern(std::string_view path);
// The method as a metric label: the usual verbs, else "other".
std::string method_label(std::string_view method);

// An incoming X-Request-Id worth keeping: 1 to 128 characters of
// [A-Za-z0-9._:-] (nginx's $request_id, UUIDs, ...). Anything else is replaced.
bool acceptable_request_id(std::string_view id);

// The client's address for rate limits. `peer` is the TCP peer. Only when it
// is one of `trusted_proxies` are the forwarding headers believed: the
// X-Forwarded-For list is read from the right, skipping trusted proxies, and
// the first other valid IP address is the client; without one, X-Real-IP if
// it is a valid IP; else the peer itself. Nothing a direct client sends can
// change its address.
std::string resolve_client_address(std::string_view peer, const std::vector<std::string>& forwarded_for,
                                   std::string_view real_ip, const std::vector<std::string>& trusted_proxies);
// A valid IPv4 or IPv6 literal.
bool is_ip_literal(std::string_view s);
// 127.0.0.0/8, ::1 or ::ffff:127.x.
bool is_loopback_address(std::string_view s);

// Installs on `s`: a request id for every request (echoed as X-Request-Id),
// one JSON access-log line per answered request ("http.request": method,
// route, status, duration_ms, request_id) and the request metrics. Call
// begin_request first thing in the pre-routing handler.
void install_request_observer(httplib::Server& s);
void begin_request(const httplib::Request& req, httplib::Response& res);

}  // namespace foxo::relay::http
