// NotifyStore: the unseen-activity SMS of each case (when one falls due, the
// claim that sends it at most once), resume links, and the auto-close list.
// The guest's number and the outbox's number, body and error are sealed
// (store/sql/fields.hpp).
#include "core/crypto.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

constexpr const char* kNotifySelect =
    "SELECT c.id, c.org_id, o.name, c.guest_id, c.guest_phone, c.status, c.notify_due_at, "
    "c.notified_seq, c.guest_seen_seq, "
    // The newest team (non-guest) message: walks the primary key back from the
    // case's end and stops at the first one, instead of reading every message.
    // Internal notes are not activity the guest could see (issue 22).
    "COALESCE((SELECT m.seq FROM messages m WHERE m.case_id = c.id AND m.author_kind <> 'guest' AND NOT m.internal "
    "ORDER BY m.seq DESC LIMIT 1), 0) "
    "FROM cases c JOIN organisations o ON o.id = c.org_id ";

// The guest's number stays sealed here: notify_reader opens it.
NotifyCase read_notify(const Rows& r) {
  NotifyCase c;
  c.case_id = r.text(0);
  c.org_id = r.text(1);
  c.org_name = r.text(2);
  c.guest_id = r.text(3);
  c.guest_phone = r.text(4);
  c.status = r.text(5);
  c.state.due_at = r.opt_i64(6);
  c.state.notified_seq = r.i64(7);
  c.state.guest_seen_seq = r.i64(8);
  c.state.last_team_seq = r.i64(9);
  return c;
}

bool changed(const NotifyState& a, const NotifyState& b) {
  return a.due_at != b.due_at || a.notified_seq != b.notified_seq;
}

class SqlNotifyStore final : public NotifyStore {
 public:
  SqlNotifyStore(Database& db, Fields& fields) : db_(db), fields_(fields) {}

  std::optional<NotifyCase> notify_case(std::string_view case_id) override {
    auto s = db_.session();
    return s->query(std::string(kNotifySelect) + "WHERE c.id = ?", {case_id}).one(notify_reader(*s));
  }

  void update_case_state(std::string_view case_id, const std::function<NotifyState(const NotifyCase&)>& f) override {
    auto tx = db_.tx();
    const auto c =
        tx->query(std::string(kNotifySelect) + "WHERE c.id = ?" + tx->dialect().lock_rows("c", false), {case_id})
            .one(notify_reader(*tx));
    if (!c) return;
    const NotifyState next = f(*c);
    if (!changed(next, c->state)) return;
    write_notify_state(*tx, case_id, next);
    tx->commit();
  }

  int update_guest_cases(std::string_view guest_id, const std::function<NotifyState(const NotifyCase&)>& f) override {
    auto tx = db_.tx();
    const auto cases = tx->query(std::string(kNotifySelect) + "WHERE c.guest_id = ? AND c.status <> 'closed' " +
                                     "ORDER BY c.id" + tx->dialect().lock_rows("c", false),
                                 {guest_id})
                           .all(notify_reader(*tx));
    int n = 0;
    for (const auto& c : cases) {
      const NotifyState next = f(c);
      if (!changed(next, c.state)) continue;
      write_notify_state(*tx, c.case_id, next);
      ++n;
    }
    if (n > 0) tx->commit();
    return n;
  }

