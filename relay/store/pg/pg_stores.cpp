// Directory, auth, audit, OTP, notify, attachment and retention stores on
// PostgreSQL (the case store is in pg_case_store.cpp). Each mirrors its
// sqlite_*.cpp counterpart; comments here say only where they differ.
#include "store/pg/pg_stores.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "foxo/protocol.hpp"

namespace foxo::relay::store::pg {
namespace {

using nlohmann::json;

std::vector<IdentifierField> parse_identifiers(const std::string& s) {
  const auto j = json::parse(s, nullptr, false);
  std::vector<IdentifierField> out;
  if (j.is_array())
    for (const auto& f : j) out.push_back(f.get<IdentifierField>());
  return out;
}
std::vector<std::string> parse_strings(const std::string& s) {
  const auto j = json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}
constexpr const char* kOrgCols = "SELECT id, slug, name, identifiers_json, retention_days FROM organisations ";
Organisation read_org(const Result& r, int i) {
  return Organisation{r.text(i, 0), r.text(i, 1), r.text(i, 2), parse_identifiers(r.text(i, 3)), r.opt_i64(i, 4)};
}
constexpr const char* kTeamCols = "SELECT id, org_id, slug, name, subjects_json FROM teams ";
Team read_team(const Result& r, int i) {
  return Team{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), parse_strings(r.text(i, 4))};
}
constexpr const char* kGuestCols = "SELECT id, org_id, phone, first_name, last_name, created_at FROM guests ";
GuestRecord read_guest(const Result& r, int i) {
  return GuestRecord{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.i64(i, 5)};
}

}  // namespace

// ---- Directory -------------------------------------------------------------------------

bool PgDirectoryStore::empty() {
  auto s = p_.session();
  return s.exec("SELECT NOT EXISTS (SELECT 1 FROM organisations)").boolean(0, 0);
}

std::optional<Organisation> PgDirectoryStore::org_by_slug(std::string_view slug) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kOrgCols) + "WHERE slug = $1", {slug});
  if (r.empty()) return std::nullopt;
  return read_org(r, 0);
}

std::optional<Organisation> PgDirectoryStore::org_by_id(std::string_view id) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kOrgCols) + "WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return read_org(r, 0);
}

std::optional<Team> PgDirectoryStore::team_by_slug(std::string_view slug) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kTeamCols) + "WHERE slug = $1", {slug});
  if (r.empty()) return std::nullopt;
  return read_team(r, 0);
}

std::optional<Team> PgDirectoryStore::team_by_id(std::string_view id) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kTeamCols) + "WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return read_team(r, 0);
}

std::vector<Team> PgDirectoryStore::teams_of_org(std::string_view org_id) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kTeamCols) + "WHERE org_id = $1 ORDER BY slug", {org_id});
  std::vector<Team> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_team(r, i));
  return out;
}

std::optional<StaffRecord> PgDirectoryStore::read_staff(const char* where, std::string_view value) {
  auto s = p_.session();
  const auto r = s.exec(std::string("SELECT id, org_id, email, name, password_hash, is_admin FROM staff ") + where,
                        {value});
  if (r.empty()) return std::nullopt;
  StaffRecord st{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), r.text(0, 4), r.boolean(0, 5), {}, {}};
  const auto t = s.exec(
      "SELECT t.id, t.slug FROM staff_teams st JOIN teams t ON t.id = st.team_id WHERE st.staff_id = $1 "
      "ORDER BY t.slug",
      {st.id});
  for (int i = 0; i < t.rows(); ++i) {
    st.team_ids.push_back(t.text(i, 0));
    st.team_slugs.push_back(t.text(i, 1));
  }
  return st;
}

std::optional<StaffRecord> PgDirectoryStore::staff_by_email(std::string_view email) {
  return read_staff("WHERE email = $1", email);
}
std::optional<StaffRecord> PgDirectoryStore::staff_by_id(std::string_view id) { return read_staff("WHERE id = $1", id); }

std::optional<GuestRecord> PgDirectoryStore::guest_by_id(std::string_view id) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kGuestCols) + "WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return read_guest(r, 0);
}

