// Two-factor decisions (mfa_decisions.hpp).
#include "services/mfa_decisions.hpp"

#include <algorithm>

#include "core/recovery_codes.hpp"
#include "core/totp.hpp"

namespace foxo::relay::services {
namespace {
bool six_digits(std::string_view code) {
  return code.size() == static_cast<std::size_t>(totp::kDigits) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

AfterPassword after_password(const store::StaffMfaRecord& m) {
  if (m.secret) return AfterPassword::code_required;
  if (m.org_requires_mfa) return AfterPassword::session_enrolment_required;
  return AfterPassword::session;
}

MfaCodeVerdict judge_sign_in_code(const store::StaffMfaRecord& m, std::string_view code, std::int64_t unix_seconds) {
  MfaCodeVerdict v;
  if (!m.secret) return v;
  if (six_digits(code)) {
    const auto secret = secret_from_hex(*m.secret);
    if (!secret) return v;
    if (const auto step = totp::accept(*secret, code, unix_seconds, m.last_step)) {
      v.kind = MfaCodeVerdict::Kind::totp;
      v.step = *step;
    }
    return v;
  }
  const auto hash = recovery::hash_of(code);
  if (!hash) return v;
  if (std::find(m.unused_recovery_hashes.begin(), m.unused_recovery_hashes.end(), *hash) ==
      m.unused_recovery_hashes.end())
    return v;
  v.kind = MfaCodeVerdict::Kind::recovery;
  v.recovery_hash = *hash;
  return v;
}

std::optional<std::int64_t> judge_enrolment_code(const store::StaffMfaRecord& m, std::string_view code,
                                                 std::int64_t unix_seconds) {
  if (!m.pending_secret) return std::nullopt;
  const auto secret = secret_from_hex(*m.pending_secret);
  if (!secret) return std::nullopt;
  return totp::accept(*secret, code, unix_seconds, -1);
}

bool mfa_login_alive(const store::MfaLoginRecord& r, TimeMs now) {
  return now >= r.created_at && now - r.created_at < kMfaLoginLifetime;
}

std::optional<Error> refuse_mfa_reset(std::string_view admin_org_id, bool is_admin,
                                      const std::optional<store::StaffMfaRecord>& target) {
  if (!is_admin) return Error{ErrorCode::forbidden, "Only an organisation admin can reset two-factor sign-in", ""};
  if (!target || target->org_id != admin_org_id)
    return Error{ErrorCode::forbidden, "That staff member is not in your organisation", ""};
  return std::nullopt;
}

std::string secret_to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> secret_from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace foxo::relay::services
