// The wire protocol of docs/API.md: request and response structs with nlohmann/json
// round trips. Requests are parsed by functions that return a value or an
// Error naming the field, never by throwing at the caller.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "foxo/errors.hpp"
#include "foxo/validation.hpp"

namespace foxo {

using json = nlohmann::json;

// ---- Parsing helpers -------------------------------------------------------
template <class T>
struct Parsed {
  std::optional<T> value;
  Error error{ErrorCode::invalid_json, "", ""};
  bool ok() const { return value.has_value(); }
  static Parsed fail(ErrorCode c, std::string msg, std::string field = {}) {
    Parsed p;
    p.error = Error{c, std::move(msg), std::move(field)};
    return p;
  }
};

constexpr int kMaxJsonDepth = 32;
constexpr std::size_t kMaxJsonBytes = 256 * 1024;
// Parses a JSON object body: size and nesting depth are bounded before the
// parser runs, so hostile input cannot exhaust the stack.
Parsed<json> parse_json_object(std::string_view body);

// ---- Shared pieces ---------------------------------------------------------
struct TeamRef { std::string slug, name; };
struct OrganisationRef { std::string slug, name; };
struct Author { std::string kind; std::string name; };  // kind: guest | staff | system
struct AttachmentRef { std::string id, name; std::int64_t size = 0; std::string content_type; };
struct Message {
  std::int64_t seq = 0;
  std::string client_id;
  Author author;
  std::string body;
  std::optional<AttachmentRef> attachment;
  std::string created_at;
  // Issue 22: an internal note, staff only ("internal": bool on every message;
  // a guest never receives one). Decoding tolerates its absence (false).
  bool internal = false;
};
struct Guest { std::string id, first_name, last_name, phone; };
struct Assignee { std::string id, name; };
struct CaseSummary {
  std::string id, subject, status;
  TeamRef team;
  std::string created_at, updated_at;
  std::int64_t unread = 0;
  // Staff side only (the queue shows who is waiting and their identifiers):
  // sent as "guest" {first_name, last_name} and "identifiers" when set.
  std::optional<Guest> guest;
  std::map<std::string, std::string> identifiers;
  // Staff side only too: who handles the case ("assignee": {id, name} or
  // null) and "last_activity_at", the time of its newest message or status
  // change (the relay's updated_at; lists page by it). Decoding tolerates
  // their absence (guest summaries, older relays): no assignee, "".
  std::optional<Assignee> assignee;
  std::string last_activity_at;
  // Issue 22: a guest's summary of a `waiting` case: its place in the team's
  // queue (1 = next). Absent otherwise.
  std::optional<std::int64_t> queue_position;
};
// Issue 22: the highest seq each side has marked seen (0 when none).
struct SeenMarks { std::int64_t guest = 0, staff = 0; };
struct CaseDetail {
  std::string id, subject, status;
  TeamRef team;
  Guest guest;  // id not sent on the wire
  std::map<std::string, std::string> identifiers;
  std::optional<Assignee> assignee;
  std::string created_at;
  std::optional<std::string> closed_at;
  std::vector<Message> messages;
  SeenMarks seen;                              // issue 22: "seen": {"guest", "staff"}
  std::optional<std::int64_t> queue_position;  // issue 22: while `waiting`
};
struct StaffInfo {
  std::string id, name, email;
  std::vector<std::string> teams;
  bool admin = false;
};
struct TeamEntry {
  OrganisationRef organisation;
  TeamRef team;
  std::vector<IdentifierField> identifiers;
  std::vector<std::string> subjects;
};
struct OtpChallenge { std::string challenge_id; std::int64_t expires_in = 0, resend_in = 0; };
// Staff two-factor enrolment (issue 18): the secret in base32, the otpauth://
// link, and that link as a QR module matrix for the console to draw
// (`modules`: size*size characters '0' light / '1' dark, row by row, no quiet zone).
struct QrModules { std::int64_t size = 0; std::string modules; };
struct MfaEnrolment { std::string secret, otpauth_uri; QrModules qr; };
struct MfaRecoveryCodes { std::vector<std::string> recovery_codes; };
// GET /api/v1/staff/colleagues (issue 20): every team of the caller's
// organisation with its members, for the console's Hand over and Transfer choices.
struct Colleague { std::string id, name; };
struct ColleagueTeam { std::string slug, name; std::vector<Colleague> members; };
struct Colleagues { std::vector<ColleagueTeam> teams; };
// Canned replies (issue 22): GET /api/v1/staff/replies answers
// {"replies": [CannedReply]} for the caller's teams (team = its slug).
struct CannedReply { std::string id, team, title, body; };

void to_json(json& j, const TeamRef& v);
void to_json(json& j, const OrganisationRef& v);
void to_json(json& j, const Author& v);
void to_json(json& j, const AttachmentRef& v);
void to_json(json& j, const Message& v);
void to_json(json& j, const Guest& v);
void to_json(json& j, const Assignee& v);
void to_json(json& j, const CaseSummary& v);
void to_json(json& j, const CaseDetail& v);
void to_json(json& j, const StaffInfo& v);
void to_json(json& j, const IdentifierField& v);
void to_json(json& j, const TeamEntry& v);
void to_json(json& j, const OtpChallenge& v);
void to_json(json& j, const QrModules& v);
void to_json(json& j, const MfaEnrolment& v);
void to_json(json& j, const MfaRecoveryCodes& v);
void to_json(json& j, const Colleague& v);
void to_json(json& j, const ColleagueTeam& v);
void to_json(json& j, const Colleagues& v);
void to_json(json& j, const SeenMarks& v);
void to_json(json& j, const CannedReply& v);
void from_json(const json& j, TeamRef& v);
void from_json(const json& j, OrganisationRef& v);
void from_json(const json& j, Author& v);
void from_json(const json& j, AttachmentRef& v);
void from_json(const json& j, Message& v);
void from_json(const json& j, Guest& v);
void from_json(const json& j, Assignee& v);
void from_json(const json& j, CaseSummary& v);
void from_json(const json& j, CaseDetail& v);
void from_json(const json& j, StaffInfo& v);
void from_json(const json& j, IdentifierField& v);
void from_json(const json& j, TeamEntry& v);
void from_json(const json& j, OtpChallenge& v);
void from_json(const json& j, QrModules& v);
void from_json(const json& j, MfaEnrolment& v);
void from_json(const json& j, MfaRecoveryCodes& v);
void from_json(const json& j, Colleague& v);
void from_json(const json& j, ColleagueTeam& v);
void from_json(const json& j, Colleagues& v);
void from_json(const json& j, SeenMarks& v);
void from_json(const json& j, CannedReply& v);

// {"error": {"code", "message", "field"?}} plus any extra members (e.g. attempts_left).
json error_body(const Error& e, const json& extra = json::object());

// ---- Requests --------------------------------------------------------------
struct OtpRequest {
  std::string team, first_name, last_name, phone;  // phone normalised to E.164
  std::string challenge_id;  // optional: resend a new code on this challenge (docs/API.md)
};
struct VerifyRequest { std::string challenge_id, code; };
struct StaffLoginRequest { std::string email, password; };
struct NewCaseRequest { std::string team, subject; std::map<std::string, std::string> identifiers; };
struct PostMessageRequest { std::string client_id, body; };
struct SeenRequest { std::int64_t seq = 0; };
struct ResumeRequest { std::string token; };
struct IdentifiersUpdate { std::vector<IdentifierField> identifiers; };
struct ClockAdvance { std::int64_t seconds = 0; };
struct LoadFixtureRequest { std::string team, assign; std::int64_t guests = 0; };
// A two-factor code as typed: six digits, or a recovery code (trimmed, 1-64 characters).
struct MfaCodeRequest { std::string code; };
// PATCH /api/v1/admin/organisation: only require_mfa is built (issue 18); the
// other members of issue 23 are refused with invalid_field naming them.
struct OrganisationUpdate { std::optional<bool> require_mfa; };
// Hand-over (issue 20): POST /api/v1/staff/cases/{id}/assign {"staff_id"} and
// .../transfer {"team"} (a team slug). Each names something by its id or slug:
// 1-64 of [A-Za-z0-9_-], else 400 invalid_field; whether it names a colleague
// or a team the case may go to is the relay's answer (422).
struct AssignRequest { std::string staff_id; };
struct TransferRequest { std::string team; };
// PUT /api/v1/admin/teams/{team}/replies (issue 22): the team's whole list,
// in order (validate_reply_title / validate_reply_body), at most kMaxReplies.
constexpr std::size_t kMaxReplies = 100;
struct ReplyDraft { std::string title, body; };
struct RepliesUpdate { std::vector<ReplyDraft> replies; };

// Each validates shapes and the rules of validation.hpp (names, phone,
// subject, body); identifier values are checked later against the schema.
Parsed<OtpRequest> parse_otp_request(std::string_view body);
Parsed<VerifyRequest> parse_verify_request(std::string_view body);
Parsed<StaffLoginRequest> parse_staff_login(std::string_view body);
Parsed<NewCaseRequest> parse_new_case(std::string_view body);
Parsed<PostMessageRequest> parse_post_message(std::string_view body);
Parsed<SeenRequest> parse_seen(std::string_view body);
Parsed<ResumeRequest> parse_resume(std::string_view body);
Parsed<IdentifiersUpdate> parse_identifiers_update(std::string_view body);
Parsed<ClockAdvance> parse_clock_advance(std::string_view body);
Parsed<LoadFixtureRequest> parse_load_fixture(std::string_view body);
Parsed<MfaCodeRequest> parse_mfa_code(std::string_view body);
Parsed<OrganisationUpdate> parse_organisation_update(std::string_view body);
Parsed<AssignRequest> parse_assign(std::string_view body);
Parsed<TransferRequest> parse_transfer(std::string_view body);
// invalid_field with field "replies" (the list), or "replies[N].title" /
// "replies[N].body" naming the entry; titles are trimmed.
Parsed<RepliesUpdate> parse_replies_update(std::string_view body);

// A client_id is chosen by the client for idempotency: 1-64 of [A-Za-z0-9_-].
bool valid_client_id(std::string_view s);

}  // namespace foxo
