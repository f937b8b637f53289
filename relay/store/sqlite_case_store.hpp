// The SQLite CaseStore over the shared Db.
#pragma once
#include "store/case_store.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

class SqliteCaseStore final : public CaseStore {
 public:
  explicit SqliteCaseStore(Db& db) : db_(db) {}

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
  Db& db_;
};

}  // namespace foxo::relay::store
