// What the user asked for. Screens emit intents through Dispatch; after the
// frame is drawn each goes to update() (app/update.hpp) as an event, which
// turns it into navigation and effects (requests, the file bridge).
#pragma once
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace foxo::client {

enum class ListFilter;  // model.hpp

namespace intent {
struct SendCode { std::string first_name, last_name, phone; };
struct ResendCode {};
struct VerifyCode { std::string code; };
struct ChangeNumber {};
struct NewChat {};
struct ChooseSubject { std::string subject; };
struct StartChat { std::map<std::string, std::string> identifiers; };
struct OpenCase { std::string case_id; };
struct Back {};
struct StaffSignIn { std::string email, password; };
struct Retry {};  // the relay was unreachable: try the start-up requests again
struct SendMessage { std::string body; };  // in the open case
struct CloseCase {};     // the guest confirmed Close Chat
struct Claim {};         // staff: the open case
struct RequestClose {};  // staff: the open case
struct PickFiles { bool camera = false; };  // Attach (picker) or Take photo (camera)
struct CancelUpload { int number = 0; };    // stop sending, or drop a refused file
struct RetryUpload { int number = 0; };
struct Download { std::string attachment_id, name; };
// Staff two-factor sign-in (update_mfa.cpp).
struct MfaSignInCode { std::string code; };  // the code half of a sign-in
struct OpenMfaEnrolment {};                  // the console's Two-factor button
struct MfaConfirm { std::string code; };     // the first code from the app
struct MfaDone {};                           // recovery codes kept (or enrolment cancelled)
// Sign out (guest menu, staff header); `confirmed` after "Sign out anyway?".
struct SignOut { bool confirmed = false; };
struct CancelSignOut {};
// Staff, issue 20 (update_handover.cpp, update_lists.cpp).
struct HandOver { std::string staff_id; };    // the open case, to a colleague of its team
struct ReturnToQueue {};                      // the open case, back to waiting
struct Transfer { std::string team; };        // the open case, to another team (slug)
struct WantColleagues {};                     // a chooser opened: load the teams if not yet
struct FilterLists { ListFilter filter; };    // Mine, Unassigned, All
struct ShowMoreCases {};                      // the next page of the lists
struct SearchTyped { std::string text; bool now = false; };  // now: Enter (else after a pause)
struct ShowMoreResults {};                    // the next page of the search
// Staff alerts (update_alerts.cpp): the console's switches.
struct SetSoundAlerts { bool on = false; };
struct SetDesktopAlerts { bool on = false; };  // on: asks the browser's permission first, once
// The idle notice's button (update_session_end.cpp).
struct StaySignedIn {};
}  // namespace intent

using Intent = std::variant<intent::SendCode, intent::ResendCode, intent::VerifyCode, intent::ChangeNumber,
                            intent::NewChat, intent::ChooseSubject, intent::StartChat, intent::OpenCase,
                            intent::Back, intent::StaffSignIn, intent::Retry, intent::SendMessage,
                            intent::CloseCase, intent::Claim, intent::RequestClose, intent::PickFiles,
                            intent::CancelUpload, intent::RetryUpload, intent::Download, intent::MfaSignInCode,
                            intent::OpenMfaEnrolment, intent::MfaConfirm, intent::MfaDone, intent::SignOut,
                            intent::CancelSignOut, intent::HandOver, intent::ReturnToQueue, intent::Transfer,
                            intent::WantColleagues, intent::FilterLists, intent::ShowMoreCases,
                            intent::SearchTyped, intent::ShowMoreResults, intent::SetSoundAlerts,
                            intent::SetDesktopAlerts, intent::StaySignedIn>;

class Dispatch {
 public:
  void operator()(Intent i) { queue_.push_back(std::move(i)); }
  std::vector<Intent> take() {
    std::vector<Intent> out;
    out.swap(queue_);
    return out;
  }

 private:
  std::vector<Intent> queue_;
};

}  // namespace foxo::client
