// Twilio REST gateway.
//
// Retry policy — the rule that matters most: never send the same SMS twice.
// Twilio's Messages API has no idempotency key, so a repeated POST is a second
// SMS (a second OTP code, a second charge). Therefore an attempt is repeated
// only when we KNOW Twilio did not create a message:
//   * HTTP 429 (rate limited) and 5xx other than 504: Twilio answered and did
//     not accept the message -> retry with backoff (Retry-After honoured,
//     capped by max_backoff).
//   * the connection could not be made (connect refused, connect timeout, DNS,
//     TLS handshake failure): the request never left -> retry with backoff.
// Everything else is final:
//   * a timeout or connection drop AFTER the request started being written
//     (httplib Error::Read / Write / Unknown): Twilio may have received it and
//     created the message. Retrying could send it twice, so we stop and report
//     unknown_outcome; the caller (OTP flow) lets the user ask for a new code.
//   * 504 Gateway Timeout: a proxy forwarded the request and gave up waiting;
//     the same situation as our own read timeout -> unknown_outcome.
//   * 4xx such as 21211 (invalid number) or 21610 (opted out): the answer will
//     not change -> returned as a value at once (and logged, phone masked).
// Each attempt uses a fresh connection (keep-alive off): a stale pooled
// connection would fail on write and turn a safe retry into an unknown outcome.
#include "sms/twilio_gateway.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <foxo/validation.hpp>

#include "sms/twilio_detail.hpp"

namespace foxo::sms {
namespace detail {

std::string redact_phones(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    if (text[i] == '+' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) ++i;
    std::size_t digits_begin = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t digits = i - digits_begin;
    if (digits >= 7) {
      out += foxo::mask_phone(text.substr(start, i - start));
    } else if (i > start) {
      out.append(text.substr(start, i - start));
    } else {
      out.push_back(text[i]);
      ++i;
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(key);
    out.push_back('=');
    out += percent_encode(value);
  }
  return out;
}

std::chrono::milliseconds backoff_delay(int failed_attempt, std::chrono::milliseconds base,
                                       std::chrono::milliseconds max, double jitter01,
                                       std::optional<std::chrono::milliseconds> retry_after) {
  using ms = std::chrono::milliseconds;
  if (max.count() < 0) max = ms{0};
  ms d = std::clamp(base, ms{0}, max);
  for (int i = 1; i < failed_attempt && d < max; ++i) d = std::min(max, d * 2);
  double j = std::clamp(jitter01, 0.0, 1.0);
  ms wait = d / 2 + ms{static_cast<ms::rep>(static_cast<double>((d - d / 2).count()) * j)};
  if (retry_after) wait = std::max(wait, *retry_after);
  return std::min(wait, max);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty() || value.size() > 9) return std::nullopt;
  long long n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return std::chrono::seconds{n};
}

HttpVerdict classify_http(int status, int provider_code) {
  if (provider_code == 21211 || provider_code == 21614) return {SendError::invalid_number, false};
  if (provider_code == 21610) return {SendError::opted_out, false};
  if (status == 401 || provider_code == 20003) return {SendError::auth_failed, false};
  if (status == 429) return {SendError::unavailable, true};
  if (status == 504) return {SendError::unknown_outcome, false};
  if (status >= 500 && status <= 599) return {SendError::unavailable, true};
  return {SendError::rejected, false};
}

TransportFault classify_transport(httplib::Error error) {
  switch (error) {
    // httplib 0.11.4 sets these only while opening the connection (socket,
    // connect, TLS handshake), before a byte of the request is written.
    case httplib::Error::Connection:
    case httplib::Error::ConnectionTimeout:
    case httplib::Error::SSLConnection:
      return TransportFault::not_sent_retry;
    case httplib::Error::BindIPAddress:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
    case httplib::Error::UnsupportedMultipartBoundaryChars:
      return TransportFault::not_sent_final;
    default:  // Read, Write, Unknown, Canceled, Compression, ExceedRedirectCount...
      return TransportFault::maybe_sent;
  }
}

std::optional<SplitUrl> split_base_url(std::string_view base_url) {
  std::size_t scheme_end = base_url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string_view scheme = base_url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::size_t host_begin = scheme_end + 3;
  std::size_t path_begin = base_url.find('/', host_begin);
  if (path_begin == std::string_view::npos) path_begin = base_url.size();
  if (path_begin == host_begin) return std::nullopt;
  std::string_view authority = base_url.substr(host_begin, path_begin - host_begin);
  if (authority.find_first_of("?#@ ") != std::string_view::npos) return std::nullopt;
  SplitUrl out;
  out.scheme_host_port = std::string(base_url.substr(0, path_begin));
  std::string_view prefix = base_url.substr(path_begin);
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  if (prefix.find_first_of("?#") != std::string_view::npos) return std::nullopt;
  out.path_prefix = std::string(prefix);
  return out;
}

}  // namespace detail

