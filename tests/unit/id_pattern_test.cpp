// The identifier pattern subset (shared/include/foxo/id_pattern.hpp): what it
// accepts means what ECMAScript means, what it refuses says why, and the
// patterns that made std::regex backtrack or overflow are now refused or
// matched in linear time.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "foxo/id_pattern.hpp"
#include "foxo/validation.hpp"

using namespace foxo;

namespace {
IdPattern must_compile(const std::string& p) {
  std::string why;
  auto r = IdPattern::compile(p, &why);
  EXPECT_TRUE(r.has_value()) << p << ": " << why;
  return r ? *r : *IdPattern::compile("", nullptr);
}
std::string refusal(const std::string& p) {
  std::string why;
  const auto r = IdPattern::compile(p, &why);
  EXPECT_FALSE(r.has_value()) << p;
  EXPECT_FALSE(why.empty()) << p;
  return why;
}
}  // namespace

TEST(IdPattern, SeededAndDocumentedPatterns) {
  const auto medicare = must_compile("^[0-9]{10}$");
  EXPECT_TRUE(medicare.matches("1234567890"));
  EXPECT_FALSE(medicare.matches("12345"));
  EXPECT_FALSE(medicare.matches("12345678901"));
  EXPECT_FALSE(medicare.matches("123456789a"));
  const auto mrn = must_compile("[0-9]{6,10}");
  EXPECT_TRUE(mrn.matches("123456"));
  EXPECT_TRUE(mrn.matches("1234567890"));
  EXPECT_FALSE(mrn.matches("12345"));
  EXPECT_FALSE(mrn.matches("12a456"));
  EXPECT_TRUE(must_compile("[0-9]+").matches("42"));
}

// The same answers as std::regex_match (ECMAScript) on patterns where both work.
TEST(IdPattern, AgreesWithEcmaScriptOnTheSubset) {
  const std::vector<std::string> patterns{
      "abc",          "a.c",        "[a-c]+",        "[^a-c]+",      "\\d{2,3}",     "\\D+",          "\\w*",
      "\\W",          "\\s?x",      "\\S+",          "(ab|cd)+",     "(?:x|y)?z",    "a|b|",          "(a|)+b",
      "[-a]+",        "[a-]+",      "[a\\-z]+",      "[\\d\\s]+",    "[\\D]",        "a\\.b",         "\\(\\)\\[\\]",
      "x{2}",         "x{2,}",      "x{0,2}",        "(a*)*",        "(a|ab)(c|bcd)", "^ab$",         "^(a|b)$",
      "[A-Z]{2}\\d{4}", "[.]",      "a[$]",          "\\$",          "ab\\\\$",      "[\\^a]+",      "(?:ab){2}c?"};
  const std::vector<std::string> values{"",    "a",    "b",     "abc",  "abd",   "12",   "123",   "1234", "x",
                                        " x",  "xx",   "xxx",   "ab",   "cd",    "abcd", "z",     "xz",   "yz",
                                        "--a", "a-",   "a-z",   "1 2",  "q",     "a.b",  "axb",   "()[]", "aaa",
                                        "abcd", "AB1234", ".",   "a$",   "$",     "ab\\", "^a^",   "ababc", "abab",
                                        "aab", "b",    "_w1",   "!"};
  for (const auto& p : patterns) {
    const auto ours = must_compile(p);
    const std::regex theirs(p, std::regex::ECMAScript);
    for (const auto& v : values) EXPECT_EQ(ours.matches(v), std::regex_match(v, theirs)) << p << " on '" << v << "'";
  }
}

TEST(IdPattern, UnicodeLiteralsAndDot) {
  const auto p = must_compile("日本.{1,2}");
  EXPECT_TRUE(p.matches("日本語"));
  EXPECT_TRUE(p.matches("日本語x"));
  EXPECT_FALSE(p.matches("日本"));
  EXPECT_FALSE(p.matches("日本\n"));
  EXPECT_FALSE(p.matches(std::string("日本\xff")));  // invalid UTF-8 never matches
  EXPECT_TRUE(must_compile("[à-ÿ]+").matches("éè"));
}

