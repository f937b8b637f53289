// Cases, messages and the live-events log on PostgreSQL (see pg_stores.hpp
// for how concurrent relays are kept consistent).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "foxo/case_access.hpp"
#include "store/pg/pg_stores.hpp"

namespace foxo::relay::store::pg {
namespace {

using nlohmann::json;

constexpr const char* kCaseSelect =
    "SELECT c.id, c.org_id, c.team_id, t.slug, t.name, c.guest_id, c.subject, c.status, "
    "c.guest_first_name, c.guest_last_name, c.guest_phone, c.identifiers_json, c.assignee_id, "
    "COALESCE(s.name, ''), c.created_at, c.updated_at, c.close_requested_at, c.closed_at, "
    "COALESCE(c.closed_by, ''), c.last_seq, c.guest_seen_seq, c.staff_seen_seq, "
    "(SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id AND m.seq > c.guest_seen_seq "
    "AND m.author_kind <> 'guest'), "
    "(SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id AND m.seq > c.staff_seen_seq "
    "AND m.author_kind = 'guest') "
    "FROM cases c JOIN teams t ON t.id = c.team_id LEFT JOIN staff s ON s.id = c.assignee_id ";

std::map<std::string, std::string> parse_map(const std::string& s) {
  std::map<std::string, std::string> out;
  const auto j = json::parse(s, nullptr, false);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  return out;
}

CaseRecord read_case_row(const Result& r, int i) {
  CaseRecord c;
  c.id = r.text(i, 0);
  c.org_id = r.text(i, 1);
  c.team_id = r.text(i, 2);
  c.team_slug = r.text(i, 3);
  c.team_name = r.text(i, 4);
  c.guest_id = r.text(i, 5);
  c.subject = r.text(i, 6);
  c.status = r.text(i, 7);
  c.guest_first_name = r.text(i, 8);
  c.guest_last_name = r.text(i, 9);
  c.guest_phone = r.text(i, 10);
  c.identifiers = parse_map(r.text(i, 11));
  c.assignee_id = r.opt_text(i, 12);
  c.assignee_name = r.text(i, 13);
  c.created_at = r.i64(i, 14);
  c.updated_at = r.i64(i, 15);
  c.close_requested_at = r.opt_i64(i, 16);
  c.closed_at = r.opt_i64(i, 17);
  c.closed_by = r.text(i, 18);
  c.last_seq = r.i64(i, 19);
  c.guest_seen_seq = r.i64(i, 20);
  c.staff_seen_seq = r.i64(i, 21);
  c.unread_for_guest = r.i64(i, 22);
  c.unread_for_staff = r.i64(i, 23);
  return c;
}

std::optional<CaseRecord> read_case(Session& s, std::string_view id) {
  const auto r = s.exec(std::string(kCaseSelect) + "WHERE c.id = $1", {id});
  if (r.empty()) return std::nullopt;
  return read_case_row(r, 0);
}

constexpr const char* kMessageSelect =
    "SELECT m.case_id, m.seq, m.client_id, m.author_kind, m.author_id, m.author_name, m.body, m.attachment_id, "
    "a.name, a.size, a.content_type, m.created_at "
    "FROM messages m LEFT JOIN attachments a ON a.id = m.attachment_id ";

MessageRecord read_message_row(const Result& r, int i) {
  MessageRecord m;
  m.case_id = r.text(i, 0);
  m.seq = r.i64(i, 1);
  m.client_id = r.text(i, 2);
  m.author_kind = r.text(i, 3);
  m.author_id = r.text(i, 4);
  m.author_name = r.text(i, 5);
  m.body = r.text(i, 6);
  if (!r.is_null(i, 7) && !r.is_null(i, 8))
    m.attachment = AttachmentInfo{r.text(i, 7), r.text(i, 8), r.text(i, 10), r.i64(i, 9)};
  m.created_at = r.i64(i, 11);
  return m;
}

std::optional<MessageRecord> read_message(Session& s, std::string_view case_id, std::int64_t seq) {
  const auto r = s.exec(std::string(kMessageSelect) + "WHERE m.case_id = $1 AND m.seq = $2", {case_id, seq});
  if (r.empty()) return std::nullopt;
  return read_message_row(r, 0);
}

struct PendingEvent {
  std::string kind;
  std::int64_t seq = 0;
};

// Inserts a write's events rows, last in its transaction, and NOTIFYs.
//
// Why the lock: streams resume from events_after(last_id), and the listener
// publishes "everything after the last id it published", so a reader must
// never see id 10 committed while id 9 is still to come. An identity column
// alone does not give that: two transactions can take 9 and 10 and commit
// 10 first. pg_advisory_xact_lock(kLockEvents) makes taking ids and committing
// one critical section (the lock is released only after COMMIT is visible),
// so ids increase in commit order across every relay. It is taken as late as
// possible, after the case's own work, to keep that section short.
std::vector<EventRow> insert_events(Session& tx, const CaseRecord& scope, const std::vector<PendingEvent>& pending,
                                    TimeMs now) {
  std::vector<EventRow> out;
  if (pending.empty()) return out;
  tx.exec("SELECT pg_advisory_xact_lock($1)", {kLockEvents});
  for (const auto& p : pending) {
    const auto r = tx.exec(
        "INSERT INTO events (kind, case_id, team_id, guest_id, seq, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
        "RETURNING id",
        {p.kind, scope.id, scope.team_id, scope.guest_id,
         p.kind == "message" ? std::optional<std::int64_t>(p.seq) : std::optional<std::int64_t>(), now});
    out.push_back(EventRow{r.i64(0, 0), p.kind, scope.id, scope.team_id, scope.guest_id, p.seq, now});
  }
  // Delivered to every listening relay when (and only if) this transaction commits.
  tx.exec("SELECT pg_notify('foxo_events', $1)", {std::to_string(out.back().id)});
  return out;
}

std::vector<EventRow> read_events(const Result& r) {
  std::vector<EventRow> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(
        EventRow{r.i64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.i64(i, 5), r.i64(i, 6)});
  return out;
}

}  // namespace

CaseWrite PgCaseStore::create_case(const NewCase& c, TimeMs now, const AfterCommit&) {
  const std::string id = new_id();
  auto tx = p_.tx();
  tx.exec(
      "INSERT INTO cases (id, org_id, team_id, guest_id, subject, status, guest_first_name, guest_last_name, "
      "guest_phone, identifiers_json, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, 'waiting', $6, $7, $8, $9, $10, $11)",
      {id, c.org_id, c.team_id, c.guest_id, c.subject, c.guest_first_name, c.guest_last_name, c.guest_phone,
       json(c.identifiers).dump(), now, now});
  CaseWrite w;
  w.after = *read_case(tx, id);
  w.events = insert_events(tx, w.after, {{"case", 0}}, now);
  tx.commit();
  return w;
}

std::optional<CaseRecord> PgCaseStore::find_case(std::string_view id) {
  auto s = p_.session();
  return read_case(s, id);
}

std::vector<MessageRecord> PgCaseStore::messages(std::string_view case_id, std::int64_t after_seq, std::size_t limit) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kMessageSelect) + "WHERE m.case_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3",
                        {case_id, after_seq, static_cast<std::int64_t>(limit)});
  std::vector<MessageRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_message_row(r, i));
  return out;
}