  std::vector<ClaimedSms> claim_due(TimeMs now, std::size_t limit, const NotifyDecide& decide) override {
    std::vector<ClaimedSms> out;
    auto tx = db_.tx();
    // SKIP LOCKED: a case another relay is claiming right now is its job, not
    // ours; once it commits, notify_due_at is re-checked on the new row version
    // (READ COMMITTED) and the case no longer matches. Each SMS is claimed once.
    const auto due = tx->query(std::string(kNotifySelect) +
                                   "WHERE c.notify_due_at IS NOT NULL AND c.notify_due_at <= ? "
                                   "ORDER BY c.notify_due_at LIMIT ?" + tx->dialect().lock_rows("c", true),
                               {now, limit})
                         .all(notify_reader(*tx));
    if (due.empty()) return out;
    for (NotifyCase c : due) {
      // The newest team message above was read before the row lock: read the state again under it.
      c.state = read_notify_state(*tx, c.case_id);
      if (!c.state.due_at || *c.state.due_at > now) continue;
      const NotifyDecision d = decide(c);
      write_notify_state(*tx, c.case_id, d.next);
      if (!d.sms) continue;
      ClaimedSms claim{new_id(), c.case_id, c.org_id, d.sms->phone, d.sms->body, c.state.notified_seq,
                       d.next.notified_seq};
      tx->query("INSERT INTO resume_tokens (token_hash, case_id, created_at) VALUES (?, ?, ?)",
                {d.sms->token_hash, c.case_id, now});
      const auto k = fields_.key_for(*tx, c.org_id);
      tx->query("INSERT INTO sms_outbox (id, phone, body, purpose, case_id, status, attempts, created_at, org_id, "
                "key_gen) VALUES (?, ?, ?, 'notify', ?, 'pending', 1, ?, ?, ?)",
                {claim.outbox_id, fields_.seal(k, "sms_outbox.phone:" + claim.outbox_id, d.sms->phone),
                 fields_.seal(k, "sms_outbox.body:" + claim.outbox_id, d.sms->stored_body), c.case_id, now, c.org_id,
                 static_cast<std::int64_t>(k.id)});
      out.push_back(std::move(claim));
    }
    tx->commit();  // the claim is durable before any SMS leaves: at most once
    return out;
  }

  void finish_sms(std::string_view outbox_id, bool sent, std::string_view error, TimeMs now) override {
    auto tx = db_.tx();
    std::optional<std::string> sealed_error;
    if (!error.empty()) {
      // A provider's error may quote the number: sealed like the rest of the row.
      const auto org = tx->query("SELECT org_id FROM sms_outbox WHERE id = ?", {outbox_id})
                           .one([](const Rows& r) { return r.text(0); });
      if (!org) return;
      sealed_error = fields_.seal(fields_.key_for(*tx, *org), "sms_outbox.error:" + std::string(outbox_id), error);
    }
    tx->query("UPDATE sms_outbox SET status = ?, error = ?, sent_at = ? WHERE id = ?",
              {sent ? "sent" : "failed", sealed_error,
               sent ? std::optional<std::int64_t>(now) : std::optional<std::int64_t>(), outbox_id});
    tx->commit();
  }

  void rearm(const ClaimedSms& c, TimeMs due_at) override {
    // Only if nothing moved the case on since the claim (no newer SMS, still open).
    db_.write("UPDATE cases SET notified_seq = ?, notify_due_at = ? "
              "WHERE id = ? AND notified_seq = ? AND notify_due_at IS NULL AND status <> 'closed'",
              {c.previous_notified_seq, due_at, c.case_id, c.claimed_notified_seq});
  }

  int abandon_pending(TimeMs now) override {
    // Other relays may be sending right now: with several, only rows pending
    // for longer than any send takes (ten minutes) are a stopped process's
    // leftovers. One relay abandons every pending row at start.
    const TimeMs before = db_.dialect().several_relays ? now - 10 * 60 * 1000 : INT64_MAX;
    auto tx = db_.tx();
    const auto pending = tx->query("SELECT id, org_id FROM sms_outbox WHERE status = 'pending' AND purpose = 'notify' "
                                   "AND created_at <= ?" + tx->dialect().lock_rows("", true),
                                   {before})
                             .all([](const Rows& r) { return std::pair<std::string, std::string>(r.text(0), r.text(1)); });
    int n = 0;
    for (const auto& [id, org] : pending)
      n += static_cast<int>(tx->query("UPDATE sms_outbox SET status = 'failed', error = ?, sent_at = NULL "
                                      "WHERE id = ? AND status = 'pending'",
                                      {fields_.seal(fields_.key_for(*tx, org), "sms_outbox.error:" + id,
                                                    "interrupted: outcome unknown, not resent"),
                                       id})
                                .changed());
    tx->commit();
    return n;
  }

