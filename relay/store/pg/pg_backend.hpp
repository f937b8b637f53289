// The PostgreSQL backend, for several relays on one database: opening its
// stores (store/backend.hpp's open_backend chooses it for a postgresql:// URL,
// `foxo-relay admin --store` opens it directly). What it provides beyond the
// stores — the listener that turns every relay's commits into live events, the
// shared attachment bytes and the shared dev SMS log — is in pg_backend.cpp.
#pragma once
#include <memory>
#include <string>

#include "store/sql/session.hpp"
#include "store/stores.hpp"

namespace foxo::relay::store::pg {

// Connects (a pool of `pool_size`), migrates under the session advisory lock
// kLockMigrate, and opens every store. Throws store::DbError.
Stores open_pg_stores(const std::string& url, std::size_t pool_size, const std::optional<aead::Key>& master);

// Guests' live streams held by each relay (pg_presence.cpp), over `db`.
std::unique_ptr<PresenceStore> presence_store(sql::Database& db);

}  // namespace foxo::relay::store::pg
