// Staff two-factor sign-in (issue 18): after a right password the code half
// (a 6-digit TOTP code, or a recovery code) on staff_mfa_code; enrolment on
// staff_mfa_enrol (the relay's secret and QR modules, the first code, then
// the ten recovery codes shown once), opened from the console's Two-factor
// button or, when the organisation requires it, right after sign-in.
#include "app/decode.hpp"
#include "app/update_parts.hpp"

namespace foxo::client::core {

namespace {

bool is_error(const Response& r, const char* code) { return decode::error_reply(r.body).code == code; }

void signed_in_staff(Model& m, const Response& r) {
  const StaffInfo s = decode::staff(r.body).value_or(StaffInfo{});
  m.staff_name = s.name;
  m.staff_id = s.id;
  m.staff_teams = s.teams;
  m.staff_admin = s.admin;
}

void code_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  m.mfa.busy = false;
  if (ok(r)) {
    c.ui().mfa_code.clear();
    signed_in_staff(m, r);
    m.mfa = MfaModel{};
    navigate(c, nav::StaffSignedIn{});
    return;
  }
  c.ui().mfa_code.clear();
  if (r.status == 401 && is_error(r, "unauthenticated")) {
    // The half sign-in ran out (5 minutes) or is gone: the password again.
    navigate(c, nav::Back{});
    m.staff_error = {"", "That took too long. Sign in again."};
    return;
  }
  FieldError e = error_of(r, "That code did not work.");
  if (r.status == 401) e.message = "That code is not right, or was used already.";
  if (r.status == 429)
    e.message = "Too many wrong codes. Try again in " + (r.retry_after.empty() ? std::string("a few") : r.retry_after) +
                " seconds.";
  e.field = "code";
  m.mfa.error = e;
}

void enrol_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  m.mfa.busy = false;
  const auto e = ok(r) ? decode::mfa_enrolment(r.body) : std::nullopt;
  if (e) {
    m.mfa.secret = e->secret;
    m.mfa.otpauth_uri = e->otpauth_uri;
    m.mfa.qr = e->qr;
    c.ui().focus_next = "Authenticator code";
    return;
  }
  m.mfa.error = error_of(r, "Two-factor sign-in could not be set up. Try again.");
  if (r.status == 409) m.mfa.error.message = "Two-factor sign-in is already on. An organisation admin can reset it.";
}

void confirm_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  m.mfa.busy = false;
  c.ui().mfa_code.clear();
  if (ok(r)) {
    m.mfa.recovery_codes = decode::recovery_codes(r.body);
    m.mfa.required = false;
    m.mfa.secret.clear();  // not needed again, and not kept
    m.mfa.otpauth_uri.clear();
    m.mfa.qr = {};
    return;
  }
  FieldError e = error_of(r, "That code did not work.");
  if (r.status == 401) e.message = "That code is not right. Check the time on your phone and try the newest code.";
  e.field = "code";
  m.mfa.error = e;
}

}  // namespace

bool mfa_after_sign_in(Ctx& c, const Response& r) {
  Model& m = c.m();
  if (ok(r) && r.call == Call::staff_login) {
    const decode::StaffLoginFlags f = decode::staff_login_flags(r.body);
    if (f.mfa_required) {
      c.ui().password.clear();
      m.mfa = MfaModel{};
      navigate(c, nav::MfaCodeRequired{});
      return true;
    }
    if (f.enrolment_required) {
      signed_in_staff(m, r);
      m.mfa = MfaModel{};
      m.mfa.required = true;
      navigate(c, nav::MfaEnrolmentOpened{});
      return true;
    }
  }
  // At start: a session that must enrol before anything else.
  if (r.call == Call::staff_me && r.status == 403 && is_error(r, "mfa_enrolment_required")) {
    m.mfa = MfaModel{};
    m.mfa.required = true;
    navigate(c, nav::MfaEnrolmentOpened{});
    return true;
  }
  return false;
}

bool mfa_enrolment_demanded(Ctx& c, const Response& r) {
  Model& m = c.m();
  if (r.status != 403 || !c.is_staff() || (m.nav.screen != Screen::staff_queue && m.nav.screen != Screen::staff_case))
    return false;
  if (!is_error(r, "mfa_enrolment_required")) return false;
  m.mfa = MfaModel{};
  m.mfa.required = true;
  navigate(c, nav::MfaEnrolmentOpened{});
  return true;
}

void mfa_entered(Ctx& c, Screen s) {
  Model& m = c.m();
  UiState& ui = c.ui();
  ui.mfa_code.clear();
  ui.mfa_recovery = false;
  m.mfa.error = {};
  if (s == Screen::staff_mfa_code) {
    ui.focus_next = "Two-factor code";
  } else if (s == Screen::staff_mfa_enrol) {
    m.mfa.secret.clear();
    m.mfa.recovery_codes.clear();
    m.mfa.busy = true;
    c.send(Call::staff_mfa_enrol, "POST", "/api/v1/staff/mfa/enrol", "{}");
  }
}

void mfa_answer(Ctx& c, const Response& r) {
  switch (r.call) {
    case Call::staff_login_mfa: code_answer(c, r); break;
    case Call::staff_mfa_enrol: enrol_answer(c, r); break;
    case Call::staff_mfa_confirm: confirm_answer(c, r); break;
    default: assert(false && "update.cpp routes only two-factor answers here");
  }
}

void mfa_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  if (const auto* i = std::get_if<intent::MfaSignInCode>(&intent)) {
    const std::string code = trimmed(i->code);
    if (m.mfa.busy || code.empty() || m.nav.screen != Screen::staff_mfa_code) return;
    m.mfa.busy = true;
    m.mfa.error = {};
    c.send(Call::staff_login_mfa, "POST", "/api/v1/staff/login/mfa", json{{"code", code}}.dump());
  } else if (std::holds_alternative<intent::OpenMfaEnrolment>(intent)) {
    m.mfa = MfaModel{};
    navigate(c, nav::MfaEnrolmentOpened{});
  } else if (const auto* i = std::get_if<intent::MfaConfirm>(&intent)) {
    const std::string code = trimmed(i->code);
    if (m.mfa.busy || code.empty() || m.mfa.secret.empty()) return;
    m.mfa.busy = true;
    m.mfa.error = {};
    c.send(Call::staff_mfa_confirm, "POST", "/api/v1/staff/mfa/confirm", json{{"code", code}}.dump());
  } else if (std::holds_alternative<intent::MfaDone>(intent)) {
    // Cancelling is only for those the organisation does not require it of.
    if (m.mfa.required) return;
    m.mfa = MfaModel{};
    navigate(c, nav::MfaEnrolmentDone{});
  }
}

}  // namespace foxo::client::core
