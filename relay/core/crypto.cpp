#include "core/crypto.hpp"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace foxo::relay {

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
    std::fprintf(stderr, "fatal: OpenSSL RAND_bytes failed\n");
    std::abort();
  }
  return out;
}

std::string base64url(const std::uint8_t* data, std::size_t n) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((n * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const std::uint32_t v = data[i] << 16 | data[i + 1] << 8 | data[i + 2];
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  if (n - i == 1) {
    const std::uint32_t v = data[i] << 16;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
  } else if (n - i == 2) {
    const std::uint32_t v = data[i] << 16 | data[i + 1] << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
  }
  return out;
}

std::string random_token(int bits) {
  const auto b = random_bytes(static_cast<std::size_t>(bits / 8));
  return base64url(b.data(), b.size());
}

std::string new_id() { return random_token(128); }

namespace {
std::string hex(const unsigned char* d, unsigned n) {
  static const char* digits = "0123456789abcdef";
  std::string s(n * 2, '0');
  for (unsigned i = 0; i < n; ++i) {
    s[2 * i] = digits[d[i] >> 4];
    s[2 * i + 1] = digits[d[i] & 15];
  }
  return s;
}
}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return hex(md, len);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  const std::string md = hmac_sha256(key, data);
  return hex(reinterpret_cast<const unsigned char*>(md.data()), static_cast<unsigned>(md.size()));
}

bool equal_ct(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {
constexpr std::uint32_t kArgonT = 2, kArgonM = 19 * 1024, kArgonP = 1, kSaltLen = 16, kHashLen = 32;
}

std::string hash_password(std::string_view password) {
  const auto salt = random_bytes(kSaltLen);
  const std::size_t enc_len = argon2_encodedlen(kArgonT, kArgonM, kArgonP, kSaltLen, kHashLen, Argon2_id);
  std::string encoded(enc_len, '\0');
  const int rc = argon2id_hash_encoded(kArgonT, kArgonM, kArgonP, password.data(), password.size(), salt.data(),
                                       salt.size(), kHashLen, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    std::fprintf(stderr, "fatal: argon2id_hash_encoded: %s\n", argon2_error_message(rc));
    std::abort();
  }
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  return encoded;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  const std::string h(encoded_hash);
  return argon2id_verify(h.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace foxo::relay
