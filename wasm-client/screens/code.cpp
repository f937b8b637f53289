// The 6-digit code from the SMS: attempts left, expiry, and a resend that
// counts down (the relay's cooldown, 30 s by default). Also the resume
// screen: a link from a notification SMS opened without a session shows the
// masked number the relay sent the code to, and lands in that chat.
#include <cmath>
#include <string>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void code(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("code");
  team_header(m);
  connection_banner(m, d);
  ui::title("Enter the code");
  // From a resume link the relay knows the number and shows it masked.
  const std::string to = !m.phone_hint.empty() ? m.phone_hint : m.phone;
  if (!m.resume_token.empty()) ui::muted("To open your chat, check it is you.");
  ui::muted(to.empty() ? "We sent a 6-digit code to your mobile." : "We sent a code to " + to + ".");
  ui::gap(0.5f);

  const bool expired = m.code_expires_at_ms > 0 && m.now_ms >= m.code_expires_at_ms;
  bool submit = ui::input("Code", ui.code, ui.focus_next,
                          {.keyboard = ui::Keyboard::one_time_code, .submit_on_enter = true, .max_length = 6}, m.code_error.message);
  if (m.attempts_left > 0)
    ui::muted(std::to_string(m.attempts_left) + (m.attempts_left == 1 ? " try left." : " tries left."));
  if (expired) {
    ui::muted("This code has expired.");
  } else if (m.code_expires_at_ms > 0) {
    const int minutes = static_cast<int>(std::ceil((m.code_expires_at_ms - m.now_ms) / 60000.0));
    ui::muted("The code works for " + std::to_string(minutes) + (minutes == 1 ? " more minute." : " more minutes."));
  }
  ui::gap(0.5f);
  const bool can_verify = !m.verifying && !m.code_locked && !expired;
  submit |= ui::button("Verify", true, can_verify);
  if (submit && can_verify && !ui.code.empty()) d(intent::VerifyCode{ui.code});

  const double wait_ms = m.resend_at_ms - m.now_ms;
  const bool can_resend = wait_ms <= 0 && !m.sending_code;
  std::string shown;
  if (wait_ms > 0) shown = "Resend code in " + std::to_string(static_cast<int>(std::ceil(wait_ms / 1000.0))) + " s";
  if (ui::button("Resend code", false, can_resend, shown)) d(intent::ResendCode{});
  // A resume link's number is the one the chat was opened with: nothing to change here.
  if (m.resume_token.empty() && ui::button("Change name or number", false)) d(intent::ChangeNumber{});
  ui::end_page();
}

}  // namespace foxo::client::screens