std::vector<MessageRecord> PgCaseStore::latest_messages(std::string_view case_id, std::int64_t after_seq,
                                                        std::int64_t before_seq, std::size_t limit) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kMessageSelect) +
                            "WHERE m.case_id = $1 AND m.seq > $2 AND m.seq < $3 ORDER BY m.seq DESC LIMIT $4",
                        {case_id, after_seq, before_seq, static_cast<std::int64_t>(limit)});
  std::vector<MessageRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_message_row(r, i));
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<MessageRecord> PgCaseStore::message(std::string_view case_id, std::int64_t seq) {
  auto s = p_.session();
  return read_message(s, case_id, seq);
}

UpdateResult PgCaseStore::update_case(std::string_view case_id, const Decide& decide, TimeMs now,
                                      const std::optional<std::pair<std::string, std::string>>& idempotency,
                                      const AfterCommit&) {
  UpdateResult r;
  auto tx = p_.tx();
  // The case row lock orders every writer of this case, on any relay: the
  // idempotency check, the next seq and `decide` all see the latest state.
  if (tx.exec("SELECT 1 FROM cases WHERE id = $1 FOR UPDATE", {case_id}).empty()) {
    r.error = Error{ErrorCode::not_found, "Not found", ""};
    return r;
  }
  const auto before = read_case(tx, case_id);
  if (idempotency) {
    const auto hit = tx.exec("SELECT seq FROM messages WHERE case_id = $1 AND author_id = $2 AND client_id = $3",
                             {case_id, idempotency->first, idempotency->second});
    if (!hit.empty()) {
      r.existing = read_message(tx, case_id, hit.i64(0, 0));
      r.write.after = *before;
      return r;  // nothing written
    }
  }
  auto decided = decide(*before);
  if (auto* err = std::get_if<Error>(&decided)) {
    r.error = *err;
    return r;
  }
  const CaseUpdate& u = std::get<CaseUpdate>(decided);
  for (const auto& a : u.attachments)
    tx.exec(
        "INSERT INTO attachments (id, case_id, name, size, content_type, blob_path, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {a.id, case_id, a.name, a.size, a.content_type, a.blob_path, now});
  std::int64_t seq = before->last_seq;
  for (const auto& m : u.messages) {
    ++seq;
    const std::string client_id = m.client_id.empty() ? "sys-" + new_id() : m.client_id;
    tx.exec(
        "INSERT INTO messages (case_id, seq, client_id, author_kind, author_id, author_name, body, attachment_id, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {case_id, seq, client_id, m.author_kind, m.author_id, m.author_name, m.body, m.attachment_id, now});
    r.write.messages.push_back(*read_message(tx, case_id, seq));
  }
  const CaseStatusFields f = status_fields_after(*before, u, now);
  tx.exec(
      "UPDATE cases SET status = $1, last_seq = $2, updated_at = $3, close_requested_at = $4, closed_at = $5, "
      "closed_by = $6 WHERE id = $7",
      {f.status, seq, now, f.close_requested_at, f.closed_at, f.closed_by, case_id});
  if (u.team_activity && !r.write.messages.empty()) {
    const NotifyState current = read_notify_state(tx, case_id);
    const NotifyState next = u.team_activity(current, seq);
    if (next.due_at != current.due_at || next.notified_seq != current.notified_seq)
      write_notify_state(tx, case_id, next);
  }
  std::vector<PendingEvent> pending;
  for (const auto& m : r.write.messages) pending.push_back({"message", m.seq});
  if (f.status != before->status || u.case_event) pending.push_back({"case", 0});
  r.write.after = *read_case(tx, case_id);
  r.write.events = insert_events(tx, *before, pending, now);
  tx.commit();
  return r;
}

ClaimResult PgCaseStore::claim(std::string_view case_id, std::string_view staff_id, TimeMs now, const AfterCommit&) {
  ClaimResult r;
  auto tx = p_.tx();
  // Under READ COMMITTED a concurrent claim's UPDATE waits for ours and then
  // re-checks status = 'waiting' on the committed row: exactly one wins.
  const auto u = tx.exec(
      "UPDATE cases SET status = 'active', assignee_id = $1, updated_at = $2 WHERE id = $3 AND status = 'waiting'",
      {staff_id, now, case_id});
  if (u.affected() != 1) {
    const auto c = read_case(tx, case_id);
    if (!c) r.error = Error{ErrorCode::not_found, "Not found", ""};
    else if (c->status == "closed") r.error = Error{ErrorCode::case_closed, "This chat is closed", ""};
    else r.error = Error{ErrorCode::already_claimed, "Someone else has already claimed this chat", ""};
    return r;
  }
  r.write.after = *read_case(tx, case_id);
  r.write.events = insert_events(tx, r.write.after, {{"case", 0}}, now);
  tx.commit();
  return r;
}

bool PgCaseStore::mark_seen(std::string_view case_id, bool guest_side, std::int64_t seq) {
  auto tx = p_.tx();
  const auto r =
      tx.exec("SELECT guest_seen_seq, staff_seen_seq, last_seq FROM cases WHERE id = $1 FOR UPDATE", {case_id});
  if (r.empty()) return false;
  const std::int64_t current = guest_side ? r.i64(0, 0) : r.i64(0, 1);
  const std::int64_t next = next_seen_seq(current, seq, r.i64(0, 2));
  if (next != current) {
    tx.exec(guest_side ? "UPDATE cases SET guest_seen_seq = $1 WHERE id = $2"
                       : "UPDATE cases SET staff_seen_seq = $1 WHERE id = $2",
            {next, case_id});
    tx.commit();
  }
  return true;
}

std::vector<CaseRecord> PgCaseStore::cases_of_guest(std::string_view guest_id, std::string_view org_id) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kCaseSelect) +
                            "WHERE c.guest_id = $1 AND c.org_id = $2 ORDER BY c.updated_at DESC, c.created_at DESC, c.id",
                        {guest_id, org_id});
  std::vector<CaseRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_case_row(r, i));
  return out;
}

