// Reading the relay's answers and live events into the client's types. The
// wire types (cases, messages, team entries, challenges, staff, guests) are
// decoded by foxo/protocol.hpp, the same code the relay encodes them with;
// this file adds only what the client derives on arrival (a status as
// CaseStatus, times in the browser's zone) and the few shapes protocol.hpp
// does not name (error bodies, the resume answer, health).
//
// Nothing here throws: a body that cannot be read (a proxy's error page, a
// truncated answer) reads as nothing (nullopt, an empty list, empty text).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/locale.hpp"
#include "app/model.hpp"
#include "foxo/protocol.hpp"

namespace foxo::client::decode {

// The JSON of a body, or a discarded value (never throws).
json parse(const std::string& body);

// {"error": {"code", "message", "field"?, ...}}: what a refused request says.
struct ErrorReply {
  std::string code, message, field;
  int attempts_left = -1;  // otp_invalid: wrong tries left (-1: not said)
  double max_bytes = 0;    // 413: the relay's upload limit (0: not said)
};
ErrorReply error_reply(const std::string& body);

std::optional<ListedCase> listed_case(const json& j, const Locale& locale);
// The summary a case's detail implies (the answer to create, claim, close):
// the detail carries no updated_at and no unread.
ListedCase listed_case(const CaseDetail& d, const Locale& locale);
// {"cases": [...]}: the cases that can be read, in the relay's order.
std::vector<ListedCase> case_list(const std::string& body, const Locale& locale);

std::optional<ShownMessage> shown_message(const json& j, const Locale& locale);
ShownMessage shown_message(foxo::Message wire, const Locale& locale);
std::optional<CaseDetail> case_detail(const std::string& body);

// A live event of kind message: {"case_id", "message"}.
struct LiveMessage {
  std::string case_id;
  std::optional<ShownMessage> message;
};
LiveMessage live_message(const std::string& data, const Locale& locale);

std::optional<TeamEntry> team_entry(const std::string& body);
// The challenge of an accepted POST /guest/otp; unreadable parts read as the
// relay's defaults (10 minutes to expiry, 30 s before a resend).
OtpChallenge otp_challenge(const std::string& body);
// {"staff": {...}} of a sign-in or /staff/me.
std::optional<StaffInfo> staff(const std::string& body);
// A staff sign-in's answer beyond the staff: {"mfa_required": true} (a code
// is due, no session yet) or "mfa_enrolment_required" (set it up first).
struct StaffLoginFlags {
  bool mfa_required = false, enrolment_required = false;
};
StaffLoginFlags staff_login_flags(const std::string& body);
// POST /staff/mfa/enrol and /staff/mfa/confirm answered 200.
std::optional<MfaEnrolment> mfa_enrolment(const std::string& body);
std::vector<std::string> recovery_codes(const std::string& body);
// {"guest": {...}} of /guest/me or a verification.
std::optional<Guest> guest(const std::string& body);

// POST /api/v1/guest/resume answered 200.
struct ResumeAnswer {
  std::string case_id, challenge_id, phone_hint;
  bool authenticated = false;
  double expires_in = 600, resend_in = 30;  // seconds; when not authenticated
};
ResumeAnswer resume_answer(const std::string& body);

// Issue 20. A page's cursor: {"next": CURSOR | null} (empty: the last page).
std::string next_cursor(const std::string& body);
// GET /api/v1/staff/colleagues: {"teams": [{"slug","name","members": [{"id","name"}]}]}
// (nothing when it cannot be read).
std::vector<ColleagueTeam> colleagues(const std::string& body);

// GET /api/v1/health: whether the relay runs with --dev (the test hook).
bool health_dev(const std::string& body);

}  // namespace foxo::client::decode
