#include "sms/gateway.hpp"

namespace foxo::sms {

std::string_view to_string(SendError e) {
  switch (e) {
    case SendError::none: return "none";
    case SendError::invalid_number: return "invalid_number";
    case SendError::opted_out: return "opted_out";
    case SendError::rejected: return "rejected";
    case SendError::auth_failed: return "auth_failed";
    case SendError::unavailable: return "unavailable";
    case SendError::unknown_outcome: return "unknown_outcome";
    case SendError::body_too_long: return "body_too_long";
  }
  return "unknown";
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool looks_like_e164(std::string_view to) {
  if (to.size() < 8 || to.size() > 16 || to[0] != '+' || to[1] == '0') return false;
  for (std::size_t i = 1; i < to.size(); ++i) {
    if (to[i] < '0' || to[i] > '9') return false;
  }
  return true;
}

std::optional<SendResult> check_before_send(const Sms& sms) {
  if (!looks_like_e164(sms.to)) {
    SendResult r;
    r.error = SendError::invalid_number;
    r.detail = "recipient is not an E.164 number";
    return r;
  }
  if (auto n = utf8_length(sms.body); n > max_body_chars) {
    SendResult r;
    r.error = SendError::body_too_long;
    r.detail = "body has " + std::to_string(n) + " characters, at most " +
               std::to_string(max_body_chars) + " allowed";
    return r;
  }
  return std::nullopt;
}

}  // namespace foxo::sms