std::vector<CaseRecord> PgCaseStore::cases_of_teams(const std::vector<std::string>& team_ids,
                                                    const std::vector<std::string>& statuses, CaseListOrder order,
                                                    std::size_t limit) {
  auto s = p_.session();
  const std::string order_by = order == CaseListOrder::oldest_first
                                   ? "ORDER BY c.created_at ASC, c.id LIMIT $4"
                                   : "ORDER BY c.updated_at DESC, c.created_at DESC, c.id LIMIT $4";
  const auto r = s.exec(std::string(kCaseSelect) +
                            "WHERE c.team_id = ANY($1::text[]) AND ($2::bigint = 0 OR c.status = ANY($3::text[])) " +
                            order_by,
                        {text_array(team_ids), static_cast<std::int64_t>(statuses.size()), text_array(statuses),
                         static_cast<std::int64_t>(limit)});
  std::vector<CaseRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_case_row(r, i));
  return out;
}

std::vector<EventRow> PgCaseStore::events_after(std::int64_t after_id, const EventFilter& filter, std::size_t limit) {
  auto s = p_.session();
  constexpr const char* cols = "SELECT id, kind, case_id, team_id, guest_id, COALESCE(seq, 0), created_at FROM events ";
  if (!filter.guest_id.empty())
    return read_events(s.exec(std::string(cols) + "WHERE id > $1 AND guest_id = $2 ORDER BY id LIMIT $3",
                              {after_id, filter.guest_id, static_cast<std::int64_t>(limit)}));
  return read_events(s.exec(std::string(cols) + "WHERE id > $1 AND team_id = ANY($2::text[]) ORDER BY id LIMIT $3",
                            {after_id, text_array(filter.team_ids), static_cast<std::int64_t>(limit)}));
}

