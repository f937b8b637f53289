// StaffMfaService (staff_mfa.hpp).
#include "services/staff_mfa.hpp"

#include "core/qr.hpp"
#include "core/recovery_codes.hpp"
#include "core/totp.hpp"
#include "services/mfa_decisions.hpp"

namespace foxo::relay::services {

StaffMfaService::StaffMfaService(store::MfaStore& mfa, Auditor& audit, const Clock& clock, RandomBytes random)
    : mfa_(mfa), audit_(audit), clock_(clock), random_(std::move(random)) {}

bool StaffMfaService::enrolment_required(std::string_view staff_id) { return mfa_.mfa_enrolment_required(staff_id); }

Result<MfaEnrolment> StaffMfaService::enrol(const Principal& p) {
  const auto m = mfa_.staff_mfa(p.subject_id);
  if (!m) return Result<MfaEnrolment>::fail(Error{ErrorCode::unauthenticated, "Please sign in", ""});
  if (m->secret)
    return Result<MfaEnrolment>::fail(
        Error{ErrorCode::conflict, "Two-factor sign-in is already on; an organisation admin can reset it", ""});
  const auto bytes = random_(totp::kSecretBytes);
  const std::string secret(bytes.begin(), bytes.end());
  mfa_.set_mfa_pending_secret(m->staff_id, secret_to_hex(secret));
  MfaEnrolment out;
  out.secret = totp::base32(secret);
  // The label apps show: the organisation, then the member's name and email.
  out.otpauth_uri = totp::otpauth_uri(m->org_name, m->name + " (" + m->email + ")", secret);
  if (const auto q = qr::encode(out.otpauth_uri)) {
    out.qr.size = q->size;
    out.qr.modules.reserve(q->dark.size());
    for (const bool dark : q->dark) out.qr.modules += dark ? '1' : '0';
  }
  audit_.record(m->org_id, "staff:" + m->staff_id, "staff.mfa_enrol", "staff:" + m->staff_id);
  return Result<MfaEnrolment>::of(std::move(out));
}

Result<MfaRecoveryCodes> StaffMfaService::confirm(const Principal& p, std::string_view code) {
  const auto m = mfa_.staff_mfa(p.subject_id);
  if (!m) return Result<MfaRecoveryCodes>::fail(Error{ErrorCode::unauthenticated, "Please sign in", ""});
  if (!m->pending_secret)
    return Result<MfaRecoveryCodes>::fail(Error{ErrorCode::conflict, "Start two-factor enrolment first", ""});
  const auto step = judge_enrolment_code(*m, code, clock_.now() / 1000);
  MfaRecoveryCodes out;
  std::vector<std::string> hashes;
  if (step) {
    out.recovery_codes = recovery::make_codes(random_);
    for (const auto& c : out.recovery_codes) hashes.push_back(*recovery::hash_of(c));
  }
  if (!step || !mfa_.confirm_mfa(m->staff_id, *m->pending_secret, *step, hashes)) {
    audit_.record(m->org_id, "staff:" + m->staff_id, "staff.mfa_failed", "staff:" + m->staff_id);
    return Result<MfaRecoveryCodes>::fail(Error{ErrorCode::mfa_invalid, "That code is not right", "code"});
  }
  audit_.record(m->org_id, "staff:" + m->staff_id, "staff.mfa_confirm", "staff:" + m->staff_id);
  return Result<MfaRecoveryCodes>::of(std::move(out));
}

Result<bool> StaffMfaService::reset(const Actor& a, std::string_view staff_id) {
  const auto target = staff_id.empty() || staff_id.size() > 100 ? std::nullopt : mfa_.staff_mfa(staff_id);
  if (const auto refusal = refuse_mfa_reset(a.viewer.org_id, a.is_admin, target))
    return Result<bool>::fail(*refusal);
  mfa_.reset_mfa(target->staff_id);
  audit_.record(a.viewer.org_id, a.audit_id(), "staff.mfa_reset", "staff:" + target->staff_id);
  return Result<bool>::of(true);
}

Result<bool> StaffMfaService::set_require_mfa(const Actor& a, bool on) {
  if (!a.is_admin)
    return Result<bool>::fail(Error{ErrorCode::forbidden, "Only an organisation admin can change this", ""});
  mfa_.set_org_require_mfa(a.viewer.org_id, on);
  audit_.record(a.viewer.org_id, a.audit_id(), on ? "org.require_mfa_on" : "org.require_mfa_off",
                "org:" + a.viewer.org_id);
  return Result<bool>::of(on);
}

}  // namespace foxo::relay::services
