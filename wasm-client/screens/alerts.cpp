// The staff console's alert switches and its idle notice (issue 20), drawn
// in the console's header (sign_out.cpp). What they do is the core's
// (app/update_alerts.cpp, app/update_session_end.cpp).
#include <imgui.h>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void alert_switches(const Model& m, Dispatch& d) {
  // Buttons that say their state: a press (click, tap, Space or Enter) turns it over.
  const std::string sound = m.alert_sound ? "Sound: on" : "Sound: off";
  const std::string desktop = m.asking_permission ? "Desktop alerts: asking…"
                              : m.alert_desktop   ? "Desktop alerts: on"
                                                  : "Desktop alerts: off";
  const float sound_w = ui::button_width(sound), desktop_w = ui::button_width(desktop);
  if (ui::button("Sound alerts", false, true, sound, sound_w)) d(intent::SetSoundAlerts{!m.alert_sound});
  // Side by side when the column has room (a narrow pane stacks them).
  if (sound_w + ImGui::GetStyle().ItemSpacing.x + desktop_w <= ui::column_width()) ImGui::SameLine();
  if (ui::button("Desktop alerts", false, !m.asking_permission, desktop, desktop_w))
    d(intent::SetDesktopAlerts{!m.alert_desktop});
  ui::error(m.alerts_problem);
}

void idle_notice(const Model& m, Dispatch& d) {
  if (!m.idle_notice) return;
  ui::banner(idle_notice_text(m));
  if (ui::button("Stay signed in", true, true, {}, ui::button_width("Stay signed in"))) d(intent::StaySignedIn{});
  ui::gap(0.5f);
}

}  // namespace foxo::client::screens
