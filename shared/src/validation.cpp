// What a person may type, checked the same way in the client and the relay
// (foxo/validation.hpp): code points, trimming and forbidden characters;
// names, subjects, display names and message bodies; phone numbers
// (normalised to E.164, masked for logs); the organisation's identifier schema.
#include "foxo/validation.hpp"

#include <algorithm>
#include <set>

#include "foxo/id_pattern.hpp"

namespace foxo {

bool next_code_point(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int n;
  if (b0 < 0x80) { cp = b0; n = 1; }
  else if ((b0 & 0xE0) == 0xC0) { cp = b0 & 0x1F; n = 2; }
  else if ((b0 & 0xF0) == 0xE0) { cp = b0 & 0x0F; n = 3; }
  else if ((b0 & 0xF8) == 0xF0) { cp = b0 & 0x07; n = 4; }
  else return false;
  if (i + n > s.size()) return false;
  for (int k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return false;
  i += n;
  return true;
}

namespace {

bool is_space_cp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0xA0 || c == 0x2007 ||
         c == 0x202F || c == 0x3000 || (c >= 0x2000 && c <= 0x200A) || c == 0xFEFF;
}

Error field_error(ErrorCode code, std::string_view field, std::string message) {
  return Error{code, std::move(message), std::string(field)};
}

std::optional<Error> check_text(std::string_view value, std::string_view field, std::string_view what,
                                std::size_t max_chars, bool allow_newlines) {
  const auto len = utf8_length(value);
  if (!len) return field_error(ErrorCode::invalid_field, field, std::string(what) + " is not valid text");
  if (*len == 0) return field_error(ErrorCode::invalid_field, field, std::string(what) + " is required");
  if (*len > max_chars)
    return field_error(ErrorCode::invalid_field, field,
                       std::string(what) + " is too long (at most " + std::to_string(max_chars) + " characters)");
  if (has_forbidden_chars(value, allow_newlines))
    return field_error(ErrorCode::invalid_field, field, std::string(what) + " contains characters that are not allowed");
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    if (!next_code_point(s, i, cp)) return std::nullopt;
    ++n;
  }
  return n;
}

std::string trim(std::string_view s) {
  // Work on code points so that a multi-byte space is trimmed whole.
  std::size_t start = 0, end = s.size();
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    char32_t cp;
    if (!next_code_point(s, i, cp) || !is_space_cp(cp)) { start = at; break; }
    start = i;
  }
  std::size_t last_non_space_end = start;
  for (std::size_t i = start; i < s.size();) {
    char32_t cp;
    if (!next_code_point(s, i, cp)) { last_non_space_end = s.size(); break; }
    if (!is_space_cp(cp)) last_non_space_end = i;
  }
  end = last_non_space_end;
  return std::string(s.substr(start, end - start));
}

bool has_forbidden_chars(std::string_view s, bool allow_newlines) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    if (!next_code_point(s, i, cp)) return true;
    if (cp == '\n' || cp == '\t' || cp == '\r') {
      if (!allow_newlines) return true;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;
    // Bidi embeddings/overrides/isolates and marks that can disguise text.
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
        cp == 0x061C)
      return true;
  }
  return false;
}

std::optional<Error> validate_name(std::string_view value, std::string_view field) {
  const std::string t = trim(value);
  const std::string what = field == "first_name" ? "First name" : field == "last_name" ? "Last name" : "Name";
  return check_text(t, field, what, kMaxNameChars, false);
}

std::optional<Error> validate_subject(std::string_view value) {
  return check_text(trim(value), "subject", "Subject", kMaxSubjectChars, false);
}

std::optional<Error> validate_display_name(std::string_view value, std::string_view field) {
  return check_text(trim(value), field, "Name", kMaxDisplayNameChars, false);
}

std::optional<Error> validate_reply_title(std::string_view value, std::string_view field) {
  return check_text(trim(value), field, "Title", kMaxReplyTitleChars, false);
}

std::optional<Error> validate_reply_body(std::string_view value, std::string_view field) {
  if (trim(value).empty()) return field_error(ErrorCode::invalid_field, field, "Reply text is empty");
  return check_text(value, field, "Reply text", kMaxMessageChars, true);
}

std::optional<Error> validate_message_body(std::string_view value) {
  if (trim(value).empty()) return field_error(ErrorCode::invalid_field, "body", "Message is empty");
  return check_text(value, "body", "Message", kMaxMessageChars, true);
}

