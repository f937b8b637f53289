#include "store/sqlite_case_store.hpp"

#include "store/sqlite_notify_store.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "foxo/case_access.hpp"

namespace foxo::relay::store {
namespace {

using nlohmann::json;

// Unread per side (foxo::counts_as_unread) is kept in the case row by the
// triggers of migration 4: reading a case never counts its messages.
constexpr const char* kCaseSelect =
    "SELECT c.id, c.org_id, c.team_id, t.slug, t.name, c.guest_id, c.subject, c.status, "
    "c.guest_first_name, c.guest_last_name, c.guest_phone, c.identifiers_json, c.assignee_id, "
    "COALESCE(s.name, ''), c.created_at, c.updated_at, c.close_requested_at, c.closed_at, "
    "COALESCE(c.closed_by, ''), c.last_seq, c.guest_seen_seq, c.staff_seen_seq, "
    "c.unread_for_guest, c.unread_for_staff "
    "FROM cases c JOIN teams t ON t.id = c.team_id LEFT JOIN staff s ON s.id = c.assignee_id ";

std::map<std::string, std::string> parse_map(const std::string& s) {
  std::map<std::string, std::string> out;
  const auto j = json::parse(s, nullptr, false);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  return out;
}

CaseRecord read_case_row(const Stmt& st) {
  CaseRecord c;
  c.id = st.text(0);
  c.org_id = st.text(1);
  c.team_id = st.text(2);
  c.team_slug = st.text(3);
  c.team_name = st.text(4);
  c.guest_id = st.text(5);
  c.subject = st.text(6);
  c.status = st.text(7);
  c.guest_first_name = st.text(8);
  c.guest_last_name = st.text(9);
  c.guest_phone = st.text(10);
  c.identifiers = parse_map(st.text(11));
  c.assignee_id = st.opt_text(12);
  c.assignee_name = st.text(13);
  c.created_at = st.i64(14);
  c.updated_at = st.i64(15);
  c.close_requested_at = st.opt_i64(16);
  c.closed_at = st.opt_i64(17);
  c.closed_by = st.text(18);
  c.last_seq = st.i64(19);
  c.guest_seen_seq = st.i64(20);
  c.staff_seen_seq = st.i64(21);
  c.unread_for_guest = st.i64(22);
  c.unread_for_staff = st.i64(23);
  return c;
}

std::optional<CaseRecord> read_case(Session& s, std::string_view id) {
  auto st = s.prepare(std::string(kCaseSelect) + "WHERE c.id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return read_case_row(st);
}

constexpr const char* kMessageSelect =
    "SELECT m.case_id, m.seq, m.client_id, m.author_kind, m.author_id, m.author_name, m.body, m.attachment_id, "
    "a.name, a.size, a.content_type, m.created_at "
    "FROM messages m LEFT JOIN attachments a ON a.id = m.attachment_id ";

MessageRecord read_message_row(const Stmt& st) {
  MessageRecord m;
  m.case_id = st.text(0);
  m.seq = st.i64(1);
  m.client_id = st.text(2);
  m.author_kind = st.text(3);
  m.author_id = st.text(4);
  m.author_name = st.text(5);
  m.body = st.text(6);
  if (!st.is_null(7) && !st.is_null(8))
    m.attachment = AttachmentInfo{st.text(7), st.text(8), st.text(10), st.i64(9)};
  m.created_at = st.i64(11);
  return m;
}

std::optional<MessageRecord> read_message(Session& s, std::string_view case_id, std::int64_t seq) {
  auto st = s.prepare(std::string(kMessageSelect) + "WHERE m.case_id = ? AND m.seq = ?");
  st.bind_all(case_id, seq);
  if (!st.step()) return std::nullopt;
  return read_message_row(st);
}

EventRow insert_event(Session& s, std::string_view kind, const CaseRecord& c, std::int64_t seq, TimeMs now) {
  EventRow e{0, std::string(kind), c.id, c.team_id, c.guest_id, seq, now};
  s.prepare("INSERT INTO events (kind, case_id, team_id, guest_id, seq, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(e.kind, e.case_id, e.team_id, e.guest_id, kind == "message" ? std::optional<std::int64_t>(seq)
                                                                                : std::optional<std::int64_t>(),
                now)
      .run();
  e.id = s.last_insert_rowid();
  return e;
}

std::string to_json_array(const std::vector<std::string>& v) { return json(v).dump(); }

}  // namespace

CaseWrite SqliteCaseStore::create_case(const NewCase& c, TimeMs now, const AfterCommit& after) {
  const std::string id = new_id();
  auto tx = db_.tx();
  tx.prepare(
        "INSERT INTO cases (id, org_id, team_id, guest_id, subject, status, guest_first_name, guest_last_name, "
        "guest_phone, identifiers_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?)")
      .bind_all(id, c.org_id, c.team_id, c.guest_id, c.subject, c.guest_first_name, c.guest_last_name, c.guest_phone,
                json(c.identifiers).dump(), now, now)
      .run();
  CaseWrite w;
  w.after = *read_case(tx, id);
  w.events.push_back(insert_event(tx, "case", w.after, 0, now));
  tx.commit();
  if (after) after(w);  // still holding the connection: hooks run in commit order
  return w;
}

std::optional<CaseRecord> SqliteCaseStore::find_case(std::string_view id) {
  auto s = db_.read();
  return read_case(s, id);
}

std::vector<MessageRecord> SqliteCaseStore::messages(std::string_view case_id, std::int64_t after_seq,
                                                     std::size_t limit) {
  auto s = db_.read();
  auto st = s.prepare(std::string(kMessageSelect) + "WHERE m.case_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?");
  st.bind_all(case_id, after_seq, static_cast<std::int64_t>(limit));
  std::vector<MessageRecord> out;
  while (st.step()) out.push_back(read_message_row(st));
  return out;
}

std::vector<MessageRecord> SqliteCaseStore::latest_messages(std::string_view case_id, std::int64_t after_seq,
                                                            std::int64_t before_seq, std::size_t limit) {
  auto s = db_.read();
  // Walks the (case_id, seq) primary key backwards from before_seq: the cost
  // is the page, not the case.
  auto st = s.prepare(std::string(kMessageSelect) +
                      "WHERE m.case_id = ? AND m.seq > ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?");
  st.bind_all(case_id, after_seq, before_seq, static_cast<std::int64_t>(limit));
  std::vector<MessageRecord> out;
  while (st.step()) out.push_back(read_message_row(st));
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<MessageRecord> SqliteCaseStore::message(std::string_view case_id, std::int64_t seq) {
  auto s = db_.read();
  return read_message(s, case_id, seq);
}

UpdateResult SqliteCaseStore::update_case(std::string_view case_id, const Decide& decide, TimeMs now,
                                          const std::optional<std::pair<std::string, std::string>>& idempotency,
                                          const AfterCommit& after) {
  UpdateResult r;
  // Group commit (store/sqlite_db.hpp): this runs in a transaction shared with
  // concurrent writers and returns once that transaction has committed.
  const std::function<bool(Session&)> work = [&](Session& tx) -> bool {
    r = UpdateResult{};
    const auto before = read_case(tx, case_id);
    if (!before) {
      r.error = Error{ErrorCode::not_found, "Not found", ""};
      return false;
    }
    if (idempotency) {
      std::optional<std::int64_t> seq;
      {
        auto st = tx.prepare("SELECT seq FROM messages WHERE case_id = ? AND author_id = ? AND client_id = ?");
        st.bind_all(case_id, idempotency->first, idempotency->second);
        if (st.step()) seq = st.i64(0);
      }
      if (seq) {
        r.existing = read_message(tx, case_id, *seq);
        r.write.after = *before;
        return false;  // nothing written
      }
    }
    auto decided = decide(*before);
    if (auto* err = std::get_if<Error>(&decided)) {
      r.error = *err;
      return false;
    }
    const CaseUpdate& u = std::get<CaseUpdate>(decided);

    for (const auto& a : u.attachments)
      tx.prepare(
            "INSERT INTO attachments (id, case_id, name, size, content_type, blob_path, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)")
          .bind_all(a.id, case_id, a.name, a.size, a.content_type, a.blob_path, now)
          .run();
    std::int64_t seq = before->last_seq;
    for (const auto& m : u.messages) {
      ++seq;
      const std::string client_id = m.client_id.empty() ? "sys-" + new_id() : m.client_id;
      tx.prepare(
            "INSERT INTO messages (case_id, seq, client_id, author_kind, author_id, author_name, body, attachment_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all(case_id, seq, client_id, m.author_kind, m.author_id, m.author_name, m.body, m.attachment_id, now)
          .run();
      r.write.messages.push_back(*read_message(tx, case_id, seq));
    }
    const CaseStatusFields f = status_fields_after(*before, u, now);
    tx.prepare(
          "UPDATE cases SET status = ?, last_seq = ?, updated_at = ?, close_requested_at = ?, closed_at = ?, "
          "closed_by = ? WHERE id = ?")
        .bind_all(f.status, seq, now, f.close_requested_at, f.closed_at, f.closed_by, case_id)
        .run();
    if (u.team_activity && !r.write.messages.empty()) {
      // The unseen-activity SMS state commits with the activity (services/notifications).
      const NotifyState current = read_notify_state(tx, case_id);
      const NotifyState next = u.team_activity(current, seq);
      if (next.due_at != current.due_at || next.notified_seq != current.notified_seq)
        write_notify_state(tx, case_id, next);
    }
    CaseRecord scope = *before;  // events carry the case's team and guest, which never change
    for (const auto& m : r.write.messages) r.write.events.push_back(insert_event(tx, "message", scope, m.seq, now));
    if (f.status != before->status || u.case_event) r.write.events.push_back(insert_event(tx, "case", scope, 0, now));
    r.write.after = *read_case(tx, case_id);
    return true;
  };
  db_.write_grouped(work, [&] {
    if (after) after(r.write);  // still holding the connection: hooks run in commit order
  });
  return r;
}

ClaimResult SqliteCaseStore::claim(std::string_view case_id, std::string_view staff_id, TimeMs now,
                                   const AfterCommit& after) {
  ClaimResult r;
  auto tx = db_.tx();
  tx.prepare("UPDATE cases SET status = 'active', assignee_id = ?, updated_at = ? WHERE id = ? AND status = 'waiting'")
      .bind_all(staff_id, now, case_id)
      .run();
  if (tx.changes() != 1) {
    const auto c = read_case(tx, case_id);
    if (!c) r.error = Error{ErrorCode::not_found, "Not found", ""};
    else if (c->status == "closed") r.error = Error{ErrorCode::case_closed, "This chat is closed", ""};
    else r.error = Error{ErrorCode::already_claimed, "Someone else has already claimed this chat", ""};
    return r;
  }
  r.write.after = *read_case(tx, case_id);
  r.write.events.push_back(insert_event(tx, "case", r.write.after, 0, now));
  tx.commit();
  if (after) after(r.write);
  return r;
}

bool SqliteCaseStore::mark_seen(std::string_view case_id, bool guest_side, std::int64_t seq) {
  const char* select = "SELECT guest_seen_seq, staff_seen_seq, last_seq FROM cases WHERE id = ?";
  // Marks only move forward, so when the committed mark (read without taking
  // the writer) is already there, nothing will change: no transaction, no
  // commit, no wait behind a group commit. Re-viewing a case costs no write.
  {
    auto s = db_.read();
    auto st = s.prepare(select);
    st.bind_all(case_id);
    if (!st.step()) return false;
    const std::int64_t current = guest_side ? st.i64(0) : st.i64(1);
    if (next_seen_seq(current, seq, st.i64(2)) == current) return true;
  }
  bool found = false;
  // A moved mark shares its commit with concurrent writers (store/sqlite_db.hpp).
  db_.write_grouped(
      [&](Session& tx) {
        std::int64_t current = 0, last = 0;
        {
          auto st = tx.prepare(select);
          st.bind_all(case_id);
          if (!st.step()) return false;
          found = true;
          current = guest_side ? st.i64(0) : st.i64(1);
          last = st.i64(2);
        }
        const std::int64_t next = next_seen_seq(current, seq, last);
        if (next == current) return false;
        tx.prepare(guest_side ? "UPDATE cases SET guest_seen_seq = ? WHERE id = ?"
                              : "UPDATE cases SET staff_seen_seq = ? WHERE id = ?")
            .bind_all(next, case_id)
            .run();
        return true;
      },
      nullptr);
  return found;
}

std::vector<CaseRecord> SqliteCaseStore::cases_of_guest(std::string_view guest_id, std::string_view org_id) {
  auto s = db_.session();
  auto st = s.prepare(std::string(kCaseSelect) +
                      "WHERE c.guest_id = ? AND c.org_id = ? ORDER BY c.updated_at DESC, c.created_at DESC, c.id");
  st.bind_all(guest_id, org_id);
  std::vector<CaseRecord> out;
  while (st.step()) out.push_back(read_case_row(st));
  return out;
}

std::vector<CaseRecord> SqliteCaseStore::cases_of_teams(const std::vector<std::string>& team_ids,
                                                        const std::vector<std::string>& statuses, CaseListOrder order,
                                                        std::size_t limit) {
  auto s = db_.session();
  const std::string where =
      "WHERE c.team_id IN (SELECT value FROM json_each(?)) "
      "AND (? = 0 OR c.status IN (SELECT value FROM json_each(?))) ";
  const std::string order_by = order == CaseListOrder::oldest_first
                                   ? "ORDER BY c.created_at ASC, c.id LIMIT ?"
                                   : "ORDER BY c.updated_at DESC, c.created_at DESC, c.id LIMIT ?";
  auto st = s.prepare(std::string(kCaseSelect) + where + order_by);
  st.bind_all(to_json_array(team_ids), static_cast<std::int64_t>(statuses.size()), to_json_array(statuses),
              static_cast<std::int64_t>(limit));
  std::vector<CaseRecord> out;
  while (st.step()) out.push_back(read_case_row(st));
  return out;
}

std::vector<EventRow> SqliteCaseStore::events_after(std::int64_t after_id, const EventFilter& filter,
                                                    std::size_t limit) {
  auto s = db_.session();
  const bool guest = !filter.guest_id.empty();
  auto st = s.prepare(guest ? "SELECT id, kind, case_id, team_id, guest_id, COALESCE(seq, 0), created_at FROM events "
                              "WHERE id > ? AND guest_id = ? ORDER BY id LIMIT ?"
                            : "SELECT id, kind, case_id, team_id, guest_id, COALESCE(seq, 0), created_at FROM events "
                              "WHERE id > ? AND team_id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?");
  st.bind_all(after_id, guest ? filter.guest_id : to_json_array(filter.team_ids), static_cast<std::int64_t>(limit));
  std::vector<EventRow> out;
  while (st.step())
    out.push_back(EventRow{st.i64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.i64(5), st.i64(6)});
  return out;
}

std::int64_t SqliteCaseStore::last_event_id() {
  auto s = db_.session();
  auto st = s.prepare("SELECT COALESCE(MAX(id), 0) FROM events");
  return st.step() ? st.i64(0) : 0;
}

std::vector<std::string> SqliteCaseStore::load_fixture(std::string_view org_id, std::string_view team_id,
                                                       const std::optional<std::string>& assignee_id,
                                                       const std::map<std::string, std::string>& identifiers,
                                                       const std::vector<FixtureGuest>& guests, TimeMs now) {
  std::vector<std::string> ids;
  ids.reserve(guests.size());
  const std::string identifiers_json = json(identifiers).dump();
  const char* status = assignee_id ? "active" : "waiting";
  auto tx = db_.tx();
  std::int64_t n = 0;
  for (const auto& g : guests) {
    ++n;
    tx.prepare(
          "INSERT INTO guests (id, org_id, phone, first_name, last_name, created_at) VALUES (?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (org_id, phone) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name")
        .bind_all(new_id(), org_id, g.phone, g.first_name, g.last_name, now)
        .run();
    std::string guest_id;
    {
      auto st = tx.prepare("SELECT id FROM guests WHERE org_id = ? AND phone = ?");
      st.bind_all(org_id, g.phone);
      st.step();
      guest_id = st.text(0);
    }
    tx.prepare(
          "INSERT INTO sessions (token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked) "
          "VALUES (?, 'guest', ?, ?, ?, ?, 0)")
        .bind_all(g.session_token_hash, guest_id, org_id, now, now)
        .run();
    const std::string case_id = new_id();
    // Distinct created_at so that "oldest first" is well defined within a batch.
    tx.prepare(
          "INSERT INTO cases (id, org_id, team_id, guest_id, subject, status, guest_first_name, guest_last_name, "
          "guest_phone, identifiers_json, assignee_id, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(case_id, org_id, team_id, guest_id, "Load test " + std::to_string(n), status, g.first_name,
                  g.last_name, g.phone, identifiers_json, assignee_id, now, now)
        .run();
    ids.push_back(case_id);
  }
  tx.commit();
  return ids;
}

std::string SqliteCaseStore::max_phone_with_prefix(std::string_view org_id, std::string_view prefix) {
  auto s = db_.session();
  auto st = s.prepare(
      "SELECT COALESCE(MAX(phone), '') FROM guests WHERE org_id = ? AND substr(phone, 1, length(?)) = ? "
      "AND length(phone) = 12");
  st.bind_all(org_id, prefix, prefix);
  return st.step() ? st.text(0) : std::string();
}

}  // namespace foxo::relay::store
