// Plain-HTTP connections with limits that cpp-httplib 0.11 lacks (issue 10,
// hostile clients). Debian's httplib reads a request head without a size or
// time bound: any number of header lines, and a client that sends one byte
// every few seconds ("slowloris") holds a worker thread for ever. This
// subclass runs httplib's own request processing (Server::process_request,
// protected) over a Stream of ours that enforces, per request head:
//   - a deadline for the whole head (408 and close when it runs out),
//   - at most `max_head_bytes` and `max_header_lines` (431 and close),
// and, per client address, at most `max_pending_per_address` connections the
// relay is waiting on (idle keep-alive, an unfinished head or body: from the
// wait for a request until the relay starts answering it): beyond that a new
// connection is answered 429 and closed, an idle keep-alive one just closed.
// So one address can hold at most that many worker threads. Body sizes are
// limited by the routes and httplib's payload cap; bodies have the read timeout.
#pragma once
#include <httplib.h>

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
};

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(ConnectionLimits limits) : limits_(limits) {}

  // Connections of `address` that have not delivered a complete head.
  bool enter_pending(const std::string& address);
  void leave_pending(const std::string& address);
  const ConnectionLimits& limits() const { return limits_; }
  time_t keep_alive_timeout_s() const { return keep_alive_timeout_sec_; }
  time_t read_timeout_s() const { return read_timeout_sec_; }
  time_t write_timeout_s() const { return write_timeout_sec_; }
  std::size_t keep_alive_max() const { return keep_alive_max_count_; }
  bool listening() const { return svr_sock_ != INVALID_SOCKET; }

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionLimits limits_;
  std::mutex pending_mutex_;
  std::map<std::string, std::size_t> pending_;
};

}  // namespace foxo::relay::http
