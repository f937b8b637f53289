// One function per screen. Each reads the model, may keep typing state in
// UiState, and emits intents; none does I/O or changes the model.
#pragma once
#include <string>

#include "app/intents.hpp"
#include "app/model.hpp"
#include "app/views.hpp"

namespace foxo::client::screens {

void loading(const Model&, UiState&, Dispatch&);
void guest_register(const Model&, UiState&, Dispatch&);
void code(const Model&, UiState&, Dispatch&);
void home(const Model&, UiState&, Dispatch&);
void new_chat(const Model&, UiState&, Dispatch&);
void identifiers(const Model&, UiState&, Dispatch&);
void chat(const Model&, UiState&, Dispatch&);
void staff_login(const Model&, UiState&, Dispatch&);
void staff_queue(const Model&, UiState&, Dispatch&);
void staff_case(const Model&, UiState&, Dispatch&);
void staff_mfa_code(const Model&, UiState&, Dispatch&);
void staff_mfa_enrol(const Model&, UiState&, Dispatch&);

// ---- Parts several screens share (parts.cpp) ----
// The organisation and team this guest page belongs to, on every guest screen.
void team_header(const Model&);
// "No connection" with a retry button, when the relay did not answer.
void connection_banner(const Model&, Dispatch&);
// The guest's hamburger menu, open: earlier chats (open and closed) and New chat.
void guest_menu(const Model&, UiState&, Dispatch&);
// The open case's messages with day separators, plus what is still being
// sent, in a scrolling area `height` tall (<= 0: the rest minus -height).
// Attachments show as thumbnails (images) or name and size, each with a
// Download button; files being sent show progress with Cancel (and Retry).
void transcript(const Model&, UiState&, Dispatch&, bool staff_side, float height);
// Attach (+ Take photo on touch screens), Message and Send.
void composer(const Model&, UiState&, Dispatch&);
float composer_height(const Model&);
// Files dragged over a chat that takes them: the drop highlight.
void drop_target(const Model&);
// Staff: queue, active, close-requested and closed cases under the filter
// (Mine, Unassigned, All), with Show more while the relay has more; or, while
// a search is typed, its results.
void staff_lists(const Model&, Dispatch&);
// The filter buttons and the Search input above them (staff_lists.cpp).
void staff_list_controls(const Model&, UiState&, Dispatch&);
// Hand over, Return to queue, Transfer on the open case (handover.cpp).
void handover_controls(const Model&, UiState&, Dispatch&);
// Sign out, or with unsent messages its confirmation (sign_out.cpp): the
// guest menu's part; the staff console's header (the name, and the
// confirmation when asked), which returns where its Sign out button goes,
// drawn by staff_sign_out after the lists (Tab order is drawing order).
void sign_out_part(const Model&, const UiState&, Dispatch&);
struct Spot {
  float x = 0, y = 0;
};
Spot staff_header(const Model&, const UiState&, Dispatch&);
void staff_sign_out(const Model&, const UiState&, Dispatch&, Spot at);
// Staff alerts (alerts.cpp): "Sound: on" and "Desktop alerts: off" switches,
// and the idle notice with its countdown and Stay signed in.
void alert_switches(const Model&, Dispatch&);
void idle_notice(const Model&, Dispatch&);
// "Waiting 5 min" from a case's creation time.
std::string waiting_text(const Model&, const ListedCase&);
// Whether the page is wide enough for the staff console's two panes.
bool wide_layout();

}  // namespace foxo::client::screens
