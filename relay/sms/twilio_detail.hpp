// Pure helpers behind TwilioGateway, exposed for unit tests. Not part of the
// relay's API: services include sms/gateway.hpp and sms/twilio_gateway.hpp.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <httplib.h>

#include "sms/gateway.hpp"

namespace foxo::sms::detail {

// Masks (with foxo::mask_phone) every phone-like run in free text (7+ digits,
// optional leading '+'), e.g. Twilio's "The 'To' number +61412345678 is not a valid phone number."
std::string redact_phones(std::string_view text);

// Percent-encodes everything but ALPHA / DIGIT / '-' '.' '_' '~'.
std::string percent_encode(std::string_view s);

// application/x-www-form-urlencoded; '+' and spaces are percent-encoded.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

// Wait after the failed attempt number `failed_attempt` (1-based):
// d = min(max, base * 2^(failed_attempt-1)); wait = d/2 + d/2 * jitter01
// ("equal jitter"); a Retry-After raises it; the result never exceeds max.
std::chrono::milliseconds backoff_delay(int failed_attempt, std::chrono::milliseconds base,
                                       std::chrono::milliseconds max, double jitter01,
                                       std::optional<std::chrono::milliseconds> retry_after);

// Retry-After in delta-seconds form ("3"); an HTTP-date or junk gives nullopt.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

struct HttpVerdict {
  SendError error;
  bool retry;
};
// Classifies a non-2xx answer (status and Twilio's "code", 0 if absent).
HttpVerdict classify_http(int status, int provider_code);

enum class TransportFault {
  not_sent_retry,  // connect refused / connect timeout / TLS handshake: request never left
  not_sent_final,  // local setup problem (certificates, bind): retrying will not help
  maybe_sent,      // failed after the request started going out: outcome unknown
};
TransportFault classify_transport(httplib::Error error);

struct SplitUrl {
  std::string scheme_host_port;  // "http://127.0.0.1:4010"
  std::string path_prefix;       // "" or "/prefix" (no trailing slash)
};
std::optional<SplitUrl> split_base_url(std::string_view base_url);

}  // namespace foxo::sms::detail
