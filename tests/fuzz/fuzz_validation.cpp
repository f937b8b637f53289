// Fuzzes the input rules of shared/include/foxo/validation.hpp: text (UTF-8
// length, trimming, forbidden characters, names, subjects, message bodies),
// phone numbers, and identifier schemas with values checked against them.
//
// Input: the whole of it is the text and the phone number; split at the first
// two newlines it is also <pattern>\n<value>\n<key> for one identifier field
// whose max_length and required flag come from the value's first bytes. The
// pattern goes through the subset of foxo/id_pattern.hpp (issue 10: std::regex
// backtracked exponentially and overflowed on huge repeat counts here).
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/id_pattern.hpp"
#include "foxo/validation.hpp"
#include "fuzz_check.hpp"

namespace {

bool is_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_text(std::string_view s) {
  const auto len = foxo::utf8_length(s);
  if (len) FOXO_FUZZ_CHECK(*len <= s.size());
  const std::string t = foxo::trim(s);
  // Trimming keeps a piece of the input, and trimming again changes nothing.
  FOXO_FUZZ_CHECK(t.size() <= s.size());
  FOXO_FUZZ_CHECK(s.find(t) != std::string_view::npos);
  FOXO_FUZZ_CHECK(foxo::trim(t) == t);
  if (len) FOXO_FUZZ_CHECK(foxo::utf8_length(t).has_value());
  // Every rejection names the field; every acceptance meets the rules.
  if (const auto e = foxo::validate_name(s, "first_name")) {
    FOXO_FUZZ_CHECK(e->field == "first_name" && !e->message.empty());
  } else {
    const auto n = foxo::utf8_length(t);
    FOXO_FUZZ_CHECK(n && *n >= 1 && *n <= foxo::kMaxNameChars);
    FOXO_FUZZ_CHECK(!foxo::has_forbidden_chars(t, false));
  }
  if (const auto e = foxo::validate_subject(s)) {
    FOXO_FUZZ_CHECK(e->field == "subject");
  } else {
    const auto n = foxo::utf8_length(t);
    FOXO_FUZZ_CHECK(n && *n >= 1 && *n <= foxo::kMaxSubjectChars);
  }
  if (const auto e = foxo::validate_message_body(s)) {
    FOXO_FUZZ_CHECK(e->field == "body");
  } else {
    FOXO_FUZZ_CHECK(len && *len >= 1 && *len <= foxo::kMaxMessageChars && !t.empty());
    FOXO_FUZZ_CHECK(!foxo::has_forbidden_chars(s, true));
  }
  // A text without newlines that is fine with them forbidden is fine with them allowed.
  if (!foxo::has_forbidden_chars(s, false)) FOXO_FUZZ_CHECK(!foxo::has_forbidden_chars(s, true));
}

void check_phone(std::string_view s) {
  const auto r = foxo::normalise_phone(s);
  if (!r.ok()) {
    FOXO_FUZZ_CHECK(!r.error.empty());
    return;
  }
  const std::string& e = r.e164;
  FOXO_FUZZ_CHECK(e.size() >= 9 && e.size() <= 16 && e[0] == '+' && e[1] != '0' && is_digits(e.substr(1)));
  if (e.rfind("+61", 0) == 0) FOXO_FUZZ_CHECK(e.size() == 12);
  // Normalising is idempotent, also for the national-form default.
  FOXO_FUZZ_CHECK(foxo::normalise_phone(e).e164 == e);
  FOXO_FUZZ_CHECK(foxo::normalise_phone(e, "44").e164 == e);
  const std::string masked = foxo::mask_phone(e);
  FOXO_FUZZ_CHECK(masked.size() == e.size());
  FOXO_FUZZ_CHECK(masked.substr(masked.size() - 3) == e.substr(e.size() - 3));
  FOXO_FUZZ_CHECK(masked.find_first_of("0123456789", 3) >= masked.size() - 3);
  (void)foxo::is_probably_mobile(e);
}

void check_identifier(std::string_view input) {
  const auto nl1 = input.find('\n');
  if (nl1 == std::string_view::npos) return;
  const auto nl2 = input.find('\n', nl1 + 1);
  if (nl2 == std::string_view::npos) return;
  foxo::IdentifierField f;
  f.pattern = std::string(input.substr(0, nl1));
  const std::string value(input.substr(nl1 + 1, nl2 - nl1 - 1));
  f.key = std::string(input.substr(nl2 + 1));
  f.label = "Identifier";
  f.max_length = value.empty() ? 120 : static_cast<unsigned char>(value[0]) * 2 - 10;  // -10..500
  f.required = !value.empty() && (value[0] & 1);
  const std::vector<foxo::IdentifierField> schema{f};
  if (const auto e = foxo::validate_identifier_schema(schema)) {
    FOXO_FUZZ_CHECK(e->field == "identifiers");
    return;
  }
  FOXO_FUZZ_CHECK(f.max_length >= 1 && f.max_length <= static_cast<int>(foxo::kMaxIdentifierChars));
  // Patterns are limited in code points (docs/API.md, "Limits count code points").
  FOXO_FUZZ_CHECK(foxo::utf8_length(f.pattern).value_or(201) <= 200);
  // An accepted pattern is one the matcher compiles, within its state bound.
  std::optional<foxo::IdPattern> pattern;
  if (!f.pattern.empty()) {
    pattern = foxo::IdPattern::compile(f.pattern, nullptr);
    FOXO_FUZZ_CHECK(pattern && pattern->state_count() <= foxo::kMaxPatternStates);
  }
  std::map<std::string, std::string> out;
  const std::map<std::string, std::string> values{{f.key, value}};
  if (const auto e = foxo::validate_identifiers(schema, values, &out)) {
    FOXO_FUZZ_CHECK(e->field == f.key && !e->message.empty());
  } else {
    const std::string t = foxo::trim(value);
    if (t.empty()) {
      FOXO_FUZZ_CHECK(!f.required && out.empty());
    } else {
      FOXO_FUZZ_CHECK(out.size() == 1 && out.at(f.key) == t);
      const auto n = foxo::utf8_length(t);
      FOXO_FUZZ_CHECK(n && *n <= static_cast<std::size_t>(f.max_length));
      FOXO_FUZZ_CHECK(!foxo::has_forbidden_chars(t, false));
      if (pattern) FOXO_FUZZ_CHECK(pattern->matches(t));
      // Accepted values are accepted again as they were stored.
      std::map<std::string, std::string> again;
      FOXO_FUZZ_CHECK(!foxo::validate_identifiers(schema, out, &again) && again == out);
    }
  }
  // Unknown keys are refused, whatever the schema.
  FOXO_FUZZ_CHECK(foxo::validate_identifiers(schema, {{f.key + "_x", value}}, nullptr).has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_text(input);
  check_phone(input);
  check_identifier(input);
  return 0;
}
