// Cases and messages: the guest's list, the case on screen (loaded, then
// merged with what the live stream and later loads bring), the outbox of
// messages not yet acknowledged and their retries, marking seen, and the
// actions on a case whose answer is the case itself (create, claim, request
// close, close).
#include <algorithm>

#include "app/decode.hpp"
#include "app/outbox.hpp"
#include "app/update_parts.hpp"
#include "app/views.hpp"

namespace foxo::client::core {

namespace {

bool newer_first(const ListedCase& a, const ListedCase& b) { return a.updated_at > b.updated_at; }
bool older_first(const ListedCase& a, const ListedCase& b) { return a.created_at < b.created_at; }

ListedCase* find_summary(Model& m, const std::string& id) {
  for (auto* list : {&m.cases, &m.queue, &m.active_cases, &m.closing_cases, &m.closed_cases})
    for (auto& s : *list)
      if (s.id == id) return &s;
  return nullptr;
}

void send_outgoing(Ctx& c, Outgoing& o) {
  o.in_flight = true;
  ++o.attempts;
  c.send(Call::case_message, "POST", case_path(o.case_id) + "/messages",
         json{{"client_id", o.client_id}, {"body", o.body}}.dump(), o.client_id);
}

// Create, claim, request close, close: the answer is the case.
void case_action_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  const bool create = r.call == Call::guest_create_case;
  if (create) m.creating_case = false;
  else m.claiming = m.requesting_close = m.closing = false;
  if (ok(r)) {
    const std::optional<CaseDetail> d = decode::case_detail(r.body);
    if (create) navigate(c, nav::CaseCreated{d ? d->id : std::string()});
    if (d) {
      merge_case(c, *d);
      apply_summary(c, decode::listed_case(*d, c.env.locale));
    }
    if (r.call == Call::staff_request_close || r.call == Call::case_close) c.ui().confirm_close = false;
  } else if (r.status == 401) {
    navigate(c, nav::SignedOut{});
  } else if (create) {
    m.create_error = error_of(r, "The chat could not be started. Try again.");
  } else {
    if (r.call == Call::staff_claim && decode::error_reply(r.body).code == "already_claimed")
      m.case_problem = "Someone else claimed this case first.";
    else
      m.case_problem = error_of(r, "That did not work. Try again.").message;
    if (r.tag == m.open_case.id) load_case(c, false);
  }
}

void message_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  auto it = std::find_if(m.outbox.begin(), m.outbox.end(), [&](const Outgoing& o) { return o.client_id == r.tag; });
  if (it == m.outbox.end()) return;
  it->in_flight = false;
  if (ok(r)) {
    const std::string case_id = it->case_id;
    m.outbox.erase(it);
    save_outbox(c);
    if (auto msg = decode::shown_message(decode::parse(r.body), c.env.locale)) add_message(c, case_id, *msg);
  } else if (r.status == 0 || r.status >= 500 || r.status == 429 || r.status == 401) {
    // Not stored (or not known to be): the same client_id again later.
    it->retry_at_ms = m.now_ms + retry_delay_ms(it->attempts);
    it->problem = r.status == 401 ? "Not sent: sign in again." : "Not sent yet. Retrying…";
    if (r.status == 401) navigate(c, nav::SignedOut{});
  } else {
    it->given_up = true;
    it->problem = decode::error_reply(r.body).code == "case_closed" ? "Not sent: this chat is closed."
                                                                     : "Not sent: " + error_of(r, "refused.").message;
    save_outbox(c);
  }
}

}  // namespace

// ---- The case on screen --------------------------------------------------------

void open_case(Ctx& c, const std::string& id) {
  Model& m = c.m();
  UiState& ui = c.ui();
  m.open_case = OpenCase{};
  m.open_case.id = id;
  m.case_problem.clear();
  m.closing = m.claiming = m.requesting_close = false;
  m.handover.problem.clear();  // an action's answer for the case left behind still arrives, and is applied
  ui.chooser = UiState::Chooser::none;
  ui.message.clear();
  ui.confirm_close = false;
  ui.menu_open = false;
  ui.transcript_count = 0;
  ui.transcript_stuck = true;
  c.books().seen_case = id;
  c.books().seen_sent = 0;
  if (!id.empty()) load_case(c, false);
}

void refresh_lists(Ctx& c) {
  if (c.is_staff()) {
    c.send(Call::staff_queue, "GET", "/api/v1/staff/queue");
    c.send(Call::staff_cases, "GET", staff_cases_path(c.m()), {}, lists_tag(c.m()));
  } else {
    c.send(Call::guest_cases, "GET", "/api/v1/guest/cases");
  }
}

void load_case(Ctx& c, bool only_new) {
  const OpenCase& oc = c.m().open_case;
  if (oc.id.empty()) return;
  std::string path = case_path(oc.id);
  if (only_new && oc.loaded) path += "?after=" + std::to_string(oc.last_seq());
  c.send(Call::case_get, "GET", path, {}, oc.id);
}

