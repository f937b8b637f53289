// The client's state: what the screens read (Model), what they may keep for
// themselves (UiState: text being typed, open menus), and the core's own
// bookkeeping (Books). All three change only through update()
// (app/update.hpp) between frames; screens change UiState while drawing.
// The relay's cases and messages are the wire types of foxo/protocol.hpp,
// decoded once by app/decode.cpp, plus what the client derives on arrival.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "foxo/case_lifecycle.hpp"
#include "foxo/navigation.hpp"
#include "foxo/protocol.hpp"

namespace foxo::client {

using foxo::IdentifierField;

// A case in a list (guest menu, staff queue and lists): the relay's summary
// with its status read once.
struct ListedCase : foxo::CaseSummary {
  CaseStatus state = CaseStatus::waiting;  // `status` decoded
  double created_ms = 0;                   // wall clock, for "waiting 5 min"
  std::string guest_name;                  // "first last", staff side only
};

// A message of the open case: the relay's message with its time formatted
// once on arrival, in this browser's time zone and locale.
struct ShownMessage : foxo::Message {
  std::string time_text;  // "14:05"
  int day_key = 0;        // local yyyymmdd
  std::string day_text;   // "Mon 3 June 2024"
};

// The case on screen (guest chat or staff case view).
struct OpenCase {
  std::string id, subject, team_slug, team_name;
  CaseStatus status = CaseStatus::waiting;  // meaningful once loaded
  std::string guest_first, guest_last, guest_phone;
  std::vector<std::pair<std::string, std::string>> identifiers;  // key, value
  std::string assignee_id, assignee_name;
  std::string created_at;
  bool loaded = false, missing = false;
  std::map<std::int64_t, ShownMessage> messages;  // by seq: a seq that arrives twice is kept once
  std::int64_t last_seq() const { return messages.empty() ? 0 : messages.rbegin()->first; }
  bool open() const { return is_open(status); }
};

// A message the user sent that the relay has not acknowledged yet. Kept in
// localStorage too (sealed under the person's key), and retried with the same client_id (the relay stores a
// client_id once, so a retry never duplicates).
struct Outgoing {
  std::string case_id, client_id, body;
  bool in_flight = false;
  int attempts = 0;
  double retry_at_ms = 0;  // monotonic
  std::string problem;     // shown under the message: why it is not sent yet
  bool given_up = false;   // refused for good (chat closed): shown, not retried
};

// A file the user chose to send in a case (picked, photographed or dropped),
// until the relay has stored it. The page (www/foxo-files.js) holds the bytes
// under `number`; a retry sends them again with the same client_id, so the
// relay never stores one twice.
struct Upload {
  int number = 0;
  std::string case_id, client_id, name;
  double size = 0, sent = 0;
  bool in_flight = false;
  std::string problem;     // why it is not sent (shown with Retry / Cancel)
  bool retryable = false;  // whether sending again could help
};

// A thumbnail of an image attachment, decoded by the browser into a texture.
struct Thumbnail {
  enum class State { loading, ready, failed } state = State::loading;
  unsigned texture = 0;  // GL texture name, ImGui::Image's id
  int w = 0, h = 0;      // canvas pixels
};

// An error the relay gave for a request, placed next to the field it names.
struct FieldError {
  std::string field;  // API field name (first_name, phone, code, email...) or empty
  std::string message;
  bool any() const { return !message.empty(); }
};

enum class Live { off, connecting, open, reconnecting };

// Staff (issue 20): the organisation's teams and their members
// (GET /api/v1/staff/colleagues, foxo/protocol.hpp), for Hand over and Transfer.
using foxo::Colleague;
using foxo::ColleagueTeam;

// Which cases the staff lists (and search) show: the member's own, those
// nobody has, or every case they can see. Kept for the session.
enum class ListFilter { mine, unassigned, all };

// Hand over, Return to queue, Transfer on the open case (update_handover.cpp).
struct HandoverModel {
  std::vector<ColleagueTeam> teams;
  bool teams_loaded = false, teams_loading = false;
  enum class Busy { none, assign, release, transfer } busy = Busy::none;
  std::string problem;  // the last of them failed: shown next to the buttons
};

// Search over the case lists (update_lists.cpp): `query` is what was asked,
// `typed` what the input holds, asked once typing pauses (`due_ms`, monotonic).
struct SearchModel {
  std::string query, typed;
  double due_ms = 0;               // 0: nothing waiting to be asked
  std::vector<ListedCase> results;  // newest activity first, as the relay pages them
  std::string next;                 // the relay's cursor; empty: no more
  bool loading = false, loaded = false;
  std::string problem;
  bool active() const { return !query.empty() || !typed.empty(); }
};

// Staff two-factor sign-in (issue 18): the code half of a sign-in, and
// enrolment (the secret and its QR modules, then the recovery codes, shown once).
struct MfaModel {
  bool required = false;  // the organisation requires it and this member has none: enrolment only
  bool busy = false;      // a code or enrolment request in flight
  FieldError error;
  std::string secret, otpauth_uri;  // base32 key for manual entry, the link the QR holds
  foxo::QrModules qr;
  std::vector<std::string> recovery_codes;  // after confirm: shown once, then forgotten
};

struct Model {
  NavState nav;
  double now_ms = 0;   // monotonic
  double wall_ms = 0;  // Date.now(), for ages of cases
  bool page_visible = true;
  int today_key = 0;   // local yyyymmdd, for "Today" / "Yesterday"
  int yesterday_key = 0;
  bool dev = false;
  Live live = Live::off;

