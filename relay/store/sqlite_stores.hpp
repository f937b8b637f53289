// SQLite implementations of the store interfaces, each over one shared Db.
#pragma once
#include "store/audit_store.hpp"
#include "store/auth_store.hpp"
#include "store/directory_store.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

class SqliteDirectoryStore final : public DirectoryStore {
 public:
  explicit SqliteDirectoryStore(Db& db) : db_(db) {}
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
  std::optional<StaffRecord> read_staff(std::string_view where, std::string_view value);
  Db& db_;
};

class SqliteAuthStore final : public AuthStore {
 public:
  explicit SqliteAuthStore(Db& db) : db_(db) {}
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
  Db& db_;
};

class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(Db& db) : db_(db) {}
  void append(AuditEntry e) override;
  std::vector<AuditEntry> list(std::string_view org_id, std::string_view case_id, std::size_t limit) override;
  std::int64_t verify_chain() override;

 private:
  Db& db_;
};

}  // namespace foxo::relay::store