void merge_case(Ctx& c, const CaseDetail& d) {
  Model& m = c.m();
  OpenCase& oc = m.open_case;
  if (d.id != oc.id || oc.id.empty()) return;
  oc.loaded = true;
  oc.missing = false;
  oc.subject = d.subject;
  if (const auto status = parse_case_status(d.status)) oc.status = *status;
  oc.team_slug = d.team.slug;
  oc.team_name = d.team.name;
  oc.guest_first = d.guest.first_name;
  oc.guest_last = d.guest.last_name;
  oc.guest_phone = d.guest.phone;
  oc.identifiers.assign(d.identifiers.begin(), d.identifiers.end());
  oc.assignee_id = d.assignee ? d.assignee->id : std::string();
  oc.assignee_name = d.assignee ? d.assignee->name : std::string();
  oc.created_at = d.created_at;
  for (const auto& wire : d.messages) add_message(c, oc.id, decode::shown_message(wire, c.env.locale));
  if (ListedCase* s = find_summary(m, oc.id)) {
    s->state = oc.status;
    s->status = std::string(to_string(oc.status));
  }
  // A guest who came by a resume link has no team in the page's path: the
  // case's team is the one a new chat from here goes to.
  if (!c.is_staff() && m.nav.team.empty() && !oc.team_slug.empty() && m.case_team != oc.team_slug) {
    m.case_team = oc.team_slug;
    c.send(Call::team, "GET", team_path(oc.team_slug));
  }
  // Staff see the identifiers under their organisation's labels.
  if (c.is_staff() && !oc.team_slug.empty() && !m.team_fields.count(oc.team_slug)) {
    m.team_fields[oc.team_slug] = {};  // asked once
    c.send(Call::team_fields, "GET", team_path(oc.team_slug), {}, oc.team_slug);
  }
}

void add_message(Ctx& c, const std::string& case_id, const ShownMessage& msg) {
  Model& m = c.m();
  if (msg.seq <= 0) return;
  // Committed: whatever we still hold under that client_id is delivered.
  if (!msg.client_id.empty()) {
    const auto before = m.outbox.size();
    std::erase_if(m.outbox, [&](const Outgoing& o) { return o.case_id == case_id && o.client_id == msg.client_id; });
    if (m.outbox.size() != before) save_outbox(c);
  }
  if (m.open_case.id != case_id) return;
  m.open_case.messages.emplace(msg.seq, msg);  // a seq already there stays as it is: never shown twice
}

// ---- Lists -------------------------------------------------------------------------

void apply_summary(Ctx& c, ListedCase s) {
  Model& m = c.m();
  const bool on_screen = m.open_case.id == s.id && m.page_visible &&
                         (m.nav.screen == Screen::chat || m.nav.screen == Screen::staff_case);
  if (on_screen) s.unread = 0;  // marked seen right after this frame
  const std::string id = s.id;
  const CaseStatus state = s.state;
  const TeamRef team = s.team;
  // Staff summaries carry the assignee (issue 20); the guest's do not.
  const bool says_assignee = c.is_staff() && s.guest.has_value();
  const Assignee assignee = s.assignee.value_or(Assignee{});
  // Transferred to a team this member is not in: it leaves every list (update_lists.cpp).
  const bool visible = !c.is_staff() || lists_take_summary(c, s);
  if (c.is_staff()) {
    for (auto* list : {&m.queue, &m.active_cases, &m.closing_cases, &m.closed_cases})
      std::erase_if(*list, [&](const ListedCase& x) { return x.id == id; });
    if (!visible) {
      // Nothing to list.
    } else if (state == CaseStatus::waiting) {
      m.queue.push_back(std::move(s));
      std::stable_sort(m.queue.begin(), m.queue.end(), older_first);
    } else {
      auto& list = state == CaseStatus::active            ? m.active_cases
                   : state == CaseStatus::close_requested ? m.closing_cases
                                                          : m.closed_cases;
      list.push_back(std::move(s));
      std::stable_sort(list.begin(), list.end(), newer_first);
    }
  } else {
    std::erase_if(m.cases, [&](const ListedCase& x) { return x.id == id; });
    m.cases.push_back(std::move(s));
    std::stable_sort(m.cases.begin(), m.cases.end(), newer_first);
  }
  OpenCase& oc = m.open_case;
  if (oc.id == id && oc.loaded) {
    bool changed = oc.status != state;
    oc.status = state;
    // A transfer shows the new team at once (the guest's chat header, the case view).
    if (!team.slug.empty() && (team.slug != oc.team_slug || team.name != oc.team_name)) {
      oc.team_slug = team.slug;
      oc.team_name = team.name;
      changed = true;
    }
    // A hand-over shows the new assignee at once.
    if (says_assignee && assignee.id != oc.assignee_id) {
      oc.assignee_id = assignee.id;
      oc.assignee_name = assignee.name;
      changed = true;
    }
    // The rest (a claim's assignee on a relay whose summaries lack it) comes
    // with the case; a case moved out of sight cannot be loaded any more.
    if (changed && visible) load_case(c, true);
  }
}

