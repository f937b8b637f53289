// Opening the stores: every store is the one implementation in store/sql/,
// over the backend's SQL layer; this file opens SQLite's (store/pg opens
// PostgreSQL's).
#include "store/stores.hpp"

#include <filesystem>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "store/migrations.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/reseal.hpp"
#include "store/sql/sql_stores.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

void sql::open_stores(Stores& s, std::shared_ptr<Database> db, const std::optional<aead::Key>& master) {
  s.sql = std::move(db);
  s.fields = std::make_shared<Fields>(*s.sql, master, random_bytes);
  s.resealer = std::make_shared<Resealer>(*s.sql, *s.fields);
  if (master) {
    s.fields->load();
    if (const auto sealed = s.resealer->seal_clear(); sealed > 0)
      log::info("fields.sealed_clear_rows", {{"rows", static_cast<std::int64_t>(sealed)}});
  }
  s.directory = directory_store(*s.sql, *s.fields);
  s.auth = auth_store(*s.sql);
  s.audit = audit_store(*s.sql);
  s.cases = case_store(*s.sql, *s.fields);
  s.otp = otp_store(*s.sql, *s.fields);
  s.notify = notify_store(*s.sql, *s.fields);
  s.attachments = attachment_store(*s.sql, *s.fields);
  s.retention = retention_store(*s.sql);
  s.mfa = mfa_store(*s.sql, *s.fields);
}

Stores open_sqlite_stores(const std::string& data_dir, const std::optional<aead::Key>& master) {
  Stores s;
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw DbError("cannot create data directory " + data_dir + ": " + ec.message());
  s.backend = "sqlite";
  s.description = data_dir + "/foxo.db";
  auto db = std::make_shared<Db>(s.description);
  s.schema_version = migrate(*db, sqlite_migrations());
  sql::open_stores(s, std::move(db), master);
  return s;
}

}  // namespace foxo::relay::store
