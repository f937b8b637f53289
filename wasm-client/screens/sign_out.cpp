// Sign out (issue 18): in the guest's menu and in the staff console's header
// (top right, drawn after the case lists so that Tab reaches the lists first).
// With unsent messages it asks first ("2 messages have not been sent yet. Sign
// out anyway?"): Confirm sign out or Cancel. What signing out does is the
// core's (app/update_storage.cpp).
#include <imgui.h>

#include <algorithm>

#include "app/storage.hpp"
#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

namespace {

void confirmation(const Model& m, Dispatch& d) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const std::string question = sign_out_question(unsent_count(m));
  ui::begin_group("dialog", question);
  ui::banner(question);
  const float half = (ui::column_width() - style.ItemSpacing.x) * 0.5f;
  if (ui::button("Confirm sign out", true, !m.signing_out, {}, half)) d(intent::SignOut{true});
  ImGui::SameLine();
  if (ui::button("Cancel", false, !m.signing_out, {}, half)) d(intent::CancelSignOut{});
  ui::end_group();
}

}  // namespace

void sign_out_part(const Model& m, const UiState& ui, Dispatch& d) {
  if (ui.confirm_sign_out) {
    confirmation(m, d);
  } else if (ui::button("Sign out", false, !m.signing_out, m.signing_out ? "Signing out…" : "")) {
    d(intent::SignOut{false});
  }
  ui::error(m.sign_out_problem);
}

Spot staff_header(const Model& m, const UiState& ui, Dispatch& d) {
  const ImGuiStyle& style = ImGui::GetStyle();
  idle_notice(m, d);
  const Spot at{ImGui::GetCursorPosX(), ImGui::GetCursorPosY()};
  if (!m.staff_name.empty()) ui::muted(m.staff_name + (m.live == Live::reconnecting ? " · reconnecting…" : ""));
  if (ui.confirm_sign_out) {
    confirmation(m, d);
  } else {
    // The line is as tall as the Sign out button drawn on it later.
    const float need = at.y + ImGui::GetFrameHeightWithSpacing() - ImGui::GetCursorPosY();
    if (need > style.ItemSpacing.y) ImGui::Dummy(ImVec2(1, need - style.ItemSpacing.y));
  }
  ui::error(m.sign_out_problem);
  alert_switches(m, d);
  return at;
}

void staff_sign_out(const Model& m, const UiState& ui, Dispatch& d, Spot at) {
  if (ui.confirm_sign_out) return;  // the header asks instead
  const ImVec2 back = ImGui::GetCursorPos();
  const float w = ui::button_width("Sign out");
  ImGui::SetCursorPos(ImVec2(at.x + ui::column_width() - w, at.y));
  if (ui::button("Sign out", false, !m.signing_out, m.signing_out ? "Signing out…" : "", w))
    d(intent::SignOut{false});
  ImGui::SetCursorPos(back);
}

}  // namespace foxo::client::screens
