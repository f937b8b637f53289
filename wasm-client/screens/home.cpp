// The signed-in guest: start a new chat, or go back to an earlier one from
// the menu.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

namespace foxo::client::screens {

namespace {
const char* status_text(const std::string& s) {
  if (s == "waiting") return "Waiting for the team";
  if (s == "active") return "Open";
  if (s == "close_requested") return "Closing";
  if (s == "closed") return "Closed";
  return "";
}
}  // namespace

void home(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("home");
  if (ui::menu_button("Menu")) ui.menu_open = !ui.menu_open;
  team_header(m);
  connection_banner(m, d);
  if (ui.menu_open) {
    ui::title("Your chats");
    if (m.cases.empty()) ui::muted("No earlier chats.");
    for (const auto& c : m.cases)
      if (ui::item(c.subject, status_text(c.status))) d(intent::OpenCase{c.id});
    ui::gap();
  }
  ui::title(m.guest_name.empty() ? "Welcome" : "Welcome, " + m.guest_name);
  ui::muted("Start a chat with the team. Earlier chats are in the menu.");
  ui::gap(0.5f);
  if (ui::button("New chat")) d(intent::NewChat{});
  ui::end_page();
}

}  // namespace foxo::client::screens
