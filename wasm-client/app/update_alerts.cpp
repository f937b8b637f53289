// Staff alerts (issue 20): while the console's tab is hidden, a new guest in
// the queue or a guest writing in one of my cases plays a short tone and shows
// a desktop notification; the page title counts waiting guests plus my unread
// whether hidden or not (views.cpp title()).
//
// What alerts:
//  - a `case` event with status waiting for a case the queue does not hold
//    yet (once the queue is loaded: the first load is not news);
//  - a `message` event written by the guest in a case assigned to me, newer
//    than any message of that case already alerted (a replay after a
//    reconnect stays quiet).
// "Mine" is what the client has seen: a case detail (open, claim) naming me
// as assignee, or a staff summary's "assignee" (lists, search, events).
// Each alert is decided even while visible (so a later replay does not
// alert), but sound and notification happen only while hidden.
//
// Notifications carry a title and no body: "New guest waiting: <subject>"
// (the subject is one of the team's configured subjects, not the guest's
// words) and "<first name>: new message". Message text is health data and the
// screen may be shared, so it is never in a notification.
//
// The switches: sound on by default (it says nothing on screen); desktop
// notifications off until the person turns them on, which asks the browser's
// permission then, once, never on page load. Both are remembered per browser.
#include <algorithm>

#include "app/decode.hpp"
#include "app/update_parts.hpp"
#include "app/views.hpp"

