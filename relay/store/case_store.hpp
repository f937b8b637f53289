// Cases, their messages and the live-events log. Every change to a case and
// the `events` rows describing it commit in one transaction; the caller's
// AfterCommit hook then runs after COMMIT and before any later write can
// commit, so hooks (publishing to the live hub) run in commit order.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "foxo/errors.hpp"
#include "foxo/notify_policy.hpp"
#include "foxo/time.hpp"

namespace foxo::relay::store {

struct CaseRecord {
  std::string id, org_id, team_id, team_slug, team_name, guest_id, subject, status;
  std::string guest_first_name, guest_last_name, guest_phone;  // as verified when the case was opened
  std::map<std::string, std::string> identifiers;
  std::optional<std::string> assignee_id;
  std::string assignee_name;
  TimeMs created_at = 0, updated_at = 0;
  std::optional<TimeMs> close_requested_at, closed_at;
  std::string closed_by;  // "guest", "system", or "" while open
  std::int64_t last_seq = 0, guest_seen_seq = 0, staff_seen_seq = 0;
  // Unread as each side sees it (foxo::counts_as_unread): staff and system
  // messages after guest_seen_seq; guest messages after staff_seen_seq.
  std::int64_t unread_for_guest = 0, unread_for_staff = 0;
  // Issue 22: the case's place in its team's queue while `waiting` (1 =
  // next), filled in by the services (CaseStore::queue_positions) where a
  // guest's view needs it; 0: not known or not waiting.
  std::int64_t queue_position = 0;
};

struct AttachmentInfo {
  std::string id, name, content_type;
  std::int64_t size = 0;
};

struct MessageRecord {
  std::string case_id;
  std::int64_t seq = 0;
  std::string client_id, author_kind, author_id, author_name, body;
  std::optional<AttachmentInfo> attachment;
  TimeMs created_at = 0;
  bool internal = false;  // issue 22: a staff note the guest never sees
};

struct EventRow {
  std::int64_t id = 0;
  std::string kind;  // "message" | "case"
  std::string case_id, team_id, guest_id;
  std::int64_t seq = 0;  // message events
  TimeMs created_at = 0;
};

struct NewCase {
  std::string org_id, team_id, guest_id, subject;
  std::string guest_first_name, guest_last_name, guest_phone;
  std::map<std::string, std::string> identifiers;
};

struct MessageDraft {
  std::string author_kind, author_id, author_name, client_id, body;
  std::optional<std::string> attachment_id;
  // Issue 22: an internal note. Not counted unread for the guest, not Team
  // activity, and it does not move the case's updated_at (which the guest's
  // list shows and sorts by).
  bool internal = false;
};

// An attachment row written with the message that carries it (its blob is
// already durably stored under blob_path).
struct NewAttachment {
  std::string id, name, content_type, blob_path;
  std::int64_t size = 0;
  std::string sha256;  // hex of the bytes stored (before encryption)
};

// Team activity in an update (services/notifications): the store reads the
// case's unseen-activity SMS state inside the transaction, after the new
// messages, and stores what this returns in the same transaction.
using NotifyHook = std::function<NotifyState(const NotifyState& current, std::int64_t activity_seq)>;

// What a service decides, from the case as it stands inside the transaction.
struct CaseUpdate {
  std::optional<std::string> status;
  std::optional<TimeMs> close_requested_at;  // set it
  bool clear_close_requested_at = false;
  std::optional<std::string> closed_by;      // closes: sets closed_at = now
  std::vector<NewAttachment> attachments;    // inserted first, for messages to refer to
  std::vector<MessageDraft> messages;        // appended with the next seqs
  bool case_event = false;                   // write a `case` event even if the status did not change
  NotifyHook team_activity;                  // set: the new messages are Team activity for the guest
  // Hand-over (services/case_decisions: assign, release, transfer).
  std::optional<std::string> assignee_id;    // hand the case to this staff member
  bool clear_assignee = false;               // nobody holds it (back in the queue)
  // Move the case to this team (same organisation). Its events then go to the
  // new team, and one more `case` event goes to the old team alone (not the
  // guest), so the old team's consoles learn the case left them.
  std::optional<std::string> team_id;
  bool no_change = false;                    // nothing to write: answer the case as it stands (no commit, no event)
};
using Decide = std::function<std::variant<Error, CaseUpdate>(const CaseRecord&)>;

// The case row's status and closing fields after `u`, as every backend
// stores them (one rule, so the SQLite and PostgreSQL stores cannot drift).
struct CaseStatusFields {
  std::string status;
  std::optional<TimeMs> close_requested_at, closed_at;
  std::optional<std::string> closed_by;
  std::optional<std::string> assignee_id;
  std::string team_id;
};
inline CaseStatusFields status_fields_after(const CaseRecord& before, const CaseUpdate& u, TimeMs now) {
  CaseStatusFields f{u.status.value_or(before.status), before.close_requested_at, before.closed_at, std::nullopt,
                     before.assignee_id, u.team_id.value_or(before.team_id)};
  if (u.clear_assignee) f.assignee_id.reset();
  if (u.assignee_id) f.assignee_id = u.assignee_id;
  if (u.clear_close_requested_at) f.close_requested_at.reset();
  if (u.close_requested_at) f.close_requested_at = u.close_requested_at;
  if (!before.closed_by.empty()) f.closed_by = before.closed_by;
  if (u.closed_by) {
    f.closed_at = now;
    f.closed_by = u.closed_by;
  }
  return f;
}

// One committed write: the case after it, the messages it added, the events it logged (in id order).
struct CaseWrite {
  CaseRecord after;
  std::vector<MessageRecord> messages;
  std::vector<EventRow> events;
};
using AfterCommit = std::function<void(const CaseWrite&)>;

struct UpdateResult {
  std::optional<Error> error;       // from Decide, or not_found
  CaseWrite write;                  // when no error
  std::optional<MessageRecord> existing;  // idempotent hit: nothing was written
};

struct ClaimResult {
  std::optional<Error> error;  // not_found, already_claimed, case_closed, conflict (transferred)
  CaseWrite write;
};

enum class CaseListOrder { newest_activity_first, oldest_first };

struct FixtureGuest {
  std::string first_name, last_name, phone, session_token_hash;
};

// One page of a staff list (GET /api/v1/staff/cases): cases of `team_ids`
// in `org_id`, newest activity (updated_at) first, ties by id descending,
// filtered in SQL so that every page is full and paging loses nothing.
struct CaseListQuery {
  std::string org_id;
  std::vector<std::string> team_ids;
  std::optional<std::string> status;  // one status; nullopt: every status
  enum class Assigned { any, nobody, to } assigned = Assigned::any;
  std::string assignee_id;  // Assigned::to
  // The text typed into the search box ("" for none), matched through the
  // blind indexes of case_terms (see search below and fields.hpp search_terms).
  std::string text;
  // Keyset cursor: only cases strictly after this (updated_at, id) in the order.
  std::optional<std::pair<TimeMs, std::string>> before;
  std::size_t limit = 50;
};

// Which events a stream may replay.
struct EventFilter {
  std::string guest_id;               // guest streams
  std::vector<std::string> team_ids;  // staff streams (used when guest_id is empty)
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  virtual CaseWrite create_case(const NewCase& c, TimeMs now, const AfterCommit& after) = 0;
  virtual std::optional<CaseRecord> find_case(std::string_view id) = 0;
  // Messages with seq > after_seq, oldest first, at most `limit`; without
  // `internal`, internal notes are left out (a guest's view, issue 22).
  virtual std::vector<MessageRecord> messages(std::string_view case_id, std::int64_t after_seq, std::size_t limit,
                                              bool internal = true) = 0;
  // The newest `limit` messages with after_seq < seq < before_seq, oldest
  // first (paging a long case from its end: GET /api/v1/cases/{id}?limit=N).
  virtual std::vector<MessageRecord> latest_messages(std::string_view case_id, std::int64_t after_seq,
                                                     std::int64_t before_seq, std::size_t limit,
                                                     bool internal = true) = 0;
  virtual std::optional<MessageRecord> message(std::string_view case_id, std::int64_t seq) = 0;

