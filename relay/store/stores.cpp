// Opening the stores: every store is the one implementation in store/sql/,
// over the backend's SQL layer; this file opens SQLite's (store/pg opens
// PostgreSQL's).
#include "store/stores.hpp"

#include <filesystem>

#include "store/migrations.hpp"
#include "store/sql/sql_stores.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

void sql::open_stores(Stores& s, std::shared_ptr<Database> db) {
  s.sql = std::move(db);
  s.directory = directory_store(*s.sql);
  s.auth = auth_store(*s.sql);
  s.audit = audit_store(*s.sql);
  s.cases = case_store(*s.sql);
  s.otp = otp_store(*s.sql);
  s.notify = notify_store(*s.sql);
  s.attachments = attachment_store(*s.sql);
  s.retention = retention_store(*s.sql);
  s.mfa = mfa_store(*s.sql);
}

Stores open_sqlite_stores(const std::string& data_dir) {
  Stores s;
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw DbError("cannot create data directory " + data_dir + ": " + ec.message());
  s.backend = "sqlite";
  s.description = data_dir + "/foxo.db";
  auto db = std::make_shared<Db>(s.description);
  s.schema_version = migrate(*db, sqlite_migrations());
  sql::open_stores(s, std::move(db));
  return s;
}

}  // namespace foxo::relay::store
