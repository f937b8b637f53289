// CaseStore: cases, their messages, and the live-events log.
//
// How concurrent writers are kept apart: on SQLite one writer (message writes
// share a group commit, store/sqlite_db.hpp); on PostgreSQL, where several
// relays write at once:
//  - claim: one conditional UPDATE ... WHERE status = 'waiting' (READ
//    COMMITTED re-checks the condition after a concurrent claim commits);
//  - case updates: the case row is locked (FOR UPDATE) before the next seq is
//    taken and before the (author_id, client_id) idempotency check;
//  - events: ids taken under Lock::events, last in the transaction, which
//    then announces them (insert_events says why).
//
// Subjects, guests' names, numbers and identifiers, message authors and
// bodies, and attachment names are sealed (store/sql/fields.hpp): sealed
// where they are written, opened where rows are read; cases are found by the
// blind indexes of their terms (case_terms).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "foxo/case_access.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

// Leaves internal notes out of a message query (issue 22: a guest's view).
std::string not_internal(bool internal) { return internal ? "" : " AND NOT m.internal"; }

// Where each sealed value of a case lives (its binding).
std::string at(std::string_view column, std::string_view id) { return std::string(column) + ":" + std::string(id); }
std::string message_at(std::string_view column, std::string_view case_id, std::int64_t seq) {
  return std::string(column) + ":" + std::string(case_id) + "/" + std::to_string(seq);
}

using nlohmann::json;

std::map<std::string, std::string> parse_map(const std::string& s) {
  std::map<std::string, std::string> out;
  const auto j = json::parse(s, nullptr, false);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  return out;
}

std::string case_select(const Dialect& d) {
  return std::string(
             "SELECT c.id, c.org_id, c.team_id, t.slug, t.name, c.guest_id, c.subject, c.status, "
             "c.guest_first_name, c.guest_last_name, c.guest_phone, c.identifiers_json, c.assignee_id, "
             "COALESCE(s.name, ''), c.created_at, c.updated_at, c.close_requested_at, c.closed_at, "
             "COALESCE(c.closed_by, ''), c.last_seq, c.guest_seen_seq, c.staff_seen_seq, ") +
         d.unread_columns + " FROM cases c JOIN teams t ON t.id = c.team_id LEFT JOIN staff s ON s.id = c.assignee_id ";
}

CaseRecord read_case_row(const Rows& r, Session& s, Fields& f) {
  CaseRecord c;
  c.id = r.text(0);
  c.org_id = r.text(1);
  c.team_id = r.text(2);
  c.team_slug = r.text(3);
  c.team_name = r.text(4);
  c.guest_id = r.text(5);
  c.subject = f.open(s, c.org_id, at("cases.subject", c.id), r.text(6));
  c.status = r.text(7);
  c.guest_first_name = f.open(s, c.org_id, at("cases.guest_first_name", c.id), r.text(8));
  c.guest_last_name = f.open(s, c.org_id, at("cases.guest_last_name", c.id), r.text(9));
  c.guest_phone = f.open(s, c.org_id, at("cases.guest_phone", c.id), r.text(10));
  c.identifiers = parse_map(f.open(s, c.org_id, at("cases.identifiers_json", c.id), r.text(11)));
  c.assignee_id = r.opt_text(12);
  c.assignee_name = r.text(13);
  c.created_at = r.i64(14);
  c.updated_at = r.i64(15);
  c.close_requested_at = r.opt_i64(16);
  c.closed_at = r.opt_i64(17);
  c.closed_by = r.text(18);
  c.last_seq = r.i64(19);
  c.guest_seen_seq = r.i64(20);
  c.staff_seen_seq = r.i64(21);
  c.unread_for_guest = r.i64(22);
  c.unread_for_staff = r.i64(23);
  return c;
}

constexpr const char* kMessageSelect =
    "SELECT m.case_id, m.seq, m.client_id, m.author_kind, m.author_id, m.author_name, m.body, m.attachment_id, "
    "a.name, a.size, a.content_type, m.created_at, m.internal "
    "FROM messages m LEFT JOIN attachments a ON a.id = m.attachment_id ";