// Creation: ON CONFLICT DO NOTHING, so two relays creating the same slug at once get one row and one nullopt.
std::optional<Organisation> PgDirectoryStore::create_org(std::string_view slug, std::string_view name,
                                                         const std::vector<IdentifierField>& identifiers, TimeMs now) {
  Organisation o{new_id(), std::string(slug), std::string(name), identifiers, std::nullopt};
  auto s = p_.session();
  const auto r = s.exec(
      "INSERT INTO organisations (id, slug, name, identifiers_json, created_at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (slug) DO NOTHING",
      {o.id, o.slug, o.name, json(identifiers).dump(), now});
  if (r.affected() != 1) return std::nullopt;
  return o;
}

std::optional<Team> PgDirectoryStore::create_team(std::string_view org_id, std::string_view slug,
                                                  std::string_view name, const std::vector<std::string>& subjects,
                                                  TimeMs now) {
  Team t{new_id(), std::string(org_id), std::string(slug), std::string(name), subjects};
  auto s = p_.session();
  const auto r = s.exec(
      "INSERT INTO teams (id, org_id, slug, name, subjects_json, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT (slug) DO NOTHING",
      {t.id, t.org_id, t.slug, t.name, json(subjects).dump(), now});
  if (r.affected() != 1) return std::nullopt;
  return t;
}

std::optional<StaffRecord> PgDirectoryStore::create_staff(std::string_view org_id, std::string_view email,
                                                          std::string_view name, std::string_view password_hash,
                                                          bool is_admin, const std::vector<std::string>& team_ids,
                                                          TimeMs now) {
  const std::string id = new_id();
  {
    auto tx = p_.tx();
    const auto r = tx.exec(
        "INSERT INTO staff (id, org_id, email, name, password_hash, is_admin, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING",
        {id, org_id, email, name, password_hash, is_admin, now});
    if (r.affected() != 1) return std::nullopt;
    for (const auto& t : team_ids)
      tx.exec("INSERT INTO staff_teams (staff_id, team_id) VALUES ($1, $2)", {id, t});
    tx.commit();
  }
  return staff_by_id(id);
}

void PgDirectoryStore::set_identifiers(std::string_view org_id, const std::vector<IdentifierField>& identifiers) {
  auto s = p_.session();
  s.exec("UPDATE organisations SET identifiers_json = $1 WHERE id = $2", {json(identifiers).dump(), org_id});
}

void PgDirectoryStore::set_staff_password(std::string_view staff_id, std::string_view password_hash) {
  auto s = p_.session();
  s.exec("UPDATE staff SET password_hash = $1 WHERE id = $2", {password_hash, staff_id});
}

GuestRecord PgDirectoryStore::upsert_guest(std::string_view org_id, std::string_view phone,
                                           std::string_view first_name, std::string_view last_name, TimeMs now) {
  auto s = p_.session();
  const auto r = s.exec(
      "INSERT INTO guests (id, org_id, phone, first_name, last_name, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT (org_id, phone) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name "
      "RETURNING id, org_id, phone, first_name, last_name, created_at",
      {new_id(), org_id, phone, first_name, last_name, now});
  return read_guest(r, 0);
}

// ---- Auth ------------------------------------------------------------------------------

void PgAuthStore::create_session(const SessionRecord& r) {
  auto s = p_.session();
  s.exec(
      "INSERT INTO sessions (token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked) "
      "VALUES ($1, $2, $3, $4, $5, $6, false)",
      {r.token_hash, r.kind == SessionKind::guest ? "guest" : "staff", r.subject_id, r.org_id, r.created_at,
       r.last_seen_at});
}

std::optional<SessionRecord> PgAuthStore::find_session(std::string_view token_hash) {
  auto s = p_.session();
  const auto r = s.exec(
      "SELECT token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked FROM sessions "
      "WHERE token_hash = $1",
      {token_hash});
  if (r.empty()) return std::nullopt;
  return SessionRecord{r.text(0, 0), r.text(0, 1) == "guest" ? SessionKind::guest : SessionKind::staff,
                       r.text(0, 2), r.text(0, 3), r.i64(0, 4), r.i64(0, 5), r.boolean(0, 6)};
}

void PgAuthStore::touch_session(std::string_view token_hash, TimeMs now) {
  auto s = p_.session();
  s.exec("UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE token_hash = $2", {now, token_hash});
}

void PgAuthStore::revoke_session(std::string_view token_hash) {
  auto s = p_.session();
  s.exec("UPDATE sessions SET revoked = true WHERE token_hash = $1", {token_hash});
}

