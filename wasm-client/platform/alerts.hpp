// The staff console's alerts in the browser (issue 20; the decisions are the
// core's, app/update_alerts.cpp): a short tone made with Web Audio, desktop
// notifications and their permission, the switches kept in localStorage, and
// the time of the person's last input (the staff idle notice). Thin EM_JS
// bridges; no app logic.
#pragma once
#include <string>

namespace foxo::platform::alerts {

// Installs the page listeners (input times, the audio unlock). Idempotent.
void init();
// A tone of about a third of a second (an oscillator through a gain
// envelope). Silent until the person has clicked or pressed a key in the
// page: browsers start audio only after a gesture, so the first one makes
// (or resumes) the AudioContext.
void play_sound();
// A notification with `title` only (no body), replacing an earlier one of the
// same `tag`. Nothing when notifications are not allowed.
void notify(const std::string& title, const std::string& tag);
// Notification.requestPermission(); the answer is read by take_permission_change().
void ask_permission();
// Notification.permission: "default", "granted", "denied"; "unsupported".
std::string permission();
// The permission when it changed since the last call (asked, or changed in
// the site settings and seen when the page came back); empty otherwise.
std::string take_permission_change();
// performance.now() of the last key, pointer or touch input; -1 before any.
double last_input_ms();
// The switches ("foxo.alerts.v1": JSON, no personal data, so not sealed).
std::string load_settings();
void save_settings(const std::string& json);

}  // namespace foxo::platform::alerts
