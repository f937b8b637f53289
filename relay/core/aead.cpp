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

// Fetched once: OpenSSL 3 looks the cipher up in its providers on every
// init given EVP_aes_256_gcm(), which costs more than sealing a short value.
const EVP_CIPHER* gcm() {
  static EVP_CIPHER* const c = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return c;
}

// One context per thread and direction, keeping its key schedule while the
// key stays the same (a page of messages is opened under one data key).
struct Cipher {
  Ctx ctx;
  Key key{};
  bool keyed = false;
  // Ready for a new value under `key` and `nonce`; false if OpenSSL fails.
  bool start(bool encrypt, const Key& k, std::string_view nonce) {
    const auto init = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex;
    if (!ctx) {
      ctx.reset(EVP_CIPHER_CTX_new());
      if (!ctx || !gcm() || init(ctx.get(), gcm(), nullptr, nullptr, nullptr) != 1 ||
          EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceBytes), nullptr) != 1) {
        ctx.reset();
        return false;
      }
    }
    const bool same = keyed && key == k;
    if (init(ctx.get(), nullptr, nullptr, same ? nullptr : k.data(), bytes(nonce)) != 1) {
      ctx.reset();
      keyed = false;
      return false;
    }
    key = k;
    keyed = true;
    return true;
  }
};
thread_local Cipher sealer, opener;

}  // namespace

bool seal(const Key& key, std::string_view nonce, std::string_view aad, std::string_view plain, std::string& out) {
  assert(nonce.size() == kNonceBytes && "a GCM nonce is 96 bits");
  const std::size_t at = out.size();
  out.resize(at + plain.size() + kTagBytes);
  auto* dst = reinterpret_cast<unsigned char*>(out.data() + at);
  int n = 0, total = 0;
  EVP_CIPHER_CTX* ctx = nullptr;
  const bool ok = sealer.start(true, key, nonce) && (ctx = sealer.ctx.get()) != nullptr &&
                  EVP_EncryptUpdate(ctx, nullptr, &n, bytes(aad), len(aad)) == 1 &&
                  EVP_EncryptUpdate(ctx, dst, &n, bytes(plain), len(plain)) == 1 && ((total = n), true) &&
                  EVP_EncryptFinal_ex(ctx, dst + total, &n) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, dst + total + n) == 1;
  if (!ok) {
    out.resize(at);
    sealer.ctx.reset();
    sealer.keyed = false;
  }
  return ok;
}

std::optional<std::string> open(const Key& key, std::string_view nonce, std::string_view aad, std::string_view sealed) {
  if (nonce.size() != kNonceBytes || sealed.size() < kTagBytes) return std::nullopt;
  const std::string_view body = sealed.substr(0, sealed.size() - kTagBytes);
  std::string tag(sealed.substr(body.size()));
  std::string plain(body.size(), '\0');
  auto* dst = reinterpret_cast<unsigned char*>(plain.data());
  int n = 0;
  EVP_CIPHER_CTX* ctx = nullptr;
  const bool ok = opener.start(false, key, nonce) && (ctx = opener.ctx.get()) != nullptr &&
                  EVP_DecryptUpdate(ctx, nullptr, &n, bytes(aad), len(aad)) == 1 &&
                  EVP_DecryptUpdate(ctx, dst, &n, bytes(body), len(body)) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
                  EVP_DecryptFinal_ex(ctx, dst + n, &n) == 1;
  if (!ok) {
    // A value that did not open leaves the context mid-message: start afresh next time.
    opener.ctx.reset();
    opener.keyed = false;
    return std::nullopt;
  }
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