void PgAuthStore::record_login_failure(std::string_view email, std::string_view address, TimeMs at) {
  auto s = p_.session();
  s.exec("INSERT INTO login_failures (email, address, at) VALUES ($1, $2, $3)", {email, address, at});
}

std::int64_t PgAuthStore::login_failures_for_email(std::string_view email, TimeMs since) {
  auto s = p_.session();
  return s.exec("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $2", {email, since}).i64(0, 0);
}

std::int64_t PgAuthStore::login_failures_for_address(std::string_view address, TimeMs since) {
  auto s = p_.session();
  return s.exec("SELECT COUNT(*) FROM login_failures WHERE address = $1 AND at >= $2", {address, since}).i64(0, 0);
}

std::optional<TimeMs> PgAuthStore::oldest_login_failure_for_email(std::string_view email, TimeMs since) {
  auto s = p_.session();
  return s.exec("SELECT MIN(at) FROM login_failures WHERE email = $1 AND at >= $2", {email, since}).opt_i64(0, 0);
}

std::optional<TimeMs> PgAuthStore::oldest_login_failure_for_address(std::string_view address, TimeMs since) {
  auto s = p_.session();
  return s.exec("SELECT MIN(at) FROM login_failures WHERE address = $1 AND at >= $2", {address, since}).opt_i64(0, 0);
}

// ---- Audit -----------------------------------------------------------------------------

namespace {
constexpr const char* kAuditCols = "SELECT id, at, COALESCE(org_id, ''), actor, action, object, COALESCE(case_id, ''), "
                                   "prev_hash, hash FROM audit ";
AuditEntry read_audit(const Result& r, int i) {
  return AuditEntry{r.i64(i, 0),  r.i64(i, 1),  r.text(i, 2), r.text(i, 3), r.text(i, 4),
                    r.text(i, 5), r.text(i, 6), r.text(i, 7), r.text(i, 8)};
}
}  // namespace

void PgAuditStore::append(AuditEntry e) {
  auto tx = p_.tx();
  // The chain links each entry to the one before: two relays appending at
  // once must not both read the same "last" entry.
  tx.exec("SELECT pg_advisory_xact_lock($1)", {kLockAudit});
  const auto last = tx.exec("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  e.id = last.empty() ? 1 : last.i64(0, 0) + 1;
  e.prev_hash = last.empty() ? std::string(64, '0') : last.text(0, 1);
  e.hash = audit_hash(e, e.prev_hash);
  tx.exec(
      "INSERT INTO audit (id, at, org_id, actor, action, object, case_id, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {e.id, e.at, e.org_id, e.actor, e.action, e.object, e.case_id, e.prev_hash, e.hash});
  tx.commit();
}

std::vector<AuditEntry> PgAuditStore::list(std::string_view org_id, std::string_view case_id, std::size_t limit) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kAuditCols) + "WHERE org_id = $1 AND ($2 = '' OR case_id = $2) ORDER BY id LIMIT $3",
                        {org_id, case_id, static_cast<std::int64_t>(limit)});
  std::vector<AuditEntry> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_audit(r, i));
  return out;
}

std::int64_t PgAuditStore::verify_chain() {
  auto s = p_.session();
  std::string prev(64, '0');
  std::int64_t after = 0;
  for (;;) {
    const auto r = s.exec(std::string(kAuditCols) + "WHERE id > $1 ORDER BY id LIMIT 5000", {after});
    for (int i = 0; i < r.rows(); ++i) {
      const AuditEntry e = read_audit(r, i);
      if (e.prev_hash != prev || audit_hash(e, prev) != e.hash) return e.id;
      prev = e.hash;
      after = e.id;
    }
    if (r.rows() < 5000) return 0;
  }
}

// ---- OTP -------------------------------------------------------------------------------

