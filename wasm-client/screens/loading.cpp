// Shown until the relay says whether a session exists (one round trip).
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void team_header(const Model& m) {
  if (!m.organisation_name.empty()) ui::muted(m.organisation_name);
  if (!m.team_name.empty()) ui::title(m.team_name);
  ui::gap(0.5f);
}

void connection_banner(const Model& m, Dispatch& d) {
  if (m.connection_problem.empty()) return;
  ui::error(m.connection_problem);
  if (ui::button("Try again", false)) d(intent::Retry{});
  ui::gap(0.5f);
}

void loading(const Model& m, UiState&, Dispatch& d) {
  ui::begin_page("loading");
  ui::gap(2);
  connection_banner(m, d);
  if (m.connection_problem.empty()) ui::muted("Connecting…");
  ui::end_page();
}

}  // namespace foxo::client::screens