// A case's messages are read with its organisation (whose keys opened them).
struct MessageReader {
  Session& s;
  Fields& f;
  std::string org;
  MessageRecord operator()(const Rows& r) const {
    MessageRecord m;
    m.case_id = r.text(0);
    m.seq = r.i64(1);
    m.client_id = r.text(2);
    m.author_kind = r.text(3);
    m.author_id = r.text(4);
    m.author_name = f.open(s, org, message_at("messages.author_name", m.case_id, m.seq), r.text(5));
    m.body = f.open(s, org, message_at("messages.body", m.case_id, m.seq), r.text(6));
    if (!r.is_null(7) && !r.is_null(8))
      m.attachment = AttachmentInfo{r.text(7), f.open(s, org, at("attachments.name", r.text(7)), r.text(8)),
                                    r.text(10), r.i64(9)};
    m.created_at = r.i64(11);
    m.internal = r.boolean(12);
    return m;
  }
};

std::string org_of_case(Session& s, std::string_view case_id) {
  return s.query("SELECT org_id FROM cases WHERE id = ?", {case_id}).one([](const Rows& r) { return r.text(0); })
      .value_or("");
}

std::optional<MessageRecord> read_message(Session& s, Fields& f, std::string_view org, std::string_view case_id,
                                          std::int64_t seq) {
  return s.query(std::string(kMessageSelect) + "WHERE m.case_id = ? AND m.seq = ?", {case_id, seq})
      .one(MessageReader{s, f, std::string(org)});
}

// A new case's row and search terms, sealed for its organisation.
void insert_case(Session& s, Fields& f, std::string_view id, const NewCase& c, std::string_view status,
                 const std::optional<std::string>& assignee_id, TimeMs now) {
  const auto k = f.key_for(s, c.org_id);
  s.query("INSERT INTO cases (id, org_id, team_id, guest_id, subject, status, guest_first_name, guest_last_name, "
          "guest_phone, identifiers_json, assignee_id, created_at, updated_at, key_gen) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {id, c.org_id, c.team_id, c.guest_id, f.seal(k, at("cases.subject", id), c.subject), status,
           f.seal(k, at("cases.guest_first_name", id), c.guest_first_name),
           f.seal(k, at("cases.guest_last_name", id), c.guest_last_name),
           f.seal(k, at("cases.guest_phone", id), c.guest_phone),
           f.seal(k, at("cases.identifiers_json", id), json(c.identifiers).dump()), assignee_id, now, now,
           static_cast<std::int64_t>(k.id)});
  insert_case_terms(s, f, c.org_id, id,
                    CaseTermInput{c.guest_phone, c.guest_first_name, c.guest_last_name, c.subject, c.identifiers});
}

EventRow read_event(const Rows& r) {
  return EventRow{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), r.i64(5), r.i64(6)};
}

struct PendingEvent {
  std::string kind;
  std::int64_t seq = 0;
  // Set: a `case` event for this team alone, not the guest (the team a
  // transfer took the case from, so its consoles drop it).
  std::optional<std::string> only_team;
};

// Inserts a write's events rows, last in its transaction, and announces them.
//
// Why the lock (PostgreSQL): streams resume from events_after(last_id), and the
// listener publishes "everything after the last id it published", so a reader
// must never see id 10 committed while id 9 is still to come. An identity
// column alone does not give that: two transactions can take 9 and 10 and
// commit 10 first. Lock::events makes taking ids and committing one critical
// section (it is released only after COMMIT is visible), so ids increase in
// commit order across every relay. It is taken as late as possible, so it is
// held only for the inserts and the commit.
std::vector<EventRow> insert_events(Session& s, const CaseRecord& scope, const std::vector<PendingEvent>& pending,
                                    TimeMs now) {
  std::vector<EventRow> out;
  if (pending.empty()) return out;
  s.serialize(Lock::events);
  for (const auto& p : pending) {
    const std::string team = p.only_team.value_or(scope.team_id);
    const std::string guest = p.only_team ? "" : scope.guest_id;
    const auto id = s.query("INSERT INTO events (kind, case_id, team_id, guest_id, seq, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            {p.kind, scope.id, team, guest,
                             p.kind == "message" ? std::optional<std::int64_t>(p.seq) : std::optional<std::int64_t>(),
                             now})
                        .one([](const Rows& r) { return r.i64(0); });
    out.push_back(EventRow{*id, p.kind, scope.id, team, guest, p.seq, now});
  }
  s.announce_events(out.back().id);
  return out;
}

