// Index: paths and errors; needs_fresh_id; update (the dispatch to the
// concern files, the start and the clock).
#include "app/update.hpp"

#include <cctype>
#include <type_traits>

#include "app/decode.hpp"
#include "app/outbox.hpp"
#include "app/update_parts.hpp"
#include "app/views.hpp"

namespace foxo::client {

namespace core {

std::string path_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

std::string case_path(const std::string& id) { return "/api/v1/cases/" + path_escape(id); }
std::string team_path(const std::string& slug) { return "/api/v1/teams/" + path_escape(slug); }
std::string attachment_path(const std::string& id) { return "/api/v1/attachments/" + path_escape(id); }

std::string trimmed(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  const auto b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

FieldError error_of(const Response& r, const char* fallback) {
  FieldError e;
  if (r.status == 0) {
    e.message = "No connection. Check your network and try again.";
    return e;
  }
  const decode::ErrorReply reply = decode::error_reply(r.body);
  e.field = reply.field;
  e.message = reply.message.empty() ? fallback : reply.message;
  return e;
}

namespace {

template <class T, class... Ts>
constexpr bool one_of = (std::is_same_v<T, Ts> || ...);

void on_answer(Ctx& c, const Response& r) {
  if (mfa_enrolment_demanded(c, r)) return;
  session_answer(c, r);  // a 401 while signed in: the sign-in screen says why
  alerts_answer(c, r);   // which cases are mine
  switch (r.call) {
    case Call::health: health_answer(c, r); break;
    case Call::team:
    case Call::guest_me:
    case Call::guest_resume:
    case Call::guest_otp:
    case Call::guest_verify:
    case Call::staff_login:
    case Call::staff_me:
      auth_answer(c, r);
      storage_answer(c, r);  // the person's storage key, if the answer signed someone in
      break;
    case Call::guest_logout:
    case Call::staff_logout: sign_out_answer(c, r); break;
    case Call::guest_cases:
    case Call::guest_create_case:
    case Call::staff_claim:
    case Call::staff_request_close:
    case Call::case_close:
    case Call::case_get:
    case Call::case_message:
    case Call::case_seen: cases_answer(c, r); break;
    case Call::staff_queue:
    case Call::staff_cases:
    case Call::team_fields: staff_answer(c, r); break;
    case Call::staff_login_mfa:
      mfa_answer(c, r);
      storage_answer(c, r);  // the code half signs the member in: their storage key
      break;
    case Call::staff_mfa_enrol:
    case Call::staff_mfa_confirm: mfa_answer(c, r); break;
    case Call::staff_colleagues:
    case Call::staff_assign:
    case Call::staff_release:
    case Call::staff_transfer: handover_answer(c, r); break;
    case Call::staff_cases_more:
    case Call::staff_search: lists_answer(c, r); break;
    case Call::staff_keepalive: break;  // a 401 was handled above (session_answer)
  }
}

void on_intent(Ctx& c, const Intent& i) {
  std::visit(
      [&](const auto& x) {
        using I = std::decay_t<decltype(x)>;
        if constexpr (one_of<I, intent::SendCode, intent::ResendCode, intent::VerifyCode, intent::StaffSignIn>)
          auth_intent(c, i);
        else if constexpr (one_of<I, intent::StartChat, intent::SendMessage, intent::CloseCase>)
          cases_intent(c, i);
        else if constexpr (one_of<I, intent::Claim, intent::RequestClose>)
          staff_intent(c, i);
        else if constexpr (one_of<I, intent::PickFiles, intent::CancelUpload, intent::RetryUpload, intent::Download>)
          uploads_intent(c, i);
        else if constexpr (one_of<I, intent::MfaSignInCode, intent::OpenMfaEnrolment, intent::MfaConfirm,
                                  intent::MfaDone>)
          mfa_intent(c, i);
        else if constexpr (one_of<I, intent::SignOut, intent::CancelSignOut>)
          sign_out_intent(c, i);
        else if constexpr (one_of<I, intent::HandOver, intent::ReturnToQueue, intent::Transfer,
                                  intent::WantColleagues>)
          handover_intent(c, i);
        else if constexpr (one_of<I, intent::FilterLists, intent::ShowMoreCases, intent::SearchTyped,
                                  intent::ShowMoreResults>)
          lists_intent(c, i);
        else if constexpr (one_of<I, intent::SetSoundAlerts, intent::SetDesktopAlerts>)
          alerts_intent(c, i);
        else if constexpr (one_of<I, intent::StaySignedIn>)
          session_end_intent(c, i);
        else
          session_intent(c, i);  // ChangeNumber, NewChat, ChooseSubject, OpenCase, Back, Retry
      },
      i);
}

void on_start(Ctx& c, const event::Started& e) {
  c.m().camera = e.camera;
  c.books().store.legacy = outbox_from_text(e.stored_outbox);  // taken over at the first sign-in
  alerts_start(c, e);
  navigate(c, nav::RouteOpened{e.path});
  start_requests(c);
}

void on_tick(Ctx& c, const event::Tick& t) {
  Model& m = c.m();
  m.now_ms = t.now_ms;
  m.wall_ms = t.wall_ms;
  m.today_key = t.today_key;
  m.yesterday_key = t.yesterday_key;
  m.page_visible = t.page_visible;
  idle_tick(c);  // the staff idle notice and limit, from the clock
}

void on_live(Ctx& c, const LiveEvent& e) {
  if (e.kind == LiveEvent::Kind::session_end) {
    session_end_event(c, e);
    return;
  }
  alerts_event(c, e);  // before the lists change: what is new to them
  stream_event(c, e);
}

void on_frame_drawn(Ctx& c) {
  session_end_after_frame(c);
  if (!signed_in(c.m().nav)) return;
  cases_after_frame(c);
  handover_after_frame(c);
  lists_after_frame(c);
  uploads_after_frame(c);
  storage_after_frame(c);
}

}  // namespace

}  // namespace core

bool needs_fresh_id(const Event& e) {
  if (const auto* i = std::get_if<Intent>(&e)) return std::holds_alternative<intent::SendMessage>(*i);
  if (const auto* f = std::get_if<FileEvent>(&e)) return f->kind == FileEvent::Kind::file;
  return false;
}

Step update(State s, const Event& e, const Env& env) {
  std::vector<Effect> fx;
  core::Ctx c{s, fx, env};
  std::visit(
      [&](const auto& x) {
        using E = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<E, event::Started>) core::on_start(c, x);
        else if constexpr (std::is_same_v<E, event::Tick>) core::on_tick(c, x);
        else if constexpr (std::is_same_v<E, Response>) core::on_answer(c, x);
        else if constexpr (std::is_same_v<E, LiveEvent>) core::on_live(c, x);
        else if constexpr (std::is_same_v<E, FileEvent>) core::file_event(c, x);
        else if constexpr (std::is_same_v<E, Intent>) core::on_intent(c, x);
        else if constexpr (std::is_same_v<E, event::FrameDrawn>) core::on_frame_drawn(c);
        else if constexpr (std::is_same_v<E, event::TextureMade>) core::texture_made(c, x);
        else if constexpr (std::is_same_v<E, event::Unsealed>) core::unsealed(c, x);
        else if constexpr (std::is_same_v<E, event::AlertPermission>) core::alerts_permission(c, x);
        else if constexpr (std::is_same_v<E, event::UserActive>) core::user_active(c, x);
      },
      e);
  return Step{std::move(s), std::move(fx)};
}

}  // namespace foxo::client
