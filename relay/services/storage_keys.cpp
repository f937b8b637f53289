// The browser's storage key (see storage_keys.hpp).
#include "services/storage_keys.hpp"

#include "core/aead.hpp"
#include "core/crypto.hpp"

namespace foxo::relay::services {

namespace {

std::string hmac(std::string_view key, std::string_view data) { return hmac_sha256(key, data); }

std::string_view kind_name(store::SessionKind k) { return k == store::SessionKind::staff ? "staff" : "guest"; }

}  // namespace

StorageSecret storage_secret(const std::array<std::uint8_t, 32>& attachment_key) {
  return aead::derive(attachment_key, "foxo browser storage v1");  // HKDF-SHA256 (OpenSSL)
}

StorageGrant storage_grant(const StorageSecret& secret, store::SessionKind kind, std::string_view person_id) {
  const std::string_view k(reinterpret_cast<const char*>(secret.data()), secret.size());
  // Length-prefixed so that no (kind, id) pair reads as another.
  std::string subject(kind_name(kind));
  subject += '\0';
  subject += std::to_string(person_id.size());
  subject += ':';
  subject += person_id;
  const std::string key = hmac(k, "key:" + subject);
  const std::string id = hmac(k, "id:" + subject).substr(0, 16);
  return {base64url(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()),
          base64url(reinterpret_cast<const std::uint8_t*>(id.data()), id.size())};
}

}  // namespace foxo::relay::services