// ---- Answers, live events, intents, after the frame ------------------------------------

void cases_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  switch (r.call) {
    case Call::guest_cases:
      if (ok(r)) {
        m.cases = decode::case_list(r.body, c.env.locale);
        m.cases_loaded = true;
      } else if (r.status == 401) {
        navigate(c, nav::SignedOut{});
      }
      break;
    case Call::guest_create_case:
    case Call::staff_claim:
    case Call::staff_request_close:
    case Call::case_close:
      case_action_answer(c, r);
      break;
    case Call::case_get:
      if (r.tag != m.open_case.id) break;  // the user moved on
      if (ok(r)) {
        if (auto d = decode::case_detail(r.body)) merge_case(c, *d);
      } else if (r.status == 404) {
        m.open_case.missing = true;
      } else if (r.status == 401) {
        navigate(c, nav::SignedOut{});
      }
      break;
    case Call::case_message:
      message_answer(c, r);
      break;
    case Call::case_seen:
      c.books().seen_in_flight = false;
      break;
    default:
      assert(false && "update.cpp routes only the answers about cases here");
  }
}

void cases_event(Ctx& c, const LiveEvent& e) {
  Model& m = c.m();
  if (e.kind == LiveEvent::Kind::case_) {
    if (auto s = decode::listed_case(decode::parse(e.data), c.env.locale); s && !s->id.empty())
      apply_summary(c, std::move(*s));
    return;
  }
  assert(e.kind == LiveEvent::Kind::message && "update_session.cpp passes on only the events about cases");
  const decode::LiveMessage live = decode::live_message(e.data, c.env.locale);
  if (!live.message) return;
  const ShownMessage& msg = *live.message;
  const bool known = m.open_case.id == live.case_id && m.open_case.messages.count(msg.seq);
  add_message(c, live.case_id, msg);
  // Unread, until the relay's next summary says otherwise: what the other
  // side wrote in a chat not on screen.
  const bool from_other_side = c.is_staff() ? msg.author.kind == "guest" : msg.author.kind != "guest";
  const bool on_screen = m.open_case.id == live.case_id && m.page_visible;
  if (!known && from_other_side && !on_screen)
    if (ListedCase* s = find_summary(m, live.case_id)) ++s->unread;
  if (ListedCase* s = find_summary(m, live.case_id); s && msg.created_at > s->updated_at)
    s->updated_at = msg.created_at;
}

void cases_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  if (const auto* i = std::get_if<intent::StartChat>(&intent)) {
    if (m.creating_case) return;
    json ids = json::object();
    for (const auto& [k, v] : i->identifiers)
      if (!trimmed(v).empty()) ids[k] = trimmed(v);
    m.creating_case = true;
    m.create_error = {};
    c.send(Call::guest_create_case, "POST", "/api/v1/guest/cases",
           json{{"team", m.nav.team.empty() ? m.case_team : m.nav.team}, {"subject", m.nav.subject}, {"identifiers", ids}}
               .dump());
  } else if (const auto* s = std::get_if<intent::SendMessage>(&intent)) {
    const std::string body = trimmed(s->body);
    if (body.empty() || m.open_case.id.empty() || !m.open_case.open()) return;
    assert(!c.env.fresh_id.empty() && "needs_fresh_id() asks the edge for an id for every SendMessage");
    Outgoing o;
    o.case_id = m.open_case.id;
    o.client_id = "c" + c.env.fresh_id;
    o.body = body;
    m.outbox.push_back(std::move(o));
    save_outbox(c);  // before sending: a reload from here on still has it
    send_outgoing(c, m.outbox.back());
  } else if (std::holds_alternative<intent::CloseCase>(intent)) {
    if (m.closing || m.open_case.id.empty()) return;
    m.closing = true;
    m.case_problem.clear();
    c.send(Call::case_close, "POST", case_path(m.open_case.id) + "/close", "{}", m.open_case.id);
  }
}

void cases_after_frame(Ctx& c) {
  Model& m = c.m();
  Books& b = c.books();
  // Mark what is on screen as seen: the latest message of the open case,
  // while the page is visible.
  const OpenCase& oc = m.open_case;
  // A case transferred to a team this member is not in can no longer be marked (404).
  const bool markable = !c.is_staff() || case_in_my_teams(m);
  if (oc.loaded && markable && m.page_visible && !b.seen_in_flight && oc.id == b.seen_case && oc.last_seq() > b.seen_sent) {
    b.seen_sent = oc.last_seq();
    b.seen_in_flight = true;
    c.send(Call::case_seen, "POST", case_path(oc.id) + "/seen", json{{"seq", b.seen_sent}}.dump(), oc.id);
    if (ListedCase* s = find_summary(m, oc.id)) s->unread = 0;
  }
  for (auto& o : m.outbox)
    if (!o.in_flight && !o.given_up && m.now_ms >= o.retry_at_ms) send_outgoing(c, o);
}

}  // namespace foxo::client::core
