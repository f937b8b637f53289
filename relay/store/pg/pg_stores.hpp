// PostgreSQL implementations of the store interfaces (store/stores.hpp), each
// over one shared connection Pool, for several relays on one database.
//
// Same semantics as the SQLite stores (sqlite_*.cpp); how they are kept when
// several relays write at once:
//  - claim: one conditional UPDATE ... WHERE status = 'waiting' (READ
//    COMMITTED re-checks the condition after a concurrent claim commits);
//  - case updates: the case row is locked (SELECT ... FOR UPDATE) before the
//    next seq is taken and before the (author_id, client_id) idempotency check;
//  - events: ids taken under pg_advisory_xact_lock(kLockEvents), see
//    insert_events in pg_case_store.cpp; the committing transaction NOTIFYs;
//  - audit: appends serialised by pg_advisory_xact_lock(kLockAudit);
//  - jobs: due SMS claimed with FOR UPDATE SKIP LOCKED, auto-closes re-checked
//    under the case's row lock, so each happens once across relays.
// AfterCommit hooks are NOT called on this backend: live events reach the hub
// through the EventListener only (pg_listener.hpp), the one publishing path
// that sees every relay's commits in id order.
#pragma once
#include <memory>
#include <string>

#include "store/pg/pg_db.hpp"
#include "store/stores.hpp"

namespace foxo::relay::store::pg {

// Applies the pending migrations (caller holds kLockMigrate); returns the schema version.
int migrate(Pool& pool);

// A case's unseen-activity SMS state, read and written inside a caller's transaction.
NotifyState read_notify_state(Session& s, std::string_view case_id);
void write_notify_state(Session& s, std::string_view case_id, const NotifyState& state);

// The pool behind Stores opened by open_pg_stores.
std::shared_ptr<Pool> pool_of(const Stores& s);

class PgDirectoryStore final : public DirectoryStore {
 public:
  explicit PgDirectoryStore(Pool& p) : p_(p) {}
  bool empty() override;
  std::optional<Organisation> org_by_slug(std::string_view slug) override;
  std::optional<Organisation> org_by_id(std::string_view id) override;
  std::optional<Team> team_by_slug(std::string_view slug) override;
  std::optional<Team> team_by_id(std::string_view id) override;
  std::vector<Team> teams_of_org(std::string_view org_id) override;
  std::optional<StaffRecord> staff_by_email(std::string_view email) override;
  std::optional<StaffRecord> staff_by_id(std::string_view id) override;
  std::optional<GuestRecord> guest_by_id(std::string_view id) override;
  std::optional<Organisation> create_org(std::string_view slug, std::string_view name,
                                         const std::vector<IdentifierField>& identifiers, TimeMs now) override;
  std::optional<Team> create_team(std::string_view org_id, std::string_view slug, std::string_view name,
                                  const std::vector<std::string>& subjects, TimeMs now) override;
  std::optional<StaffRecord> create_staff(std::string_view org_id, std::string_view email, std::string_view name,
                                          std::string_view password_hash, bool is_admin,
                                          const std::vector<std::string>& team_ids, TimeMs now) override;
  void set_identifiers(std::string_view org_id, const std::vector<IdentifierField>& identifiers) override;
  void set_staff_password(std::string_view staff_id, std::string_view password_hash) override;
  GuestRecord upsert_guest(std::string_view org_id, std::string_view phone, std::string_view first_name,
                           std::string_view last_name, TimeMs now) override;

 private:
  std::optional<StaffRecord> read_staff(const char* where, std::string_view value);
  Pool& p_;
};

class PgAuthStore final : public AuthStore {
 public:
  explicit PgAuthStore(Pool& p) : p_(p) {}
  void create_session(const SessionRecord& s) override;
  std::optional<SessionRecord> find_session(std::string_view token_hash) override;
  void touch_session(std::string_view token_hash, TimeMs now) override;
  void revoke_session(std::string_view token_hash) override;
  void record_login_failure(std::string_view email, std::string_view address, TimeMs at) override;
  std::int64_t login_failures_for_email(std::string_view email, TimeMs since) override;
  std::int64_t login_failures_for_address(std::string_view address, TimeMs since) override;
  std::optional<TimeMs> oldest_login_failure_for_email(std::string_view email, TimeMs since) override;
  std::optional<TimeMs> oldest_login_failure_for_address(std::string_view address, TimeMs since) override;

 private:
  Pool& p_;
};

class PgAuditStore final : public AuditStore {
 public:
  explicit PgAuditStore(Pool& p) : p_(p) {}
  void append(AuditEntry e) override;
  std::vector<AuditEntry> list(std::string_view org_id, std::string_view case_id, std::size_t limit) override;
  std::int64_t verify_chain() override;

