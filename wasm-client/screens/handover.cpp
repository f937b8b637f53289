// Handing the open case on (issue 20), under the staff case view's actions:
// Hand over, Return to queue and Transfer, shown to whom the relay allows
// them (app/views.hpp may_hand_over, may_transfer). Hand over and Transfer
// open a chooser below the buttons (the colleagues of the case's team, the
// organisation's other teams): the choice itself is the confirmation.
// Failures show under the buttons; the pressed one says what is in flight.
#include <imgui.h>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

namespace {

using Busy = HandoverModel::Busy;
using Chooser = UiState::Chooser;

// A row of buttons sized to their words, wrapping when the column is full.
struct Row {
  float used = 0;
  bool first = true;
  void place(float w) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    if (!first && used + spacing + w <= ui::column_width()) {
      ImGui::SameLine();
      used += spacing + w;
    } else {
      used = w;
    }
    first = false;
  }
};

void toggle(UiState& ui, Dispatch& d, Chooser which) {
  ui.chooser = ui.chooser == which ? Chooser::none : which;
  if (ui.chooser != Chooser::none) d(intent::WantColleagues{});
}

void chooser(const Model& m, UiState& ui, Dispatch& d) {
  const HandoverModel& h = m.handover;
  if (ui.chooser == Chooser::none) return;
  const bool hand_over = ui.chooser == Chooser::hand_over;
  ui::muted(hand_over ? "Hand this chat to:" : "Move this chat to the queue of:");
  if (!h.teams_loaded) {
    ui::muted(h.teams_loading ? "Loading…" : "The teams could not be loaded. Press the button again.");
    return;
  }
  bool any = false;
  if (hand_over) {
    for (const auto& p : hand_over_choices(m)) {
      any = true;
      ImGui::PushID(p.id.c_str());
      if (ui::item(p.name, {}, 0, false, p.id)) d(intent::HandOver{p.id});
      ImGui::PopID();
    }
    if (!any) ui::muted("No one else is in this team.");
  } else {
    for (const auto& t : transfer_choices(m)) {
      any = true;
      ImGui::PushID(t.slug.c_str());
      if (ui::item(t.name, {}, 0, false, t.slug)) d(intent::Transfer{t.slug});
      ImGui::PopID();
    }
    if (!any) ui::muted("There is no other team.");
  }
}

}  // namespace

void handover_controls(const Model& m, UiState& ui, Dispatch& d) {
  const HandoverModel& h = m.handover;
  const bool hand = may_hand_over(m), move = may_transfer(m);
  if (!hand && !move) {
    ui.chooser = Chooser::none;
    return;
  }
  const bool idle = h.busy == Busy::none;
  Row row;
  if (hand) {
    const std::string shown = h.busy == Busy::assign ? "Handing over…" : "";
    const float w = ui::button_width(shown.empty() ? "Hand over" : shown);
    row.place(w);
    if (ui::button("Hand over", false, idle, shown, w)) toggle(ui, d, Chooser::hand_over);
    const std::string back = h.busy == Busy::release ? "Returning…" : "";
    const float bw = ui::button_width(back.empty() ? "Return to queue" : back);
    row.place(bw);
    if (ui::button("Return to queue", false, idle, back, bw)) {
      ui.chooser = Chooser::none;
      d(intent::ReturnToQueue{});
    }
  }
  if (move) {
    const std::string shown = h.busy == Busy::transfer ? "Transferring…" : "";
    const float w = ui::button_width(shown.empty() ? "Transfer" : shown);
    row.place(w);
    if (ui::button("Transfer", false, idle, shown, w)) toggle(ui, d, Chooser::transfer);
  }
  if (!hand && ui.chooser == Chooser::hand_over) ui.chooser = Chooser::none;
  if (!move && ui.chooser == Chooser::transfer) ui.chooser = Chooser::none;
  ui::error(h.problem);
  if (idle) chooser(m, ui, d);
}

}  // namespace foxo::client::screens
