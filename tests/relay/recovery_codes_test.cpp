// Recovery codes (core/recovery_codes.hpp): ten distinct codes from the
// random source given, read back however a person types them, nothing else.
#include "core/recovery_codes.hpp"

#include <gtest/gtest.h>

#include <set>

namespace foxo::relay::recovery {
namespace {

// A source that repeats itself after two draws: the codes must still be ten distinct ones.
std::function<std::vector<std::uint8_t>(std::size_t)> counting_source() {
  auto n = std::make_shared<std::uint8_t>(0);
  return [n](std::size_t size) {
    std::vector<std::uint8_t> out(size, static_cast<std::uint8_t>(*n / 2));
    ++*n;
    return out;
  };
}

TEST(RecoveryCodes, TenDistinctCodesInGroupsOfFour) {
  const auto codes = make_codes(counting_source());
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  for (const auto& c : codes) {
    ASSERT_EQ(c.size(), 14u) << c;
    EXPECT_EQ(c[4], '-');
    EXPECT_EQ(c[9], '-');
    EXPECT_TRUE(hash_of(c)) << c;
  }
  EXPECT_EQ(codes[0], "AAAA-AAAA-AAAA");  // eight zero bytes
}

TEST(RecoveryCodes, ReadBackIgnoringCaseSpacesAndDashes) {
  const auto h = hash_of("ABCD-EFGH-JK23");
  ASSERT_TRUE(h);
  for (const char* typed : {"abcd-efgh-jk23", "ABCDEFGHJK23", "abcd efgh jk23", " ABCD - EFGH - JK23 "})
    EXPECT_EQ(hash_of(typed), h) << typed;
  EXPECT_NE(hash_of("ABCD-EFGH-JK24"), h);
}

TEST(RecoveryCodes, TextThatCannotBeACodeIsRefused) {
  for (const char* typed : {"", "ABCD-EFGH-JK2", "ABCD-EFGH-JK234", "ABCD-EFGH-JK18", "ÄBCD-EFGH-JK23",
                            "ＡBCD-EFGH-JK23", "ABCD_EFGH_JK23", "王王王王-EFGH-JK23"})
    EXPECT_EQ(hash_of(typed), std::nullopt) << typed;
}

}  // namespace
}  // namespace foxo::relay::recovery
