// PostgreSQL as the stores' Database (store/sql/session.hpp), over libpq: a
// fixed pool of connections, `?` placeholders numbered `$n`, values sent as
// text (bytes as binary), row locks FOR UPDATE, list values as text[], and
// transaction-level advisory locks for what must be ordered across relays.
//
// Isolation is PostgreSQL's default READ COMMITTED; the stores get their
// atomicity from row locks (SELECT ... FOR UPDATE, conditional UPDATEs) and
// transaction-level advisory locks where a whole table's order matters
// (events, audit), so no transaction needs retrying on serialisation failures.
#pragma once
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>

#include "store/sql/session.hpp"

namespace foxo::relay::store::pg {

// Opens `size` connections to `url` (a libpq connection URI); throws DbError.
std::shared_ptr<sql::Database> open_database(const std::string& url, std::size_t size);

// Opens one connection (outside any pool); throws DbError.
PGconn* connect(const std::string& url);
// The URL with any password replaced by "***" (for logs and messages).
std::string redact_url(const std::string& url);

// Advisory lock keys (one namespace, fixed numbers: every relay must agree).
inline constexpr std::int64_t kLockMigrate = 0x466f786f0001;  // session: migrations and the --dev seed
inline constexpr std::int64_t kLockEvents = 0x466f786f0002;   // xact: events ids in commit order
inline constexpr std::int64_t kLockAudit = 0x466f786f0003;    // xact: the audit hash chain
inline constexpr std::int64_t kLockOtpSends = 0x466f786f0004; // xact: OTP send counters

}  // namespace foxo::relay::store::pg
