// Input rules both sides agree on: names, subjects, phone numbers, message
// bodies, identifier schemas. Every check returns an Error value naming the
// field, or nothing when the input is acceptable.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/errors.hpp"

namespace foxo {

constexpr std::size_t kMaxNameChars = 80;
constexpr std::size_t kMaxSubjectChars = 200;
constexpr std::size_t kMaxMessageChars = 10000;
constexpr std::size_t kMaxIdentifierChars = 500;  // hard cap whatever the schema says
constexpr std::size_t kMaxDisplayNameChars = 120;  // organisation, team and staff names
constexpr std::size_t kMaxPatternChars = 200;      // an identifier's pattern
constexpr std::size_t kMaxReplyTitleChars = 80;    // a canned reply's title (issue 22)
// Every limit above counts Unicode code points, never bytes: 80 characters
// of a name are 80 whether they are Latin, Vietnamese, Chinese or emoji.

// Decodes the code point at s[i] into cp and moves i past it; false on
// malformed UTF-8 (overlong forms, surrogates, beyond U+10FFFF), i unchanged.
bool next_code_point(std::string_view s, std::size_t& i, char32_t& cp);
// Number of Unicode code points, or nullopt when `s` is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view s);
// Trims ASCII and Unicode spaces at both ends.
std::string trim(std::string_view s);
// True when `s` holds C0/C1 control characters (other than those allowed) or
// bidirectional override/isolate characters that can disguise text.
bool has_forbidden_chars(std::string_view s, bool allow_newlines);

// Returns the trimmed name, or an error for `field`.
std::optional<Error> validate_name(std::string_view value, std::string_view field);
std::optional<Error> validate_subject(std::string_view value);
std::optional<Error> validate_message_body(std::string_view value);
// Names an organisation admin gives (organisation, team, staff member):
// 1 to kMaxDisplayNameChars code points of valid UTF-8 on one line.
std::optional<Error> validate_display_name(std::string_view value, std::string_view field);
// A canned reply (issue 22): its title as a one-line name of 1 to
// kMaxReplyTitleChars (trimmed), its body as a message body; errors name `field`.
std::optional<Error> validate_reply_title(std::string_view value, std::string_view field);
std::optional<Error> validate_reply_body(std::string_view value, std::string_view field);

// Normalises a phone number to E.164. Accepts international form (+61 412 345 678,
// 0061...), and Australian national form (0412 345 678, (02) 9876 5432), with
// spaces, dots, dashes and parentheses. `default_country_code` applies to
// national numbers ("61" for Australia, the only national plan known here).
struct PhoneResult {
  std::string e164;   // set on success
  std::string error;  // human reason on failure
  bool ok() const { return !e164.empty(); }
};
PhoneResult normalise_phone(std::string_view input, std::string_view default_country_code = "61");
// Australian mobiles (+614...) are what SMS can reach; other numbers are accepted
// if they look like valid E.164 mobiles elsewhere.
bool is_probably_mobile(std::string_view e164);
// "+61412345678" -> "+61*****5678": enough for a person to recognise their own number.
std::string mask_phone(std::string_view e164);

// One identifier field an Organisation asks for.
struct IdentifierField {
  std::string key;    // [a-z0-9_]{1,40}
  std::string label;  // what the form shows
  bool required = false;
  int max_length = 120;  // in characters
  std::string pattern;   // optional; the whole value must match (the subset in id_pattern.hpp)
};

// Checks a schema an admin submits: keys unique and well-formed, labels set,
// max_length in 1..kMaxIdentifierChars, patterns within the supported subset
// (the error names what is not supported).
std::optional<Error> validate_identifier_schema(const std::vector<IdentifierField>& schema);

// Checks submitted values against the schema: every required field present
// and non-empty after trimming, lengths, patterns, no unknown keys. Returns the
// trimmed values (empty optional ones left out) through `out`.
std::optional<Error> validate_identifiers(const std::vector<IdentifierField>& schema,
                                          const std::map<std::string, std::string>& values,
                                          std::map<std::string, std::string>* out);

}  // namespace foxo