namespace {
constexpr const char* kChallengeCols =
    "SELECT id, org_id, COALESCE(team_id, ''), phone, first_name, last_name, code_hash, code_issued_at, "
    "wrong_attempts, used, COALESCE(case_id, ''), created_at FROM otp_challenges WHERE id = $1";

std::optional<OtpChallengeRecord> read_challenge(Session& s, std::string_view id, bool for_update) {
  const auto r = s.exec(std::string(kChallengeCols) + (for_update ? " FOR UPDATE" : ""), {id});
  if (r.empty()) return std::nullopt;
  OtpChallengeRecord c;
  c.id = r.text(0, 0);
  c.org_id = r.text(0, 1);
  c.team_id = r.text(0, 2);
  c.phone = r.text(0, 3);
  c.first_name = r.text(0, 4);
  c.last_name = r.text(0, 5);
  c.code_hash = r.text(0, 6);
  c.code_issued_at = r.i64(0, 7);
  c.wrong_attempts = static_cast<int>(r.i64(0, 8));
  c.used = r.boolean(0, 9);
  c.case_id = r.text(0, 10);
  c.created_at = r.i64(0, 11);
  return c;
}

std::vector<TimeMs> send_times(Session& s, const char* column, std::string_view value, TimeMs since) {
  const auto r = s.exec(std::string("SELECT at FROM otp_sends WHERE ") + column + " = $1 AND at > $2 ORDER BY at",
                        {value, since});
  std::vector<TimeMs> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.i64(i, 0));
  return out;
}

std::optional<std::string> nonempty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
}  // namespace

OtpStore::SendOutcome PgOtpStore::record_send(std::string_view phone, std::string_view address, TimeMs number_since,
                                              TimeMs address_since, std::string_view resend_id, TimeMs now,
                                              const std::function<OtpSendWrite(const OtpSendCounters&)>& decide) {
  auto tx = p_.tx();
  // The send limits count rows: serialise the count-then-insert across relays
  // (SQLite's single writer does the same for one relay).
  tx.exec("SELECT pg_advisory_xact_lock($1)", {kLockOtpSends});
  OtpSendCounters counters;
  counters.number_sends = send_times(tx, "phone", phone, number_since);
  counters.address_sends = send_times(tx, "address", address, address_since);
  if (!resend_id.empty()) counters.challenge = read_challenge(tx, resend_id, true);
  SendOutcome out;
  out.before = counters.challenge;
  out.write = decide(counters);
  if (!out.write.allowed) return out;  // rolls back (nothing written)
  out.send_id =
      tx.exec("INSERT INTO otp_sends (phone, address, at) VALUES ($1, $2, $3) RETURNING id", {phone, address, now})
          .i64(0, 0);
  const auto& c = out.write.challenge;
  if (out.write.is_new) {
    tx.exec(
        "INSERT INTO otp_challenges (id, org_id, team_id, phone, first_name, last_name, code_hash, code_issued_at, "
        "wrong_attempts, used, case_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        {c.id, c.org_id, nonempty(c.team_id), c.phone, c.first_name, c.last_name, c.code_hash, c.code_issued_at,
         c.wrong_attempts, c.used, nonempty(c.case_id), c.created_at});
  } else {
    tx.exec("UPDATE otp_challenges SET first_name = $1, last_name = $2, code_hash = $3, code_issued_at = $4 WHERE id = $5",
            {c.first_name, c.last_name, c.code_hash, c.code_issued_at, c.id});
  }
  tx.exec("DELETE FROM otp_sends WHERE phone = $1 AND at <= $2 AND at <= $3", {phone, number_since, address_since});
  tx.exec("DELETE FROM otp_sends WHERE address = $1 AND at <= $2 AND at <= $3", {address, number_since, address_since});
  tx.commit();
  return out;
}

void PgOtpStore::cancel_send(std::int64_t send_id, const OtpSendWrite& write,
                             const std::optional<OtpChallengeRecord>& restore) {
  auto tx = p_.tx();
  tx.exec("DELETE FROM otp_sends WHERE id = $1", {send_id});
  if (write.is_new) {
    tx.exec("DELETE FROM otp_challenges WHERE id = $1 AND NOT used", {write.challenge.id});
  } else if (restore) {
    tx.exec("UPDATE otp_challenges SET code_hash = $1, code_issued_at = $2 WHERE id = $3 AND code_hash = $4",
            {restore->code_hash, restore->code_issued_at, restore->id, write.challenge.code_hash});
  }
  tx.commit();
}

std::optional<OtpChallengeRecord> PgOtpStore::find_challenge(std::string_view id) {
  auto s = p_.session();
  return read_challenge(s, id, false);
}