Error closed_or_claimed(const std::optional<CaseRecord>& c, std::string_view team_id) {
  if (!c) return Error{ErrorCode::not_found, "Not found", ""};
  if (c->status == "closed") return Error{ErrorCode::case_closed, "This chat is closed", ""};
  if (c->team_id != team_id) return Error{ErrorCode::conflict, "This chat was just transferred to another team", ""};
  return Error{ErrorCode::already_claimed, "Someone else has already claimed this chat", ""};
}

// The blind indexes of search text for one organisation, and the SQL
// selecting the ids of its cases that match: for every word one of its terms
// (a self-join of case_terms per word, each a lookup on its primary key), or
// one of the whole text's terms.
struct Match {
  std::string org;
  std::vector<std::vector<std::string>> words;  // hashed terms of each word
  std::vector<std::string> whole;
  bool none() const { return words.empty() && whole.empty(); }
  // Binds views of this Match's strings: it must outlive the query.
  void append(std::string& sql, std::vector<Value>& params, const Dialect& d) const {
    std::string union_with;
    if (!words.empty()) {
      sql += "SELECT DISTINCT t0.case_id FROM case_terms t0";
      for (std::size_t i = 1; i < words.size(); ++i) {
        const std::string t = "t" + std::to_string(i);
        sql += " JOIN case_terms " + t + " ON " + t + ".org_id = t0.org_id AND " + t + ".case_id = t0.case_id";
      }
      sql += " WHERE t0.org_id = ?";
      params.emplace_back(org);
      for (std::size_t i = 0; i < words.size(); ++i) {
        sql += " AND " + d.in_list("t" + std::to_string(i) + ".term");
        params.emplace_back(words[i]);
      }
      union_with = " UNION ";
    }
    if (!whole.empty()) {
      sql += union_with + "SELECT case_id FROM case_terms WHERE org_id = ? AND " + d.in_list("term");
      params.emplace_back(org);
      params.emplace_back(whole);
    }
  }
  // The same test as a condition on the case row `c` (one probe of the
  // case_terms primary key per word): for a walk of a team's index that
  // keeps the cases matching, when many do.
  void append_probe(std::string& sql, std::vector<Value>& params, const Dialect& d, std::string_view c) const {
    const auto probe = [&](const std::vector<std::string>& terms) {
      sql += "EXISTS (SELECT 1 FROM case_terms w WHERE w.org_id = ? AND " + d.in_list("w.term") +
             " AND w.case_id = " + std::string(c) + ".id)";
      params.emplace_back(org);
      params.emplace_back(terms);
    };
    sql += "(";
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i) sql += " AND ";
      probe(words[i]);
    }
    if (!whole.empty()) {
      if (!words.empty()) sql += " OR ";
      probe(whole);
    }
    sql += ")";
  }
};

// At most this many cases matching a search are gathered from case_terms and
// sorted; a broader search walks the teams' activity indexes instead, keeping
// the cases that match, and stops at a page. (About sqrt(limit x team size) at
// a page of 50 in a team of 100,000: where the two cost the same.)
constexpr std::int64_t kDriveFromTerms = 2000;

class SqlCaseStore final : public CaseStore {
 public:
  SqlCaseStore(Database& db, Fields& fields) : db_(db), fields_(fields), case_select_(case_select(db.dialect())) {}

  CaseWrite create_case(const NewCase& c, TimeMs now, const AfterCommit& after) override {
    const std::string id = new_id();
    auto tx = db_.tx();
    insert_case(*tx, fields_, id, c, "waiting", std::nullopt, now);
    CaseWrite w;
    w.after = *read_case(*tx, id);
    w.events = insert_events(*tx, w.after, {{"case", 0, std::nullopt}}, now);
    tx->commit();
    if (after && db_.commit_hooks()) after(w);  // still holding the connection: hooks run in commit order
    return w;
  }

