// Staff two-factor management (issue 18): enrolment (a new TOTP secret, its
// otpauth:// link and QR modules), confirmation (the first code, then ten
// recovery codes shown once), the organisation's require_mfa, and an admin's
// reset of a member's second factor. Signing in with the factor is
// StaffAuthService; the decisions are in mfa_decisions.hpp.
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "foxo/protocol.hpp"
#include "services/actor.hpp"
#include "services/audit.hpp"
#include "services/result.hpp"
#include "services/sessions.hpp"
#include "store/mfa_store.hpp"

namespace foxo::relay::services {

class StaffMfaService {
 public:
  using RandomBytes = std::function<std::vector<std::uint8_t>(std::size_t)>;
  StaffMfaService(store::MfaStore& mfa, Auditor& audit, const Clock& clock, RandomBytes random);

  // Whether this member may use nothing but enrolment, confirm and sign-out yet.
  bool enrolment_required(std::string_view staff_id);

  // A new pending secret (replacing an unconfirmed one). A member whose
  // second factor is already on: 409 conflict (an admin resets it first).
  Result<MfaEnrolment> enrol(const Principal& p);
  // The first code of the pending secret turns it on; answers the recovery codes.
  Result<MfaRecoveryCodes> confirm(const Principal& p, std::string_view code);

  // An organisation admin (`a`) removes member `staff_id`'s second factor.
  Result<bool> reset(const Actor& a, std::string_view staff_id);
  // An organisation admin sets require_mfa for their organisation.
  Result<bool> set_require_mfa(const Actor& a, bool on);

 private:
  store::MfaStore& mfa_;
  Auditor& audit_;
  const Clock& clock_;
  RandomBytes random_;
};

}  // namespace foxo::relay::services