std::optional<OtpChallengeRecord> PgOtpStore::check_challenge(
    std::string_view id, const std::function<OtpCheck(const OtpChallengeRecord&)>& check) {
  auto tx = p_.tx();
  auto c = read_challenge(tx, id, true);  // row lock: parallel guesses on any relay queue here
  if (!c) return std::nullopt;
  const OtpCheck verdict = check(*c);
  if (verdict == OtpCheck::none) return c;
  if (verdict == OtpCheck::wrong_attempt) {
    tx.exec("UPDATE otp_challenges SET wrong_attempts = wrong_attempts + 1 WHERE id = $1", {id});
    ++c->wrong_attempts;
  } else {
    tx.exec("UPDATE otp_challenges SET used = true WHERE id = $1", {id});
    c->used = true;
  }
  tx.commit();
  return c;
}

// ---- Notify ----------------------------------------------------------------------------

namespace {
constexpr const char* kNotifySelect =
    "SELECT c.id, c.org_id, o.name, c.guest_id, c.guest_phone, c.subject, c.status, c.notify_due_at, "
    "c.notified_seq, c.guest_seen_seq, "
    "COALESCE((SELECT MAX(m.seq) FROM messages m WHERE m.case_id = c.id AND m.author_kind <> 'guest'), 0) "
    "FROM cases c JOIN organisations o ON o.id = c.org_id ";

NotifyCase read_notify(const Result& r, int i) {
  NotifyCase c;
  c.case_id = r.text(i, 0);
  c.org_id = r.text(i, 1);
  c.org_name = r.text(i, 2);
  c.guest_id = r.text(i, 3);
  c.guest_phone = r.text(i, 4);
  c.subject = r.text(i, 5);
  c.status = r.text(i, 6);
  c.state.due_at = r.opt_i64(i, 7);
  c.state.notified_seq = r.i64(i, 8);
  c.state.guest_seen_seq = r.i64(i, 9);
  c.state.last_team_seq = r.i64(i, 10);
  return c;
}

bool changed(const NotifyState& a, const NotifyState& b) {
  return a.due_at != b.due_at || a.notified_seq != b.notified_seq;
}
}  // namespace

void write_notify_state(Session& s, std::string_view case_id, const NotifyState& state) {
  s.exec("UPDATE cases SET notify_due_at = $1, notified_seq = $2 WHERE id = $3",
         {state.due_at, state.notified_seq, case_id});
}

NotifyState read_notify_state(Session& s, std::string_view case_id) {
  const auto r = s.exec(std::string(kNotifySelect) + "WHERE c.id = $1", {case_id});
  if (r.empty()) return NotifyState{};
  return read_notify(r, 0).state;
}

std::optional<NotifyCase> PgNotifyStore::notify_case(std::string_view case_id) {
  auto s = p_.session();
  const auto r = s.exec(std::string(kNotifySelect) + "WHERE c.id = $1", {case_id});
  if (r.empty()) return std::nullopt;
  return read_notify(r, 0);
}

void PgNotifyStore::update_case_state(std::string_view case_id,
                                      const std::function<NotifyState(const NotifyCase&)>& f) {
  auto tx = p_.tx();
  const auto r = tx.exec(std::string(kNotifySelect) + "WHERE c.id = $1 FOR UPDATE OF c", {case_id});
  if (r.empty()) return;
  const NotifyCase c = read_notify(r, 0);
  const NotifyState next = f(c);
  if (!changed(next, c.state)) return;
  write_notify_state(tx, case_id, next);
  tx.commit();
}

int PgNotifyStore::update_guest_cases(std::string_view guest_id,
                                      const std::function<NotifyState(const NotifyCase&)>& f) {
  auto tx = p_.tx();
  const auto r = tx.exec(std::string(kNotifySelect) +
                             "WHERE c.guest_id = $1 AND c.status <> 'closed' ORDER BY c.id FOR UPDATE OF c",
                         {guest_id});
  int n = 0;
  for (int i = 0; i < r.rows(); ++i) {
    const NotifyCase c = read_notify(r, i);
    const NotifyState next = f(c);
    if (!changed(next, c.state)) continue;
    write_notify_state(tx, c.case_id, next);
    ++n;
  }
  if (n > 0) tx.commit();
  return n;
}

