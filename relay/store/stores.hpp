// Every store the services use, opened together on one backend.
// (Each layer adds its store here: one member and one line in sql::open_stores, stores.cpp.)
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "store/attachment_store.hpp"
#include "store/audit_store.hpp"
#include "store/auth_store.hpp"
#include "store/case_store.hpp"
#include "store/directory_store.hpp"
#include "store/mfa_store.hpp"
#include "store/notify_store.hpp"
#include "store/otp_store.hpp"
#include "store/presence_store.hpp"
#include "store/retention_store.hpp"
#include "core/aead.hpp"

namespace foxo::relay::store {

namespace sql {
class Database;
class Fields;
class Resealer;
}

struct Stores {
  std::string backend;      // "sqlite" or "postgresql"
  std::string description;  // e.g. the database path
  int schema_version = 0;
  std::shared_ptr<sql::Database> sql;  // what the stores below run their SQL on (store/sql/session.hpp)
  std::shared_ptr<sql::Fields> fields;      // sealed text's keys (store/sql/fields.hpp)
  std::shared_ptr<sql::Resealer> resealer;  // rows to bring to the current key generation (store/sql/reseal.hpp)
  std::unique_ptr<DirectoryStore> directory;
  std::unique_ptr<AuthStore> auth;
  std::unique_ptr<AuditStore> audit;
  std::unique_ptr<CaseStore> cases;
  std::unique_ptr<OtpStore> otp;
  std::unique_ptr<NotifyStore> notify;  // unseen-activity SMS, resume links, auto-close
  std::unique_ptr<AttachmentStore> attachments;
  std::unique_ptr<RetentionStore> retention;  // per-organisation deletion of old closed cases
  std::unique_ptr<MfaStore> mfa;              // staff two-factor sign-in (issue 18)
  std::unique_ptr<PresenceStore> presence;    // guests' streams held by other relays (null: one relay only)
  // Runs `f` while no other relay on the same database runs its own: the
  // --dev seed, so two relays starting together seed once. (One SQLite
  // relay per data dir: it just runs f.)
  std::function<void(const std::function<void()>&)> exclusively = [](const std::function<void()>& f) { f(); };
};

// Opens DIR/foxo.db, migrates it, and checks WAL + synchronous=FULL; throws
// store::DbError with a message fit for an operator otherwise (KeyError when
// `master` does not open its data keys).
Stores open_sqlite_stores(const std::string& data_dir, const std::optional<aead::Key>& master);

}  // namespace foxo::relay::store
