// Time-based one-time passwords for staff two-factor sign-in (RFC 6238 over
// RFC 4226: HMAC-SHA1, 30-second steps, 6 digits, what every authenticator
// app reads from an otpauth:// link), computed by liboath (oath-toolkit).
// The secret is raw bytes; the caller stores it (encrypted) and remembers
// the last step accepted, so that each code is used once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace foxo::relay::totp {

inline constexpr int kDigits = 6;
inline constexpr int kStepSeconds = 30;
inline constexpr int kDriftSteps = 1;        // a code of the step before or after is accepted (clock drift)
inline constexpr std::size_t kSecretBytes = 20;  // 160 bits, RFC 4226's recommended length

// The secret as authenticator apps take it: RFC 4648 base32, without padding.
std::string base32(std::string_view secret);

// `otpauth://totp/Issuer:account?secret=...&issuer=...` (Google Authenticator's
// Key Uri Format), issuer and account percent-encoded as UTF-8.
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret);

// The code of the step holding `unix_seconds` (tests; and the enrolment check).
std::string code_at(std::string_view secret, std::int64_t unix_seconds);

// The step `code` belongs to when it is the code of the current step or one
// step either side and that step is after `last_used_step` (a code is good
// once: a replay, or an older code once a newer one was used, is refused;
// pass -1 before the first).
// nullopt for anything else, including a code that is not 6 digits.
std::optional<std::int64_t> accept(std::string_view secret, std::string_view code, std::int64_t unix_seconds,
                                   std::int64_t last_used_step);

}  // namespace foxo::relay::totp
