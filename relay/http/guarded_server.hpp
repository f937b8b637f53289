// Plain-HTTP connections with limits that cpp-httplib 0.11 lacks (issue 10,
// hostile clients). Debian's httplib reads a request head without a size or
// time bound: any number of header lines, and a client that sends one byte
// every few seconds ("slowloris") holds a worker thread for ever. This
// subclass runs httplib's own request processing (Server::process_request,
// protected) over a Stream of ours that enforces, per request head:
//   - a deadline for the whole head (408 and close when it runs out),
//   - at most `max_head_bytes` and `max_header_lines` (431 and close),
// and, per client address, at most `max_pending_per_address` connections the
// relay is waiting on — new ones that have not started a request yet, and
// requests whose head or body is still arriving (until the relay starts
// answering) — beyond that a new connection is answered 429 and closed. So
// one address cannot hold every worker thread with slow or silent
// connections. Idle keep-alive connections do not count (a clinic behind one
// address keeps many), but when more than 3/4 of the workers are busy they
// are closed instead of waiting for the keep-alive timeout (clients reconnect).
// Body sizes are limited by the routes and httplib's payload cap; a stalled
// body ends at the read timeout.
//
// HTTPS (--tls-cert/--tls-key) goes through the same stream instead of
// httplib's SSLServer, whose reads are unbounded in the same ways: the TLS
// handshake runs on a non-blocking socket within the first request head's
// deadline (a handshake that never completes is closed when it runs out),
// and records are read with SSL_read under the same deadlines and caps. A
// connection over its address's cap gets one second to complete the
// handshake and is then answered 429 (or just closed).
#pragma once
#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace foxo::relay::http {

struct ConnectionLimits {
  int head_timeout_s = 10;
  std::size_t max_head_bytes = 64 * 1024;
  std::size_t max_header_lines = 100;
  std::size_t max_pending_per_address = 256;
  std::size_t workers = 0;  // the pool's size (for shedding idle keep-alive connections)
};

class GuardedServer : public httplib::Server {
 public:
  // Plain HTTP; or, with `tls`, HTTPS with `tls_context` (owned; nullptr when
  // the certificate and key could not be loaded: is_valid() is then false).
  explicit GuardedServer(ConnectionLimits limits, bool tls = false, SSL_CTX* tls_context = nullptr)
      : limits_(limits), tls_(tls), tls_context_(tls_context) {}
  ~GuardedServer() override;
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

  bool is_valid() const override { return !tls_ || tls_context_ != nullptr; }
  SSL_CTX* tls_context() const { return tls_context_; }

  // Connections of `address` the relay waits on; `force` counts without refusing.
  bool enter_pending(const std::string& address, bool force);
  void leave_pending(const std::string& address);
  const ConnectionLimits& limits() const { return limits_; }
  time_t keep_alive_timeout_s() const { return keep_alive_timeout_sec_; }
  time_t read_timeout_s() const { return read_timeout_sec_; }
  time_t write_timeout_s() const { return write_timeout_sec_; }
  std::size_t keep_alive_max() const { return keep_alive_max_count_; }
  bool listening() const { return svr_sock_ != INVALID_SOCKET; }
  // More than 3/4 of the workers hold a connection.
  bool under_pressure() const { return limits_.workers > 0 && active_ * 4 > limits_.workers * 3; }

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionLimits limits_;
  bool tls_ = false;
  SSL_CTX* tls_context_ = nullptr;
  std::atomic<std::size_t> active_{0};
  std::mutex pending_mutex_;
  std::map<std::string, std::size_t> pending_;
};

}  // namespace foxo::relay::http