namespace {

void log_to_stderr(std::string_view line) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::cerr << line << '\n' << std::flush;
}

double default_jitter01() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

struct TwilioVar {
  std::string_view name;
  std::string TwilioConfig::*field;
};
// The FOXO_TWILIO_* variables and the fields they set.
const TwilioVar kTwilioVars[] = {
    {"FOXO_TWILIO_ACCOUNT_SID", &TwilioConfig::account_sid},
    {"FOXO_TWILIO_AUTH_TOKEN", &TwilioConfig::auth_token},
    {"FOXO_TWILIO_API_KEY_SID", &TwilioConfig::api_key_sid},
    {"FOXO_TWILIO_API_KEY_SECRET", &TwilioConfig::api_key_secret},
    {"FOXO_TWILIO_FROM", &TwilioConfig::from_number},
    {"FOXO_TWILIO_MESSAGING_SERVICE_SID", &TwilioConfig::messaging_service_sid},
    {"FOXO_TWILIO_BASE_URL", &TwilioConfig::base_url},
};

}  // namespace

const std::vector<std::string_view>& TwilioConfig::env_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n;
    for (const auto& v : kTwilioVars) n.push_back(v.name);
    return n;
  }();
  return names;
}

std::optional<TwilioConfig> TwilioConfig::from_lookup(
    const std::function<std::optional<std::string>(std::string_view name)>& get,
    std::string* error) {
  TwilioConfig cfg;
  bool any = false;
  for (const auto& v : kTwilioVars) {
    if (auto value = get(v.name); value && !value->empty()) {
      cfg.*(v.field) = *value;
      any = true;
    }
  }
  if (error) error->clear();
  if (!any) return std::nullopt;
  std::string why;
  if (!cfg.validate(&why)) {
    if (error) *error = "Twilio environment: " + why;
    return std::nullopt;
  }
  return cfg;
}

bool TwilioConfig::validate(std::string* error) const {
  auto fail = [&](std::string msg) {
    if (error) *error = std::move(msg);
    return false;
  };
  if (!detail::split_base_url(base_url)) return fail("base URL must be http(s)://host[:port][/prefix]");
  if (account_sid.size() < 3 || account_sid.rfind("AC", 0) != 0)
    return fail("account SID (FOXO_TWILIO_ACCOUNT_SID / --twilio-account-sid) must start with AC");
  const bool token = !auth_token.empty();
  const bool key = !api_key_sid.empty() || !api_key_secret.empty();
  if (token && key) return fail("set either an auth token or an API key and secret, not both");
  if (!token && !key) return fail("missing credentials: an auth token, or an API key SID and secret");
  if (key && (api_key_sid.empty() || api_key_secret.empty()))
    return fail("an API key needs both its SID and its secret");
  const bool from = !from_number.empty();
  const bool service = !messaging_service_sid.empty();
  if (from == service) return fail("set exactly one sender: a From number or a Messaging Service SID");
  if (max_attempts < 1 || max_attempts > 10) return fail("max attempts must be between 1 and 10");
  if (base_backoff.count() < 0 || max_backoff < base_backoff)
    return fail("backoff must satisfy 0 <= base <= max");
  if (connect_timeout.count() <= 0 || read_timeout.count() <= 0) return fail("timeouts must be positive");
  return true;
}

TwilioGateway::TwilioGateway(TwilioConfig config, Hooks hooks)
    : config_(std::move(config)), hooks_(std::move(hooks)) {
  std::string why;
  if (!config_.validate(&why)) throw std::invalid_argument("TwilioGateway: " + why);
  if (!hooks_.sleep) hooks_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (!hooks_.jitter01) hooks_.jitter01 = default_jitter01;
  if (!hooks_.log) hooks_.log = log_to_stderr;
  auto split = *detail::split_base_url(config_.base_url);
  scheme_host_port_ = split.scheme_host_port;
  path_ = split.path_prefix + "/2010-04-01/Accounts/" +
          detail::percent_encode(config_.account_sid) + "/Messages.json";
}

