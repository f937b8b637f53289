// Staff sign-in at /staff.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void staff_login(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("staff_login", 22.0f);
  ui::gap(1);
  connection_banner(m, d);
  ui::title("Foxo staff sign-in");
  ui::gap(0.5f);
  if (!m.signed_out_reason.empty()) ui::banner(m.signed_out_reason);  // signed out elsewhere, idle, expired
  const FieldError& e = m.staff_error;
  ui::input("Email", ui.email, ui.focus_next, {.keyboard = ui::Keyboard::email, .max_length = 254}, e.field == "email" ? e.message : "");
  bool submit = ui::input("Password", ui.password, ui.focus_next, {.keyboard = ui::Keyboard::password, .submit_on_enter = true},
                          e.field == "password" ? e.message : "");
  ui::gap(0.5f);
  submit |= ui::button("Sign in", true, !m.signing_in);
  if (e.any() && e.field != "email" && e.field != "password") ui::error(e.message);
  if (submit && !m.signing_in) d(intent::StaffSignIn{ui.email, ui.password});
  ui::end_page();
}

}  // namespace foxo::client::screens