 private:
  Pool& p_;
};

class PgCaseStore final : public CaseStore {
 public:
  explicit PgCaseStore(Pool& p) : p_(p) {}
  CaseWrite create_case(const NewCase& c, TimeMs now, const AfterCommit& after) override;
  std::optional<CaseRecord> find_case(std::string_view id) override;
  std::vector<MessageRecord> messages(std::string_view case_id, std::int64_t after_seq, std::size_t limit) override;
  std::vector<MessageRecord> latest_messages(std::string_view case_id, std::int64_t after_seq, std::int64_t before_seq,
                                             std::size_t limit) override;
  std::optional<MessageRecord> message(std::string_view case_id, std::int64_t seq) override;
  UpdateResult update_case(std::string_view case_id, const Decide& decide, TimeMs now,
                           const std::optional<std::pair<std::string, std::string>>& idempotency,
                           const AfterCommit& after) override;
  ClaimResult claim(std::string_view case_id, std::string_view staff_id, TimeMs now, const AfterCommit& after) override;
  bool mark_seen(std::string_view case_id, bool guest_side, std::int64_t seq) override;
  std::vector<CaseRecord> cases_of_guest(std::string_view guest_id, std::string_view org_id) override;
  std::vector<CaseRecord> cases_of_teams(const std::vector<std::string>& team_ids,
                                         const std::vector<std::string>& statuses, CaseListOrder order,
                                         std::size_t limit) override;
  std::vector<EventRow> events_after(std::int64_t after_id, const EventFilter& filter, std::size_t limit) override;
  std::int64_t last_event_id() override;
  std::vector<std::string> load_fixture(std::string_view org_id, std::string_view team_id,
                                        const std::optional<std::string>& assignee_id,
                                        const std::map<std::string, std::string>& identifiers,
                                        const std::vector<FixtureGuest>& guests, TimeMs now) override;
  std::string max_phone_with_prefix(std::string_view org_id, std::string_view prefix) override;

 private:
  Pool& p_;
};

class PgOtpStore final : public OtpStore {
 public:
  explicit PgOtpStore(Pool& p) : p_(p) {}
  SendOutcome record_send(std::string_view phone, std::string_view address, TimeMs number_since, TimeMs address_since,
                          std::string_view resend_id, TimeMs now,
                          const std::function<OtpSendWrite(const OtpSendCounters&)>& decide) override;
  void cancel_send(std::int64_t send_id, const OtpSendWrite& write,
                   const std::optional<OtpChallengeRecord>& restore) override;
  std::optional<OtpChallengeRecord> find_challenge(std::string_view id) override;
  std::optional<OtpChallengeRecord> check_challenge(
      std::string_view id, const std::function<OtpCheck(const OtpChallengeRecord&)>& check) override;

 private:
  Pool& p_;
};

class PgNotifyStore final : public NotifyStore {
 public:
  explicit PgNotifyStore(Pool& p) : p_(p) {}
  std::optional<NotifyCase> notify_case(std::string_view case_id) override;
  void update_case_state(std::string_view case_id, const std::function<NotifyState(const NotifyCase&)>& f) override;
  int update_guest_cases(std::string_view guest_id, const std::function<NotifyState(const NotifyCase&)>& f) override;
  std::vector<ClaimedSms> claim_due(TimeMs now, std::size_t limit, const NotifyDecide& decide) override;
  void finish_sms(std::string_view outbox_id, bool sent, std::string_view error, TimeMs now) override;
  void rearm(const ClaimedSms& c, TimeMs due_at) override;
  int abandon_pending(TimeMs now) override;
  std::optional<ResumeTarget> resume_target(std::string_view token_hash) override;
  std::vector<std::string> close_requested_before(TimeMs cutoff, std::size_t limit) override;
  std::optional<NotifyQueueStats> queue_stats(TimeMs now) override;

 private:
  Pool& p_;
};

class PgPresenceStore final : public PresenceStore {
 public:
  explicit PgPresenceStore(Pool& p) : p_(p) {}
  void hold(std::string_view relay_id, std::string_view guest_id) override;
  void release(std::string_view relay_id, std::string_view guest_id) override;
  void renew(std::string_view relay_id, const std::vector<std::string>& guest_ids) override;
  bool held_elsewhere(std::string_view relay_id, std::string_view guest_id) override;

 private:
  Pool& p_;
};

class PgAttachmentStore final : public AttachmentStore {
 public:
  explicit PgAttachmentStore(Pool& p) : p_(p) {}
  std::optional<AttachmentRecord> find(std::string_view id) override;
  std::vector<std::string> blob_paths() override;

 private:
  Pool& p_;
};

class PgRetentionStore final : public RetentionStore {
 public:
  explicit PgRetentionStore(Pool& p) : p_(p) {}
  std::vector<ExpiredCase> expired_cases(TimeMs now, std::size_t limit) override;
  bool delete_case(std::string_view case_id, TimeMs now) override;
  bool set_retention_days(std::string_view org_slug, std::optional<int> days) override;
  std::optional<std::optional<int>> retention_days(std::string_view org_slug) override;

 private:
  Pool& p_;
};

}  // namespace foxo::relay::store::pg
