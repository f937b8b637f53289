// Views derived from the Model for the page and the screens (see views.hpp).
#include "app/views.hpp"

#include <algorithm>
#include <cmath>

namespace foxo::client {

std::string file_size_text(double bytes) {
  auto one_decimal = [](double v) {
    const long long tenths = static_cast<long long>(v * 10 + 0.5);
    return std::to_string(tenths / 10) + (tenths % 10 && tenths < 100 ? "." + std::to_string(tenths % 10) : "");
  };
  if (bytes < 1024) return std::to_string(static_cast<long long>(bytes)) + " bytes";
  if (bytes < 1024 * 1024) return one_decimal(bytes / 1024) + " KB";
  return one_decimal(bytes / (1024 * 1024)) + " MB";
}

const char* status_words(CaseStatus s) {
  switch (s) {
    case CaseStatus::waiting: return "Waiting for the team";
    case CaseStatus::active: return "Open";
    case CaseStatus::close_requested: return "Closing";
    case CaseStatus::closed: return "Closed";
  }
  return "";
}

bool signed_in(const NavState& nav) {
  switch (nav.screen) {
    case Screen::home:
    case Screen::new_chat:
    case Screen::identifiers:
    case Screen::chat:
    case Screen::staff_queue:
    case Screen::staff_case: return true;
    default: return false;
  }
}

bool can_write(const Model& m) {
  const OpenCase& c = m.open_case;
  if (!c.loaded || c.id.empty()) return false;
  if (m.nav.screen == Screen::chat) return c.open();
  if (m.nav.screen == Screen::staff_case)
    return (c.status == CaseStatus::active || c.status == CaseStatus::close_requested) && !c.assignee_id.empty() &&
           c.assignee_id == m.staff_id;
  return false;
}

double next_wakeup_ms(const Model& m) {
  const double now = m.now_ms;
  double next = 0;
  auto consider = [&](double t) {
    if (t > now && (next == 0 || t < next)) next = t;
  };
  // A message waiting for its retry.
  for (const auto& o : m.outbox)
    if (!o.in_flight && !o.given_up) consider(std::max(o.retry_at_ms, now + 1));
  const Screen s = m.nav.screen;
  if (s == Screen::code) {
    // The resend countdown shows whole seconds and the expiry whole minutes:
    // wake at the next change of either, not every frame.
    auto at_change = [&](double at, double step) {
      if (at <= now) return;
      double until_change = std::fmod(at - now, step);
      if (until_change < 1) until_change = step;
      consider(now + until_change + 1);
    };
    at_change(m.resend_at_ms, 1000);
    at_change(m.code_expires_at_ms, 60 * 1000);
  }
  // Search waits for typing to pause.
  if (m.search.due_ms > 0) consider(std::max(m.search.due_ms, now + 1));
  // The staff idle notice: when it is due, then each change of its
  // countdown's whole seconds, then the limit itself.
  if (m.idle_deadline_ms > 0) {
    const double notice_at = m.idle_deadline_ms - kIdleNoticeMs;
    if (now < notice_at) {
      consider(notice_at);
    } else {
      double until_change = std::fmod(m.idle_deadline_ms - now, 1000.0);
      if (until_change <= 0) until_change = 1000.0;
      consider(std::min(now + until_change, m.idle_deadline_ms));
      consider(m.idle_deadline_ms);
    }
  }
  if ((s == Screen::staff_queue || s == Screen::staff_case) && !m.queue.empty()) {
    // Waiting times are shown in whole minutes: one frame a minute.
    consider(now + (60000.0 - std::fmod(m.wall_ms, 60000.0)) + 50);
  }
  return next;
}

bool shown_by_filter(const Model& m, const ListedCase& c) {
  switch (m.list_filter) {
    case ListFilter::mine: return c.assignee && c.assignee->id == m.staff_id;
    case ListFilter::unassigned: return !c.assignee;
    case ListFilter::all: return true;
  }
  return true;
}

std::string assignee_words(const Model& m, const ListedCase& c) {
  if (!c.assignee) return "Unassigned";
  if (c.assignee->id == m.staff_id) return "You";
  return c.assignee->name;
}

std::string identifiers_line(const Model& m, const ListedCase& c) {
  std::string out;
  const auto labels = m.team_fields.find(c.team.slug);
  for (const auto& [k, v] : c.identifiers) {
    std::string label = k;
    if (labels != m.team_fields.end())
      for (const auto& f : labels->second)
        if (f.key == k && !f.label.empty()) label = f.label;
    out += (out.empty() ? "" : " · ") + label + ": " + v;
  }
  return out;
}

namespace {
bool assigned_to_me(const Model& m) {
  return !m.open_case.assignee_id.empty() && m.open_case.assignee_id == m.staff_id;
}
}  // namespace

bool case_in_my_teams(const Model& m) {
  const auto& teams = m.staff_teams;
  return teams.empty() || std::find(teams.begin(), teams.end(), m.open_case.team_slug) != teams.end();
}

bool may_hand_over(const Model& m) {
  const OpenCase& c = m.open_case;
  const bool open_and_assigned = c.status == CaseStatus::active || c.status == CaseStatus::close_requested;
  return c.loaded && open_and_assigned && case_in_my_teams(m) && (assigned_to_me(m) || m.staff_admin);
}

bool may_transfer(const Model& m) {
  const OpenCase& c = m.open_case;
  if (!c.loaded || c.status == CaseStatus::closed || !case_in_my_teams(m)) return false;
  // Seeing a waiting case means being in its team (or an admin of the organisation).
  return c.status == CaseStatus::waiting || assigned_to_me(m) || m.staff_admin;
}

std::vector<Colleague> hand_over_choices(const Model& m) {
  std::vector<Colleague> out;
  for (const auto& t : m.handover.teams)
    if (t.slug == m.open_case.team_slug)
      for (const auto& p : t.members)
        if (p.id != m.staff_id && p.id != m.open_case.assignee_id) out.push_back(p);
  return out;
}

std::vector<ColleagueTeam> transfer_choices(const Model& m) {
  std::vector<ColleagueTeam> out;
  for (const auto& t : m.handover.teams)
    if (t.slug != m.open_case.team_slug) out.push_back(t);
  return out;
}

bool is_my_case(const Model& m, const std::string& case_id) {
  if (m.my_cases.count(case_id)) return true;
  return m.open_case.id == case_id && !m.open_case.assignee_id.empty() && m.open_case.assignee_id == m.staff_id;
}

std::string session_end_sentence(const std::string& reason, Side side) {
  if (reason == "signed_out") return "You signed out in another window.";
  if (reason == "expired")
    return side == Side::staff ? "You were signed out after an hour without activity."
                               : "Your session ended after a long time without activity. Please sign in again.";
  if (reason == "revoked") return "Your access has ended. Please sign in again.";
  return "Your session has ended. Please sign in again.";
}

std::string idle_notice_text(const Model& m) {
  const double left = std::max(0.0, m.idle_deadline_ms - m.now_ms);
  const long long secs = static_cast<long long>(std::ceil(left / 1000.0));
  const long long mins = secs / 60, rest = secs % 60;
  return "You will be signed out in " + std::to_string(mins) + ":" + (rest < 10 ? "0" : "") + std::to_string(rest) +
         " because nothing was done in this console for almost an hour.";
}

std::string title(const Model& m) {
  int unread = 0;
  if (m.nav.side == Side::staff) {
    // Staff: guests waiting in the queue, plus what guests wrote in my cases
    // that I have not seen (issue 20). Others' cases do not call me.
    unread = static_cast<int>(m.queue.size());
    for (const auto* list : {&m.active_cases, &m.closing_cases})
      for (const auto& c : *list)
        if (is_my_case(m, c.id)) unread += static_cast<int>(c.unread);
  } else {
    for (const auto& c : m.cases) unread += static_cast<int>(c.unread);
  }
  return unread > 0 ? "(" + std::to_string(unread) + ") Foxo" : "Foxo";
}

std::vector<std::string> live_lines(const Model& m) {
  std::vector<std::string> out;
  const Screen s = m.nav.screen;
  if ((s == Screen::chat || s == Screen::staff_case) && m.open_case.loaded) {
    const OpenCase& c = m.open_case;
    for (const auto& [seq, msg] : c.messages) {
      const std::string who =
          msg.author.name.empty() ? (msg.author.kind == "system" ? "Foxo" : "Unknown") : msg.author.name;
      if (msg.attachment)
        out.push_back(who + ": " + msg.attachment->name + " (" +
                      file_size_text(static_cast<double>(msg.attachment->size)) + ")");
      else
        out.push_back(who + ": " + msg.body);
    }
    for (const auto& o : m.outbox)
      if (o.case_id == c.id) out.push_back((o.problem.empty() ? "Sending: " : "Not sent yet: ") + o.body);
    for (const auto& u : m.uploads)
      if (u.case_id == c.id) out.push_back(u.problem.empty() ? "Sending file: " + u.name : u.name + ": " + u.problem);
    if (c.status == CaseStatus::close_requested) out.push_back("The team asked to close this chat.");
    if (c.status == CaseStatus::closed) out.push_back("This chat is closed.");
    if (!m.case_problem.empty()) out.push_back(m.case_problem);
    if (m.idle_notice) out.push_back(kIdleNoticeLine);
    return out;
  }
  if (m.idle_notice) out.push_back(kIdleNoticeLine);
  if ((s == Screen::guest_register || s == Screen::staff_login) && !m.signed_out_reason.empty())
    out.push_back(m.signed_out_reason);
  // The code screen says where the code went (from a resume link: the masked number).
  if (s == Screen::code) {
    const std::string to = !m.phone_hint.empty() ? m.phone_hint : m.phone;
    out.push_back(to.empty() ? "We sent a 6-digit code to your mobile." : "We sent a code to " + to + ".");
  }
  // Until a transcript is shown, screen readers hear the errors the canvas shows.
  for (const FieldError* e : {&m.register_error, &m.code_error, &m.staff_error, &m.create_error})
    if (e->any()) out.push_back(e->message);
  if (!m.connection_problem.empty()) out.push_back(m.connection_problem);
  if (!m.team_problem.empty()) out.push_back(m.team_problem);
  return out;
}

}  // namespace foxo::client
