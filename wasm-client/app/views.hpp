// What the client derives from its state for the page around the canvas and
// for the screens: pure functions of the Model, computed when asked.
#pragma once
#include <string>
#include <vector>

#include "app/model.hpp"

namespace foxo::client {

// "12 KB", "3.4 MB": a file's size for people.
std::string file_size_text(double bytes);
// Human words for a case status ("Waiting for the team", "Open", ...).
const char* status_words(CaseStatus s);

// Whether the screen is one only a signed-in user sees (the live stream is
// open on those).
bool signed_in(const NavState& nav);
// Whether the user may write in the case on screen (and so send files).
bool can_write(const Model& m);
// When the screen needs redrawing with no input (a countdown, a retry), or 0.
double next_wakeup_ms(const Model& m);
// Staff lists (issue 20). Whether the lists' filter shows case `c`.
bool shown_by_filter(const Model& m, const ListedCase& c);
// Who has case `c`: "You", their name, or "Unassigned".
std::string assignee_words(const Model& m, const ListedCase& c);
// "Practice: Harbour GP · File: 王-1": the identifiers under their team's
// labels (the key only until the labels arrive).
std::string identifiers_line(const Model& m, const ListedCase& c);
// What the staff member may do with the open case: Hand over and Return to
// queue (its assignee or an admin, while it is open and assigned), Transfer
// (those, or any member of its team while it waits).
bool may_hand_over(const Model& m);
// Whether the open case belongs to one of the member's teams (not once it
// was transferred to another): only then is there anything to do with it.
bool case_in_my_teams(const Model& m);
bool may_transfer(const Model& m);
// The chooser's entries: the colleagues of the open case's team but oneself,
// and the organisation's other teams.
std::vector<Colleague> hand_over_choices(const Model& m);
std::vector<ColleagueTeam> transfer_choices(const Model& m);

// "(2) Foxo": the unread count in the page title.
std::string title(const Model& m);
// Staff: whether case `case_id` is assigned to me, as far as the client has
// seen (Model::my_cases, or the open case's assignee).
bool is_my_case(const Model& m, const std::string& case_id);
// Why the person is back on the sign-in screen: the relay's session_end
// reason ("signed_out", "expired", "revoked"; anything else, such as a 401,
// says the session ended), worded for `side`.
std::string session_end_sentence(const std::string& reason, Side side);
// The staff idle notice shows this long before the idle limit.
inline constexpr double kIdleNoticeMs = 5 * 60 * 1000.0;
// "You will be signed out in 4:59": the notice's countdown, whole seconds
// rounded up (it never says 0:00 while still signed in).
std::string idle_notice_text(const Model& m);
// What screen readers hear of the notice: once, without the ticking seconds.
inline constexpr const char* kIdleNoticeLine =
    "You will be signed out in 5 minutes because nothing was done in this console. Press Stay signed in to stay.";
// What the aria-live region says: the transcript, one line per message, or
// the errors on screen.
std::vector<std::string> live_lines(const Model& m);

}  // namespace foxo::client
