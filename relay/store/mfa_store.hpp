// Staff two-factor sign-in (issue 18): each member's TOTP secret, the last
// step used, recovery code hashes, the organisation's require_mfa, and half
// sign-ins waiting for their code. Secrets cross this interface as plain
// strings (hex of the secret bytes); the columns holding them are
// staff.mfa_secret and staff.mfa_pending_secret, written only by
// set_mfa_pending_secret and confirm_mfa and read only by staff_mfa.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace foxo::relay::store {

struct StaffMfaRecord {
  std::string staff_id, org_id, email, name;
  std::string org_name;
  bool org_requires_mfa = false;
  std::optional<std::string> secret;          // in use (hex); none: no second factor
  std::optional<std::string> pending_secret;  // shown at enrolment, not yet confirmed (hex)
  std::int64_t last_step = -1;                // newest TOTP step accepted (-1: none)
  std::vector<std::string> unused_recovery_hashes;
};

struct MfaLoginRecord {
  std::string token_hash, staff_id, org_id;
  TimeMs created_at = 0;
};

class MfaStore {
 public:
  virtual ~MfaStore() = default;
  virtual std::optional<StaffMfaRecord> staff_mfa(std::string_view staff_id) = 0;
  // Whether the member must enrol before anything else: the organisation
  // requires it and they have no secret in use (one read per staff request).
  virtual bool mfa_enrolment_required(std::string_view staff_id) = 0;
  virtual void set_mfa_pending_secret(std::string_view staff_id, std::string_view secret_hex) = 0;
  // Makes the pending secret the one in use (only if it is still `pending_hex`),
  // with `step` as its last used step and these recovery code hashes (the old
  // ones go). False when the pending secret changed meanwhile.
  virtual bool confirm_mfa(std::string_view staff_id, std::string_view pending_hex, std::int64_t step,
                           const std::vector<std::string>& recovery_hashes) = 0;
  // Records `step` as used if it is newer than the last one and the secret is
  // still `secret_hex`; false otherwise (a replay racing this one).
  virtual bool use_mfa_step(std::string_view staff_id, std::string_view secret_hex, std::int64_t step) = 0;
  // Marks an unused recovery code used; false when it was not unused.
  virtual bool use_recovery_code(std::string_view staff_id, std::string_view code_hash, TimeMs now) = 0;
  // Removes the second factor (secret, pending secret, recovery codes); false for an unknown member.
  virtual bool reset_mfa(std::string_view staff_id) = 0;

  virtual bool set_org_require_mfa(std::string_view org_id, bool on) = 0;

  virtual void create_mfa_login(const MfaLoginRecord& r) = 0;
  virtual std::optional<MfaLoginRecord> find_mfa_login(std::string_view token_hash) = 0;
  virtual void delete_mfa_login(std::string_view token_hash) = 0;
  // Half sign-ins created before `before` (expired) are deleted.
  virtual void delete_mfa_logins_before(TimeMs before) = 0;
};

}  // namespace foxo::relay::store
