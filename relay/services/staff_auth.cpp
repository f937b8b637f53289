// StaffAuthService (staff_auth.hpp): password sign-in with failure-only rate
// limits and one answer for an unknown email and a wrong password.
#include "services/staff_auth.hpp"

#include "core/crypto.hpp"

namespace foxo::relay::services {
namespace {
// Verified against when the email is unknown, so both answers cost the same time.
const std::string& dummy_hash() {
  static const std::string h = hash_password("foxo-no-such-user");
  return h;
}
}  // namespace

StaffInfo to_staff_info(const store::StaffRecord& r) { return StaffInfo{r.id, r.name, r.email, r.team_slugs, r.is_admin}; }

StaffLoginResult StaffAuthService::login(const StaffLoginRequest& req, std::string_view client_address) {
  const TimeMs now = clock_.now();
  const TimeMs since = now - limits_.window + 1;
  StaffLoginResult out;
  // Refuse while too many recent failures stand against this email or address.
  TimeMs retry_at = 0;
  if (auth_.login_failures_for_email(req.email, since) >= limits_.per_email)
    retry_at = std::max(retry_at, auth_.oldest_login_failure_for_email(req.email, since).value_or(now) + limits_.window);
  if (auth_.login_failures_for_address(client_address, since) >= limits_.per_address)
    retry_at = std::max(retry_at,
                        auth_.oldest_login_failure_for_address(client_address, since).value_or(now) + limits_.window);
  const std::string email_ref = "email:" + sha256_hex(req.email).substr(0, 16);
  if (retry_at > now) {
    out.error = Error{ErrorCode::rate_limited, "Too many failed sign-ins. Try again later.", ""};
    out.retry_after_s = seconds_until(now, retry_at);
    audit_.record("", "anonymous", "staff.login_refused", email_ref);
    return out;
  }
  const auto staff = dir_.staff_by_email(req.email);
  const bool ok = staff ? verify_password(staff->password_hash, req.password)
                        : (verify_password(dummy_hash(), req.password), false);
  if (!ok) {
    auth_.record_login_failure(req.email, client_address, now);
    audit_.record(staff ? staff->org_id : "", "anonymous", "staff.login_failed", email_ref);
    out.error = Error{ErrorCode::bad_credentials, "Email or password is not right", ""};
    return out;
  }
  out.token = sessions_.create(store::SessionKind::staff, staff->id, staff->org_id);
  out.staff = to_staff_info(*staff);
  audit_.record(staff->org_id, "staff:" + staff->id, "staff.login", "staff:" + staff->id);
  return out;
}

std::optional<StaffInfo> StaffAuthService::info(std::string_view staff_id) {
  const auto s = dir_.staff_by_id(staff_id);
  if (!s) return std::nullopt;
  return to_staff_info(*s);
}

}  // namespace foxo::relay::services
