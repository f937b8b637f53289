#include "core/aead.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <cassert>
#include <memory>
#include <new>

namespace foxo::relay::aead {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
int len(std::string_view s) { return static_cast<int>(s.size()); }

}  // namespace

bool seal(const Key& key, std::string_view nonce, std::string_view aad, std::string_view plain, std::string& out) {
  assert(nonce.size() == kNonceBytes && "a GCM nonce is 96 bits");
  const std::size_t at = out.size();
  out.resize(at + plain.size() + kTagBytes);
  auto* dst = reinterpret_cast<unsigned char*>(out.data() + at);
  Ctx ctx(EVP_CIPHER_CTX_new());
  int n = 0, total = 0;
  const bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, len(nonce), nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), bytes(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(aad), len(aad)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), dst, &n, bytes(plain), len(plain)) == 1 && ((total = n), true) &&
      EVP_EncryptFinal_ex(ctx.get(), dst + total, &n) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, dst + total + n) == 1;
  if (!ok) out.resize(at);
  return ok;
}

std::optional<std::string> open(const Key& key, std::string_view nonce, std::string_view aad, std::string_view sealed) {
  if (nonce.size() != kNonceBytes || sealed.size() < kTagBytes) return std::nullopt;
  const std::string_view body = sealed.substr(0, sealed.size() - kTagBytes);
  std::string tag(sealed.substr(body.size()));
  std::string plain(body.size(), '\0');
  auto* dst = reinterpret_cast<unsigned char*>(plain.data());
  Ctx ctx(EVP_CIPHER_CTX_new());
  int n = 0;
  const bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, len(nonce), nullptr) == 1 &&
                  EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), bytes(nonce)) == 1 &&
                  EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(aad), len(aad)) == 1 &&
                  EVP_DecryptUpdate(ctx.get(), dst, &n, bytes(body), len(body)) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
                  EVP_DecryptFinal_ex(ctx.get(), dst + n, &n) == 1;
  if (!ok) return std::nullopt;
  return plain;
}

Key derive(const Key& master, std::string_view label) {
  Key out{};
  std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr), EVP_KDF_free);
  std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr,
                                                                EVP_KDF_CTX_free);
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(master.data()), master.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(label.data()), label.size()),
      OSSL_PARAM_construct_end(),
  };
  if (!ctx || EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) throw std::bad_alloc();
  return out;
}

}  // namespace foxo::relay::aead
