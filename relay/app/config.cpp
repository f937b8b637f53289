// Parsing of the relay's flags and FOXO_* environment variables (config.hpp).
#include "app/config.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstdlib>
#include <utility>

#include "sms/twilio_gateway.hpp"

#ifndef FOXO_DEFAULT_WWW_DIR
#define FOXO_DEFAULT_WWW_DIR "www"
#endif

namespace foxo::relay::app {
namespace {
bool parse_int(const std::string& s, int lo, int hi, int& out) {
  int v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < lo || v > hi) return false;
  out = v;
  return true;
}
bool is_ip(const std::string& s) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}
// "a, b,c" -> {"a","b","c"}; false if an entry is not an IP address.
bool add_proxies(const std::string& list, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i <= list.size()) {
    const std::size_t j = std::min(list.find(',', i), list.size());
    std::string a = list.substr(i, j - i);
    a.erase(0, a.find_first_not_of(' '));
    a.erase(a.find_last_not_of(' ') + 1);
    if (!is_ip(a)) return false;
    out.push_back(a);
    i = j + 1;
  }
  return true;
}
bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}
// The only read of the process environment in the relay.
const char* process_getenv(const char* name) { return std::getenv(name); }
}  // namespace

std::string usage() {
  return R"(usage: foxo-relay [--dev] --data DIR [options]
       foxo-relay admin (--data DIR | --store URL) <command> ...   (see: foxo-relay admin help)
       foxo-relay audit verify (--data DIR | --store URL)
       foxo-relay backup --data DIR --to FILE   (SQLite; on PostgreSQL use pg_dump)
       foxo-relay keys (status | rotate) (--data DIR | --store URL)

options:
  --dev                 development mode: loopback only, demo data seeded on an
                        empty store, dev routes, SMS kept in the dev outbox
  --port P              TCP port (default 8080; 0 picks a free one)       [FOXO_PORT]
  --host ADDR           address to bind (default 127.0.0.1 with --dev, else 0.0.0.0)
  --data DIR            data directory: database, key file, attachments    [FOXO_DATA]
  --www DIR             web client files (default: the build's www/)       [FOXO_WWW]
  --public-url URL      scheme://host[:port] guests reach the relay at      [FOXO_PUBLIC_URL]
                        (default with --dev: http://127.0.0.1:PORT)
  --sms dev|twilio      SMS gateway (default: dev with --dev, else twilio) [FOXO_SMS]
                        twilio reads FOXO_TWILIO_* variables (docs/SMS.md)
  --max-streams N       live event streams to provision for (default 2000) [FOXO_MAX_STREAMS]
  --tls-cert FILE       serve HTTPS with this PEM certificate (chain)      [FOXO_TLS_CERT]
  --tls-key FILE        and this PEM private key; TLS 1.2+ only, HSTS sent, cookies Secure [FOXO_TLS_KEY]
  --max-attachment-mb N largest attachment accepted, 1 to 100 (default 25) [FOXO_MAX_ATTACHMENT_MB]
  --reseal-rate N       rows re-sealed per second in the background after  [FOXO_RESEAL_RATE]
                        `foxo-relay keys rotate`, 1 to 100000 (default 500)
  --attachment-key-file FILE
                        key that encrypts attachments at rest (default:   [FOXO_ATTACHMENT_KEY_FILE]
                        DATA/attachment.key, created with mode 0600 on first start);
                        or give the key itself as 64 hex digits in FOXO_ATTACHMENT_KEY
  --trusted-proxy ADDR  a reverse proxy (e.g. nginx) whose X-Forwarded-For /   [FOXO_TRUSTED_PROXIES,
                        X-Real-IP name the client for rate limits; repeat       comma-separated]
                        for several; headers from any other peer are ignored
  --shutdown-timeout S  on SIGTERM/SIGINT, longest wait for requests in flight [FOXO_SHUTDOWN_TIMEOUT]
                        before exiting anyway (default 20, 1 to 600)
  --drain-seconds S     on SIGTERM/SIGINT, keep serving S seconds with /readyz [FOXO_DRAIN_SECONDS]
                        answering 503 before closing (for balancers that poll
                        readiness; default 0, at most 300)
  --store URL           postgresql://USER@HOST[:PORT]/DB: keep everything in [FOXO_STORE]
                        PostgreSQL (several relays on one database) instead of SQLite in DATA
  --quiet               only warnings and errors in the log
  --help                this text

environment only:
  FOXO_METRICS_TOKEN    bearer token that lets non-loopback clients read /metrics
                        (without it /metrics answers loopback clients only)
  FOXO_TWILIO_*         Twilio credentials and sender (docs/SMS.md)
)";
}

ParseResult parse_args(const std::vector<std::string>& args) { return parse_args(args, process_getenv); }

std::string default_store(const Getenv& getenv) {
  const char* v = getenv("FOXO_STORE");
  return v ? std::string(v) : std::string();
}

std::string default_store() { return default_store(process_getenv); }

bool is_store_url(std::string_view store) {
  return store.rfind("postgresql://", 0) == 0 || store.rfind("postgres://", 0) == 0;
}

ParseResult parse_args(const std::vector<std::string>& args, const Getenv& getenv) {
  Config c;
  auto env = [&](const char* name) -> std::string {
    const char* v = getenv(name);
    return v ? std::string(v) : std::string();
  };
  ParseResult r;
  auto fail = [&](std::string msg) {
    r.error = std::move(msg);
    return r;
  };
  if (!env("FOXO_PORT").empty() && !parse_int(env("FOXO_PORT"), 0, 65535, c.port))
    return fail("FOXO_PORT must be a port number");
  c.data_dir = env("FOXO_DATA");
  c.www_dir = env("FOXO_WWW");
  c.public_url = env("FOXO_PUBLIC_URL");
  c.sms = env("FOXO_SMS");
  c.tls_cert = env("FOXO_TLS_CERT");
  c.tls_key = env("FOXO_TLS_KEY");
  if (!env("FOXO_MAX_STREAMS").empty() && !parse_int(env("FOXO_MAX_STREAMS"), 1, 100000, c.max_streams))
    return fail("FOXO_MAX_STREAMS must be 1 to 100000");
  if (!env("FOXO_RESEAL_RATE").empty() && !parse_int(env("FOXO_RESEAL_RATE"), 1, 100000, c.reseal_rate))
    return fail("FOXO_RESEAL_RATE needs 1 to 100000");
  if (!env("FOXO_MAX_ATTACHMENT_MB").empty() && !parse_int(env("FOXO_MAX_ATTACHMENT_MB"), 1, 100, c.max_attachment_mb))
    return fail("FOXO_MAX_ATTACHMENT_MB must be 1 to 100");
  c.attachment_key_file = env("FOXO_ATTACHMENT_KEY_FILE");
  c.attachment_key_hex = env("FOXO_ATTACHMENT_KEY");
  c.metrics_token = env("FOXO_METRICS_TOKEN");
  if (!env("FOXO_TRUSTED_PROXIES").empty() && !add_proxies(env("FOXO_TRUSTED_PROXIES"), c.trusted_proxies))
    return fail("FOXO_TRUSTED_PROXIES must list IP addresses, comma-separated");
  if (!env("FOXO_SHUTDOWN_TIMEOUT").empty() && !parse_int(env("FOXO_SHUTDOWN_TIMEOUT"), 1, 600, c.shutdown_timeout_s))
    return fail("FOXO_SHUTDOWN_TIMEOUT must be 1 to 600");
  if (!env("FOXO_DRAIN_SECONDS").empty() && !parse_int(env("FOXO_DRAIN_SECONDS"), 0, 300, c.drain_s))
    return fail("FOXO_DRAIN_SECONDS must be 0 to 300");
  c.store = env("FOXO_STORE");
  for (const std::string_view name : sms::TwilioConfig::env_names()) {
    const std::string n(name);
    if (const char* v = getenv(n.c_str())) c.twilio_env[n] = v;
  }

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      r.help = true;
      return r;
    } else if (a == "--dev") {
      c.dev = true;
    } else if (a == "--quiet") {
      c.quiet = true;
    } else if (a == "--port") {
      if (!value(v) || !parse_int(v, 0, 65535, c.port)) return fail("--port needs a port number (0-65535)");
    } else if (a == "--host") {
      if (!value(c.host) || c.host.empty()) return fail("--host needs an address");
    } else if (a == "--data") {
      if (!value(c.data_dir) || c.data_dir.empty()) return fail("--data needs a directory");
    } else if (a == "--www") {
      if (!value(c.www_dir) || c.www_dir.empty()) return fail("--www needs a directory");
    } else if (a == "--public-url") {
      if (!value(c.public_url)) return fail("--public-url needs a URL");
    } else if (a == "--sms") {
      if (!value(c.sms)) return fail("--sms needs dev or twilio");
    } else if (a == "--max-streams") {
      if (!value(v) || !parse_int(v, 1, 100000, c.max_streams)) return fail("--max-streams needs 1 to 100000");
    } else if (a == "--reseal-rate") {
      if (!value(v) || !parse_int(v, 1, 100000, c.reseal_rate)) return fail("--reseal-rate needs 1 to 100000");
    } else if (a == "--max-attachment-mb") {
      if (!value(v) || !parse_int(v, 1, 100, c.max_attachment_mb)) return fail("--max-attachment-mb needs 1 to 100");
    } else if (a == "--attachment-key-file") {
      if (!value(c.attachment_key_file) || c.attachment_key_file.empty())
        return fail("--attachment-key-file needs a file");
    } else if (a == "--trusted-proxy") {
      if (!value(v) || !is_ip(v)) return fail("--trusted-proxy needs an IP address");
      c.trusted_proxies.push_back(v);
    } else if (a == "--shutdown-timeout") {
      if (!value(v) || !parse_int(v, 1, 600, c.shutdown_timeout_s)) return fail("--shutdown-timeout needs 1 to 600");
    } else if (a == "--drain-seconds") {
      if (!value(v) || !parse_int(v, 0, 300, c.drain_s)) return fail("--drain-seconds needs 0 to 300");
    } else if (a == "--store") {
      if (!value(c.store) || c.store.empty()) return fail("--store needs a postgresql:// URL");
    } else if (a == "--tls-cert") {
      if (!value(c.tls_cert)) return fail("--tls-cert needs a file");
    } else if (a == "--tls-key") {
      if (!value(c.tls_key)) return fail("--tls-key needs a file");
    } else {
      return fail("unknown option: " + a);
    }
  }
  if (c.data_dir.empty()) return fail("--data DIR is required");
  if (!c.store.empty() && !is_store_url(c.store))
    return fail("--store must be a postgresql:// URL (SQLite in DATA is the default)");
  if (c.host.empty()) c.host = c.dev ? "127.0.0.1" : "0.0.0.0";
  if (c.dev && !is_loopback(c.host)) return fail("--dev binds loopback only (got --host " + c.host + ")");
  if (c.www_dir.empty()) c.www_dir = FOXO_DEFAULT_WWW_DIR;
  if (c.sms.empty()) c.sms = c.dev ? "dev" : "twilio";
  if (c.sms != "dev" && c.sms != "twilio") return fail("--sms must be dev or twilio");
  if (c.sms == "dev" && !c.dev) return fail("--sms dev keeps codes in memory and is only for --dev");
  if (!c.public_url.empty() && c.public_url.rfind("http://", 0) != 0 && c.public_url.rfind("https://", 0) != 0)
    return fail("--public-url must start with http:// or https://");
  if (c.public_url.empty() && !c.dev) return fail("--public-url is required without --dev (it goes into SMS links)");
  if (c.tls_cert.empty() != c.tls_key.empty()) return fail("--tls-cert and --tls-key go together");
  if (!c.attachment_key_hex.empty() && !c.attachment_key_file.empty())
    return fail("give the attachment key either in FOXO_ATTACHMENT_KEY or as --attachment-key-file, not both");
  if (!c.metrics_token.empty() && c.metrics_token.size() < 16)
    return fail("FOXO_METRICS_TOKEN must be at least 16 characters");
  if (c.attachment_key_file.empty()) c.attachment_key_file = c.data_dir + "/attachment.key";
  // Dev-only knobs: silently ignored when not --dev or out of range, as
  // strtol reads them (a number followed by anything counts as the number).
  if (c.dev) {
    if (const char* cap = getenv("FOXO_MAX_PENDING_PER_ADDRESS")) {
      const long v = std::strtol(cap, nullptr, 10);
      if (v >= 1 && v <= 100000) c.max_pending_per_address = static_cast<std::size_t>(v);
    }
    if (const char* v = getenv("FOXO_SSE_KEEPALIVE_MS"); v && *v) {
      const long ms = std::strtol(v, nullptr, 10);
      if (ms >= 10 && ms <= 20000) c.sse_keepalive_ms = static_cast<int>(ms);
    }
    // Shorter head and body timeouts, so tests of slow clients end in seconds.
    for (auto [name, target] : {std::pair{"FOXO_HEAD_TIMEOUT_S", &c.head_timeout_s},
                                std::pair{"FOXO_READ_TIMEOUT_S", &c.read_timeout_s}})
      if (const char* v = getenv(name); v && *v) {
        const long s = std::strtol(v, nullptr, 10);
        if (s >= 1 && s <= 600) *target = static_cast<int>(s);
      }
  }
  r.config = c;
  return r;
}

}  // namespace foxo::relay::app
