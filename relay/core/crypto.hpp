// Randomness, hashing and password hashing at the I/O edge (OpenSSL, libargon2).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace foxo::relay {

// Cryptographically secure bytes (OpenSSL RAND_bytes); aborts if the CSPRNG fails,
// because continuing with predictable tokens would be worse than stopping.
std::vector<std::uint8_t> random_bytes(std::size_t n);
// `bits` of randomness as unpadded base64url (256 -> 43 characters).
std::string random_token(int bits);
// A random opaque id for rows (128 bits, base64url): never sequential.
std::string new_id();

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// The same, as its 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);
// Constant-time comparison of two equal-length strings.
bool equal_ct(std::string_view a, std::string_view b);

std::string base64url(const std::uint8_t* data, std::size_t n);

// Argon2id with parameters suited to a login route (m=19 MiB, t=2, p=1; OWASP).
std::string hash_password(std::string_view password);
bool verify_password(std::string_view encoded_hash, std::string_view password);

}  // namespace foxo::relay
