// Command-line configuration of the relay. Pure parsing: no I/O beyond
// reading the environment variables passed in.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace foxo::relay::app {

struct Config {
  bool dev = false;
  std::string host;  // default: 127.0.0.1 with --dev, 0.0.0.0 otherwise
  int port = 8080;
  std::string data_dir;
  std::string www_dir;
  std::string public_url;  // default in dev: http://127.0.0.1:PORT
  std::string sms = "";    // "dev" or "twilio"; default: dev with --dev, twilio otherwise
  int max_streams = 2000;  // live event streams the relay promises
  int max_attachment_mb = 25;       // largest attachment accepted, in MiB
  std::string attachment_key_file;  // default: DATA/attachment.key (created 0600 on first start)
  std::string attachment_key_hex;   // FOXO_ATTACHMENT_KEY (64 hex digits) instead of a key file
  std::string store;  // postgresql://... (FOXO_STORE); empty: SQLite in data_dir
  bool quiet = false;
  std::string tls_cert, tls_key;
  std::vector<std::string> trusted_proxies;  // --trusted-proxy (repeatable) / FOXO_TRUSTED_PROXIES (comma-separated)
  std::string metrics_token;                 // FOXO_METRICS_TOKEN: opens /metrics beyond loopback
  int shutdown_timeout_s = 20;               // SIGTERM: longest wait for requests in flight before exit
  int drain_s = 0;                           // SIGTERM: seconds to keep serving with /readyz at 503 first
};

struct ParseResult {
  std::optional<Config> config;
  std::string error;  // set when config is empty; "" with help requested
  bool help = false;
};

// Parses `foxo-relay [flags]`. `getenv` is injected (FOXO_* variables provide
// defaults that flags override).
ParseResult parse_args(const std::vector<std::string>& args, const std::function<const char*(const char*)>& getenv);
std::string usage();

}  // namespace foxo::relay::app
