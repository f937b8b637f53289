#include "foxo/errors.hpp"

namespace foxo {

std::string_view to_string(ErrorCode c) {
  switch (c) {
    case ErrorCode::invalid_field: return "invalid_field";
    case ErrorCode::invalid_json: return "invalid_json";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::otp_invalid: return "otp_invalid";
    case ErrorCode::bad_credentials: return "bad_credentials";
    case ErrorCode::mfa_invalid: return "mfa_invalid";
    case ErrorCode::bad_origin: return "bad_origin";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::mfa_enrolment_required: return "mfa_enrolment_required";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::case_closed: return "case_closed";
    case ErrorCode::already_claimed: return "already_claimed";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::otp_expired: return "otp_expired";
    case ErrorCode::attachment_damaged: return "attachment_damaged";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::unsupported_type: return "unsupported_type";
    case ErrorCode::invalid_identifier: return "invalid_identifier";
    case ErrorCode::otp_locked: return "otp_locked";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::internal: return "internal";
    case ErrorCode::unavailable: return "unavailable";
  }
  return "internal";
}

int http_status(ErrorCode c) {
  switch (c) {
    case ErrorCode::invalid_field:
    case ErrorCode::invalid_json: return 400;
    case ErrorCode::unauthenticated:
    case ErrorCode::otp_invalid:
    case ErrorCode::bad_credentials:
    case ErrorCode::mfa_invalid: return 401;
    case ErrorCode::bad_origin:
    case ErrorCode::forbidden:
    case ErrorCode::mfa_enrolment_required: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::case_closed:
    case ErrorCode::already_claimed:
    case ErrorCode::conflict: return 409;
    case ErrorCode::otp_expired:
    case ErrorCode::attachment_damaged: return 410;
    case ErrorCode::too_large: return 413;
    case ErrorCode::unsupported_type: return 415;
    case ErrorCode::invalid_identifier: return 422;
    case ErrorCode::otp_locked:
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::internal: return 500;
    case ErrorCode::unavailable: return 503;
  }
  return 500;
}

}  // namespace foxo
