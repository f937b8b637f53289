// The browser's storage key (relay/services/storage_keys.hpp): HKDF-SHA256
// as RFC 5869 defines it; a grant is stable per person, different per person,
// per session kind and per relay secret, and its id says nothing of its key.
#include "services/storage_keys.hpp"

#include <gtest/gtest.h>

#include <set>

namespace foxo::relay::services {
namespace {

std::string hex(const StorageSecret& s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (auto b : s) {
    out += d[b >> 4];
    out += d[b & 15];
  }
  return out;
}

std::array<std::uint8_t, 32> root(std::uint8_t fill) {
  std::array<std::uint8_t, 32> k{};
  k.fill(fill);
  return k;
}

TEST(StorageKeys, TheSecretIsASubkeyNotTheAttachmentKey) {
  const auto k = root(7);
  const StorageSecret s = storage_secret(k);
  EXPECT_NE(std::vector<std::uint8_t>(s.begin(), s.end()), std::vector<std::uint8_t>(k.begin(), k.end()));
  EXPECT_EQ(hex(s), hex(storage_secret(root(7)))) << "the same relay key, the same secret";
  EXPECT_NE(hex(s), hex(storage_secret(root(8))));
}

TEST(StorageKeys, StablePerPersonDifferentPerPersonAndKind) {
  const StorageKeys keys(root(1));
  const StorageGrant a1 = keys.grant(store::SessionKind::guest, "guest-A");
  const StorageGrant a2 = StorageKeys(root(1)).grant(store::SessionKind::guest, "guest-A");
  EXPECT_EQ(a1.key, a2.key) << "stable across sessions and restarts";
  EXPECT_EQ(a1.id, a2.id);
  EXPECT_EQ(a1.key.size(), 43u) << "32 bytes, unpadded base64url";
  EXPECT_EQ(a1.id.size(), 22u) << "16 bytes, unpadded base64url";
  EXPECT_EQ(a1.key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);

  const StorageGrant b = keys.grant(store::SessionKind::guest, "guest-B");
  const StorageGrant staff_a = keys.grant(store::SessionKind::staff, "guest-A");  // same id, other kind
  const StorageGrant other_relay = StorageKeys(root(2)).grant(store::SessionKind::guest, "guest-A");
  std::set<std::string> ks{a1.key, b.key, staff_a.key, other_relay.key};
  std::set<std::string> ids{a1.id, b.id, staff_a.id, other_relay.id};
  EXPECT_EQ(ks.size(), 4u);
  EXPECT_EQ(ids.size(), 4u);
  EXPECT_EQ(a1.key.find(a1.id), std::string::npos) << "the id is not a piece of the key";
  EXPECT_EQ(a1.id.find("guest-A"), std::string::npos);
}

TEST(StorageKeys, IdsThatRunTogetherStayApart) {
  // Length-prefixed subjects: "ab" + "" never equals "a" + "b" anywhere.
  const StorageKeys keys(root(3));
  EXPECT_NE(keys.grant(store::SessionKind::guest, "ab").key, keys.grant(store::SessionKind::guest, "a").key);
  EXPECT_NE(keys.grant(store::SessionKind::guest, std::string("x\0y", 3)).key,
            keys.grant(store::SessionKind::guest, "x").key);
}

}  // namespace
}  // namespace foxo::relay::services
