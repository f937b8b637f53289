// The signed-in guest: start a new chat, or go back to an earlier one from
// the hamburger menu.
#include <imgui.h>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void home(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("home");
  if (ui::menu_button("Menu")) ui.menu_open = !ui.menu_open;
  team_header(m);
  connection_banner(m, d);
  if (ui.menu_open) {
    guest_menu(m, ui, d);
    ui::end_page();
    return;
  }
  ui::title(m.guest_name.empty() ? "Welcome" : "Welcome, " + m.guest_name);
  ui::muted("Start a chat with the team.");
  ui::gap(0.5f);
  if (ui::button("New chat")) d(intent::NewChat{});
  int unread = 0;
  for (const auto& c : m.cases) unread += c.unread;
  if (!m.cases.empty()) {
    ui::gap(0.5f);
    std::string s = m.cases.size() == 1 ? "You have 1 earlier chat" : "You have " + std::to_string(m.cases.size()) + " earlier chats";
    if (unread > 0) s += unread == 1 ? ", with 1 new message" : ", with " + std::to_string(unread) + " new messages";
    ui::muted(s + ". Find them in the menu.");
  }
  ui::end_page();
}

}  // namespace foxo::client::screens
