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

bool wide_layout() { return ImGui::GetMainViewport()->WorkSize.x >= 50 * ui::em(); }

static void guest_menu_items(const Model& m, UiState& ui, Dispatch& d);

void guest_menu(const Model& m, UiState& ui, Dispatch& d) {
  ui::begin_group("nav", "Menu");  // a navigation landmark for screen readers
  // Hangs from the hamburger: under it, right-aligned with it, and no wider
  // than a phone's column on a wide page.
  const float col = ui::column_width();
  const float w = std::min(col, 24 * ui::em());
  if (col > w) ImGui::Indent(col - w);
  const float before = ui::set_column_width(w);
  guest_menu_items(m, ui, d);
  ui::end_group();
  ui::set_column_width(before);
  if (col > w) ImGui::Unindent(col - w);
}

static void guest_menu_items(const Model& m, UiState& ui, Dispatch& d) {
  ui::title("Your chats");
  if (!m.cases_loaded) ui::muted("Loading…");
  else if (m.cases.empty()) ui::muted("No earlier chats.");
  for (const auto& c : m.cases) {
    std::string detail = status_words(c.state);
    if (!c.team.name.empty()) detail += " · " + c.team.name;
    if (ui::item(c.subject, detail, c.unread, c.id == m.open_case.id, c.id)) d(intent::OpenCase{c.id});
  }
  ui::gap(0.5f);
  if (ui::button("New chat")) d(intent::NewChat{});
  ui::gap(1.0f);
  sign_out_part(m, ui, d);
}

void transcript(const Model& m, UiState& ui, Dispatch& d, bool staff_side, float height) {
  const OpenCase& c = m.open_case;
  ui::begin_group("log", "Messages");  // the transcript, for screen readers
  ui::begin_scroll("transcript", height);
  const bool was_at_end = ui::at_scroll_end();
  // Only the reader moves the scroll position between frames; content that
  // grew below a reader who was following leaves them stuck to the end.
  const float scroll_y = ImGui::GetScrollY();
  if (scroll_y != ui.transcript_scroll_y) ui.transcript_stuck = was_at_end;
  int day = 0;
  std::size_t count = 0;
  for (const auto& [seq, msg] : c.messages) {
    if (msg.day_key != day && msg.day_key != 0) {
      day = msg.day_key;
      ui::day_separator(day == m.today_key ? "Today" : day == m.yesterday_key ? "Yesterday" : msg.day_text);
    }
    ui::Side side = ui::Side::theirs;
    if (msg.author.kind == "system") side = ui::Side::system;
    else if ((msg.author.kind == "staff") == staff_side) side = ui::Side::mine;
    const std::string author = side == ui::Side::mine && !staff_side ? "You" : msg.author.name;
    if (msg.attachment) {
      const AttachmentRef& a = *msg.attachment;
      // Its seq keeps two files of the same name apart for ImGui.
      ImGui::PushID(static_cast<int>(seq));
      const auto t = m.thumbnails.find(a.id);
      const bool shown = t != m.thumbnails.end() && t->second.state == Thumbnail::State::ready;
      std::string detail = file_size_text(static_cast<double>(a.size));
      if (t != m.thumbnails.end() && t->second.state == Thumbnail::State::loading) detail += " · loading preview…";
      if (ui::attachment_bubble(side, author, msg.time_text, a.name, detail,
                                shown ? t->second.texture : 0, shown ? t->second.w : 0, shown ? t->second.h : 0,
                                "Download " + a.name))
        d(intent::Download{a.id, a.name});
      ImGui::PopID();
    } else {
      ui::message_bubble(side, author, msg.time_text, msg.body);
    }
    ++count;
  }
  // Sent but not acknowledged yet: shown at the end, marked, until the relay has it.
  for (const auto& o : m.outbox) {
    if (o.case_id != c.id) continue;
    ui::message_bubble(ui::Side::mine, staff_side ? m.staff_name : "You", "",
                       o.body, o.problem.empty() ? "Sending…" : o.problem);
    ++count;
  }
  // Files on their way, or refused with the reason (nothing disappears unexplained).
  for (const auto& u : m.uploads) {
    if (u.case_id != c.id) continue;
    ImGui::PushID(u.number);
    const float progress = u.size > 0 ? static_cast<float>(u.sent / u.size) : 0.0f;
    const std::string status =
        !u.problem.empty()
            ? u.problem
            : "Sending… " + std::to_string(static_cast<int>(progress * 100 + 0.5f)) + "% of " + file_size_text(u.size);
    const auto pressed = ui::upload_bubble(u.name, status, progress, !u.problem.empty(),
                                           !u.in_flight && u.retryable);
    if (pressed.retry) d(intent::RetryUpload{u.number});
    if (pressed.cancel) d(intent::CancelUpload{u.number});
    ImGui::PopID();
    ++count;
  }
  if (c.loaded && count == 0)
    ui::muted(staff_side ? "No messages yet." : "Write your message below. The team will reply here.");
  if (!c.loaded) ui::muted(c.missing ? "This chat could not be found." : "Loading…");
  // Follow new messages when the reader was at the end (or just arrived).
  const bool grew = count != ui.transcript_count || ui.transcript_case != c.id;
  const bool follow = (grew && (was_at_end || ui.transcript_case != c.id || ui.transcript_count == 0)) ||
                      (ui.transcript_stuck && !was_at_end);
  if (follow) ui.transcript_stuck = true;
  ui.transcript_count = count;
  ui.transcript_case = c.id;
  ui::end_scroll(follow);
  ui::end_group();
  ui.transcript_scroll_y = scroll_y;
}