SendResult TwilioGateway::send(const Sms& sms) {
  const std::string masked = foxo::mask_phone(sms.to);
  auto log = [&](std::string_view event, const SendResult& r, nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json line = {
        {"event", event},        {"gateway", "twilio"},       {"phone", masked},
        {"http_status", r.http_status}, {"code", r.provider_code}, {"attempt", r.attempts},
    };
    if (r.error != SendError::none) line["error"] = to_string(r.error);
    line.update(extra);
    hooks_.log(line.dump());
  };

  if (auto refused = check_before_send(sms)) {
    log("sms_refused", *refused);
    return *refused;
  }

  std::vector<std::pair<std::string, std::string>> fields = {{"To", sms.to}};
  if (!config_.messaging_service_sid.empty()) {
    fields.emplace_back("MessagingServiceSid", config_.messaging_service_sid);
  } else {
    fields.emplace_back("From", config_.from_number);
  }
  fields.emplace_back("Body", sms.body);
  const std::string form = detail::form_encode(fields);
  const bool api_key = !config_.api_key_sid.empty();
  const std::string& user = api_key ? config_.api_key_sid : config_.account_sid;
  const std::string& password = api_key ? config_.api_key_secret : config_.auth_token;
  const httplib::Headers headers = {{"Accept", "application/json"}, {"User-Agent", "foxo-relay"}};

  SendResult r;
  for (int attempt = 1;; ++attempt) {
    r = SendResult{};
    r.attempts = attempt;
    std::optional<std::chrono::milliseconds> retry_after;

    httplib::Client cli(scheme_host_port_);
    cli.set_keep_alive(false);
    cli.set_follow_location(false);
    cli.set_connection_timeout(config_.connect_timeout);
    cli.set_read_timeout(config_.read_timeout);
    cli.set_write_timeout(config_.read_timeout);
    cli.set_basic_auth(user, password);
    auto res = cli.Post(path_, headers, form, "application/x-www-form-urlencoded");

    if (!res) {
      const auto err = res.error();
      const std::string what = httplib::to_string(err);
      switch (detail::classify_transport(err)) {
        case detail::TransportFault::maybe_sent:
          // See the comment at the top: possibly delivered, so never retried.
          r.error = SendError::unknown_outcome;
          r.detail = "no answer after the request was sent (" + what + "); not retried, to never send twice";
          log("sms_unknown_outcome", r);
          return r;
        case detail::TransportFault::not_sent_final:
          r.error = SendError::unavailable;
          r.detail = "could not open a connection (" + what + ")";
          log("sms_failed", r);
          return r;
        case detail::TransportFault::not_sent_retry:
          r.error = SendError::unavailable;
          r.detail = "could not connect (" + what + ")";
          break;
      }
    } else {
      r.http_status = res->status;
      auto j = nlohmann::json::parse(res->body, nullptr, false);
      if (!j.is_object()) j = nlohmann::json::object();
      if (res->status >= 200 && res->status < 300) {
        auto sid = j.find("sid");
        if (sid != j.end() && sid->is_string() && !sid->get<std::string>().empty()) {
          r.provider_id = sid->get<std::string>();
          log("sms_sent", r, {{"sid", r.provider_id}});
          return r;
        }
        // Accepted by something, but we cannot tell what was created.
        r.error = SendError::unknown_outcome;
        r.detail = "HTTP " + std::to_string(res->status) + " without a Message SID";
        log("sms_unknown_outcome", r);
        return r;
      }
      if (auto code = j.find("code"); code != j.end() && code->is_number_integer()) {
        r.provider_code = code->get<int>();
      }
      std::string message;
      if (auto m = j.find("message"); m != j.end() && m->is_string()) message = m->get<std::string>();
      const auto verdict = detail::classify_http(res->status, r.provider_code);
      r.error = verdict.error;
      r.detail = "HTTP " + std::to_string(res->status) +
                 (r.provider_code ? ", Twilio " + std::to_string(r.provider_code) : std::string()) +
                 (message.empty() ? std::string() : ": " + detail::redact_phones(message));
      if (!verdict.retry) {
        log(verdict.error == SendError::unknown_outcome ? "sms_unknown_outcome" : "sms_failed", r);
        return r;
      }
      if (res->status == 429) {
        if (auto s = detail::parse_retry_after(res->get_header_value("Retry-After"))) {
          retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(*s);
        }
      }
    }

    // Retryable, and certainly not created by Twilio.
    if (attempt >= config_.max_attempts) {
      r.error = SendError::unavailable;
      r.detail += "; gave up after " + std::to_string(attempt) + " attempts";
      log("sms_failed", r);
      return r;
    }
    const auto delay = detail::backoff_delay(attempt, config_.base_backoff, config_.max_backoff,
                                             hooks_.jitter01(), retry_after);
    log("sms_retry", r, {{"delay_ms", delay.count()}});
    hooks_.sleep(delay);
  }
}

}  // namespace foxo::sms
