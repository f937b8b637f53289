// Shown until the relay says whether a session exists (one round trip).
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void loading(const Model& m, UiState&, Dispatch& d) {
  ui::begin_page("loading");
  ui::gap(2);
  connection_banner(m, d);
  if (m.connection_problem.empty()) ui::muted("Connecting…");
  ui::end_page();
}

}  // namespace foxo::client::screens
