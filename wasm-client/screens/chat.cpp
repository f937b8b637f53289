// The guest's chat: who is helping, the transcript, Message + Send. A close
// request from the team shows a banner; Close Chat asks for confirmation
// (Confirm close) so it is not pressed by mistake; a closed chat stays
// readable but takes no more messages.
#include <imgui.h>

#include <algorithm>

#include "screens/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

namespace {

std::string status_line(const Model& m) {
  const OpenCase& c = m.open_case;
  if (c.status == CaseStatus::waiting) return "Waiting for someone from the team to join.";
  if (c.status == CaseStatus::closed) return "This chat is closed. You can read it, but not write in it.";
  if (!c.assignee_name.empty()) return c.assignee_name + " is helping you.";
  return status_words(c.status);
}

}  // namespace

void chat(const Model& m, UiState& ui, Dispatch& d) {
  const OpenCase& c = m.open_case;
  ui::begin_page("chat", 40.0f, /*scroll=*/false);
  const float col = ui::column_width();
  const ImGuiStyle& style = ImGui::GetStyle();
  // Close Chat top right beside the menu, away from Send: closing is
  // deliberate. Under the menu when both do not fit (320 CSS px, large text).
  const bool can_close = c.loaded && c.open() && !ui.menu_open;
  const float close_w = std::min(col, ui::button_width("Close Chat"));
  const float beside = col - ui::menu_button_size() - style.ItemSpacing.x;
  const bool close_beside = can_close && close_w <= beside;
  auto close_button = [&](float x) {
    ImGui::SetCursorPosX(x);
    if (ui::button("Close Chat", false, !m.closing && !ui.confirm_close, {}, close_w)) ui.confirm_close = true;
  };
  if (close_beside) {
    close_button(ImGui::GetCursorPosX() + beside - close_w);
    ImGui::SameLine();
  }
  const float line_x = ImGui::GetCursorPosX();
  if (ui::menu_button("Menu")) ui.menu_open = !ui.menu_open;
  if (can_close && !close_beside) close_button(line_x + col - close_w);
  if (ui.menu_open) {
    guest_menu(m, ui, d);
    ui::end_page();
    return;
  }
  ui::muted(c.team_name.empty() ? m.team_name : c.team_name);
  ui::title(c.subject.empty() ? m.nav.subject : c.subject);
  if (c.loaded) ui::muted(status_line(m));
  if (m.live == Live::reconnecting) ui::muted("Reconnecting…");
  if (c.status == CaseStatus::close_requested && !ui.confirm_close)
    ui::banner("The team asked to close this chat. If you have everything you need, tap Close Chat. "
               "If not, just reply and the chat stays open.");
  ui::error(m.case_problem);

  // What goes under the transcript, measured first so the transcript takes the rest.
  float bottom = composer_height(m);
  const std::string confirm_text = "Close this chat? You can still read it afterwards, but nobody can write in it.";
  if (ui.confirm_close)
    bottom = ui::text_size(confirm_text, ui::FontRole::body, col - 1.4f * ui::em()).y + 1.4f * ui::em() +
             ImGui::GetFrameHeight() + 2 * style.ItemSpacing.y;
  else if (c.loaded && !c.open())
    bottom = ImGui::GetFrameHeight() + style.ItemSpacing.y;
  transcript(m, ui, d, /*staff_side=*/false, -bottom);

  if (ui.confirm_close) {
    ui::begin_group("dialog", confirm_text);
    ui::banner(confirm_text);
    const float half = (col - style.ItemSpacing.x) * 0.5f;
    if (ui::button("Confirm close", true, !m.closing, {}, half)) d(intent::CloseCase{});
    ImGui::SameLine();
    if (ui::button("Cancel", false, !m.closing, {}, half)) ui.confirm_close = false;
    ui::end_group();
  } else if (c.loaded && !c.open()) {
    if (ui::button("New chat", false)) d(intent::NewChat{});
  } else if (c.loaded) {
    composer(m, ui, d);
    drop_target(m);
  }
  ui::end_page();
}

}  // namespace foxo::client::screens
