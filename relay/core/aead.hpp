// AES-256-GCM (OpenSSL EVP), one value at a time: the one authenticated
// cipher of the relay, used for attachment bytes (blobs/blob_vault.cpp) and
// for fields at rest (core/field_cipher.hpp). A 96-bit nonce must never repeat
// under one key: callers draw it at random (random_bytes(kNonceBytes)), which
// is safe far beyond the number of values one key will ever seal.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace foxo::relay::aead {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kNonceBytes = 12;
inline constexpr std::size_t kTagBytes = 16;
using Key = std::array<std::uint8_t, kKeyBytes>;

// Appends ciphertext then tag to `out`; `aad` is authenticated, not stored.
// False only if OpenSSL fails (out of memory).
bool seal(const Key& key, std::string_view nonce, std::string_view aad, std::string_view plain, std::string& out);

// The plaintext of `sealed` (ciphertext then tag), or nullopt when it was
// altered, or sealed under another key, nonce or `aad`. Unauthenticated
// bytes are never returned.
std::optional<std::string> open(const Key& key, std::string_view nonce, std::string_view aad, std::string_view sealed);

// A key for one purpose drawn from `master`: HKDF-SHA256 (RFC 5869, OpenSSL's
// EVP_KDF) with `label` as its info, so one secret given to the relay yields
// independent keys per organisation and per use.
Key derive(const Key& master, std::string_view label);

}  // namespace foxo::relay::aead
