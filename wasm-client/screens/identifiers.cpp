// Who the chat is about: name and phone from the verified guest (read-only),
// then one input per identifier the organisation asks for, required ones
// marked, errors beside the field they concern; then the chat starts.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void identifiers(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("identifiers");
  team_header(m);
  ui::title(m.nav.subject);
  ui::muted("The team needs these details to help you.");
  ui::gap(0.5f);
  ui::readonly_field("Your name", m.guest_first + " " + m.guest_last);
  ui::readonly_field("Your mobile", m.guest_phone);
  for (const auto& f : m.identifiers) {
    std::string& v = ui.identifier_values[f.key];
    std::string err = ui.identifier_errors[f.key];
    if (m.create_error.field == f.key) err = m.create_error.message;
    ui::input(f.label, v, ui.focus_next,
              {.max_length = f.max_length, .required = f.required, .optional = !f.required}, err);
    if (!v.empty()) ui.identifier_errors.erase(f.key);
  }
  ui::gap(0.5f);
  if (ui::button("Start chat", true, !m.creating_case)) {
    // The relay checks too (422 invalid_identifier); this saves a round trip
    // for the common slip of a required field left empty.
    bool complete = true;
    for (const auto& f : m.identifiers) {
      if (f.required && ui.identifier_values[f.key].find_first_not_of(' ') == std::string::npos) {
        ui.identifier_errors[f.key] = "Enter the " + f.label + ".";
        complete = false;
      }
    }
    if (complete) d(intent::StartChat{ui.identifier_values});
  }
  bool field_error = false;
  for (const auto& f : m.identifiers) field_error |= m.create_error.field == f.key;
  if (m.create_error.any() && !field_error) ui::error(m.create_error.message);
  if (ui::button("Back", false)) d(intent::Back{});
  ui::end_page();
}

}  // namespace foxo::client::screens
