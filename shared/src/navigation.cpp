// The client's navigation as a pure state machine (foxo/navigation.hpp):
// the screen a path opens (route), the screen after each event (update), and
// the names the browser test hook reports.
#include "foxo/navigation.hpp"

#include <type_traits>

namespace foxo {

std::string_view screen_name(Screen s) {
  switch (s) {
    case Screen::loading: return "loading";
    case Screen::guest_register: return "register";
    case Screen::code: return "code";
    case Screen::home: return "home";
    case Screen::new_chat: return "new_chat";
    case Screen::identifiers: return "identifiers";
    case Screen::chat: return "chat";
    case Screen::staff_login: return "staff_login";
    case Screen::staff_queue: return "staff_queue";
    case Screen::staff_case: return "staff_case";
    case Screen::staff_mfa_code: return "staff_mfa_code";
    case Screen::staff_mfa_enrol: return "staff_mfa_enrol";
  }
  return "loading";
}

namespace {

// The path segment after `prefix`, without a trailing slash or query; empty if
// the path does not start with prefix.
std::string segment_after(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return {};
  std::string_view rest = path.substr(prefix.size());
  auto end = rest.find_first_of("/?#");
  return std::string(rest.substr(0, end));
}

bool is_staff_path(std::string_view path) {
  auto end = path.find_first_of("?#");
  path = path.substr(0, end);
  return path == "/staff" || path.substr(0, 7) == "/staff/";
}

NavState route(std::string_view path) {
  NavState s;  // every route starts by asking the relay about the session
  if (is_staff_path(path)) {
    s.side = Side::staff;
  } else if (auto token = segment_after(path, "/r/"); !token.empty()) {
    s.resume_token = token;
  } else {
    s.team = segment_after(path, "/t/");
  }
  return s;
}

// Leaving a session drops everything tied to it but keeps where the page came
// from, so the guest lands on the same team's register screen.
NavState signed_out(const NavState& s) {
  NavState out;
  out.side = s.side;
  out.team = s.team;
  out.screen = s.side == Side::staff ? Screen::staff_login : Screen::guest_register;
  return out;
}

}  // namespace

NavState update(NavState s, const NavEvent& event) {
  const Screen at = s.screen;
  const bool guest = s.side == Side::guest;
  return std::visit(
      [&](const auto& e) -> NavState {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, nav::RouteOpened>) {
          return route(e.path);
        } else if constexpr (std::is_same_v<E, nav::SessionChecked>) {
          // A resume link waits for its own answer instead.
          if (at != Screen::loading || !s.resume_token.empty()) return s;
          if (guest) s.screen = e.signed_in ? Screen::home : Screen::guest_register;
          else s.screen = e.signed_in ? Screen::staff_queue : Screen::staff_login;
          return s;
        } else if constexpr (std::is_same_v<E, nav::ResumeAnswered>) {
          if (at != Screen::loading || s.resume_token.empty()) return s;
          s.resume_token.clear();
          s.case_id = e.case_id;
          if (e.authenticated) {
            s.screen = Screen::chat;
          } else {
            s.screen = Screen::code;
            s.challenge_id = e.challenge_id;
          }
          return s;
        } else if constexpr (std::is_same_v<E, nav::ResumeFailed>) {
          if (at != Screen::loading || s.resume_token.empty()) return s;
          s.resume_token.clear();
          s.screen = Screen::guest_register;
          return s;
        } else if constexpr (std::is_same_v<E, nav::CodeSent>) {
          if (at != Screen::guest_register && at != Screen::code) return s;
          s.screen = Screen::code;
          s.challenge_id = e.challenge_id;
          return s;
        } else if constexpr (std::is_same_v<E, nav::CodeVerified>) {
          if (at != Screen::code) return s;
          s.challenge_id.clear();
          s.screen = s.case_id.empty() ? Screen::home : Screen::chat;
          return s;
        } else if constexpr (std::is_same_v<E, nav::ChangeNumber>) {
          if (at != Screen::code) return s;
          s.challenge_id.clear();
          s.case_id.clear();
          s.screen = Screen::guest_register;
          return s;
        } else if constexpr (std::is_same_v<E, nav::NewChatRequested>) {
          if (at != Screen::home && at != Screen::chat) return s;
          s.case_id.clear();
          s.subject.clear();
          s.screen = Screen::new_chat;
          return s;
        } else if constexpr (std::is_same_v<E, nav::SubjectChosen>) {
          if (at != Screen::new_chat || e.subject.empty()) return s;
          s.subject = e.subject;
          s.screen = Screen::identifiers;
          return s;
        } else if constexpr (std::is_same_v<E, nav::CaseCreated>) {
          if (at != Screen::identifiers || e.case_id.empty()) return s;
          s.case_id = e.case_id;
          s.subject.clear();
          s.screen = Screen::chat;
          return s;
        } else if constexpr (std::is_same_v<E, nav::CaseOpened>) {
          if (e.case_id.empty()) return s;
          if (guest && (at == Screen::home || at == Screen::chat || at == Screen::new_chat ||
                        at == Screen::identifiers)) {
            s.screen = Screen::chat;
          } else if (!guest && (at == Screen::staff_queue || at == Screen::staff_case)) {
            s.screen = Screen::staff_case;
          } else {
            return s;
          }
          s.subject.clear();
          s.case_id = e.case_id;
          return s;
        } else if constexpr (std::is_same_v<E, nav::Back>) {
          switch (at) {
            case Screen::code: return update(s, nav::ChangeNumber{});
            case Screen::new_chat: s.screen = Screen::home; break;
            case Screen::identifiers: s.screen = Screen::new_chat; break;
            case Screen::chat: s.screen = Screen::home; s.case_id.clear(); break;
            case Screen::staff_case: s.screen = Screen::staff_queue; s.case_id.clear(); break;
            case Screen::staff_mfa_code: s.screen = Screen::staff_login; break;
            case Screen::staff_mfa_enrol: s.screen = Screen::staff_queue; break;
            default: break;
          }
          return s;
        } else if constexpr (std::is_same_v<E, nav::StaffSignedIn>) {
          if (at != Screen::staff_login && at != Screen::staff_mfa_code) return s;
          s.screen = Screen::staff_queue;
          return s;
        } else if constexpr (std::is_same_v<E, nav::MfaCodeRequired>) {
          if (at != Screen::staff_login) return s;
          s.screen = Screen::staff_mfa_code;
          return s;
        } else if constexpr (std::is_same_v<E, nav::MfaEnrolmentOpened>) {
          if (guest || (at != Screen::loading && at != Screen::staff_login && at != Screen::staff_mfa_code &&
                        at != Screen::staff_queue && at != Screen::staff_case))
            return s;
          s.case_id.clear();
          s.screen = Screen::staff_mfa_enrol;
          return s;
        } else if constexpr (std::is_same_v<E, nav::MfaEnrolmentDone>) {
          if (at != Screen::staff_mfa_enrol) return s;
          s.screen = Screen::staff_queue;
          return s;
        } else if constexpr (std::is_same_v<E, nav::SignedOut>) {
          if (at == Screen::loading && !s.resume_token.empty()) return s;
          return signed_out(s);
        }
      },
      event);
}

}  // namespace foxo
