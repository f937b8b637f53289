#include "store/stores.hpp"

#include <filesystem>

#include "store/sqlite_attachment_store.hpp"
#include "store/sqlite_case_store.hpp"
#include "store/sqlite_notify_store.hpp"
#include "store/sqlite_otp_store.hpp"
#include "store/sqlite_retention_store.hpp"
#include "store/sqlite_stores.hpp"

namespace foxo::relay::store {

Stores::Stores() = default;
Stores::~Stores() = default;
Stores::Stores(Stores&&) noexcept = default;
Stores& Stores::operator=(Stores&&) noexcept = default;

Stores open_sqlite_stores(const std::string& data_dir) {
  Stores s;
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw DbError("cannot create data directory " + data_dir + ": " + ec.message());
  s.backend = "sqlite";
  s.description = data_dir + "/foxo.db";
  s.db = std::make_unique<Db>(s.description);
  if (s.db->journal_mode() != "wal") throw DbError("SQLite refused WAL mode on " + s.description);
  if (s.db->synchronous() != 2) throw DbError("SQLite refused synchronous=FULL on " + s.description);
  s.schema_version = migrate(*s.db);
  s.directory = std::make_unique<SqliteDirectoryStore>(*s.db);
  s.auth = std::make_unique<SqliteAuthStore>(*s.db);
  s.audit = std::make_unique<SqliteAuditStore>(*s.db);
  s.cases = std::make_unique<SqliteCaseStore>(*s.db);
  s.otp = std::make_unique<SqliteOtpStore>(*s.db);
  s.notify = std::make_unique<SqliteNotifyStore>(*s.db);
  s.attachments = std::make_unique<SqliteAttachmentStore>(*s.db);
  s.retention = std::make_unique<SqliteRetentionStore>(*s.db);
  return s;
}

}  // namespace foxo::relay::store