namespace foxo::client::core {

namespace {

bool console_open(const Model& m) {
  return m.nav.side == Side::staff && (m.nav.screen == Screen::staff_queue || m.nav.screen == Screen::staff_case);
}

void save_settings(Ctx& c) {
  c.fx.push_back(effect::SaveAlertSettings{c.m().alert_sound, c.m().alert_desktop});
}

void alert(Ctx& c, const std::string& title, const std::string& tag) {
  const Model& m = c.m();
  if (m.page_visible) return;  // the person is looking: the title and the lists say it
  if (m.alert_sound) c.fx.push_back(effect::PlaySound{});
  if (m.alert_desktop && m.notify_permission == "granted") c.fx.push_back(effect::Notify{title, tag});
}

// Records whether `j` (a case detail or a staff summary) is assigned to me.
// A summary without the field says nothing.
void learn_assignee(Model& m, const json& j) {
  if (!j.is_object() || !j.contains("assignee") || m.staff_id.empty()) return;
  const std::string id = j.value("id", std::string());
  if (id.empty()) return;
  const json& a = j["assignee"];
  if (a.is_object() && a.value("id", std::string()) == m.staff_id) m.my_cases.insert(id);
  else m.my_cases.erase(id);
}

const ListedCase* find_listed(const Model& m, const std::string& id) {
  for (const auto* list : {&m.queue, &m.active_cases, &m.closing_cases, &m.closed_cases})
    for (const auto& s : *list)
      if (s.id == id) return &s;
  return nullptr;
}

std::string first_name_of(const Model& m, const std::string& case_id, const std::string& author) {
  if (m.open_case.id == case_id && !m.open_case.guest_first.empty()) return m.open_case.guest_first;
  if (const ListedCase* s = find_listed(m, case_id); s && s->guest && !s->guest->first_name.empty())
    return s->guest->first_name;
  if (!author.empty()) return author;
  return "A guest";
}

}  // namespace

void alerts_start(Ctx& c, const event::Started& e) {
  Model& m = c.m();
  m.notify_permission = e.notify_permission.empty() ? "unsupported" : e.notify_permission;
  const json j = decode::parse(e.alert_settings);
  if (j.is_object()) {
    if (j.contains("sound") && j["sound"].is_boolean()) m.alert_sound = j["sound"].get<bool>();
    if (j.contains("desktop") && j["desktop"].is_boolean()) m.alert_desktop = j["desktop"].get<bool>();
  }
  // Turned on here before, and the browser has since withdrawn permission.
  if (m.alert_desktop && m.notify_permission != "granted" && m.notify_permission != "default")
    m.alert_desktop = false;
}

void alerts_event(Ctx& c, const LiveEvent& e) {
  Model& m = c.m();
  if (!console_open(m)) return;
  if (e.kind == LiveEvent::Kind::case_) {
    const json j = decode::parse(e.data);
    learn_assignee(m, j);
    const auto s = decode::listed_case(j, c.env.locale);
    if (!s || s->id.empty() || s->state != CaseStatus::waiting || !m.queue_loaded) return;
    if (std::any_of(m.queue.begin(), m.queue.end(), [&](const ListedCase& q) { return q.id == s->id; })) return;
    alert(c, "New guest waiting: " + s->subject, "case-" + s->id);
  } else if (e.kind == LiveEvent::Kind::message) {
    const decode::LiveMessage live = decode::live_message(e.data, c.env.locale);
    if (!live.message || live.case_id.empty() || live.message->author.kind != "guest") return;
    if (!is_my_case(m, live.case_id)) return;
    std::int64_t& last = c.books().alerted_seq[live.case_id];
    const std::int64_t seq = live.message->seq;
    const bool shown = m.open_case.id == live.case_id && m.open_case.messages.count(seq);
    if (seq <= last || shown) return;
    last = seq;
    alert(c, first_name_of(m, live.case_id, live.message->author.name) + ": new message", "case-" + live.case_id);
  }
}

void alerts_answer(Ctx& c, const Response& r) {
  if (!ok(r) || c.m().nav.side != Side::staff) return;
  switch (r.call) {
    case Call::case_get:
    case Call::staff_claim:
    case Call::staff_request_close:
    case Call::staff_queue:
    case Call::staff_cases: break;
    default: return;
  }
  Model& m = c.m();
  const json j = decode::parse(r.body);
  if (j.is_object() && j.contains("cases") && j["cases"].is_array()) {
    for (const auto& s : j["cases"]) learn_assignee(m, s);
  } else if (j.is_object()) {
    // A case detail always names its assignee (null when none).
    if (!j.contains("assignee") && r.call != Call::case_get) return;
    learn_assignee(m, j);
  }
}

void alerts_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  if (const auto* s = std::get_if<intent::SetSoundAlerts>(&intent)) {
    m.alert_sound = s->on;
    save_settings(c);
  } else if (const auto* d = std::get_if<intent::SetDesktopAlerts>(&intent)) {
    m.alerts_problem.clear();
    if (!d->on) {
      m.alert_desktop = false;
      save_settings(c);
      return;
    }
    if (m.notify_permission == "granted") {
      m.alert_desktop = true;
      save_settings(c);
    } else if (m.notify_permission == "default") {
      // Asked now, on the person's own click, and only this once: the
      // browser remembers the answer.
      if (m.asking_permission) return;
      m.asking_permission = true;
      c.fx.push_back(effect::AskNotifyPermission{});
    } else if (m.notify_permission == "denied") {
      m.alerts_problem = "This browser blocks notifications from Foxo. Allow them in the browser's site settings.";
    } else {
      m.alerts_problem = "This browser cannot show desktop notifications.";
    }
  }
}

void alerts_permission(Ctx& c, const event::AlertPermission& p) {
  Model& m = c.m();
  const bool asked = m.asking_permission;
  m.asking_permission = false;
  m.notify_permission = p.permission.empty() ? "unsupported" : p.permission;
  if (m.notify_permission == "granted") {
    if (asked && !m.alert_desktop) {
      m.alert_desktop = true;
      m.alerts_problem.clear();
      save_settings(c);
    }
    return;
  }
  if (asked && m.notify_permission == "denied")
    m.alerts_problem = "Notifications were not allowed. You can allow them in the browser's site settings.";
  if (m.alert_desktop && m.notify_permission != "default") {
    m.alert_desktop = false;
    save_settings(c);
  }
}

}  // namespace foxo::client::core