namespace {
// Attach (and Take photo) get a row of their own above the message when the
// column is narrow (a phone), else they sit before the message on one line.
bool file_buttons_own_row(const Model& m) { return m.camera || ui::column_width() < 30 * ui::em(); }
}  // namespace

float composer_height(const Model& m) {
  const float row = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y;
  return file_buttons_own_row(m) ? 2 * row : row;
}

void composer(const Model& m, UiState& ui, Dispatch& d) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float attach_w = ui::button_width("Attach");
  float used = 0;
  if (ui::button("Attach", false, true, {}, attach_w)) d(intent::PickFiles{false});
  if (m.camera) {
    ImGui::SameLine();
    if (ui::button("Take photo", false, true, {}, ui::button_width("Take photo"))) d(intent::PickFiles{true});
  }
  if (!file_buttons_own_row(m)) {
    ImGui::SameLine();
    used = attach_w + spacing;
  }
  const float send_w = ui::button_width("Send");
  const float input_w = ui::column_width() - used - send_w - spacing;
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

void drop_target(const Model& m) {
  if (m.drag_over) ui::drop_highlight("Drop files here to send them");
}

std::string waiting_text(const Model& m, const ListedCase& c) {
  if (c.created_ms <= 0 || m.wall_ms <= 0) return "Waiting";
  const int minutes = static_cast<int>(std::floor(std::max(0.0, m.wall_ms - c.created_ms) / 60000.0));
  if (minutes < 1) return "Waiting under a minute";
  if (minutes < 60) return "Waiting " + std::to_string(minutes) + " min";
  return "Waiting " + std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

namespace {

// One line of a staff list: the subject, then how long the guest has waited
// (the queue) or the team, who has it, the guest and the identifiers. The
// line is shortened by the row (ui::item), never inside a character.
std::string case_line(const Model& m, const ListedCase& c, bool queue) {
  std::string detail = queue ? waiting_text(m, c) : c.team.name;
  detail += " · " + assignee_words(m, c);
  if (!c.guest_name.empty()) detail += " · " + c.guest_name;
  if (const std::string ids = identifiers_line(m, c); !ids.empty()) detail += " · " + ids;
  return detail;
}

void list(const Model& m, Dispatch& d, const char* heading, const std::vector<ListedCase>& all, bool queue,
          bool loaded) {
  std::vector<const ListedCase*> cases;
  for (const auto& c : all)
    if (shown_by_filter(m, c)) cases.push_back(&c);
  ui::gap(0.5f);
  ui::text(std::string(heading) + (cases.empty() ? "" : " (" + std::to_string(cases.size()) + ")"));
  if (cases.empty()) ui::muted(loaded ? (queue ? "No one is waiting." : "None.") : "Loading…");
  for (const ListedCase* c : cases)
    if (ui::item(c->subject, case_line(m, *c, queue), c->unread, c->id == m.open_case.id, c->id))
      d(intent::OpenCase{c->id});
}

void search_results(const Model& m, Dispatch& d) {
  const SearchModel& s = m.search;
  ui::gap(0.5f);
  ui::text(s.results.empty() ? std::string("Results") : "Results (" + std::to_string(s.results.size()) + ")");
  ui::error(s.problem);
  if (s.results.empty() && s.problem.empty())
    ui::muted(s.loaded ? "No case matches." : "Searching…");
  for (const auto& c : s.results) {
    const std::string detail = std::string(status_words(c.state)) + " · " + case_line(m, c, false);
    if (ui::item(c.subject, detail, c.unread, c.id == m.open_case.id, c.id)) d(intent::OpenCase{c.id});
  }
  if (!s.next.empty() && ui::button("Show more", false, !s.loading, s.loading ? "Loading…" : ""))
    d(intent::ShowMoreResults{});
}

}  // namespace

void staff_lists(const Model& m, Dispatch& d) {
  if (m.search.active()) {
    search_results(m, d);
    return;
  }
  // Nobody has a waiting case: the queue is no one's own.
  if (m.list_filter != ListFilter::mine) list(m, d, "Queue", m.queue, true, m.queue_loaded);
  list(m, d, "Active", m.active_cases, false, m.lists_loaded);
  list(m, d, "Close requested", m.closing_cases, false, m.lists_loaded);
  list(m, d, "Closed", m.closed_cases, false, m.lists_loaded);
  if (!m.lists_next.empty() &&
      ui::button("Show more", false, !m.lists_more_loading, m.lists_more_loading ? "Loading…" : ""))
    d(intent::ShowMoreCases{});
}

}  // namespace foxo::client::screens
