// One case for staff. Transcript, Claim and Request close come with the
// events stream; for now the screen leads back to the queue.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void staff_case(const Model&, UiState&, Dispatch& d) {
  ui::begin_page("staff_case", 40.0f);
  ui::title("Case");
  if (ui::button("Back", false)) d(intent::Back{});
  ui::end_page();
}

}  // namespace foxo::client::screens
