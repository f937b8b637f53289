// Staff sign-in: Argon2id passwords, failure-only rate limits (10 per email and
// 50 per client address per 15 minutes), one answer for unknown email and wrong
// password; with a second factor (issue 18), a half sign-in whose TOTP or
// recovery code comes to login_mfa, its wrong codes counted as failures too.
#pragma once
#include <optional>
#include <string>

#include "foxo/errors.hpp"
#include "foxo/protocol.hpp"
#include "services/audit.hpp"
#include "services/sessions.hpp"
#include "store/directory_store.hpp"
#include "store/mfa_store.hpp"

namespace foxo::relay::services {

struct StaffLoginLimits {
  int per_email = 10;
  int per_address = 50;
  TimeMs window = minutes(15);
};

struct StaffLoginResult {
  std::optional<Error> error;
  std::int64_t retry_after_s = 0;  // with rate_limited
  StaffInfo staff;
  std::string token;
  // Two-factor sign-in: the password was right and a code is due; no session
  // yet, only `mfa_token` for the half sign-in's cookie.
  bool mfa_required = false;
  std::string mfa_token;
  // A session was made, but the organisation requires a second factor this
  // member has not set up: it opens enrolment only.
  bool enrolment_required = false;
};

class StaffAuthService {
 public:
  StaffAuthService(store::DirectoryStore& dir, store::AuthStore& auth, store::MfaStore& mfa, SessionService& sessions,
                   Auditor& audit, const Clock& clock, StaffLoginLimits limits = {})
      : dir_(dir), auth_(auth), mfa_(mfa), sessions_(sessions), audit_(audit), clock_(clock), limits_(limits) {}

  StaffLoginResult login(const StaffLoginRequest& req, std::string_view client_address);
  // The second half of a two-factor sign-in: `mfa_token` from login's
  // answer (its cookie), a TOTP or unused recovery code. Wrong codes count
  // against the sign-in limits of the member's email and the address.
  StaffLoginResult login_mfa(std::string_view mfa_token, std::string_view code, std::string_view client_address);
  // The staff member's public view.
  std::optional<StaffInfo> info(std::string_view staff_id);

 private:
  store::DirectoryStore& dir_;
  // When the sign-in limits of this email or address refuse attempts (0: they do not).
  TimeMs refused_until(std::string_view email, std::string_view client_address, TimeMs now);
  // The session of a signed-in member, and its audit row.
  void open_session(const store::StaffRecord& staff, const char* audit_action, StaffLoginResult& out);

  store::AuthStore& auth_;
  store::MfaStore& mfa_;
  SessionService& sessions_;
  Auditor& audit_;
  const Clock& clock_;
  StaffLoginLimits limits_;
};

StaffInfo to_staff_info(const store::StaffRecord& r);

}  // namespace foxo::relay::services
