// The browser client's navigation state machine: which screen is shown and
// the few identifiers that screen needs (team, challenge, case). Pure: the
// client feeds it events built from URL routes, user intents and relay
// answers, and draws whatever screen the returned state names. Keeping it here
// (not in wasm-client/) lets the native and the WebAssembly unit tests pin the
// journey down without a browser.
#pragma once
#include <string>
#include <string_view>
#include <variant>

namespace foxo {

enum class Screen {
  loading,         // waiting for the relay to say whether a session exists
  guest_register,  // "register" in the browser test hook
  code,
  home,
  new_chat,
  identifiers,
  chat,
  staff_login,
  staff_queue,
  staff_case,
  staff_mfa_code,   // the second half of a two-factor sign-in (issue 18)
  staff_mfa_enrol,  // setting up two-factor sign-in: QR, key, first code, recovery codes
};

// The names of docs/API.md's browser test hook (`foxoUi.screen()`).
std::string_view screen_name(Screen s);

enum class Side { guest, staff };

struct NavState {
  Screen screen = Screen::loading;
  Side side = Side::guest;
  std::string team;          // slug from /t/{team}; empty when the page had none
  std::string resume_token;  // from /r/{token}, until the relay has answered for it
  std::string challenge_id;  // the OTP challenge the code screen verifies
  std::string subject;       // chosen on new_chat, carried to identifiers
  std::string case_id;       // the open chat or staff case; after an unauthenticated
                             // resume, the case to open once the code is verified
  bool operator==(const NavState&) const = default;
};

namespace nav {
// The page was opened at this URL path (`/t/intake`, `/staff`, `/r/TOKEN`, `/`).
struct RouteOpened { std::string path; };
// GET /api/v1/guest/me (guest side) or a staff request answered: is there a session?
struct SessionChecked { bool signed_in = false; };
// POST /api/v1/guest/resume answered.
struct ResumeAnswered { std::string case_id; bool authenticated = false; std::string challenge_id; };
// The resume link was unknown or expired.
struct ResumeFailed {};
// POST /api/v1/guest/otp accepted (also a resend from the code screen).
struct CodeSent { std::string challenge_id; };
// POST /api/v1/guest/otp/verify succeeded.
struct CodeVerified {};
// The guest wants to correct name or number.
struct ChangeNumber {};
struct NewChatRequested {};
struct SubjectChosen { std::string subject; };
struct CaseCreated { std::string case_id; };
// An earlier chat (guest menu) or a queued case (staff) was opened.
struct CaseOpened { std::string case_id; };
struct Back {};
struct StaffSignedIn {};
// The password was right and a two-factor code is due.
struct MfaCodeRequired {};
// Two-factor enrolment opened: from the console's header, or because the
// organisation requires it (right after sign-in, or at start).
struct MfaEnrolmentOpened {};
// Enrolment finished (or cancelled when not required): back to the console.
struct MfaEnrolmentDone {};
// Logout, or the relay answered 401 to a signed-in request.
struct SignedOut {};
}  // namespace nav

using NavEvent = std::variant<nav::RouteOpened, nav::SessionChecked, nav::ResumeAnswered,
                              nav::ResumeFailed, nav::CodeSent, nav::CodeVerified,
                              nav::ChangeNumber, nav::NewChatRequested, nav::SubjectChosen,
                              nav::CaseCreated, nav::CaseOpened, nav::Back, nav::StaffSignedIn,
                              nav::SignedOut, nav::MfaCodeRequired, nav::MfaEnrolmentOpened,
                              nav::MfaEnrolmentDone>;

// Events that make no sense on the current screen (a late answer after the
// user moved on, a double tap) return the state unchanged.
NavState update(NavState s, const NavEvent& e);

}  // namespace foxo
