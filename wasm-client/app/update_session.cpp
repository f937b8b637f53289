// Navigation and what entering a screen starts; the start-up requests; the
// live stream's state (open on signed-in screens, closed elsewhere).
#include "app/decode.hpp"
#include "app/update_parts.hpp"
#include "app/views.hpp"

namespace foxo::client::core {

namespace {

void update_stream(Ctx& c) {
  if (signed_in(c.m().nav)) {
    if (!c.books().stream_wanted) {
      c.books().stream_wanted = true;
      c.fx.push_back(effect::OpenStream{"/api/v1/events"});
      c.m().live = Live::connecting;
    }
  } else if (c.books().stream_wanted) {
    c.books().stream_wanted = false;
    c.fx.push_back(effect::CloseStream{});
    c.m().live = Live::off;
  }
}

void on_enter(Ctx& c, Screen s) {
  UiState& ui = c.ui();
  ui.menu_open = false;
  switch (s) {
    case Screen::guest_register:
      ui.focus_next = "First name";
      break;
    case Screen::code:
      ui.code.clear();
      ui.focus_next = "Code";
      break;
    case Screen::home:
      c.send(Call::guest_cases, "GET", "/api/v1/guest/cases");
      break;
    case Screen::new_chat:
      ui.subject.clear();
      break;
    case Screen::identifiers:
      // Name and phone come from the verified guest; the rest starts empty.
      ui.identifier_values.clear();
      ui.identifier_errors.clear();
      c.m().create_error = {};
      break;
    case Screen::staff_login:
      ui.focus_next = "Email";
      break;
    case Screen::staff_queue:
      refresh_lists(c);
      break;
    case Screen::staff_mfa_code:
    case Screen::staff_mfa_enrol:
      mfa_entered(c, s);
      break;
    default:
      break;
  }
}

}  // namespace

void navigate(Ctx& c, const NavEvent& e) {
  Model& m = c.m();
  const NavState before = m.nav;
  m.nav = update(m.nav, e);
  if (m.nav.screen != before.screen) on_enter(c, m.nav.screen);
  const bool case_screen = m.nav.screen == Screen::chat || m.nav.screen == Screen::staff_case;
  if (case_screen && m.nav.case_id != m.open_case.id) open_case(c, m.nav.case_id);
  if (!case_screen && !m.open_case.id.empty()) m.open_case = OpenCase{};
  update_stream(c);
}

void start_requests(Ctx& c) {
  Model& m = c.m();
  m.connection_problem.clear();
  c.send(Call::health, "GET", "/api/v1/health");
  const NavState& n = m.nav;
  if (n.side == Side::staff) {
    c.send(Call::staff_me, "GET", "/api/v1/staff/me");
    return;
  }
  if (!n.team.empty()) c.send(Call::team, "GET", team_path(n.team));
  if (!n.resume_token.empty()) {
    m.resume_token = n.resume_token;
    c.send(Call::guest_resume, "POST", "/api/v1/guest/resume", json{{"token", n.resume_token}}.dump());
  } else {
    c.send(Call::guest_me, "GET", "/api/v1/guest/me");
  }
}

void health_answer(Ctx& c, const Response& r) {
  if (ok(r) && decode::health_dev(r.body)) c.m().dev = true;
  if (r.status == 0) c.m().connection_problem = kNoConnection;
}

void session_intent(Ctx& c, const Intent& intent) {
  if (std::holds_alternative<intent::ChangeNumber>(intent)) {
    navigate(c, nav::ChangeNumber{});
  } else if (std::holds_alternative<intent::NewChat>(intent)) {
    navigate(c, nav::NewChatRequested{});
  } else if (const auto* i = std::get_if<intent::ChooseSubject>(&intent)) {
    navigate(c, nav::SubjectChosen{trimmed(i->subject)});
  } else if (const auto* o = std::get_if<intent::OpenCase>(&intent)) {
    c.ui().menu_open = false;
    navigate(c, nav::CaseOpened{o->case_id});
  } else if (std::holds_alternative<intent::Back>(intent)) {
    navigate(c, nav::Back{});
  } else if (std::holds_alternative<intent::Retry>(intent)) {
    start_requests(c);
  }
}

void stream_event(Ctx& c, const LiveEvent& e) {
  switch (e.kind) {
    case LiveEvent::Kind::open:
      c.m().live = Live::open;
      // Whatever happened while the stream was not open: lists and the open case.
      if (signed_in(c.m().nav)) {
        refresh_lists(c);
        load_case(c, true);
      }
      break;
    case LiveEvent::Kind::down:
      if (c.m().live != Live::off) c.m().live = Live::reconnecting;
      break;
    case LiveEvent::Kind::message:
    case LiveEvent::Kind::case_:
      cases_event(c, e);
      break;
    case LiveEvent::Kind::session_end:
      break;  // update.cpp hands it to update_session_end.cpp

  }
}

}  // namespace foxo::client::core
