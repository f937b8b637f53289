// The SQLite RetentionStore over the shared Db.
#pragma once
#include "store/retention_store.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

class SqliteRetentionStore final : public RetentionStore {
 public:
  explicit SqliteRetentionStore(Db& db) : db_(db) {}
  std::vector<ExpiredCase> expired_cases(TimeMs now, std::size_t limit) override;
  bool delete_case(std::string_view case_id, TimeMs now) override;
  bool set_retention_days(std::string_view org_slug, std::optional<int> days) override;
  std::optional<std::optional<int>> retention_days(std::string_view org_slug) override;

 private:
  Db& db_;
};

}  // namespace foxo::relay::store