// What fuzz_validation found in std::regex: exponential backtracking on nested
// quantifiers, a signed overflow on a huge repeat count.
TEST(IdPattern, PathologicalPatternsAreLinearOrRefused) {
  const std::string long_a(500, 'a');
  for (const char* p : {"(a+)+$", "(a+)+b", "(a*)*b", "(a|a)*b", "(a|aa)+b", "(.*a){20}b", "((a+)+)+c", "(\\w+\\s?)+X"}) {
    const auto pattern = must_compile(p);
    // Each of these takes std::regex exponential time on this value; here it is one pass over it.
    EXPECT_FALSE(pattern.matches(long_a + "!")) << p;
  }
  EXPECT_TRUE(must_compile("(a+)+$").matches(long_a));
  EXPECT_NE(refusal("a{7777777777777777777}").find("repeat counts above 100"), std::string::npos);
  EXPECT_NE(refusal("a{1,99999999999999999999999}").find("repeat counts above 100"), std::string::npos);
  EXPECT_TRUE(must_compile("a{100}").matches(std::string(100, 'a')));
  // Repeat counts multiply: the expansion is bounded.
  EXPECT_NE(refusal("((a{100}){100}){100}").find("too many states"), std::string::npos);
  EXPECT_NE(refusal(std::string(40, '(') + "a" + std::string(40, ')')).find("nested"), std::string::npos);
}

TEST(IdPattern, RefusalsNameWhatIsNotSupported) {
  EXPECT_NE(refusal("(a)\\1").find("\\1"), std::string::npos);
  EXPECT_NE(refusal("(?=a)a").find("lookaround"), std::string::npos);
  EXPECT_NE(refusal("(?<n>a)").find("lookaround"), std::string::npos);
  EXPECT_NE(refusal("a*?").find("lazy"), std::string::npos);
  EXPECT_NE(refusal("a**").find("quantifier"), std::string::npos);
  EXPECT_NE(refusal("*a").find("nothing before it"), std::string::npos);
  EXPECT_NE(refusal("\\bx").find("\\b"), std::string::npos);
  EXPECT_NE(refusal("\\p{L}").find("\\p"), std::string::npos);
  EXPECT_NE(refusal("[]").find("empty class"), std::string::npos);
  EXPECT_NE(refusal("[z-a]").find("out of order"), std::string::npos);
  EXPECT_NE(refusal("[\\d-z]").find("range"), std::string::npos);
  EXPECT_NE(refusal("([unclosed").find("matching"), std::string::npos);
  EXPECT_NE(refusal("(a").find("matching ')'"), std::string::npos);
  EXPECT_NE(refusal("a)").find("matching '('"), std::string::npos);
  EXPECT_NE(refusal("a^b").find("'^'"), std::string::npos);
  EXPECT_NE(refusal("a$b").find("'$'"), std::string::npos);
  EXPECT_NE(refusal("a{2").find("repeat count"), std::string::npos);
  EXPECT_NE(refusal("a{,2}").find("repeat count"), std::string::npos);
  EXPECT_NE(refusal("a{3,2}").find("smaller"), std::string::npos);
  EXPECT_NE(refusal("a]").find("\\]"), std::string::npos);
  EXPECT_NE(refusal("a\\").find("single '\\'"), std::string::npos);
  EXPECT_NE(refusal(std::string("a\xff")).find("UTF-8"), std::string::npos);
  EXPECT_NE(refusal("ab{2,1}").find("(at character 3)"), std::string::npos);
}

TEST(IdPattern, SchemaValidationRefusesWithTheReason) {
  const auto e = validate_identifier_schema({{"mrn", "MRN", false, 10, "(a)\\1"}});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::invalid_field);
  EXPECT_EQ(e->field, "identifiers");
  EXPECT_NE(e->message.find("Pattern of 'mrn' is not supported: the escape \\1"), std::string::npos) << e->message;
  EXPECT_FALSE(validate_identifier_schema({{"mrn", "MRN", false, 10, "^[0-9]{10}$"}}));
  // A pattern that slipped into storage unchecked refuses values rather than crashing.
  EXPECT_TRUE(validate_identifiers({{"n", "N", true, 10, "a{99999999999}"}}, {{"n", "a"}}, nullptr));
  EXPECT_FALSE(validate_identifiers({{"n", "N", true, 10, "(a+)+$"}}, {{"n", "aaaa"}}, nullptr));
  EXPECT_TRUE(validate_identifiers({{"n", "N", true, 500, "(a+)+$"}}, {{"n", std::string(499, 'a') + "!"}}, nullptr));
}