  std::optional<CaseRecord> find_case(std::string_view id) override { return read_case(*db_.read(), id); }

  std::vector<MessageRecord> messages(std::string_view case_id, std::int64_t after_seq, std::size_t limit,
                                      bool internal) override {
    auto s = db_.read();
    const MessageReader read{*s, fields_, org_of_case(*s, case_id)};
    return s->query(std::string(kMessageSelect) + "WHERE m.case_id = ? AND m.seq > ?" + not_internal(internal) +
                        " ORDER BY m.seq LIMIT ?",
                    {case_id, after_seq, limit})
        .all(read);
  }

  std::vector<MessageRecord> latest_messages(std::string_view case_id, std::int64_t after_seq, std::int64_t before_seq,
                                             std::size_t limit, bool internal) override {
    // Walks the (case_id, seq) primary key backwards from before_seq: the cost
    // is the page, not the case.
    auto s = db_.read();
    const MessageReader read{*s, fields_, org_of_case(*s, case_id)};
    auto out = s->query(std::string(kMessageSelect) +
                            "WHERE m.case_id = ? AND m.seq > ? AND m.seq < ?" + not_internal(internal) +
                            " ORDER BY m.seq DESC LIMIT ?",
                        {case_id, after_seq, before_seq, limit})
                   .all(read);
    std::reverse(out.begin(), out.end());
    return out;
  }

  std::optional<MessageRecord> message(std::string_view case_id, std::int64_t seq) override {
    auto s = db_.read();
    return read_message(*s, fields_, org_of_case(*s, case_id), case_id, seq);
  }

  UpdateResult update_case(std::string_view case_id, const Decide& decide, TimeMs now,
                           const std::optional<std::pair<std::string, std::string>>& idempotency,
                           const AfterCommit& after) override {
    UpdateResult r;
    const std::function<bool(Session&)> work = [&](Session& tx) -> bool {
      r = UpdateResult{};
      // The case row lock orders every writer of this case, on any relay: the
      // idempotency check, the next seq and `decide` all see the latest state.
      if (const auto lock = tx.dialect().lock_rows("", false); !lock.empty())
        tx.query("SELECT 1 FROM cases WHERE id = ?" + lock, {case_id});
      const auto before = read_case(tx, case_id);
      if (!before) {
        r.error = Error{ErrorCode::not_found, "Not found", ""};
        return false;
      }
      if (idempotency) {
        const auto seq = tx.query("SELECT seq FROM messages WHERE case_id = ? AND author_id = ? AND client_id = ?",
                                  {case_id, idempotency->first, idempotency->second})
                             .one([](const Rows& row) { return row.i64(0); });
        if (seq) {
          r.existing = read_message(tx, fields_, before->org_id, case_id, *seq);
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
      if (u.no_change) {
        r.write.after = *before;
        return false;  // nothing written, nothing published
      }
      const auto k = (u.attachments.empty() && u.messages.empty()) ? fields::DataKey{} : fields_.key_for(tx, before->org_id);
      const auto gen = static_cast<std::int64_t>(k.id);
      for (const auto& a : u.attachments)
        tx.query("INSERT INTO attachments (id, case_id, name, size, content_type, blob_path, created_at, key_gen, "
                 "sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {a.id, case_id, fields_.seal(k, at("attachments.name", a.id), a.name), a.size, a.content_type,
                  a.blob_path, now, gen, fields_.seal(k, at("attachments.sha256", a.id), a.sha256)});
      std::int64_t seq = before->last_seq;
      for (const auto& m : u.messages) {
        ++seq;
        const std::string client_id = m.client_id.empty() ? "sys-" + new_id() : m.client_id;
        tx.query("INSERT INTO messages (case_id, seq, client_id, author_kind, author_id, author_name, body, "
                 "attachment_id, created_at, key_gen, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {case_id, seq, client_id, m.author_kind, m.author_id,
                  fields_.seal(k, message_at("messages.author_name", case_id, seq), m.author_name),
                  fields_.seal(k, message_at("messages.body", case_id, seq), m.body), m.attachment_id, now, gen,
                  m.internal});
        // What was written, without reading it back: the attachment's row is the one inserted above.
        MessageRecord rec{std::string(case_id), seq, client_id, m.author_kind, m.author_id, m.author_name, m.body,
                          std::nullopt, now, m.internal};
        if (m.attachment_id)
          for (const auto& a : u.attachments)
            if (a.id == *m.attachment_id) rec.attachment = AttachmentInfo{a.id, a.name, a.content_type, a.size};
        if (m.attachment_id && !rec.attachment) rec = *read_message(tx, fields_, before->org_id, case_id, seq);
        r.write.messages.push_back(std::move(rec));
      }
      const CaseStatusFields f = status_fields_after(*before, u, now);
      // Internal notes alone are no activity the guest may see: updated_at
      // (the guest's list order and time) stays.
      const bool only_notes = !u.messages.empty() &&
                              std::all_of(u.messages.begin(), u.messages.end(), [](const MessageDraft& m) { return m.internal; }) &&
                              f.status == before->status && f.team_id == before->team_id &&
                              f.assignee_id == before->assignee_id;
      tx.query("UPDATE cases SET status = ?, last_seq = ?, updated_at = ?, close_requested_at = ?, closed_at = ?, "
               "closed_by = ?, assignee_id = ?, team_id = ? WHERE id = ?",
               {f.status, seq, only_notes ? before->updated_at : now, f.close_requested_at, f.closed_at, f.closed_by,
                f.assignee_id, f.team_id, case_id});
      if (u.team_activity && !r.write.messages.empty()) {
        // The unseen-activity SMS state commits with the activity (services/notifications).
        const NotifyState current = read_notify_state(tx, case_id);
        const NotifyState next = u.team_activity(current, seq);
        if (next.due_at != current.due_at || next.notified_seq != current.notified_seq)
          write_notify_state(tx, case_id, next);
      }
      std::vector<PendingEvent> pending;
      // A transfer: the old team hears first that the case left it.
      if (f.team_id != before->team_id) pending.push_back({"case", 0, before->team_id});
      for (const auto& m : r.write.messages) pending.push_back({"message", m.seq, std::nullopt});
      if (f.status != before->status || u.case_event || f.team_id != before->team_id ||
          f.assignee_id != before->assignee_id)
        pending.push_back({"case", 0, std::nullopt});
      r.write.after = *read_case(tx, case_id);
      // Events carry the case's guest and its team after this write (only a
      // transfer changes the team).
      r.write.events = insert_events(tx, r.write.after, pending, now);
      return true;
    };
    db_.write_grouped(work, [&] {
      if (after) after(r.write);  // still holding the connection: hooks run in commit order
    });
    return r;
  }

