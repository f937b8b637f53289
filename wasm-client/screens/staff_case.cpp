// One case for staff: the guest's name, phone and identifiers, Claim while it
// waits, Request close while active, the transcript and Message + Send. On a
// wide screen the case lists stay in a left pane.
#include <imgui.h>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

namespace {

std::string label_of(const Model& m, const std::string& team, const std::string& key) {
  auto it = m.team_fields.find(team);
  if (it != m.team_fields.end())
    for (const auto& f : it->second)
      if (f.key == key) return f.label;
  return key;
}

void case_pane(const Model& m, UiState& ui, Dispatch& d, bool wide) {
  const OpenCase& c = m.open_case;
  const ImGuiStyle& style = ImGui::GetStyle();
  if (!wide && ui::button("Back", false, true, "< Cases", -1)) d(intent::Back{});
  if (!c.loaded) {
    ui::muted(c.missing ? "This case could not be found." : "Loading…");
    return;
  }
  ui::title(c.subject);
  std::string status = status_words(c.status);
  if (c.status == CaseStatus::waiting) status = "Waiting in the queue";
  if (!c.assignee_name.empty() && c.status != CaseStatus::waiting) status += " · " + c.assignee_name;
  ui::muted(c.team_name + " · " + status);
  ui::text(c.guest_first + " " + c.guest_last + "  " + c.guest_phone);
  for (const auto& [k, v] : c.identifiers) ui::text(label_of(m, c.team_slug, k) + ": " + v);
  ui::error(m.case_problem);

  // Actions on one line, sized to their words.
  bool any_action = false;
  if (!case_in_my_teams(m)) {
    // Transferred out of this member's teams while on screen.
    ui::muted("This chat is now with " + c.team_name + ".");
    any_action = true;
  } else if (c.status == CaseStatus::waiting) {
    if (ui::button("Claim", true, !m.claiming, {}, -1)) d(intent::Claim{});
    any_action = true;
  }
  // Once claimed, only the assignee writes and asks to close (the relay
  // answers 409 to anyone else).
  const bool mine = !c.assignee_id.empty() && c.assignee_id == m.staff_id;
  if (c.status == CaseStatus::active && mine) {
    if (ui::button("Request close", false, !m.requesting_close, {}, -1)) d(intent::RequestClose{});
    any_action = true;
  }
  if (!any_action && c.status == CaseStatus::close_requested) ui::muted("Waiting for the guest to close the chat.");
  handover_controls(m, ui, d);

  const bool can_write = (c.status == CaseStatus::active || c.status == CaseStatus::close_requested) && mine;
  float bottom = can_write ? composer_height(m) : ImGui::GetTextLineHeightWithSpacing() + style.ItemSpacing.y;
  transcript(m, ui, d, /*staff_side=*/true, -bottom);
  if (can_write) {
    composer(m, ui, d);
    drop_target(m);
  }
  else if (c.status == CaseStatus::waiting && case_in_my_teams(m)) ui::muted("Claim the case to reply.");
  else if (c.status == CaseStatus::closed) ui::muted("This case is closed.");
  else if (!c.assignee_name.empty()) ui::muted(c.assignee_name + " is handling this case.");
  else ui::gap(1);  // transferred away: said above the transcript
}

}  // namespace

void staff_case(const Model& m, UiState& ui, Dispatch& d) {
  const bool wide = wide_layout();
  ui::begin_page("staff_case", wide ? 90.0f : 40.0f, /*scroll=*/false);
  if (!wide) {
    const Spot header = staff_header(m, ui, d);
    case_pane(m, ui, d, false);
    staff_sign_out(m, ui, d, header);
    ui::end_page();
    return;
  }
  const float col = ui::column_width();
  const float left = 24 * ui::em();
  ImGui::BeginChild("lists", ImVec2(left, 0), false);
  const float before = ui::set_column_width(left - ImGui::GetStyle().ScrollbarSize);
  const Spot header = staff_header(m, ui, d);
  ui::title("Cases");
  staff_list_controls(m, ui, d);
  staff_lists(m, d);
  staff_sign_out(m, ui, d, header);
  ImGui::EndChild();
  ImGui::SameLine();
  const float right = col - left - ImGui::GetStyle().ItemSpacing.x;
  ImGui::BeginChild("case", ImVec2(right, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  ui::set_column_width(right);
  case_pane(m, ui, d, true);
  ImGui::EndChild();
  ui::set_column_width(before);
  ui::end_page();
}

}  // namespace foxo::client::screens