std::vector<ClaimedSms> PgNotifyStore::claim_due(TimeMs now, std::size_t limit, const NotifyDecide& decide) {
  std::vector<ClaimedSms> out;
  auto tx = p_.tx();
  // SKIP LOCKED: a case another relay is claiming right now is its job, not
  // ours; once it commits, notify_due_at is re-checked on the new row version
  // (READ COMMITTED) and the case no longer matches. Each SMS is claimed once.
  const auto r = tx.exec(std::string(kNotifySelect) +
                             "WHERE c.notify_due_at IS NOT NULL AND c.notify_due_at <= $1 "
                             "ORDER BY c.notify_due_at LIMIT $2 FOR UPDATE OF c SKIP LOCKED",
                         {now, static_cast<std::int64_t>(limit)});
  if (r.empty()) return out;
  for (int i = 0; i < r.rows(); ++i) {
    // The MAX(seq) above was read before the lock: read the state again under it.
    NotifyCase c = read_notify(r, i);
    c.state = read_notify_state(tx, c.case_id);
    if (!c.state.due_at || *c.state.due_at > now) continue;
    const NotifyDecision d = decide(c);
    write_notify_state(tx, c.case_id, d.next);
    if (!d.sms) continue;
    ClaimedSms claim{new_id(), c.case_id, c.org_id, d.sms->phone, d.sms->body, c.state.notified_seq,
                     d.next.notified_seq};
    tx.exec("INSERT INTO resume_tokens (token_hash, case_id, created_at) VALUES ($1, $2, $3)",
            {d.sms->token_hash, c.case_id, now});
    tx.exec(
        "INSERT INTO sms_outbox (id, phone, body, purpose, case_id, status, attempts, created_at) "
        "VALUES ($1, $2, $3, 'notify', $4, 'pending', 1, $5)",
        {claim.outbox_id, d.sms->phone, d.sms->stored_body, c.case_id, now});
    out.push_back(std::move(claim));
  }
  tx.commit();  // the claim is durable before any SMS leaves: at most once
  return out;
}

void PgNotifyStore::finish_sms(std::string_view outbox_id, bool sent, std::string_view error, TimeMs now) {
  auto s = p_.session();
  s.exec("UPDATE sms_outbox SET status = $1, error = $2, sent_at = $3 WHERE id = $4",
         {sent ? "sent" : "failed", error.empty() ? std::optional<std::string>() : std::string(error),
          sent ? std::optional<std::int64_t>(now) : std::optional<std::int64_t>(), outbox_id});
}

void PgNotifyStore::rearm(const ClaimedSms& c, TimeMs due_at) {
  auto s = p_.session();
  s.exec(
      "UPDATE cases SET notified_seq = $1, notify_due_at = $2 "
      "WHERE id = $3 AND notified_seq = $4 AND notify_due_at IS NULL AND status <> 'closed'",
      {c.previous_notified_seq, due_at, c.case_id, c.claimed_notified_seq});
}

int PgNotifyStore::abandon_pending(TimeMs now) {
  // Other relays may be sending right now: only rows pending for longer than
  // any send takes (ten minutes) are a stopped process's leftovers. (SQLite's
  // single relay abandons every pending row at start.)
  auto s = p_.session();
  return static_cast<int>(
      s.exec("UPDATE sms_outbox SET status = 'failed', error = 'interrupted: outcome unknown, not resent', "
             "sent_at = NULL WHERE status = 'pending' AND purpose = 'notify' AND created_at <= $1",
             {now - 10 * 60 * 1000})
          .affected());
}

std::optional<ResumeTarget> PgNotifyStore::resume_target(std::string_view token_hash) {
  auto s = p_.session();
  const auto r = s.exec(
      "SELECT c.id, c.org_id, o.name, c.team_id, c.guest_id, c.guest_first_name, c.guest_last_name, c.guest_phone, "
      "c.closed_at FROM resume_tokens r JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = c.org_id "
      "WHERE r.token_hash = $1",
      {token_hash});
  if (r.empty()) return std::nullopt;
  return ResumeTarget{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3),   r.text(0, 4),
                      r.text(0, 5), r.text(0, 6), r.text(0, 7), r.opt_i64(0, 8)};
}

std::optional<NotifyQueueStats> PgNotifyStore::queue_stats(TimeMs now) {
  // /metrics and /readyz (which uses it as its store round trip).
  auto s = p_.session();
  NotifyQueueStats q;
  const auto r = s.exec(
      "SELECT COUNT(*), COUNT(*) FILTER (WHERE notify_due_at <= $1), MIN(notify_due_at) FILTER (WHERE notify_due_at <= $1) "
      "FROM cases WHERE notify_due_at IS NOT NULL",
      {now});
  q.scheduled = r.i64(0, 0);
  q.due = r.i64(0, 1);
  q.oldest_due_at = r.opt_i64(0, 2);
  q.outbox_pending = s.exec("SELECT COUNT(*) FROM sms_outbox WHERE status = 'pending'").i64(0, 0);
  return q;
}

