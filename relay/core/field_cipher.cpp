#include "core/field_cipher.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <new>
#include <cstring>

namespace foxo::relay::fields {
namespace {

constexpr std::string_view kPrefix = "f1.";

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding's zero bytes too.
  std::size_t size = static_cast<std::size_t>(n);
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && size > 0; --i) --size;
  out.resize(size);
  // One text per value: spare bits set, or characters OpenSSL skips, make a
  // different text of the same bytes, which is refused.
  if (base64(out) != text) return std::nullopt;
  return out;
}

// The authenticated context: the format, the key id and the value's place.
std::string aad(std::uint32_t id, std::string_view binding) {
  return std::string(kPrefix) + std::to_string(id) + "|" + std::string(binding);
}

std::string seal_with(const aead::Key& key, std::uint32_t id, std::string_view binding, std::string_view plain,
                      std::string_view nonce) {
  std::string raw(nonce);
  if (!aead::seal(key, nonce, aad(id, binding), plain, raw)) throw std::bad_alloc();
  return std::string(kPrefix) + std::to_string(id) + "." + base64(raw);
}

std::optional<std::string> open_with(const aead::Key& key, std::uint32_t id, std::string_view binding,
                                     std::string_view sealed) {
  if (key_id(sealed) != id) return std::nullopt;
  const auto raw = unbase64(sealed.substr(sealed.find('.', kPrefix.size()) + 1));
  if (!raw || raw->size() < aead::kNonceBytes + aead::kTagBytes) return std::nullopt;
  const std::string_view r(*raw);
  return aead::open(key, r.substr(0, aead::kNonceBytes), aad(id, binding), r.substr(aead::kNonceBytes));
}

}  // namespace

std::string seal(const DataKey& k, std::string_view binding, std::string_view plain, std::string_view nonce) {
  return seal_with(k.key, k.id, binding, plain, nonce);
}

std::optional<std::uint32_t> key_id(std::string_view sealed) {
  if (!sealed.starts_with(kPrefix)) return std::nullopt;
  const char* first = sealed.data() + kPrefix.size();
  const char* last = sealed.data() + sealed.size();
  std::uint32_t id = 0;
  const auto [end, ec] = std::from_chars(first, last, id);
  if (ec != std::errc() || end == first || end == last || *end != '.') return std::nullopt;
  return id;
}

std::optional<std::string> open(const DataKey& k, std::string_view binding, std::string_view sealed) {
  return open_with(k.key, k.id, binding, sealed);
}

std::string wrap(const aead::Key& org_key, std::string_view org_id, const DataKey& k, std::string_view nonce) {
  const std::string_view key(reinterpret_cast<const char*>(k.key.data()), k.key.size());
  return seal_with(org_key, k.id, "data-key:" + std::string(org_id), key, nonce);
}

std::optional<DataKey> unwrap(const aead::Key& org_key, std::string_view org_id, std::uint32_t id,
                              std::string_view wrapped) {
  const auto key = open_with(org_key, id, "data-key:" + std::string(org_id), wrapped);
  if (!key || key->size() != aead::kKeyBytes) return std::nullopt;
  DataKey k;
  k.id = id;
  std::memcpy(k.key.data(), key->data(), aead::kKeyBytes);
  return k;
}

}  // namespace foxo::relay::fields
