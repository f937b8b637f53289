// The browser's storage key (see storage_keys.hpp).
#include "services/storage_keys.hpp"

#include "core/crypto.hpp"

namespace foxo::relay::services {

namespace {

std::string unhex(const std::string& h) {
  std::string out(h.size() / 2, '\0');
  auto v = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(v(h[2 * i]) * 16 + v(h[2 * i + 1]));
  return out;
}

std::string hmac(std::string_view key, std::string_view data) { return unhex(hmac_sha256_hex(key, data)); }

std::string_view kind_name(store::SessionKind k) { return k == store::SessionKind::staff ? "staff" : "guest"; }

}  // namespace

StorageSecret hkdf_sha256_32(std::string_view ikm, std::string_view salt, std::string_view info) {
  // Extract: PRK = HMAC(salt, IKM); expand, one block: T(1) = HMAC(PRK, info | 0x01).
  const std::string prk = hmac(salt, ikm);
  std::string t1 = std::string(info);
  t1.push_back('\x01');
  const std::string okm = hmac(prk, t1);
  StorageSecret out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(okm[i]);
  return out;
}

StorageSecret storage_secret(const std::array<std::uint8_t, 32>& attachment_key) {
  const std::string_view ikm(reinterpret_cast<const char*>(attachment_key.data()), attachment_key.size());
  return hkdf_sha256_32(ikm, "foxo", "foxo browser storage v1");
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