  ClaimResult claim(std::string_view case_id, std::string_view staff_id, std::string_view team_id, TimeMs now,
                    const AfterCommit& after) override {
    ClaimResult r;
    auto tx = db_.tx();
    // Under READ COMMITTED a concurrent claim's UPDATE waits for ours and then
    // re-checks status = 'waiting' on the committed row: exactly one wins. The
    // team too: a case transferred meanwhile is the other team's to claim.
    if (tx->query("UPDATE cases SET status = 'active', assignee_id = ?, updated_at = ? "
                  "WHERE id = ? AND status = 'waiting' AND team_id = ?",
                  {staff_id, now, case_id, team_id})
            .changed() != 1) {
      r.error = closed_or_claimed(read_case(*tx, case_id), team_id);
      return r;
    }
    r.write.after = *read_case(*tx, case_id);
    r.write.events = insert_events(*tx, r.write.after, {{"case", 0, std::nullopt}}, now);
    tx->commit();
    if (after && db_.commit_hooks()) after(r.write);
    return r;
  }

  bool mark_seen(std::string_view case_id, bool guest_side, std::int64_t seq, std::int64_t* moved_to) override {
    if (moved_to) *moved_to = 0;
    // The guest's mark stops at the newest message they can see at or below
    // `seq` (issue 22: an internal note is never "seen" by the guest).
    const std::string select =
        guest_side ? "SELECT guest_seen_seq, staff_seen_seq, last_seq, (SELECT COALESCE(MAX(m.seq), 0) FROM messages m "
                     "WHERE m.case_id = cases.id AND m.seq <= ? AND NOT m.internal) FROM cases WHERE id = ?"
                   : "SELECT guest_seen_seq, staff_seen_seq, last_seq, CAST(? AS BIGINT) FROM cases WHERE id = ?";
    const auto next_mark = [&](const Rows& r) -> std::pair<std::int64_t, std::int64_t> {
      const std::int64_t current = guest_side ? r.i64(0) : r.i64(1);
      return {current, next_seen_seq(current, std::min(seq, r.i64(3)), r.i64(2))};
    };
    // Marks only move forward, so when the committed mark (read without taking
    // the writer) is already there, nothing will change: no transaction, no
    // commit, no wait behind a group commit. Re-viewing a case costs no write.
    const auto seen = db_.read()->query(select, {seq, case_id}).one(next_mark);
    if (!seen) return false;
    if (seen->first == seen->second) return true;
    bool found = false;
    db_.write_grouped(
        [&](Session& tx) {
          const auto mark = tx.query(select + tx.dialect().lock_rows("", false), {seq, case_id}).one(next_mark);
          found = mark.has_value();
          if (!mark || mark->first == mark->second) return false;
          tx.query(guest_side ? "UPDATE cases SET guest_seen_seq = ? WHERE id = ?"
                              : "UPDATE cases SET staff_seen_seq = ? WHERE id = ?",
                   {mark->second, case_id});
          if (moved_to) *moved_to = mark->second;
          return true;
        },
        nullptr);
    return found;
  }

