// The guest proves a mobile number: name and number, then "Send code".
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

namespace {
std::string error_for(const FieldError& e, const char* field) { return e.field == field ? e.message : std::string(); }
}  // namespace

void guest_register(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("register");
  team_header(m);
  connection_banner(m, d);
  if (!m.signed_out_reason.empty()) ui::banner(m.signed_out_reason);  // signed out elsewhere, expired
  if (!m.team_problem.empty() || m.nav.team.empty()) {
    ui::text(m.team_problem.empty() ? "Open the chat link that the organisation gave you." : m.team_problem);
    ui::end_page();
    return;
  }
  ui::title("Start a secure chat");
  ui::muted("We send a 6-digit code to your mobile to check it is you.");
  ui::gap(0.5f);

  const FieldError& e = m.register_error;
  ui::input("First name", ui.first_name, ui.focus_next, {.keyboard = ui::Keyboard::given_name, .max_length = 100},
            error_for(e, "first_name"));
  ui::input("Last name", ui.last_name, ui.focus_next, {.keyboard = ui::Keyboard::family_name, .max_length = 100},
            error_for(e, "last_name"));
  bool submit = ui::input("Mobile number", ui.phone, ui.focus_next,
                          {.keyboard = ui::Keyboard::tel, .submit_on_enter = true, .max_length = 20},
                          error_for(e, "phone"));
  ui::gap(0.5f);
  submit |= ui::button("Send code", true, !m.sending_code);
  if (e.any() && e.field != "first_name" && e.field != "last_name" && e.field != "phone") ui::error(e.message);
  if (submit && !m.sending_code) d(intent::SendCode{ui.first_name, ui.last_name, ui.phone});
  ui::end_page();
}

}  // namespace foxo::client::screens
