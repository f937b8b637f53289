// The browser's storage key (issue 18, "The browser keeps nothing after
// sign-out"): what a signed-in person's browser seals its unsent messages and
// drafts under (AES-GCM, WebCrypto), handed only to an authenticated session
// of that person (docs/API.md "Browser storage key").
//
// Derived, never stored: stable per person across sessions (an outbox written
// before a session expired opens after signing in again as the same person),
// different per person and per session kind, unguessable without the relay's
// secret. The secret is its own subkey of the attachment key (HKDF-SHA256,
// RFC 5869, with a label of its own), so the raw attachment key never serves a
// second purpose and every relay sharing that key (several relays on
// PostgreSQL) hands out the same storage keys. Pure functions over bytes.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/records.hpp"

namespace foxo::relay::services {

using StorageSecret = std::array<std::uint8_t, 32>;

// The storage secret of a relay whose attachment key is `attachment_key`.
StorageSecret storage_secret(const std::array<std::uint8_t, 32>& attachment_key);

struct StorageGrant {
  std::string key;  // 32 bytes, unpadded base64url (43 characters): the AES-256-GCM key
  std::string id;   // 16 bytes, unpadded base64url (22 characters): names the browser's records, reveals nobody
};

// What a session of `kind` for person `person_id` (a guest or staff id) is handed.
StorageGrant storage_grant(const StorageSecret& secret, store::SessionKind kind, std::string_view person_id);

// Holds the secret; what the routes call.
class StorageKeys {
 public:
  explicit StorageKeys(const std::array<std::uint8_t, 32>& attachment_key) : secret_(storage_secret(attachment_key)) {}
  StorageGrant grant(store::SessionKind kind, std::string_view person_id) const {
    return storage_grant(secret_, kind, person_id);
  }

 private:
  StorageSecret secret_;
};

}  // namespace foxo::relay::services
