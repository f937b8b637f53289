// The browser's storage key in a signed-in answer (docs/API.md "Browser
// storage key"): `storage_key` and `storage_id` of the session's person, added
// next to "guest" or "staff". Only ever called with an authenticated person.
#pragma once
#include <string_view>

#include "http/deps.hpp"
#include "services/storage_keys.hpp"
#include "store/records.hpp"

#include <nlohmann/json.hpp>

namespace foxo::relay::http {

inline void add_storage_grant(nlohmann::json& out, const HttpDeps& d, store::SessionKind kind,
                              std::string_view person_id) {
  const services::StorageGrant g = d.storage_keys->grant(kind, person_id);
  out["storage_key"] = g.key;
  out["storage_id"] = g.id;
}

}  // namespace foxo::relay::http
