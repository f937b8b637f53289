// The second half of a two-factor sign-in: the 6-digit code from the
// authenticator app (numeric keyboard, one-time-code autofill) or, after
// "Use a recovery code", one of the recovery codes (a text keyboard).
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void staff_mfa_code(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("staff_mfa_code", 22.0f);
  ui::gap(1);
  connection_banner(m, d);
  ui::title("Two-factor sign-in");
  const std::string& err = m.mfa.error.message;
  bool submit = false;
  if (!ui.mfa_recovery) {
    ui::muted("Enter the 6-digit code your authenticator app shows for Foxo.");
    ui::gap(0.5f);
    submit = ui::input("Two-factor code", ui.mfa_code, ui.focus_next,
                       {.keyboard = ui::Keyboard::one_time_code, .submit_on_enter = true, .max_length = 6}, err);
  } else {
    ui::muted("Enter one of the recovery codes you kept when you set up two-factor sign-in. Each works once.");
    ui::gap(0.5f);
    submit = ui::input("Recovery code", ui.mfa_code, ui.focus_next, {.submit_on_enter = true, .max_length = 20}, err);
  }
  ui::gap(0.5f);
  submit |= ui::button("Verify code", true, !m.mfa.busy);
  if (submit && !m.mfa.busy && !ui.mfa_code.empty()) d(intent::MfaSignInCode{ui.mfa_code});
  if (ui::button(ui.mfa_recovery ? "Use the app code" : "Use a recovery code", false)) {
    ui.mfa_recovery = !ui.mfa_recovery;
    ui.mfa_code.clear();
    ui.focus_next = ui.mfa_recovery ? "Recovery code" : "Two-factor code";
  }
  if (ui::button("Back", false)) d(intent::Back{});
  ui::end_page();
}

}  // namespace foxo::client::screens
