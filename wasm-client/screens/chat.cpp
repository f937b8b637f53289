// The guest's chat. The transcript and composer arrive with the events
// stream; for now the screen names the case and leads back.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void chat(const Model& m, UiState&, Dispatch& d) {
  ui::begin_page("chat");
  team_header(m);
  ui::muted("Your chat is open. The team will reply here.");
  if (ui::button("Back", false)) d(intent::Back{});
  ui::end_page();
}

}  // namespace foxo::client::screens
