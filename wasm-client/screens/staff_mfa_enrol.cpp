// Setting up two-factor sign-in: the QR code of the relay's otpauth:// link
// (drawn from its modules), the same key as selectable text for typing into
// an app by hand, the app's first code to turn it on; then the ten recovery
// codes, shown this once. Opened from the console's Two-factor button, or
// right after sign-in when the organisation requires it (no way around it then).
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

namespace {

void recovery_codes(const Model& m, Dispatch& d) {
  ui::title("Keep these recovery codes");
  ui::banner("Two-factor sign-in is on. If you lose your phone, each of these codes signs you in once. "
             "Write them down or save them somewhere safe now: they are not shown again.");
  ui::gap(0.5f);
  std::string all;
  for (const auto& c : m.mfa.recovery_codes) all += (all.empty() ? "" : "\n") + c;
  ui::selectable_text(all);
  ui::gap(0.5f);
  if (ui::button("I have kept these codes")) d(intent::MfaDone{});
}

}  // namespace

void staff_mfa_enrol(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("staff_mfa_enrol", 26.0f);
  ui::gap(1);
  connection_banner(m, d);
  if (!m.mfa.recovery_codes.empty()) {
    recovery_codes(m, d);
    ui::end_page();
    return;
  }
  ui::title("Set up two-factor sign-in");
  if (m.mfa.required) ui::banner("Your organisation requires two-factor sign-in. Set it up to continue.");
  if (m.mfa.secret.empty()) {
    if (m.mfa.busy) ui::muted("Preparing…");
    if (m.mfa.error.any()) ui::error(m.mfa.error.message);
  } else {
    ui::text("1. Scan this code with an authenticator app (for example Google Authenticator, Microsoft "
             "Authenticator or 1Password).");
    ui::gap(0.5f);
    ui::qr_code(static_cast<int>(m.mfa.qr.size), m.mfa.qr.modules);
    ui::gap(0.5f);
    ui::muted("Or type this key into the app:");
    ui::selectable_text(m.mfa.secret);
    ui::gap(0.5f);
    ui::text("2. Enter the 6-digit code the app shows.");
    bool submit = ui::input("Authenticator code", ui.mfa_code, ui.focus_next,
                            {.keyboard = ui::Keyboard::one_time_code, .submit_on_enter = true, .max_length = 6},
                            m.mfa.error.message);
    ui::gap(0.5f);
    submit |= ui::button("Turn on", true, !m.mfa.busy);
    if (submit && !m.mfa.busy && !ui.mfa_code.empty()) d(intent::MfaConfirm{ui.mfa_code});
  }
  if (!m.mfa.required && ui::button("Cancel", false)) d(intent::MfaDone{});
  ui::end_page();
}

}  // namespace foxo::client::screens
