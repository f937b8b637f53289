// The identifiers the organisation asks for, one input each, then the chat.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void identifiers(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("identifiers");
  team_header(m);
  ui::title(m.nav.subject);
  ui::muted("The team needs these details to help you.");
  bool complete = true;
  for (const auto& f : m.identifiers) {
    std::string& v = ui.identifier_values[f.key];
    ui::input(f.label, v, ui.focus_next, {.max_length = f.max_length});
    if (!f.required) ui::muted("Optional");
    if (f.required && v.empty()) complete = false;
  }
  ui::gap(0.5f);
  if (ui::button("Start chat", true, complete)) d(intent::StartChat{ui.identifier_values});
  if (ui::button("Back", false)) d(intent::Back{});
  ui::end_page();
}

}  // namespace foxo::client::screens