  std::map<std::string, std::int64_t> queue_positions(const std::vector<std::string>& case_ids) override {
    std::map<std::string, std::int64_t> out;
    if (case_ids.empty()) return out;
    // Each a count on the (team_id, status, created_at) index up to the case.
    auto s = db_.read();
    s->query("SELECT c.id, (SELECT COUNT(*) FROM cases w WHERE w.team_id = c.team_id AND w.status = 'waiting' "
             "AND (w.created_at < c.created_at OR (w.created_at = c.created_at AND w.id <= c.id))) "
             "FROM cases c WHERE " + db_.dialect().in_list("c.id") + " AND c.status = 'waiting'",
             {case_ids})
        .all([&](const Rows& r) {
          out[r.text(0)] = r.i64(1);
          return 0;
        });
    return out;
  }

  std::vector<CaseRecord> waiting_queue(std::string_view team_id, std::size_t limit) override {
    auto s = db_.read();
    return s->query(case_select_ + "WHERE c.team_id = ? AND c.status = 'waiting' ORDER BY c.created_at ASC, c.id LIMIT ?",
                    {team_id, limit})
        .all(case_reader(*s));
  }

  std::vector<CaseRecord> cases_of_guest(std::string_view guest_id, std::string_view org_id) override {
    auto s = db_.session();
    return s
        ->query(case_select_ + "WHERE c.guest_id = ? AND c.org_id = ? ORDER BY c.updated_at DESC, c.created_at DESC, c.id",
                {guest_id, org_id})
        .all(case_reader(*s));
  }

  std::vector<CaseRecord> cases_of_teams(const std::vector<std::string>& team_ids,
                                         const std::vector<std::string>& statuses, CaseListOrder order,
                                         std::size_t limit) override {
    const auto& d = db_.dialect();
    const std::string where =
        "WHERE " + d.in_list("c.team_id") + " AND (? = 0 OR " + d.in_list("c.status") + ") ";
    const char* order_by = order == CaseListOrder::oldest_first
                               ? "ORDER BY c.created_at ASC, c.id LIMIT ?"
                               : "ORDER BY c.updated_at DESC, c.created_at DESC, c.id LIMIT ?";
    auto s = db_.session();
    return s->query(case_select_ + where + order_by, {team_ids, statuses.size(), statuses, limit}).all(case_reader(*s));
  }

  std::vector<EventRow> events_after(std::int64_t after_id, const EventFilter& filter, std::size_t limit) override {
    const std::string cols = "SELECT id, kind, case_id, team_id, guest_id, COALESCE(seq, 0), created_at FROM events ";
    if (!filter.guest_id.empty())
      return db_.session()
          ->query(cols + "WHERE id > ? AND guest_id = ? ORDER BY id LIMIT ?", {after_id, filter.guest_id, limit})
          .all(read_event);
    return db_.session()
        ->query(cols + "WHERE id > ? AND " + db_.dialect().in_list("team_id") + " ORDER BY id LIMIT ?",
                {after_id, filter.team_ids, limit})
        .all(read_event);
  }

