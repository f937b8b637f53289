// The team's waiting cases, oldest first. Claiming comes with the case view.
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void staff_queue(const Model& m, UiState&, Dispatch& d) {
  ui::begin_page("staff_queue", 40.0f);
  connection_banner(m, d);
  if (!m.staff_name.empty()) ui::muted(m.staff_name);
  ui::title("Queue");
  if (m.queue.empty()) ui::muted(m.queue_loaded ? "No one is waiting." : "Loading…");
  for (const auto& c : m.queue)
    if (ui::item(c.subject, c.team_name)) d(intent::OpenCase{c.id});
  ui::end_page();
}

}  // namespace foxo::client::screens