std::vector<std::string> PgNotifyStore::close_requested_before(TimeMs cutoff, std::size_t limit) {
  // A plain read: the auto-close itself re-checks the status under the case's
  // row lock (update_case), so two relays finding the same case close it once.
  auto s = p_.session();
  const auto r = s.exec(
      "SELECT id FROM cases WHERE status = 'close_requested' AND close_requested_at IS NOT NULL "
      "AND close_requested_at <= $1 ORDER BY close_requested_at LIMIT $2",
      {cutoff, static_cast<std::int64_t>(limit)});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

// ---- Attachments -----------------------------------------------------------------------

std::optional<AttachmentRecord> PgAttachmentStore::find(std::string_view id) {
  auto s = p_.session();
  const auto r =
      s.exec("SELECT id, case_id, name, content_type, size, blob_path, created_at FROM attachments WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return AttachmentRecord{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3),
                          r.i64(0, 4),  r.text(0, 5), r.i64(0, 6)};
}

std::vector<std::string> PgAttachmentStore::blob_paths() {
  auto s = p_.session();
  const auto r = s.exec("SELECT blob_path FROM attachments");
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

// ---- Retention -------------------------------------------------------------------------

namespace {
constexpr const char* kExpired =
    "c.status = 'closed' AND c.closed_at IS NOT NULL AND o.retention_days IS NOT NULL AND "
    "c.closed_at + o.retention_days * 86400000 <= $1";
}

std::vector<ExpiredCase> PgRetentionStore::expired_cases(TimeMs now, std::size_t limit) {
  auto s = p_.session();
  std::vector<ExpiredCase> out;
  const auto r = s.exec(std::string("SELECT c.id, c.org_id FROM cases c JOIN organisations o ON o.id = c.org_id WHERE ") +
                            kExpired + " ORDER BY c.closed_at LIMIT $2",
                        {now, static_cast<std::int64_t>(limit)});
  for (int i = 0; i < r.rows(); ++i) out.push_back(ExpiredCase{r.text(i, 0), r.text(i, 1), {}});
  for (auto& c : out) {
    const auto b = s.exec("SELECT blob_path FROM attachments WHERE case_id = $1", {c.case_id});
    for (int i = 0; i < b.rows(); ++i) c.blob_paths.push_back(b.text(i, 0));
  }
  return out;
}

bool PgRetentionStore::delete_case(std::string_view case_id, TimeMs now) {
  auto tx = p_.tx();
  const auto r = tx.exec(std::string("SELECT 1 FROM cases c JOIN organisations o ON o.id = c.org_id WHERE c.id = $2 AND ") +
                             kExpired + " FOR UPDATE OF c",
                         {now, case_id});
  if (r.empty()) return false;
  for (const char* sql : {"DELETE FROM messages WHERE case_id = $1", "DELETE FROM attachments WHERE case_id = $1",
                          "DELETE FROM events WHERE case_id = $1", "DELETE FROM resume_tokens WHERE case_id = $1",
                          "DELETE FROM sms_outbox WHERE case_id = $1", "DELETE FROM otp_challenges WHERE case_id = $1",
                          "DELETE FROM cases WHERE id = $1"})
    tx.exec(sql, {case_id});
  tx.commit();
  return true;
}

bool PgRetentionStore::set_retention_days(std::string_view org_slug, std::optional<int> days) {
  auto s = p_.session();
  return s.exec("UPDATE organisations SET retention_days = $1 WHERE slug = $2",
                {days ? std::optional<std::int64_t>(*days) : std::optional<std::int64_t>(), org_slug})
             .affected() == 1;
}

std::optional<std::optional<int>> PgRetentionStore::retention_days(std::string_view org_slug) {
  auto s = p_.session();
  const auto r = s.exec("SELECT retention_days FROM organisations WHERE slug = $1", {org_slug});
  if (r.empty()) return std::nullopt;
  if (r.is_null(0, 0)) return std::optional<int>{};
  return std::optional<int>{static_cast<int>(r.i64(0, 0))};
}

}  // namespace foxo::relay::store::pg
