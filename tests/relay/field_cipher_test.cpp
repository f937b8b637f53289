// Field encryption (core/field_cipher.hpp) and the AES-256-GCM under it
// (core/aead.hpp): values in every script come back byte for byte; nothing of
// them shows in the stored text; another key, another place or any altered
// character opens nothing; text that is not a sealed value is refused without
// a crash.
#include "core/aead.hpp"
#include "core/field_cipher.hpp"

#include <gtest/gtest.h>

namespace foxo::relay::fields {
namespace {

DataKey key(std::uint32_t id, std::uint8_t fill) {
  DataKey k;
  k.id = id;
  k.key.fill(fill);
  return k;
}

std::string nonce(char c) { return std::string(aead::kNonceBytes, c); }

const std::string kValues[] = {
    "Thảo Nguyễn",
    "Παπαδόπουλος",
    "王秀英",
    "عائشة الحسن",  // right to left
    "Pap smear result 🩺 — please call 0412 345 678",
    "Provider number 2426621B; Medicare 2123 45670 1",
    "👩🏽‍⚕️🇦🇺",
    "",
    std::string(1000, 'x'),
};

TEST(FieldCipher, EveryScriptComesBackByteForByteAndNothingOfItShows) {
  const DataKey k = key(7, 0x42);
  for (const std::string& value : kValues) {
    const std::string sealed = seal(k, "messages.body:case-1:3", value, nonce('n'));
    EXPECT_TRUE(sealed.starts_with("f1.7.")) << sealed;
    if (value.size() >= 4) EXPECT_EQ(sealed.find(value.substr(0, 4)), std::string::npos) << value;
    EXPECT_EQ(key_id(sealed), 7u);
    EXPECT_EQ(open(k, "messages.body:case-1:3", sealed), value);
  }
}

TEST(FieldCipher, ACopyInAnotherPlaceOrUnderAnotherKeyDoesNotOpen) {
  const DataKey k = key(1, 0x11);
  const std::string sealed = seal(k, "guests.first_name:guest-1", "Nguyễn", nonce('a'));
  EXPECT_EQ(open(k, "guests.first_name:guest-2", sealed), std::nullopt) << "another row";
  EXPECT_EQ(open(k, "guests.last_name:guest-1", sealed), std::nullopt) << "another column";
  EXPECT_EQ(open(key(1, 0x12), "guests.first_name:guest-1", sealed), std::nullopt) << "another key";
  EXPECT_EQ(open(key(2, 0x11), "guests.first_name:guest-1", sealed), std::nullopt) << "another key id";
  EXPECT_EQ(open(k, "guests.first_name:guest-1", sealed), "Nguyễn");
}

TEST(FieldCipher, AnyAlteredCharacterOpensNothing) {
  const DataKey k = key(3, 0x33);
  const std::string sealed = seal(k, "cases.subject:c", "Kết quả xét nghiệm", nonce('z'));
  int refused = 0;
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string altered = sealed;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    if (altered == sealed) continue;
    EXPECT_EQ(open(k, "cases.subject:c", altered), std::nullopt) << i;
    ++refused;
  }
  EXPECT_GT(refused, 40);
  EXPECT_EQ(open(k, "cases.subject:c", sealed.substr(0, sealed.size() - 4)), std::nullopt) << "cut short";
}

TEST(FieldCipher, TextThatIsNotASealedValueIsRefused) {
  const DataKey k = key(1, 0x01);
  for (const char* text : {"", "f1.", "f1..", "f1.1", "f1.1.", "f1.x.AAAA", "f1.1.====", "f1.1.!!!!", "f2.1.AAAA",
                           "f1.99999999999.AAAA", "f1.-1.AAAA", "f1.1.AAAA", "plain text", "Nguyễn"}) {
    EXPECT_EQ(open(k, "b", text), std::nullopt) << text;
  }
  EXPECT_EQ(key_id("Nguyễn"), std::nullopt);
  EXPECT_EQ(key_id("f1.12"), std::nullopt);
  EXPECT_EQ(key_id("f1.12.x"), 12u);
}

TEST(FieldCipher, TwoNoncesGiveTwoTextsForOneValue) {
  const DataKey k = key(1, 0x55);
  EXPECT_NE(seal(k, "b", "王", nonce('1')), seal(k, "b", "王", nonce('2')));
}

TEST(FieldCipher, ADataKeyUnwrapsOnlyForItsOrganisationAndId) {
  aead::Key org{};
  org.fill(0x77);
  const DataKey k = key(4, 0x99);
  const std::string wrapped = wrap(org, "org-Παπαδόπουλος", k, nonce('w'));
  const auto back = unwrap(org, "org-Παπαδόπουλος", 4, wrapped);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->key, k.key);
  EXPECT_EQ(back->id, 4u);
  EXPECT_EQ(unwrap(org, "org-other", 4, wrapped), std::nullopt);
  EXPECT_EQ(unwrap(org, "org-Παπαδόπουλος", 5, wrapped), std::nullopt);
  aead::Key other{};
  other.fill(0x78);
  EXPECT_EQ(unwrap(other, "org-Παπαδόπουλος", 4, wrapped), std::nullopt);
}

}  // namespace
}  // namespace foxo::relay::fields

namespace foxo::relay::aead {
namespace {

// HKDF-SHA256 with no salt (RFC 5869: a salt of 32 zero bytes), computed
// independently with Python's hmac: extract, then one block of expand.
TEST(AeadDerive, IsHkdfSha256OfTheLabel) {
  Key master{};
  for (std::size_t i = 0; i < master.size(); ++i) master[i] = static_cast<std::uint8_t>(i);
  const Key k = derive(master, "foxo org key v1:org-1");
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (auto b : k) {
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  EXPECT_EQ(hex, "40c8a0440ff774f20f98a15443179ba7a7124b0ce7de2d11fa9eef3457dab81c");
  EXPECT_NE(derive(master, "foxo org key v1:org-2"), k);
}

}  // namespace
}  // namespace foxo::relay::aead