  // Reads the case inside a write transaction; when `idempotency` (author_id,
  // client_id) names a message already in the case, returns it and writes
  // nothing; otherwise applies what `decide` returns.
  virtual UpdateResult update_case(std::string_view case_id, const Decide& decide, TimeMs now,
                                   const std::optional<std::pair<std::string, std::string>>& idempotency,
                                   const AfterCommit& after) = 0;
  // The atomic claim: one conditional UPDATE ... WHERE status = 'waiting',
  // still in `team_id`, the team the claimer saw it in (a transfer may have
  // moved it since: then 409 conflict).
  virtual ClaimResult claim(std::string_view case_id, std::string_view staff_id, std::string_view team_id, TimeMs now,
                            const AfterCommit& after) = 0;
  // Moves the reader's seen mark forward (never back, never past last_seq;
  // the guest's never onto an internal note: to the newest message at or
  // below `seq` that is not one). False when the case does not exist. When
  // the mark moved, `moved_to` (if given) gets the new mark, else 0.
  virtual bool mark_seen(std::string_view case_id, bool guest_side, std::int64_t seq,
                         std::int64_t* moved_to = nullptr) = 0;
  // Issue 22: the places in their teams' queues (1 = next; oldest created_at
  // first, then id, as GET /api/v1/staff/queue orders it) of those of
  // `case_ids` that are waiting, in one query.
  virtual std::map<std::string, std::int64_t> queue_positions(const std::vector<std::string>& case_ids) = 0;
  // The waiting cases of one team in queue order, at most `limit` (read
  // without the writer: callable from an AfterCommit hook).
  virtual std::vector<CaseRecord> waiting_queue(std::string_view team_id, std::size_t limit) = 0;

