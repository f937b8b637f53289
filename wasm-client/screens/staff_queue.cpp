// The staff console's home: the team's waiting cases (oldest first, with how
// long they have waited), then active, close-requested and closed cases. On a
// wide screen the lists sit in a left pane beside an empty case pane.
#include <imgui.h>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void staff_queue(const Model& m, UiState& ui, Dispatch& d) {
  const bool wide = wide_layout();
  ui::begin_page("staff_queue", wide ? 90.0f : 40.0f);
  connection_banner(m, d);
  const Spot header = staff_header(m, ui, d);
  if (ui::button("Two-factor", false, true, "Two-factor sign-in", -1)) d(intent::OpenMfaEnrolment{});
  if (!wide) {
    ui::title("Cases");
    staff_list_controls(m, ui, d);
    staff_lists(m, d);
    staff_sign_out(m, ui, d, header);
    ui::end_page();
    return;
  }
  const float col = ui::column_width();
  const float left = 24 * ui::em();
  ImGui::BeginChild("lists", ImVec2(left, 0), false);
  const float before = ui::set_column_width(left - ImGui::GetStyle().ScrollbarSize);
  ui::title("Cases");
  staff_list_controls(m, ui, d);
  staff_lists(m, d);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("case", ImVec2(col - left - ImGui::GetStyle().ItemSpacing.x, 0), false);
  ui::set_column_width(col - left - ImGui::GetStyle().ItemSpacing.x);
  ui::gap(2);
  ui::muted("Choose a case from the queue to see it here.");
  ImGui::EndChild();
  ui::set_column_width(before);
  staff_sign_out(m, ui, d, header);
  ui::end_page();
}

}  // namespace foxo::client::screens
