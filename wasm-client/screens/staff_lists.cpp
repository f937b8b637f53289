// Above the staff console's case lists (issue 20): the filter (Mine,
// Unassigned, All; the chosen one stands out, and stays for the session) and
// the Search input, asked once typing pauses or on Enter; clearing it brings
// the lists back. The lists themselves are drawn by parts.cpp (staff_lists).
#include <imgui.h>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void staff_list_controls(const Model& m, UiState& ui, Dispatch& d) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float w = (ui::column_width() - 2 * spacing) / 3;
  const std::pair<const char*, ListFilter> tabs[] = {
      {"Mine", ListFilter::mine}, {"Unassigned", ListFilter::unassigned}, {"All", ListFilter::all}};
  bool first = true;
  for (const auto& [label, filter] : tabs) {
    if (!first) ImGui::SameLine();
    first = false;
    if (ui::button(label, m.list_filter == filter, true, {}, w) && m.list_filter != filter)
      d(intent::FilterLists{filter});
  }
  const bool enter = ui::input("Search", ui.search, ui.focus_next,
                               {.keyboard = ui::Keyboard::text, .submit_on_enter = true, .max_length = 200, .hide_label = true});
  if (enter) d(intent::SearchTyped{ui.search, true});
  else if (ui.search != m.search.typed) d(intent::SearchTyped{ui.search, false});
}

}  // namespace foxo::client::screens
