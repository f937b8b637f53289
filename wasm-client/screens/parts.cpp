// Pieces drawn by more than one screen: headers, the guest menu, the
// transcript and composer (guest chat and staff case), the staff case lists.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "screens/screens.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::screens {

void team_header(const Model& m) {
  if (!m.organisation_name.empty()) ui::muted(m.organisation_name);
  if (!m.team_name.empty()) ui::title(m.team_name);
  ui::gap(0.5f);
}

void connection_banner(const Model& m, Dispatch& d) {
  if (m.connection_problem.empty()) return;
  ui::error(m.connection_problem);
  if (ui::button("Try again", false)) d(intent::Retry{});
  ui::gap(0.5f);
}

const char* status_words(const std::string& s) {
  if (s == "waiting") return "Waiting for the team";
  if (s == "active") return "Open";
  if (s == "close_requested") return "Closing";
  if (s == "closed") return "Closed";
  return "";
}

bool wide_layout() { return ImGui::GetMainViewport()->WorkSize.x >= 50 * ui::em(); }

void guest_menu(const Model& m, UiState&, Dispatch& d) {
  ui::title("Your chats");
  if (!m.cases_loaded) ui::muted("Loading…");
  else if (m.cases.empty()) ui::muted("No earlier chats.");
  for (const auto& c : m.cases) {
    std::string detail = status_words(c.status);
    if (!c.team_name.empty()) detail += " · " + c.team_name;
    if (ui::item(c.subject, detail, c.unread, c.id == m.open_case.id)) d(intent::OpenCase{c.id});
  }
  ui::gap(0.5f);
  if (ui::button("New chat")) d(intent::NewChat{});
}

void transcript(const Model& m, UiState& ui, bool staff_side, float height) {
  const OpenCase& c = m.open_case;
  ui::begin_scroll("transcript", height);
  const bool was_at_end = ui::at_scroll_end();
  int day = 0;
  std::size_t count = 0;
  for (const auto& [seq, msg] : c.messages) {
    if (msg.day_key != day && msg.day_key != 0) {
      day = msg.day_key;
      ui::day_separator(day == m.today_key ? "Today" : day == m.yesterday_key ? "Yesterday" : msg.day_text);
    }
    ui::Side side = ui::Side::theirs;
    if (msg.author_kind == "system") side = ui::Side::system;
    else if ((msg.author_kind == "staff") == staff_side) side = ui::Side::mine;
    const std::string body = msg.body.empty() && !msg.attachment_name.empty() ? "[" + msg.attachment_name + "]" : msg.body;
    ui::message_bubble(side, side == ui::Side::mine && !staff_side ? "You" : msg.author_name, msg.time_text, body);
    ++count;
  }
  // Sent but not acknowledged yet: shown at the end, marked, until the relay has it.
  for (const auto& o : m.outbox) {
    if (o.case_id != c.id) continue;
    ui::message_bubble(ui::Side::mine, staff_side ? m.staff_name : "You", "",
                       o.body, o.problem.empty() ? "Sending…" : o.problem);
    ++count;
  }
  if (c.loaded && count == 0)
    ui::muted(staff_side ? "No messages yet." : "Write your message below. The team will reply here.");
  if (!c.loaded) ui::muted(c.missing ? "This chat could not be found." : "Loading…");
  // Follow new messages when the reader was at the end (or just arrived).
  const bool grew = count != ui.transcript_count || ui.transcript_case != c.id;
  const bool follow = grew && (was_at_end || ui.transcript_case != c.id || ui.transcript_count == 0);
  ui.transcript_count = count;
  ui.transcript_case = c.id;
  ui::end_scroll(follow);
}

float composer_height() { return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y; }

void composer(const Model&, UiState& ui, Dispatch& d) {
  const float send_w = ui::button_width("Send");
  const float input_w = ui::column_width() - send_w - ImGui::GetStyle().ItemSpacing.x;
  bool send = ui::input("Message", ui.message, ui.focus_next,
                        {.keyboard = ui::Keyboard::message, .submit_on_enter = true, .max_length = 4000,
                         .width = input_w, .hide_label = true});
  ImGui::SameLine();
  send |= ui::button("Send", true, true, {}, send_w);
  if (send && !ui.message.empty()) {
    d(intent::SendMessage{ui.message});
    ui.message.clear();  // the input takes the change while active (text_input.cpp)
  }
}

std::string waiting_text(const Model& m, const CaseSummary& c) {
  if (c.created_ms <= 0 || m.wall_ms <= 0) return "Waiting";
  const int minutes = static_cast<int>(std::floor(std::max(0.0, m.wall_ms - c.created_ms) / 60000.0));
  if (minutes < 1) return "Waiting under a minute";
  if (minutes < 60) return "Waiting " + std::to_string(minutes) + " min";
  return "Waiting " + std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

namespace {

std::string identifiers_line(const Model& m, const CaseSummary& c) {
  std::string out;
  auto labels = m.team_fields.find(c.team_slug);
  for (const auto& [k, v] : c.identifiers) {
    std::string label = k;
    if (labels != m.team_fields.end())
      for (const auto& f : labels->second)
        if (f.key == k) label = f.label;
    out += (out.empty() ? "" : " · ") + label + ": " + v;
  }
  return out;
}

void list(const Model& m, Dispatch& d, const char* heading, const std::vector<CaseSummary>& cases, bool queue,
          bool loaded) {
  ui::gap(0.5f);
  ImGui::TextUnformatted((std::string(heading) + (cases.empty() ? "" : " (" + std::to_string(cases.size()) + ")")).c_str());
  if (cases.empty()) ui::muted(loaded ? (queue ? "No one is waiting." : "None.") : "Loading…");
  for (const auto& c : cases) {
    std::string detail = queue ? waiting_text(m, c) : c.team_name;
    if (!c.guest_name.empty()) detail += " · " + c.guest_name;
    if (const std::string ids = identifiers_line(m, c); !ids.empty()) detail += " · " + ids;
    if (ui::item(c.subject, detail, c.unread, c.id == m.open_case.id)) d(intent::OpenCase{c.id});
  }
}

}  // namespace

void staff_lists(const Model& m, Dispatch& d) {
  list(m, d, "Queue", m.queue, true, m.queue_loaded);
  list(m, d, "Active", m.active_cases, false, m.lists_loaded);
  list(m, d, "Close requested", m.closing_cases, false, m.lists_loaded);
  list(m, d, "Closed", m.closed_cases, false, m.lists_loaded);
}

}  // namespace foxo::client::screens