PhoneResult normalise_phone(std::string_view input, std::string_view default_country_code) {
  std::string d;
  bool plus = false;
  bool seen_digit = false;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const char c = input[i];
    if (c >= '0' && c <= '9') { d.push_back(c); seen_digit = true; }
    else if (c == '+' && !seen_digit && !plus) plus = true;
    else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t') continue;
    else return {{}, "Use digits only, for example 0412 345 678"};
  }
  if (d.empty()) return {{}, "Enter a mobile number"};
  std::string e164;
  if (plus) {
    e164 = "+" + d;
  } else if (d.rfind("00", 0) == 0) {
    e164 = "+" + d.substr(2);  // international call prefix
  } else if (d[0] == '0') {
    // National format: drop the trunk prefix and add the country code.
    e164 = "+" + std::string(default_country_code) + d.substr(1);
  } else if (default_country_code == "61" && d.size() == 9 && d[0] == '4') {
    e164 = "+61" + d;  // "412 345 678": a mobile typed without its leading 0
  } else {
    return {{}, "Include the area code, for example 0412 345 678"};
  }
  const std::size_t digits = e164.size() - 1;
  if (e164[1] == '0') return {{}, "That is not a valid international number"};
  if (digits < 8 || digits > 15) return {{}, "That number has the wrong number of digits"};
  if (e164.rfind("+61", 0) == 0 && digits != 11)
    return {{}, "Australian numbers have 10 digits, for example 0412 345 678"};
  return {e164, {}};
}

bool is_probably_mobile(std::string_view e164) {
  if (e164.rfind("+61", 0) == 0) return e164.size() == 12 && e164[3] == '4';
  return e164.size() >= 9;
}

std::string mask_phone(std::string_view e164) {
  if (e164.size() < 7) return std::string(e164.size(), '*');
  const std::size_t keep_front = e164.rfind("+61", 0) == 0 ? 3 : 3;
  const std::size_t keep_back = 3;
  std::string out(e164.substr(0, keep_front));
  out.append(e164.size() - keep_front - keep_back, '*');
  out.append(e164.substr(e164.size() - keep_back));
  return out;
}

std::optional<Error> validate_identifier_schema(const std::vector<IdentifierField>& schema) {
  std::set<std::string> keys;
  if (schema.size() > 20) return Error{ErrorCode::invalid_field, "At most 20 identifier fields", "identifiers"};
  for (const auto& f : schema) {
    const bool key_ok = !f.key.empty() && f.key.size() <= 40 &&
                        std::all_of(f.key.begin(), f.key.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                        });
    if (!key_ok)
      return Error{ErrorCode::invalid_field, "Identifier key must be 1-40 of a-z, 0-9 and _", "identifiers"};
    if (!keys.insert(f.key).second)
      return Error{ErrorCode::invalid_field, "Identifier key '" + f.key + "' appears twice", "identifiers"};
    if (auto e = check_text(trim(f.label), "identifiers", "Label", 80, false)) return e;
    if (f.max_length < 1 || f.max_length > static_cast<int>(kMaxIdentifierChars))
      return Error{ErrorCode::invalid_field,
                   "max_length of '" + f.key + "' must be 1 to " + std::to_string(kMaxIdentifierChars), "identifiers"};
    if (!f.pattern.empty()) {
      const auto pattern_chars = utf8_length(f.pattern);
      if (!pattern_chars)
        return Error{ErrorCode::invalid_field, "Pattern of '" + f.key + "' is not valid text", "identifiers"};
      if (*pattern_chars > kMaxPatternChars)
        return Error{ErrorCode::invalid_field, "Pattern of '" + f.key + "' is too long", "identifiers"};
      std::string why;
      if (!IdPattern::compile(f.pattern, &why))
        return Error{ErrorCode::invalid_field, "Pattern of '" + f.key + "' is not supported: " + why, "identifiers"};
    }
  }
  return std::nullopt;
}

std::optional<Error> validate_identifiers(const std::vector<IdentifierField>& schema,
                                          const std::map<std::string, std::string>& values,
                                          std::map<std::string, std::string>* out) {
  std::map<std::string, std::string> clean;
  for (const auto& [key, _] : values) {
    bool known = false;
    for (const auto& f : schema) known = known || f.key == key;
    if (!known) return Error{ErrorCode::invalid_identifier, "Unknown identifier '" + key + "'", key};
  }
  for (const auto& f : schema) {
    const auto it = values.find(f.key);
    const std::string v = it == values.end() ? std::string() : trim(it->second);
    if (v.empty()) {
      if (f.required) return Error{ErrorCode::invalid_identifier, f.label + " is required", f.key};
      continue;
    }
    const auto len = utf8_length(v);
    if (!len || has_forbidden_chars(v, false))
      return Error{ErrorCode::invalid_identifier, f.label + " contains characters that are not allowed", f.key};
    const std::size_t max = std::min<std::size_t>(static_cast<std::size_t>(f.max_length), kMaxIdentifierChars);
    if (*len > max)
      return Error{ErrorCode::invalid_identifier,
                   f.label + " is too long (at most " + std::to_string(max) + " characters)", f.key};
    if (!f.pattern.empty()) {
      // A stored pattern outside the subset (it cannot pass validate_identifier_schema) refuses every value.
      const auto pattern = IdPattern::compile(f.pattern, nullptr);
      if (!pattern || !pattern->matches(v)) return Error{ErrorCode::invalid_identifier, f.label + " is not in the expected format", f.key};
    }
    clean[f.key] = v;
  }
  if (out) *out = std::move(clean);
  return std::nullopt;
}

}  // namespace foxo