  virtual std::vector<CaseRecord> cases_of_guest(std::string_view guest_id, std::string_view org_id) = 0;
  // statuses empty: every status.
  virtual std::vector<CaseRecord> cases_of_teams(const std::vector<std::string>& team_ids,
                                                 const std::vector<std::string>& statuses, CaseListOrder order,
                                                 std::size_t limit) = 0;

  virtual std::vector<EventRow> events_after(std::int64_t after_id, const EventFilter& filter, std::size_t limit) = 0;
  virtual std::int64_t last_event_id() = 0;

  // Dev/load tests: verified guests with a session and one case each, in one
  // transaction. The case is `active` and assigned when assignee_id is set,
  // `waiting` otherwise. Returns the case ids in order.
  virtual std::vector<std::string> load_fixture(std::string_view org_id, std::string_view team_id,
                                                const std::optional<std::string>& assignee_id,
                                                const std::map<std::string, std::string>& identifiers,
                                                const std::vector<FixtureGuest>& guests, TimeMs now) = 0;
  // The last phone number a previous fixture of the organisation used ("" if none).
  virtual std::string last_fixture_phone(std::string_view org_id) = 0;

  // Case ids of the organisation (at most `limit`, in id order) holding, for
  // every word, a search term that word may be: the guest's phone in any
  // format, a first or last name (case- and accent-insensitive, whole or by
  // its words), an identifier value, or a word of the subject. Found through
  // blind indexes (store/sql/fields.hpp), never plaintext. At most four words count.
  virtual std::vector<std::string> search(std::string_view org_id, const std::vector<std::string>& words,
                                          std::size_t limit) = 0;
  // A page of a staff list, with or without search text, as one query.
  virtual std::vector<CaseRecord> list_cases(const CaseListQuery& q) = 0;
};

}  // namespace foxo::relay::store
