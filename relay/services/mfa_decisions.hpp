// Staff two-factor sign-in (issue 18) as pure decisions over what the store
// read (store::StaffMfaRecord), the typed code and the time: StaffAuthService
// and StaffMfaService read, call these, then write and audit. Tests:
// tests/relay/mfa_decisions_test.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/errors.hpp"
#include "foxo/time.hpp"
#include "store/mfa_store.hpp"

namespace foxo::relay::services {

// How long a half sign-in (password right, code due) waits for its code.
inline constexpr TimeMs kMfaLoginLifetime = minutes(5);

// What a right password leads to.
enum class AfterPassword {
  session,                     // no second factor, none required: a session
  session_enrolment_required,  // a session that opens only enrolment until they enrol
  code_required,               // a half sign-in; the code comes to /staff/login/mfa
};
AfterPassword after_password(const store::StaffMfaRecord& m);

// A code typed at /staff/login/mfa, judged against the member's secret in use
// and their unused recovery codes at `unix_seconds`.
struct MfaCodeVerdict {
  enum class Kind { totp, recovery, invalid } kind = Kind::invalid;
  std::int64_t step = -1;     // totp: the step to record as used
  std::string recovery_hash;  // recovery: the code to mark used
};
MfaCodeVerdict judge_sign_in_code(const store::StaffMfaRecord& m, std::string_view code, std::int64_t unix_seconds);

// A code typed at /staff/mfa/confirm, against the pending secret: the step to
// record, or nullopt (no pending secret, or not its code).
std::optional<std::int64_t> judge_enrolment_code(const store::StaffMfaRecord& m, std::string_view code,
                                                 std::int64_t unix_seconds);

// Whether a half sign-in read at `now` may still take its code.
bool mfa_login_alive(const store::MfaLoginRecord& r, TimeMs now);

// An organisation admin resetting a member's second factor: admins only, and
// only members of their own organisation (anything else, unknown ids
// included, is 403 forbidden, so no other organisation's ids can be probed).
std::optional<Error> refuse_mfa_reset(std::string_view admin_org_id, bool is_admin,
                                      const std::optional<store::StaffMfaRecord>& target);

// The secret bytes as stored (lowercase hex) and back (nullopt: not hex).
std::string secret_to_hex(std::string_view bytes);
std::optional<std::string> secret_from_hex(std::string_view hex);

}  // namespace foxo::relay::services
