// SMS gateway interface: the relay's services send an Sms through a Gateway
// and get a SendResult back. Errors at this I/O edge are values, never
// exceptions (cpp-httplib style): a caller switches on SendResult::error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace foxo::sms {

// Twilio's limit for a message body, in characters (counted as UTF-8 code points).
inline constexpr std::size_t max_body_chars = 1600;

struct Sms {
  std::string to;    // E.164, e.g. "+61412345678"
  std::string body;  // UTF-8
};

enum class SendError {
  none,             // accepted by the provider (provider_id set)
  invalid_number,   // not E.164, or Twilio 21211 / 21614
  opted_out,        // Twilio 21610: the recipient replied STOP
  rejected,         // any other 4xx answer (bad From, region not enabled, 422...)
  auth_failed,      // 401: wrong Account SID / token / API key
  unavailable,      // retries exhausted on 429 / 5xx / connect failures, or TLS setup failed
  unknown_outcome,  // request written but no usable answer: never retried, so never sent twice
  body_too_long,    // body over max_body_chars: refused before any request
};

std::string_view to_string(SendError e);

struct SendResult {
  SendError error = SendError::none;
  std::string provider_id;  // Twilio Message SID ("SM...") on success
  int http_status = 0;      // last HTTP status seen, 0 if none
  int provider_code = 0;    // Twilio error code ("code" in the error JSON), 0 if none
  int attempts = 0;         // HTTP requests attempted (0 when refused locally)
  std::string detail;       // human text for logs/operators; never holds a full phone number
  bool ok() const { return error == SendError::none; }
};

class Gateway {
 public:
  virtual ~Gateway() = default;
  // Thread-safe: may be called from several threads at once.
  virtual SendResult send(const Sms& sms) = 0;
  virtual std::string_view name() const = 0;
};

// Number of UTF-8 code points in s (bytes that are not continuation bytes).
std::size_t utf8_length(std::string_view s);

// "+" then 7 to 15 digits, the first not 0.
bool looks_like_e164(std::string_view to);

// The checks every gateway makes before sending: an E.164 recipient and a
// body of at most max_body_chars. Returns the refusal, or nullopt when fine.
std::optional<SendResult> check_before_send(const Sms& sms);

}  // namespace foxo::sms
