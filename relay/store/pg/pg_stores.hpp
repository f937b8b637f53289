// What only the PostgreSQL backend has beside the shared stores (store/sql/):
// its migrations, guests' presence across relays, and the pool behind Stores.
// AfterCommit hooks are NOT called on this backend: live events reach the hub
// through the EventListener only (pg_backend.cpp), the one publishing path
// that sees every relay's commits in id order.
#pragma once
#include <memory>
#include <string>

#include "store/pg/pg_db.hpp"
#include "store/stores.hpp"

namespace foxo::relay::store::pg {

// Applies the pending migrations (caller holds kLockMigrate); returns the schema version.
int migrate(Pool& pool);

// The pool behind Stores opened by open_pg_stores.
std::shared_ptr<Pool> pool_of(const Stores& s);

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

}  // namespace foxo::relay::store::pg
