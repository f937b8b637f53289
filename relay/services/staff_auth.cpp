// StaffAuthService (staff_auth.hpp): password sign-in with failure-only rate
// limits and one answer for an unknown email and a wrong password, then the
// second factor when the member has one (decisions: mfa_decisions.hpp).
#include "services/staff_auth.hpp"

#include "core/crypto.hpp"
#include "services/mfa_decisions.hpp"

namespace foxo::relay::services {
namespace {
// Verified against when the email is unknown, so both answers cost the same time.
const std::string& dummy_hash() {
  static const std::string h = hash_password("foxo-no-such-user");
  return h;
}
std::string email_ref(std::string_view email) { return "email:" + sha256_hex(email).substr(0, 16); }
}  // namespace

StaffInfo to_staff_info(const store::StaffRecord& r) { return StaffInfo{r.id, r.name, r.email, r.team_slugs, r.is_admin}; }

TimeMs StaffAuthService::refused_until(std::string_view email, std::string_view client_address, TimeMs now) {
  const TimeMs since = now - limits_.window + 1;
  TimeMs retry_at = 0;
  if (auth_.login_failures_for_email(email, since) >= limits_.per_email)
    retry_at = std::max(retry_at, auth_.oldest_login_failure_for_email(email, since).value_or(now) + limits_.window);
  if (auth_.login_failures_for_address(client_address, since) >= limits_.per_address)
    retry_at = std::max(retry_at,
                        auth_.oldest_login_failure_for_address(client_address, since).value_or(now) + limits_.window);
  return retry_at > now ? retry_at : 0;
}

void StaffAuthService::open_session(const store::StaffRecord& staff, const char* audit_action, StaffLoginResult& out) {
  out.token = sessions_.create(store::SessionKind::staff, staff.id, staff.org_id);
  out.staff = to_staff_info(staff);
  audit_.record(staff.org_id, "staff:" + staff.id, audit_action, "staff:" + staff.id);
}

StaffLoginResult StaffAuthService::login(const StaffLoginRequest& req, std::string_view client_address) {
  const TimeMs now = clock_.now();
  StaffLoginResult out;
  // Refuse while too many recent failures stand against this email or address.
  if (const TimeMs retry_at = refused_until(req.email, client_address, now)) {
    out.error = Error{ErrorCode::rate_limited, "Too many failed sign-ins. Try again later.", ""};
    out.retry_after_s = seconds_until(now, retry_at);
    audit_.record("", "anonymous", "staff.login_refused", email_ref(req.email));
    return out;
  }
  const auto staff = dir_.staff_by_email(req.email);
  const bool ok = staff ? verify_password(staff->password_hash, req.password)
                        : (verify_password(dummy_hash(), req.password), false);
  if (!ok) {
    auth_.record_login_failure(req.email, client_address, now);
    audit_.record(staff ? staff->org_id : "", "anonymous", "staff.login_failed", email_ref(req.email));
    out.error = Error{ErrorCode::bad_credentials, "Email or password is not right", ""};
    return out;
  }
  const auto mfa = mfa_.staff_mfa(staff->id);
  const AfterPassword next = mfa ? after_password(*mfa) : AfterPassword::session;
  if (next == AfterPassword::code_required) {
    out.mfa_required = true;
    out.mfa_token = random_token(256);
    mfa_.delete_mfa_logins_before(now - kMfaLoginLifetime);
    mfa_.create_mfa_login({sha256_hex(out.mfa_token), staff->id, staff->org_id, now});
    audit_.record(staff->org_id, "anonymous", "staff.login_mfa_pending", "staff:" + staff->id);
    return out;
  }
  out.enrolment_required = next == AfterPassword::session_enrolment_required;
  open_session(*staff, "staff.login", out);
  return out;
}

StaffLoginResult StaffAuthService::login_mfa(std::string_view mfa_token, std::string_view code,
                                             std::string_view client_address) {
  const TimeMs now = clock_.now();
  StaffLoginResult out;
  const Error expired{ErrorCode::unauthenticated, "Sign in again: the code was not entered in time", ""};
  std::optional<store::MfaLoginRecord> pending;
  if (!mfa_token.empty() && mfa_token.size() <= 100) pending = mfa_.find_mfa_login(sha256_hex(mfa_token));
  const auto staff = pending && mfa_login_alive(*pending, now) ? dir_.staff_by_id(pending->staff_id) : std::nullopt;
  if (!staff) {
    out.error = expired;
    return out;
  }
  if (const TimeMs retry_at = refused_until(staff->email, client_address, now)) {
    out.error = Error{ErrorCode::rate_limited, "Too many failed sign-ins. Try again later.", ""};
    out.retry_after_s = seconds_until(now, retry_at);
    audit_.record(staff->org_id, "anonymous", "staff.login_refused", "staff:" + staff->id);
    return out;
  }
  const auto mfa = mfa_.staff_mfa(staff->id);
  const MfaCodeVerdict v = mfa ? judge_sign_in_code(*mfa, code, now / 1000) : MfaCodeVerdict{};
  // The store has the last word: a replay racing this request loses there.
  bool used = false;
  if (v.kind == MfaCodeVerdict::Kind::totp) used = mfa_.use_mfa_step(staff->id, *mfa->secret, v.step);
  else if (v.kind == MfaCodeVerdict::Kind::recovery) used = mfa_.use_recovery_code(staff->id, v.recovery_hash, now);
  if (!used) {
    auth_.record_login_failure(staff->email, client_address, now);
    audit_.record(staff->org_id, "anonymous", "staff.mfa_failed", "staff:" + staff->id);
    out.error = Error{ErrorCode::mfa_invalid, "That code is not right, or was used already", ""};
    return out;
  }
  mfa_.delete_mfa_login(pending->token_hash);
  open_session(*staff, v.kind == MfaCodeVerdict::Kind::recovery ? "staff.login_recovery_code" : "staff.login_mfa",
               out);
  return out;
}

std::optional<StaffInfo> StaffAuthService::info(std::string_view staff_id) {
  const auto s = dir_.staff_by_id(staff_id);
  if (!s) return std::nullopt;
  return to_staff_info(*s);
}

}  // namespace foxo::relay::services
