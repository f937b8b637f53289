// PresenceStore on PostgreSQL: leases in the UNLOGGED table guest_presence
// (migration 2). Unlogged because a lease is worth nothing after a server
// crash (every relay renews within a tick) and its writes then cost no WAL
// flush. Expiry uses the server's now(), the one clock all relays share.
#include "store/pg/pg_backend.hpp"

namespace foxo::relay::store::pg {
namespace {

const std::string kExpiry = "now() + make_interval(secs => " + std::to_string(kPresenceLeaseSeconds) + ")";

class PgPresenceStore final : public PresenceStore {
 public:
  explicit PgPresenceStore(sql::Database& db) : db_(db) {}
  void hold(std::string_view relay_id, std::string_view guest_id) override {
    db_.write("INSERT INTO guest_presence (relay_id, guest_id, expires_at) VALUES (?, ?, " + kExpiry +
                  ") ON CONFLICT (relay_id, guest_id) DO UPDATE SET expires_at = EXCLUDED.expires_at",
              {relay_id, guest_id});
  }
  void release(std::string_view relay_id, std::string_view guest_id) override {
    db_.write("DELETE FROM guest_presence WHERE relay_id = ? AND guest_id = ?", {relay_id, guest_id});
  }
  void renew(std::string_view relay_id, const std::vector<std::string>& guest_ids) override {
    auto tx = db_.tx();
    tx->query("DELETE FROM guest_presence WHERE relay_id = ? AND NOT (guest_id = ANY (?::text[]))",
              {relay_id, guest_ids});
    tx->query("INSERT INTO guest_presence (relay_id, guest_id, expires_at) SELECT ?, g, " + kExpiry +
                  " FROM unnest(?::text[]) AS g ON CONFLICT (relay_id, guest_id) DO UPDATE SET expires_at = "
                  "EXCLUDED.expires_at",
              {relay_id, guest_ids});
    // Leases of relays that died long ago (their ids never come back).
    tx->query("DELETE FROM guest_presence WHERE expires_at < now() - interval '1 hour'");
    tx->commit();
  }
  bool held_elsewhere(std::string_view relay_id, std::string_view guest_id) override {
    return db_.read()
        ->query("SELECT 1 FROM guest_presence WHERE guest_id = ? AND relay_id <> ? AND expires_at > now() LIMIT 1",
                {guest_id, relay_id})
        .next();
  }

 private:
  sql::Database& db_;
};

}  // namespace

std::unique_ptr<PresenceStore> presence_store(sql::Database& db) { return std::make_unique<PgPresenceStore>(db); }

}  // namespace foxo::relay::store::pg