  std::int64_t last_event_id() override {
    return db_.session()->query("SELECT COALESCE(MAX(id), 0) FROM events").one(read_i64).value_or(0);
  }

  std::vector<std::string> load_fixture(std::string_view org_id, std::string_view team_id,
                                        const std::optional<std::string>& assignee_id,
                                        const std::map<std::string, std::string>& identifiers,
                                        const std::vector<FixtureGuest>& guests, TimeMs now) override {
    std::vector<std::string> ids;
    ids.reserve(guests.size());
    const char* status = assignee_id ? "active" : "waiting";
    auto tx = db_.tx();
    std::int64_t n = 0;
    for (const auto& g : guests) {
      ++n;
      const auto guest = upsert_guest_row(*tx, fields_, org_id, g.phone, g.first_name, g.last_name, now);
      tx->query("INSERT INTO sessions (token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked) "
                "VALUES (?, 'guest', ?, ?, ?, ?, ?)",
                {g.session_token_hash, guest.id, org_id, now, now, false});
      const std::string case_id = new_id();
      insert_case(*tx, fields_, case_id,
                  NewCase{std::string(org_id), std::string(team_id), guest.id, "Load test " + std::to_string(n),
                          g.first_name, g.last_name, g.phone, identifiers},
                  status, assignee_id, now);
      ids.push_back(case_id);
    }
    // Numbers are sealed, so the last one used is remembered beside them.
    if (!guests.empty())
      tx->query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {"fixture_last_phone:" + std::string(org_id), guests.back().phone});
    tx->commit();
    return ids;
  }

  std::string last_fixture_phone(std::string_view org_id) override {
    return db_.session()
        ->query("SELECT value FROM meta WHERE key = ?", {"fixture_last_phone:" + std::string(org_id)})
        .one([](const Rows& r) { return r.text(0); })
        .value_or("");
  }

  std::vector<std::string> search(std::string_view org_id, const std::vector<std::string>& words,
                                  std::size_t limit) override {
    // Each word as given (callers that split text themselves), every word required.
    SearchTerms t;
    for (const auto& w : words) t.words.push_back(query_terms(w));
    if (t.words.size() > kMaxSearchWords) t.words.resize(kMaxSearchWords);
    const Match m = match(org_id, t);
    if (m.none()) return {};
    std::string sql = "SELECT case_id FROM (";
    std::vector<Value> params;
    m.append(sql, params, db_.dialect());
    sql += ") m ORDER BY case_id LIMIT ?";
    params.emplace_back(limit);
    auto s = db_.read();
    return s->query(sql, params).all([](const Rows& r) { return r.text(0); });
  }

  std::vector<CaseRecord> list_cases(const CaseListQuery& q) override {
    if (q.team_ids.empty() || q.limit == 0) return {};
    std::optional<Match> m;
    auto s = db_.read();
    const auto& d = db_.dialect();
    // A search is answered one of two ways, both one query with every filter
    // in it; how many cases hold each word's terms (counted up to
    // kDriveFromTerms, a short walk of the case_terms key) chooses. Few: the
    // matching cases drive (rarest word first), looked up by id and sorted.
    // Many: each team's index walk probes case_terms for every case it passes.
    // Neither planner can tell the two apart from the blind-index hashes.
    bool from_terms = false;
    if (!q.text.empty()) {
      m = match(q.org_id, search_terms(q.text));
      if (m->none()) return {};  // nothing searchable in the text (punctuation only): nothing matches
      const auto count = [&](const std::vector<std::string>& terms) {
        return s->query("SELECT COUNT(*) FROM (SELECT 1 FROM case_terms WHERE org_id = ? AND " + d.in_list("term") +
                            " LIMIT ?) n",
                        {q.org_id, terms, kDriveFromTerms + 1})
            .one(read_i64)
            .value_or(0);
      };
      std::vector<std::pair<std::int64_t, std::vector<std::string>>> by_count;
      for (auto& w : m->words) by_count.emplace_back(count(w), std::move(w));
      std::stable_sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      m->words.clear();
      for (auto& [n, w] : by_count) m->words.push_back(std::move(w));
      const std::int64_t candidates =
          (by_count.empty() ? 0 : by_count.front().first) + (m->whole.empty() ? 0 : count(m->whole));
      from_terms = candidates <= kDriveFromTerms;
    }
    // One branch per team, each walking that team's (team_id, [status |
    // assignee_id,] updated_at, id) index from the cursor and stopping at
    // `limit` rows (migration "staff lists"); the page is the newest `limit`
    // of their union. An IN list of teams would make both databases sort
    // every case of the teams for each page.
    std::string sql = case_select_ + "WHERE c.org_id = ? AND c.id IN (";
    std::vector<Value> params{Value(q.org_id)};
    for (std::size_t i = 0; i < q.team_ids.size(); ++i) {
      if (i) sql += " UNION ALL ";
      // From the terms, `team_id || ''` keeps the planners off the team's
      // index (which would walk all its cases): the matching ids drive.
      sql += from_terms ? "SELECT b.id FROM (SELECT id FROM cases x WHERE x.team_id || '' = ?"
                        : "SELECT b.id FROM (SELECT id FROM cases x WHERE x.team_id = ?";
      params.emplace_back(q.team_ids[i]);
      if (q.status) {
        sql += " AND status = ?";
        params.emplace_back(*q.status);
      }
      if (q.assigned == CaseListQuery::Assigned::nobody) sql += " AND assignee_id IS NULL";
      if (q.assigned == CaseListQuery::Assigned::to) {
        sql += " AND assignee_id = ?";
        params.emplace_back(q.assignee_id);
      }
      if (q.before) {
        sql += " AND (updated_at, id) < (?, ?)";  // row values: a range on the index, not a filter
        params.emplace_back(q.before->first);
        params.emplace_back(q.before->second);
      }
      if (m && from_terms) {
        sql += " AND x.id IN (";
        m->append(sql, params, d);
        sql += ")";
      } else if (m) {
        sql += " AND ";
        m->append_probe(sql, params, d, "x");
      }
      sql += " ORDER BY updated_at DESC, id DESC LIMIT ?) b";
      params.emplace_back(q.limit);
    }
    sql += ") ORDER BY c.updated_at DESC, c.id DESC LIMIT ?";
    params.emplace_back(q.limit);
    return s->query(sql, params).all(case_reader(*s));
  }

 private:
  static std::int64_t read_i64(const Rows& r) { return r.i64(0); }
  Match match(std::string_view org, const SearchTerms& t) {
    Match m{std::string(org), {}, {}};
    const auto hashed = [&](const std::vector<std::pair<IndexKind, std::string>>& terms) {
      std::vector<std::string> out;
      for (const auto& [kind, value] : terms) out.push_back(fields_.index(org, kind, value));
      return out;
    };
    for (const auto& w : t.words) {
      if (w.empty()) return Match{std::string(org), {}, {}};  // a word nothing can match
      m.words.push_back(hashed(w));
    }
    m.whole = hashed(t.whole);
    return m;
  }
  std::optional<CaseRecord> read_case(Session& s, std::string_view id) {
    return s.query(case_select_ + "WHERE c.id = ?", {id}).one(case_reader(s));
  }
  std::function<CaseRecord(const Rows&)> case_reader(Session& s) {
    return [&s, this](const Rows& r) { return read_case_row(r, s, fields_); };
  }
  Database& db_;
  Fields& fields_;
  const std::string case_select_;
};

}  // namespace

std::unique_ptr<CaseStore> case_store(Database& db, Fields& fields) {
  return std::make_unique<SqlCaseStore>(db, fields);
}

void insert_case_terms(Session& s, Fields& f, std::string_view org_id, std::string_view case_id,
                       const CaseTermInput& terms) {
  for (const auto& [kind, value] : case_terms(terms))
    s.query("INSERT INTO case_terms (org_id, term, case_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            {org_id, f.index(org_id, kind, value), case_id});
}

}  // namespace foxo::relay::store::sql