  // Team entry (GET /api/v1/teams/{team}).
  bool team_loaded = false;
  std::string team_problem;  // shown instead of the form when the link is wrong
  std::string organisation_name, team_name;
  std::vector<std::string> subjects;
  std::vector<IdentifierField> identifiers;

  // Guest registration and code.
  std::string first_name, last_name, phone;  // as sent, for resends
  double code_expires_at_ms = 0, resend_at_ms = 0;
  int attempts_left = -1;  // unknown until a wrong code
  bool code_locked = false;
  FieldError register_error, code_error;
  // A resume link (/r/{token}) being followed: kept after the relay's first
  // answer so that "Resend code" can post the token again (docs/API.md: a
  // resend from a link is a new POST /api/v1/guest/resume).
  std::string resume_token;
  std::string phone_hint;  // "+61******678", from the resume answer
  // The team of the case a resume link opened, for a new chat started from
  // there (the page has no /t/{team} in its path).
  std::string case_team;

  // Signed-in guest (from /guest/me or the verification).
  std::string guest_name;  // first name
  std::string guest_first, guest_last, guest_phone;
  std::vector<ListedCase> cases;  // newest activity first
  bool cases_loaded = false;
  bool creating_case = false;
  FieldError create_error;  // 422 invalid_identifier names the field

  // Staff.
  std::string staff_name, staff_id;
  FieldError staff_error;
  MfaModel mfa;
  std::vector<ListedCase> queue;  // waiting, oldest first
  std::vector<ListedCase> active_cases, closing_cases, closed_cases;  // newest activity first
  bool queue_loaded = false, lists_loaded = false;
  // Identifier labels per team slug (staff see cases of several teams).
  std::map<std::string, std::vector<IdentifierField>> team_fields;
  // Issue 20: the member's teams and role (from /staff/me), the lists' filter
  // and paging (the relay's `next` of the last page of GET /staff/cases),
  // search, and the hand-over actions.
  std::vector<std::string> staff_teams;
  bool staff_admin = false;
  ListFilter list_filter = ListFilter::all;
  std::string lists_next;
  bool lists_more_loading = false;
  SearchModel search;
  HandoverModel handover;

  // The case on screen, and what the user sent in it.
  OpenCase open_case;
  std::vector<Outgoing> outbox;
  std::vector<Upload> uploads;  // files being sent or refused, in the order chosen
  std::map<std::string, Thumbnail> thumbnails;  // by attachment id; kept for the session
  bool drag_over = false;       // files are dragged over the page (drop highlight)
  bool camera = false;          // a touch screen: Take photo next to Attach
  // The relay's size limit (docs/API.md: 25 MiB unless configured; a 413
  // carries the real one), checked before sending.
  double max_upload_bytes = 26214400;
  std::string case_problem;  // an action on the case failed
  bool closing = false, claiming = false, requesting_close = false;

