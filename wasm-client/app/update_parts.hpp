// Inside the client core (app/update.hpp): the context an update works in
// and the steps the concern files share. Not for screens or the edge.
#pragma once
#include <cassert>
#include <string>
#include <vector>

#include "app/update.hpp"

namespace foxo::client::core {

// One update in progress: the state it owns, the effects it has asked for.
struct Ctx {
  State& s;
  std::vector<Effect>& fx;
  const Env& env;

  Model& m() { return s.model; }
  UiState& ui() { return s.ui; }
  Books& books() { return s.books; }
  bool is_staff() const { return s.model.nav.side == Side::staff; }
  void send(Call call, std::string method, std::string path, std::string body = {}, std::string tag = {}) {
    fx.push_back(effect::Request{call, std::move(method), std::move(path), std::move(body), std::move(tag)});
  }
};

// Paths (update.cpp).
std::string path_escape(const std::string& s);
std::string case_path(const std::string& id);
std::string team_path(const std::string& slug);
std::string attachment_path(const std::string& id);
std::string trimmed(const std::string& s);  // without leading and trailing white space
// What a refused request says, or `fallback`; no answer at all says so.
FieldError error_of(const Response& r, const char* fallback);
inline bool ok(const Response& r) { return r.status >= 200 && r.status < 300; }
inline constexpr const char* kNoConnection = "Cannot reach the service. Check your connection.";

// Session (update_session.cpp).
void navigate(Ctx& c, const NavEvent& e);
void start_requests(Ctx& c);
void session_intent(Ctx& c, const Intent& i);
void health_answer(Ctx& c, const Response& r);
void stream_event(Ctx& c, const LiveEvent& e);

// Auth (update_auth.cpp).
void auth_answer(Ctx& c, const Response& r);
void auth_intent(Ctx& c, const Intent& i);

// Cases (update_cases.cpp).
void cases_answer(Ctx& c, const Response& r);
void cases_intent(Ctx& c, const Intent& i);
void cases_event(Ctx& c, const LiveEvent& e);
void cases_after_frame(Ctx& c);
void open_case(Ctx& c, const std::string& id);
void refresh_lists(Ctx& c);
void load_case(Ctx& c, bool only_new);
void merge_case(Ctx& c, const CaseDetail& d);
void apply_summary(Ctx& c, ListedCase s);
void add_message(Ctx& c, const std::string& case_id, const ShownMessage& m);

// Staff (update_staff.cpp).
void staff_answer(Ctx& c, const Response& r);
void staff_intent(Ctx& c, const Intent& i);

// Staff hand-over: Hand over, Return to queue, Transfer, and the
// organisation's teams they choose from (update_handover.cpp).
void handover_answer(Ctx& c, const Response& r);
void handover_intent(Ctx& c, const Intent& i);
void handover_after_frame(Ctx& c);

// Staff lists: filter, paging, search, identifier labels (update_lists.cpp).
void lists_answer(Ctx& c, const Response& r);
void lists_intent(Ctx& c, const Intent& i);
void lists_after_frame(Ctx& c);
// GET /staff/cases for the lists under the current filter, from `before` (empty: the first page).
std::string staff_cases_path(const Model& m, const std::string& before = {});
// Which filter a lists request was asked under (its tag): a late answer for an
// earlier filter is dropped.
std::string lists_tag(const Model& m);
// The lists' first page arrived (update_staff.cpp): its cursor; labels for its teams.
void lists_first_page(Ctx& c, const Response& r);
// Labels for the identifiers of every team in the lists, asked once per team.
void want_labels(Ctx& c, const std::string& team_slug);
// A case summary arrived (live event or an action's answer): search results
// follow it; false when the case left this member's teams (transferred away).
bool lists_take_summary(Ctx& c, const ListedCase& s);

// Staff two-factor sign-in (update_mfa.cpp).
void mfa_answer(Ctx& c, const Response& r);
void mfa_intent(Ctx& c, const Intent& i);
void mfa_entered(Ctx& c, Screen s);  // entering its screens: focus, the enrolment request
// A staff sign-in or /staff/me answered 200 or 403: whether two-factor takes
// over (a code is due, or enrolment is required); it navigates when it does.
bool mfa_after_sign_in(Ctx& c, const Response& r);
// Any staff request of a signed-in console answered 403
// mfa_enrolment_required (the organisation turned require_mfa on): enrolment.
bool mfa_enrolment_demanded(Ctx& c, const Response& r);

// Uploads (update_uploads.cpp).
void file_event(Ctx& c, const FileEvent& e);
void texture_made(Ctx& c, const event::TextureMade& t);
void uploads_intent(Ctx& c, const Intent& i);
void uploads_after_frame(Ctx& c);

// Storage and sign-out (update_storage.cpp).
void storage_answer(Ctx& c, const Response& r);
void unsealed(Ctx& c, const event::Unsealed& u);
void save_outbox(Ctx& c);
void storage_after_frame(Ctx& c);
void sign_out_intent(Ctx& c, const Intent& i);
void sign_out_answer(Ctx& c, const Response& r);
// The session is over without a sign-out here (update_session_end.cpp):
// nothing of the person stays in storage or memory; to the side's sign-in screen.
void forget_session(Ctx& c);

// Staff alerts (update_alerts.cpp).
void alerts_start(Ctx& c, const event::Started& e);
void alerts_event(Ctx& c, const LiveEvent& e);     // before stream_event: what is new
void alerts_answer(Ctx& c, const Response& r);     // which cases are mine
void alerts_intent(Ctx& c, const Intent& i);
void alerts_permission(Ctx& c, const event::AlertPermission& p);

// Session end and the staff idle notice (update_session_end.cpp).
void session_end_event(Ctx& c, const LiveEvent& e);
void session_answer(Ctx& c, const Response& r);    // a 401 while signed in, before the answer's own handler
void idle_tick(Ctx& c);
void user_active(Ctx& c, const event::UserActive& a);
void session_end_intent(Ctx& c, const Intent& i);
void session_end_after_frame(Ctx& c);

}  // namespace foxo::client::core
