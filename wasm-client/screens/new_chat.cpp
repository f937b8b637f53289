// Choosing the subject of a new chat: the team's suggestions or free text.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void new_chat(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_page("new_chat");
  team_header(m);
  ui::title("What is it about?");
  if (!m.subjects.empty()) ui::muted("Choose one, or write your own below.");
  for (const auto& s : m.subjects)
    if (ui::item(s, {}, 0, ui.subject == s)) ui.subject = s;
  ui::gap(0.5f);
  bool next = ui::input("Subject", ui.subject, ui.focus_next, {.submit_on_enter = true, .max_length = 200});
  ui::gap(0.5f);
  const bool ready = ui.subject.find_first_not_of(' ') != std::string::npos;
  next |= ui::button("Next", true, ready);
  if (next && ready) d(intent::ChooseSubject{ui.subject});
  if (ui::button("Back", false)) d(intent::Back{});
  ui::end_page();
}

}  // namespace foxo::client::screens
