// PresenceStore on PostgreSQL: leases in the UNLOGGED table guest_presence
// (migration 2). Unlogged because a lease is worth nothing after a server
// crash (every relay renews within a tick) and its writes then cost no WAL
// flush. Expiry uses the server's now(), the one clock all relays share.
#include "store/pg/pg_stores.hpp"

namespace foxo::relay::store::pg {
namespace {

const std::string kExpiry = "now() + make_interval(secs => " + std::to_string(kPresenceLeaseSeconds) + ")";

}  // namespace

void PgPresenceStore::hold(std::string_view relay_id, std::string_view guest_id) {
  p_.session().exec("INSERT INTO guest_presence (relay_id, guest_id, expires_at) VALUES ($1, $2, " + kExpiry +
                        ") ON CONFLICT (relay_id, guest_id) DO UPDATE SET expires_at = EXCLUDED.expires_at",
                    {relay_id, guest_id});
}

void PgPresenceStore::release(std::string_view relay_id, std::string_view guest_id) {
  p_.session().exec("DELETE FROM guest_presence WHERE relay_id = $1 AND guest_id = $2", {relay_id, guest_id});
}

void PgPresenceStore::renew(std::string_view relay_id, const std::vector<std::string>& guest_ids) {
  const std::string guests = text_array(guest_ids);
  auto tx = p_.tx();
  tx.exec("DELETE FROM guest_presence WHERE relay_id = $1 AND NOT (guest_id = ANY ($2::text[]))", {relay_id, guests});
  tx.exec("INSERT INTO guest_presence (relay_id, guest_id, expires_at) SELECT $1, g, " + kExpiry +
              " FROM unnest($2::text[]) AS g ON CONFLICT (relay_id, guest_id) DO UPDATE SET expires_at = "
              "EXCLUDED.expires_at",
          {relay_id, guests});
  // Leases of relays that died long ago (their ids never come back).
  tx.exec("DELETE FROM guest_presence WHERE expires_at < now() - interval '1 hour'");
  tx.commit();
}

bool PgPresenceStore::held_elsewhere(std::string_view relay_id, std::string_view guest_id) {
  return !p_.session()
              .exec("SELECT 1 FROM guest_presence WHERE guest_id = $1 AND relay_id <> $2 AND expires_at > now() "
                    "LIMIT 1",
                    {guest_id, relay_id})
              .empty();
}

}  // namespace foxo::relay::store::pg
