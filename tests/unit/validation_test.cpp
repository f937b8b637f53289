#include <gtest/gtest.h>

#include "foxo/validation.hpp"

using namespace foxo;

TEST(Phone, AustralianNationalMobileFormats) {
  for (const char* in : {"0412 345 678", "0412345678", "0412-345-678", "(04) 1234 5678", "+61 412 345 678",
                         "+61412345678", "0061 412 345 678", "412 345 678", " 0412 345 678 "})
    EXPECT_EQ(normalise_phone(in).e164, "+61412345678") << in;
}

TEST(Phone, LandlineAndOtherCountries) {
  EXPECT_EQ(normalise_phone("(02) 9876 5432").e164, "+61298765432");
  EXPECT_EQ(normalise_phone("+64 21 123 4567").e164, "+64211234567");
  EXPECT_EQ(normalise_phone("+44 7700 900123").e164, "+447700900123");
}

TEST(Phone, RejectsGarbage) {
  for (const char* in : {"", "   ", "abc", "0412 345 67", "0412 345 6789", "+0412345678", "12345", "+1234567890123456",
                         "0412+345678", "0412 345 678 ext 2", "04123456７8"})
    EXPECT_FALSE(normalise_phone(in).ok()) << in;
}

TEST(Phone, MobileCheckAndMask) {
  EXPECT_TRUE(is_probably_mobile("+61412345678"));
  EXPECT_FALSE(is_probably_mobile("+61298765432"));
  EXPECT_EQ(mask_phone("+61412345678"), "+61******678");
  EXPECT_EQ(mask_phone("+61412345678").find("412345"), std::string::npos);
}

TEST(Text, Utf8LengthAndValidity) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("Zoë"), 3u);
  EXPECT_EQ(utf8_length("日本"), 2u);
  EXPECT_FALSE(utf8_length("\xff").has_value());
  EXPECT_FALSE(utf8_length("\xc0\xaf").has_value());      // overlong '/'
  EXPECT_FALSE(utf8_length("\xed\xa0\x80").has_value());  // surrogate
}

TEST(Text, TrimAndForbidden) {
  EXPECT_EQ(trim("  Ann \t"), "Ann");
  EXPECT_EQ(trim("\xc2\xa0" "Ann" "\xe3\x80\x80"), "Ann");
  EXPECT_EQ(trim("   "), "");
  EXPECT_TRUE(has_forbidden_chars("a\x01", false));
  EXPECT_TRUE(has_forbidden_chars("a\nb", false));
  EXPECT_FALSE(has_forbidden_chars("a\nb", true));
  EXPECT_TRUE(has_forbidden_chars("evil\xe2\x80\xaetxt.exe", true));  // RIGHT-TO-LEFT OVERRIDE
}

TEST(Names, RequiredBoundedAndClean) {
  EXPECT_FALSE(validate_name("Ann", "first_name"));
  EXPECT_FALSE(validate_name("Zoë-Marie O'Neill", "last_name"));
  auto e = validate_name("  ", "first_name");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "first_name");
  EXPECT_EQ(e->code, ErrorCode::invalid_field);
  EXPECT_TRUE(validate_name(std::string(81, 'a'), "last_name"));
  EXPECT_FALSE(validate_name(std::string(80, 'a'), "last_name"));
  EXPECT_TRUE(validate_name("Ann\nBob", "first_name"));
}

TEST(Subject, Rules) {
  EXPECT_FALSE(validate_subject("Missing Report"));
  EXPECT_TRUE(validate_subject(""));
  EXPECT_TRUE(validate_subject(std::string(201, 'x')));
  EXPECT_EQ(validate_subject("")->field, "subject");
}

TEST(MessageBody, AllowsNewlinesNotEmpty) {
  EXPECT_FALSE(validate_message_body("Hello\nthere"));
  EXPECT_TRUE(validate_message_body("   \n "));
  EXPECT_TRUE(validate_message_body(std::string(10001, 'x')));
}

namespace {
std::vector<IdentifierField> demo_schema() {
  return {{"provider_number", "Provider number", false, 16, ""},
          {"practice_name", "Practice name", true, 120, ""},
          {"mrn", "MRN", false, 10, "[0-9]{6,10}"}};
}
}  // namespace

TEST(Identifiers, AcceptsValidAndTrims) {
  std::map<std::string, std::string> out;
  EXPECT_FALSE(validate_identifiers(demo_schema(), {{"practice_name", "  Hill St Clinic "}, {"mrn", "123456"}}, &out));
  EXPECT_EQ(out.at("practice_name"), "Hill St Clinic");
  EXPECT_EQ(out.count("provider_number"), 0u);
}

TEST(Identifiers, MissingMandatoryNamesTheField) {
  auto e = validate_identifiers(demo_schema(), {{"provider_number", "123"}}, nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::invalid_identifier);
  EXPECT_EQ(e->field, "practice_name");
  e = validate_identifiers(demo_schema(), {{"practice_name", "   "}}, nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "practice_name");
}

TEST(Identifiers, LengthPatternAndUnknownKeys) {
  auto e = validate_identifiers(demo_schema(), {{"practice_name", "x"}, {"provider_number", std::string(17, '1')}}, nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "provider_number");
  EXPECT_FALSE(validate_identifiers(demo_schema(), {{"practice_name", "x"}, {"provider_number", std::string(16, '1')}}, nullptr));
  e = validate_identifiers(demo_schema(), {{"practice_name", "x"}, {"mrn", "12a456"}}, nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "mrn");
  e = validate_identifiers(demo_schema(), {{"practice_name", "x"}, {"ssn", "1"}}, nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "ssn");
  // Length counts characters, not bytes.
  EXPECT_FALSE(validate_identifiers({{"n", "N", true, 3, ""}}, {{"n", "日本語"}}, nullptr));
}

TEST(IdentifierSchema, Validation) {
  EXPECT_FALSE(validate_identifier_schema(demo_schema()));
  EXPECT_TRUE(validate_identifier_schema({{"Bad Key", "x", false, 10, ""}}));
  EXPECT_TRUE(validate_identifier_schema({{"a", "x", false, 10, ""}, {"a", "y", false, 10, ""}}));
  EXPECT_TRUE(validate_identifier_schema({{"a", "", false, 10, ""}}));
  EXPECT_TRUE(validate_identifier_schema({{"a", "A", false, 0, ""}}));
  EXPECT_TRUE(validate_identifier_schema({{"a", "A", false, 10, "([a-"}}));
}
