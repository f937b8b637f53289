// Error codes of the HTTP contract (docs/API.md) as an enum, with the status each
// one answers and a value type that carries a code, a message and a field.
#pragma once
#include <string>
#include <string_view>

namespace foxo {

enum class ErrorCode {
  invalid_field,       // 400: a request field is missing or malformed (`field` names it)
  invalid_json,        // 400: the body is not JSON of the expected shape
  unauthenticated,     // 401
  otp_invalid,         // 401: wrong code (carries attempts_left)
  bad_credentials,     // 401: staff email/password pair refused
  mfa_invalid,         // 401: wrong, used or expired two-factor code (staff)
  bad_origin,          // 403: cross-origin state change
  forbidden,           // 403: authenticated but not allowed (admin routes only)
  mfa_enrolment_required,  // 403: the organisation requires two-factor sign-in and this member has none yet
  not_found,           // 404: also what anyone who may not see a thing gets
  method_not_allowed,  // 405
  case_closed,         // 409
  already_claimed,     // 409
  conflict,            // 409: any other state conflict
  otp_expired,         // 410
  attachment_damaged,  // 410: a stored file failed its integrity check (never served; reported)
  too_large,           // 413
  unsupported_type,    // 415
  invalid_identifier,  // 422 (`field` names the identifier)
  otp_locked,          // 429
  rate_limited,        // 429 (with Retry-After)
  internal,            // 500: never leaks details
  unavailable,         // 503
};

std::string_view to_string(ErrorCode c);
int http_status(ErrorCode c);

struct Error {
  ErrorCode code;
  std::string message;
  std::string field;  // empty when the error is not about one field
};

}  // namespace foxo
