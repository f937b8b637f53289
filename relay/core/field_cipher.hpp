// Personal and clinical text at rest (issue 18): each stored value sealed
// with AES-256-GCM (core/aead.hpp) under a numbered data key, and bound to
// where it is stored, so that a value copied into another row or column does
// not open. A sealed value is text, so it fits the same TEXT columns on both
// stores:
//
//     f1.<data key id>.<base64 of nonce | ciphertext | tag>
//
// the key id in clear so that re-encryption after a rotation can find the
// rows still under an old key. Data keys are stored wrapped (sealed) under
// the organisation's key, bound to the organisation and the key id.
// Randomness is injected: the caller passes each nonce (random_bytes(12)).
// Not wired yet: the stores adopt it with issue 18's key management.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/aead.hpp"

namespace foxo::relay::fields {

struct DataKey {
  std::uint32_t id = 0;
  aead::Key key{};
};

// `binding` names the value's place, e.g. "messages.body:<case id>:<seq>".
std::string seal(const DataKey& k, std::string_view binding, std::string_view plain, std::string_view nonce);

// The id of the data key `sealed` needs; nullopt when it is not a sealed value.
std::optional<std::uint32_t> key_id(std::string_view sealed);

// The plaintext, or nullopt for another key or binding, an altered value, or
// text that is not a sealed value.
std::optional<std::string> open(const DataKey& k, std::string_view binding, std::string_view sealed);

// A data key sealed under the organisation's key (bound to org and key id), and back.
std::string wrap(const aead::Key& org_key, std::string_view org_id, const DataKey& k, std::string_view nonce);
std::optional<DataKey> unwrap(const aead::Key& org_key, std::string_view org_id, std::uint32_t id,
                              std::string_view wrapped);

}  // namespace foxo::relay::fields