std::int64_t PgCaseStore::last_event_id() {
  auto s = p_.session();
  return s.exec("SELECT COALESCE(MAX(id), 0) FROM events").i64(0, 0);
}

std::vector<std::string> PgCaseStore::load_fixture(std::string_view org_id, std::string_view team_id,
                                                   const std::optional<std::string>& assignee_id,
                                                   const std::map<std::string, std::string>& identifiers,
                                                   const std::vector<FixtureGuest>& guests, TimeMs now) {
  std::vector<std::string> ids;
  ids.reserve(guests.size());
  const std::string identifiers_json = json(identifiers).dump();
  const char* status = assignee_id ? "active" : "waiting";
  auto tx = p_.tx();
  std::int64_t n = 0;
  for (const auto& g : guests) {
    ++n;
    const std::string guest_id =
        tx.exec(
              "INSERT INTO guests (id, org_id, phone, first_name, last_name, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
              "ON CONFLICT (org_id, phone) DO UPDATE SET first_name = excluded.first_name, "
              "last_name = excluded.last_name RETURNING id",
              {new_id(), org_id, g.phone, g.first_name, g.last_name, now})
            .text(0, 0);
    tx.exec(
        "INSERT INTO sessions (token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked) "
        "VALUES ($1, 'guest', $2, $3, $4, $5, false)",
        {g.session_token_hash, guest_id, org_id, now, now});
    const std::string case_id = new_id();
    tx.exec(
        "INSERT INTO cases (id, org_id, team_id, guest_id, subject, status, guest_first_name, guest_last_name, "
        "guest_phone, identifiers_json, assignee_id, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        {case_id, org_id, team_id, guest_id, "Load test " + std::to_string(n), status, g.first_name, g.last_name,
         g.phone, identifiers_json, assignee_id, now, now});
    ids.push_back(case_id);
  }
  tx.commit();
  return ids;
}

std::string PgCaseStore::max_phone_with_prefix(std::string_view org_id, std::string_view prefix) {
  auto s = p_.session();
  return s
      .exec("SELECT COALESCE(MAX(phone), '') FROM guests WHERE org_id = $1 AND left(phone, length($2)) = $2 "
            "AND length(phone) = 12",
            {org_id, prefix})
      .text(0, 0);
}

}  // namespace foxo::relay::store::pg