  // Requests in flight that the screen shows as busy buttons.
  bool sending_code = false, verifying = false, signing_in = false;
  std::string connection_problem;  // the relay did not answer at all
  bool signing_out = false;        // the logout request is on its way
  std::string sign_out_problem;    // it got no answer: still signed in on the relay

  // Why the person is on a sign-in screen again when they did not sign out
  // here (app/update_session_end.cpp): signed out in another window, expired,
  // access ended. Cleared once someone is signed in again.
  std::string signed_out_reason;

  // Staff alerts (app/update_alerts.cpp): a sound and a desktop notification
  // for a new guest in the queue or a guest writing in one of my cases while
  // the tab is hidden; the title counts waiting guests plus my unread. The
  // two switches are remembered per browser ("foxo.alerts.v1").
  bool alert_sound = true;
  bool alert_desktop = false;             // on only once the browser allows notifications
  std::string notify_permission = "unsupported";  // Notification.permission: default | granted | denied
  bool asking_permission = false;         // Notification.requestPermission() is open
  std::string alerts_problem;             // why desktop alerts cannot be turned on
  std::set<std::string> my_cases;         // staff: cases assigned to me, as far as the client has seen

  // Staff idle notice (app/update_session_end.cpp): the relay's idle limit
  // counted from the person's last input; the notice 5 minutes before it.
  double idle_deadline_ms = 0;  // monotonic; 0: not counting (not a signed-in console)
  bool idle_notice = false;
};

struct UiState {
  std::string first_name, last_name, phone, code;
  std::string email, password;
  std::string mfa_code;            // a two-factor code: 6 digits, or a recovery code
  bool mfa_recovery = false;       // the sign-in code field takes a recovery code (text keyboard)
  std::string subject;
  std::map<std::string, std::string> identifier_values;
  std::map<std::string, std::string> identifier_errors;  // client-side checks, by key
  std::string message;  // the composer
  bool menu_open = false;
  bool confirm_close = false;
  bool confirm_sign_out = false;  // unsent messages: "Sign out anyway?"
  // Staff case view: which chooser is open under its button (Hand over: the
  // colleagues; Transfer: the teams), none when empty.
  enum class Chooser { none, hand_over, transfer } chooser = Chooser::none;
  std::string search;  // the Search input's text
  std::string focus_next;  // label of the input to focus on the next frame
  // Transcript: how many messages were drawn, to follow new ones at the end.
  std::size_t transcript_count = 0;
  std::string transcript_case;
  // The reader is following the end of the transcript: stays true while the
  // transcript only grows or re-lays out (an image or a font arriving makes
  // bubbles taller), false once the reader scrolls up.
  bool transcript_stuck = true;
  float transcript_scroll_y = 0;
};

// What the browser keeps for the signed-in person (app/update_storage.cpp):
// their outbox and drafts, sealed under the key the relay hands their session.
struct PersonStore {
  std::string id, key;     // storage_id and storage_key of the relay's answer; empty: nothing is stored
  bool loaded = false;     // their records were read back (or could not be): saves may now replace them
  std::vector<Outgoing> legacy;                 // the clear "foxo.outbox.v1", until a person takes it over
  std::map<std::string, std::string> drafts;    // case id -> the composer's unsent text
  std::string draft_case;                       // the case whose draft the composer holds
  std::string saved_drafts;                     // what was last sealed, to seal only changes
};

// What the core keeps for itself and no screen reads.
struct Books {
  PersonStore store;
  // Mark seen: the case and seq last posted, and whether that post is unanswered.
  std::string seen_case;
  std::int64_t seen_sent = 0;
  bool seen_in_flight = false;
  bool stream_wanted = false;    // the live stream was opened (and not closed since)
  bool accepting_files = false;  // what the page was last told (effect::AcceptFiles)
  bool colleagues_asked = false;  // GET /staff/colleagues was sent this session (update_handover.cpp)
  int next_thumb_handle = 1;
  std::map<int, std::string> thumb_handles;  // handle -> attachment id, while decoding
  bool end_reason_due = false;  // a 401 ended the session: the stream's session_end may still say why
  double refreshed_ms = 0;  // staff: when input last refreshed the relay's session (GET /staff/me)
  std::map<std::string, std::int64_t> alerted_seq;  // case id -> the last guest message alerted (replays stay quiet)
};

struct State {
  Model model;
  UiState ui;
  Books books;
};

}  // namespace foxo::client