  std::optional<ResumeTarget> resume_target(std::string_view token_hash) override {
    auto s = db_.session();
    return s
        ->query("SELECT c.id, c.org_id, o.name, c.team_id, c.guest_id, c.guest_first_name, c.guest_last_name, "
                "c.guest_phone, c.closed_at FROM resume_tokens r JOIN cases c ON c.id = r.case_id "
                "JOIN organisations o ON o.id = c.org_id WHERE r.token_hash = ?",
                {token_hash})
        .one([&](const Rows& r) {
          const std::string id = r.text(0), org = r.text(1);
          return ResumeTarget{id,
                              org,
                              r.text(2),
                              r.text(3),
                              r.text(4),
                              fields_.open(*s, org, "cases.guest_first_name:" + id, r.text(5)),
                              fields_.open(*s, org, "cases.guest_last_name:" + id, r.text(6)),
                              fields_.open(*s, org, "cases.guest_phone:" + id, r.text(7)),
                              r.opt_i64(8)};
        });
  }

  std::vector<std::string> close_requested_before(TimeMs cutoff, std::size_t limit) override {
    // A plain read: the auto-close itself re-checks the status in update_case
    // (under the case's row lock), so two relays finding the same case close it once.
    return db_.session()
        ->query("SELECT id FROM cases WHERE status = 'close_requested' AND close_requested_at IS NOT NULL "
                "AND close_requested_at <= ? ORDER BY close_requested_at LIMIT ?",
                {cutoff, limit})
        .all([](const Rows& r) { return r.text(0); });
  }

  std::optional<NotifyQueueStats> queue_stats(TimeMs now) override {
    // /metrics and /readyz (which uses it as its store round trip).
    NotifyQueueStats q;
    auto s = db_.read();
    if (auto r = s->query("SELECT COUNT(*), COALESCE(SUM(CASE WHEN notify_due_at <= ?1 THEN 1 ELSE 0 END), 0), "
                          "MIN(CASE WHEN notify_due_at <= ?1 THEN notify_due_at END) "
                          "FROM cases WHERE notify_due_at IS NOT NULL",
                          {now});
        r.next()) {
      q.scheduled = r.i64(0);
      q.due = r.i64(1);
      q.oldest_due_at = r.opt_i64(2);
    }
    if (auto r = s->query("SELECT COUNT(*) FROM sms_outbox WHERE status = 'pending'"); r.next())
      q.outbox_pending = r.i64(0);
    return q;
  }

 private:
  std::function<NotifyCase(const Rows&)> notify_reader(Session& s) {
    return [&s, this](const Rows& r) {
      NotifyCase c = read_notify(r);
      c.guest_phone = fields_.open(s, c.org_id, "cases.guest_phone:" + c.case_id, c.guest_phone);
      return c;
    };
  }
  Database& db_;
  Fields& fields_;
};

}  // namespace

NotifyState read_notify_state(Session& s, std::string_view case_id) {
  return s.query(std::string(kNotifySelect) + "WHERE c.id = ?", {case_id})
      .one(read_notify)
      .value_or(NotifyCase{})
      .state;
}

void write_notify_state(Session& s, std::string_view case_id, const NotifyState& state) {
  s.query("UPDATE cases SET notify_due_at = ?, notified_seq = ? WHERE id = ?",
          {state.due_at, state.notified_seq, case_id});
}

std::unique_ptr<NotifyStore> notify_store(Database& db, Fields& fields) {
  return std::make_unique<SqlNotifyStore>(db, fields);
}

}  // namespace foxo::relay::store::sql
