// PostgreSQL's migration runner; the steps are in store/migrations.cpp, with SQLite's.
#include "store/migrations.hpp"
#include "store/pg/pg_stores.hpp"

namespace foxo::relay::store::pg {

int migrate(Pool& pool) {
  auto tx = pool.tx();
  tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  const auto r = tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  const int version = static_cast<int>(r.i64(0, 0));
  if (version > static_cast<int>(pg_migrations().size()))
    throw DbError("database schema version " + std::to_string(version) + " is newer than this relay (" +
                  std::to_string(pg_migrations().size()) + "): upgrade the relay");
  // DDL is transactional in PostgreSQL: every pending step commits together, or none does.
  for (int v = version; v < static_cast<int>(pg_migrations().size()); ++v) {
    tx.exec_script(pg_migrations()[static_cast<std::size_t>(v)]);
    tx.exec("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, (extract(epoch from now()) * 1000)::bigint)",
            {v + 1});
  }
  tx.commit();
  return static_cast<int>(pg_migrations().size());
}

}  // namespace foxo::relay::store::pg
