// Command-line configuration of the relay. Pure parsing: no I/O beyond
// reading the environment variables passed in. Every environment variable the
// relay reads is read here, once at start, and handed down as a value; the
// process environment itself is read only in config.cpp.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  int reseal_rate = 500;            // rows re-sealed per second after `keys rotate`
  std::string attachment_key_file;  // default: DATA/attachment.key (created 0600 on first start)
  std::string attachment_key_hex;   // FOXO_ATTACHMENT_KEY (64 hex digits) instead of a key file
  std::string store;  // postgresql://... (FOXO_STORE); empty: SQLite in data_dir
  bool quiet = false;
  std::string tls_cert, tls_key;
  std::vector<std::string> trusted_proxies;  // --trusted-proxy (repeatable) / FOXO_TRUSTED_PROXIES (comma-separated)
  std::string metrics_token;                 // FOXO_METRICS_TOKEN: opens /metrics beyond loopback
  int shutdown_timeout_s = 20;               // SIGTERM: longest wait for requests in flight before exit
  int drain_s = 0;                           // SIGTERM: seconds to keep serving with /readyz at 503 first
  // FOXO_TWILIO_* as set (docs/SMS.md), checked by sms::TwilioConfig::from_lookup
  // only when the Twilio gateway is used.
  std::map<std::string, std::string> twilio_env;
  // Dev only, so tests can reach limits that take long to reach otherwise;
  // out of range or not --dev: ignored, the default kept.
  std::size_t max_pending_per_address = 0;  // FOXO_MAX_PENDING_PER_ADDRESS (1 to 100000); 0: the server's default
  int sse_keepalive_ms = 15000;             // FOXO_SSE_KEEPALIVE_MS (10 to 20000)
  int head_timeout_s = 0;                   // FOXO_HEAD_TIMEOUT_S (1 to 600); 0: the server's default
  int read_timeout_s = 0;                   // FOXO_READ_TIMEOUT_S (1 to 600); 0: the server's default
};

struct ParseResult {
  std::optional<Config> config;
  std::string error;  // set when config is empty; "" with help requested
  bool help = false;
};

using Getenv = std::function<const char*(const char*)>;

// Parses `foxo-relay [flags]`. `getenv` is injected (FOXO_* variables provide
// defaults that flags override).
ParseResult parse_args(const std::vector<std::string>& args, const Getenv& getenv);
// The same with the process environment.
ParseResult parse_args(const std::vector<std::string>& args);
std::string usage();

// FOXO_STORE: the store `admin`, `audit` and `backup` open when they are
// given no --store ("" when unset: SQLite in --data).
std::string default_store(const Getenv& getenv);
std::string default_store();  // from the process environment

// Whether `store` names a store the relay can open with --store: a
// postgresql:// (or postgres://) URL. One rule for the relay's flags and for
// the admin, audit and backup commands.
bool is_store_url(std::string_view store);

}  // namespace foxo::relay::app
