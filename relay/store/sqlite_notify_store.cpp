#include "store/sqlite_notify_store.hpp"

#include "core/crypto.hpp"

namespace foxo::relay::store {
namespace {

constexpr const char* kNotifySelect =
    "SELECT c.id, c.org_id, o.name, c.guest_id, c.guest_phone, c.subject, c.status, c.notify_due_at, "
    "c.notified_seq, c.guest_seen_seq, "
    // The newest team (non-guest) message: walks the primary key back from the
    // case's end and stops at the first one, instead of reading every message.
    "COALESCE((SELECT m.seq FROM messages m WHERE m.case_id = c.id AND m.author_kind <> 'guest' "
    "ORDER BY m.seq DESC LIMIT 1), 0) "
    "FROM cases c JOIN organisations o ON o.id = c.org_id ";

NotifyCase read_row(const Stmt& st) {
  NotifyCase c;
  c.case_id = st.text(0);
  c.org_id = st.text(1);
  c.org_name = st.text(2);
  c.guest_id = st.text(3);
  c.guest_phone = st.text(4);
  c.subject = st.text(5);
  c.status = st.text(6);
  c.state.due_at = st.opt_i64(7);
  c.state.notified_seq = st.i64(8);
  c.state.guest_seen_seq = st.i64(9);
  c.state.last_team_seq = st.i64(10);
  return c;
}

bool changed(const NotifyState& a, const NotifyState& b) {
  return a.due_at != b.due_at || a.notified_seq != b.notified_seq;
}

}  // namespace

NotifyState read_notify_state(Session& s, std::string_view case_id) {
  auto st = s.prepare(std::string(kNotifySelect) + "WHERE c.id = ?");
  st.bind_all(case_id);
  if (!st.step()) return NotifyState{};
  return read_row(st).state;
}

void write_notify_state(Session& s, std::string_view case_id, const NotifyState& state) {
  s.prepare("UPDATE cases SET notify_due_at = ?, notified_seq = ? WHERE id = ?")
      .bind_all(state.due_at, state.notified_seq, case_id)
      .run();
}

std::optional<NotifyCase> SqliteNotifyStore::notify_case(std::string_view case_id) {
  auto s = db_.session();
  auto st = s.prepare(std::string(kNotifySelect) + "WHERE c.id = ?");
  st.bind_all(case_id);
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

void SqliteNotifyStore::update_case_state(std::string_view case_id,
                                          const std::function<NotifyState(const NotifyCase&)>& f) {
  auto tx = db_.tx();
  std::optional<NotifyCase> c;
  {
    auto st = tx.prepare(std::string(kNotifySelect) + "WHERE c.id = ?");
    st.bind_all(case_id);
    if (st.step()) c = read_row(st);
  }
  if (!c) return;
  const NotifyState next = f(*c);
  if (!changed(next, c->state)) return;
  write_notify_state(tx, case_id, next);
  tx.commit();
}

int SqliteNotifyStore::update_guest_cases(std::string_view guest_id,
                                          const std::function<NotifyState(const NotifyCase&)>& f) {
  auto tx = db_.tx();
  std::vector<NotifyCase> cases;
  {
    auto st = tx.prepare(std::string(kNotifySelect) + "WHERE c.guest_id = ? AND c.status <> 'closed'");
    st.bind_all(guest_id);
    while (st.step()) cases.push_back(read_row(st));
  }
  int n = 0;
  for (const auto& c : cases) {
    const NotifyState next = f(c);
    if (!changed(next, c.state)) continue;
    write_notify_state(tx, c.case_id, next);
    ++n;
  }
  if (n > 0) tx.commit();
  return n;
}

std::vector<ClaimedSms> SqliteNotifyStore::claim_due(TimeMs now, std::size_t limit, const NotifyDecide& decide) {
  std::vector<ClaimedSms> out;
  auto tx = db_.tx();
  std::vector<NotifyCase> due;
  {
    auto st = tx.prepare(std::string(kNotifySelect) +
                         "WHERE c.notify_due_at IS NOT NULL AND c.notify_due_at <= ? ORDER BY c.notify_due_at LIMIT ?");
    st.bind_all(now, static_cast<std::int64_t>(limit));
    while (st.step()) due.push_back(read_row(st));
  }
  if (due.empty()) return out;
  for (const auto& c : due) {
    const NotifyDecision d = decide(c);
    write_notify_state(tx, c.case_id, d.next);
    if (!d.sms) continue;
    ClaimedSms claim{new_id(), c.case_id, c.org_id, d.sms->phone, d.sms->body, c.state.notified_seq,
                     d.next.notified_seq};
    tx.prepare("INSERT INTO resume_tokens (token_hash, case_id, created_at) VALUES (?, ?, ?)")
        .bind_all(d.sms->token_hash, c.case_id, now)
        .run();
    tx.prepare(
          "INSERT INTO sms_outbox (id, phone, body, purpose, case_id, status, attempts, created_at) "
          "VALUES (?, ?, ?, 'notify', ?, 'pending', 1, ?)")
        .bind_all(claim.outbox_id, d.sms->phone, d.sms->stored_body, c.case_id, now)
        .run();
    out.push_back(std::move(claim));
  }
  tx.commit();  // the claim is durable before any SMS leaves: at most once
  return out;
}

void SqliteNotifyStore::finish_sms(std::string_view outbox_id, bool sent, std::string_view error, TimeMs now) {
  auto tx = db_.tx();
  tx.prepare("UPDATE sms_outbox SET status = ?, error = ?, sent_at = ? WHERE id = ?")
      .bind_all(sent ? "sent" : "failed", error.empty() ? std::optional<std::string>() : std::string(error),
                sent ? std::optional<std::int64_t>(now) : std::optional<std::int64_t>(), outbox_id)
      .run();
  tx.commit();
}

void SqliteNotifyStore::rearm(const ClaimedSms& c, TimeMs due_at) {
  auto tx = db_.tx();
  // Only if nothing moved the case on since the claim (no newer SMS, still open).
  tx.prepare(
        "UPDATE cases SET notified_seq = ?, notify_due_at = ? "
        "WHERE id = ? AND notified_seq = ? AND notify_due_at IS NULL AND status <> 'closed'")
      .bind_all(c.previous_notified_seq, due_at, c.case_id, c.claimed_notified_seq)
      .run();
  tx.commit();
}

int SqliteNotifyStore::abandon_pending(TimeMs now) {
  auto tx = db_.tx();
  tx.prepare(
        "UPDATE sms_outbox SET status = 'failed', error = 'interrupted: outcome unknown, not resent', sent_at = NULL "
        "WHERE status = 'pending' AND purpose = 'notify'")
      .run();
  const auto n = static_cast<int>(tx.changes());
  (void)now;
  tx.commit();
  return n;
}

std::optional<ResumeTarget> SqliteNotifyStore::resume_target(std::string_view token_hash) {
  auto s = db_.session();
  auto st = s.prepare(
      "SELECT c.id, c.org_id, o.name, c.team_id, c.guest_id, c.guest_first_name, c.guest_last_name, c.guest_phone, "
      "c.closed_at FROM resume_tokens r JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = c.org_id "
      "WHERE r.token_hash = ?");
  st.bind_all(token_hash);
  if (!st.step()) return std::nullopt;
  return ResumeTarget{st.text(0), st.text(1), st.text(2), st.text(3),  st.text(4),
                      st.text(5), st.text(6), st.text(7), st.opt_i64(8)};
}

std::vector<std::string> SqliteNotifyStore::close_requested_before(TimeMs cutoff, std::size_t limit) {
  auto s = db_.session();
  auto st = s.prepare(
      "SELECT id FROM cases WHERE status = 'close_requested' AND close_requested_at IS NOT NULL "
      "AND close_requested_at <= ? ORDER BY close_requested_at LIMIT ?");
  st.bind_all(cutoff, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::optional<NotifyQueueStats> SqliteNotifyStore::queue_stats(TimeMs now) {
  NotifyQueueStats q;
  auto s = db_.read();
  auto st = s.prepare(
      "SELECT COUNT(*), COALESCE(SUM(notify_due_at <= ?), 0), MIN(CASE WHEN notify_due_at <= ? THEN notify_due_at END) "
      "FROM cases WHERE notify_due_at IS NOT NULL");
  st.bind_all(now, now);
  if (st.step()) {
    q.scheduled = st.i64(0);
    q.due = st.i64(1);
    q.oldest_due_at = st.opt_i64(2);
  }
  auto ob = s.prepare("SELECT COUNT(*) FROM sms_outbox WHERE status = 'pending'");
  if (ob.step()) q.outbox_pending = ob.i64(0);
  return q;
}

}  // namespace foxo::relay::store
