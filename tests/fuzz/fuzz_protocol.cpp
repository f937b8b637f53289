// Fuzzes the JSON protocol of shared/include/foxo/protocol.hpp with one input
// read as a request body by every parse_* function, and as a response by every
// from_json. Invariants: nothing throws out of a parse_* function; what a
// parser accepts satisfies the rules it claims to check and survives
// serialise -> parse unchanged; every error body serialises; every response
// struct that can be read from JSON serialises back to JSON that reads into
// the same struct.
#include <cstdint>
#include <string>
#include <string_view>

#include "foxo/protocol.hpp"
#include "foxo/validation.hpp"
#include "fuzz_check.hpp"

namespace {
using foxo::json;

// An error becomes a response body: it must serialise (dump throws on
// invalid UTF-8, which would turn a 4xx into a 5xx).
template <class T>
void check_error(const foxo::Parsed<T>& p) {
  if (p.ok()) return;
  FOXO_FUZZ_CHECK(!std::string_view(foxo::to_string(p.error.code)).empty());
  FOXO_FUZZ_CHECK(!p.error.message.empty());
  const std::string dumped = foxo::error_body(p.error).dump();
  FOXO_FUZZ_CHECK(json::parse(dumped, nullptr, false).contains("error"));
}

bool digits_only(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void check_requests(std::string_view body) {
  const auto obj = foxo::parse_json_object(body);
  check_error(obj);
  if (obj.ok()) {
    FOXO_FUZZ_CHECK(obj.value->is_object());
    // Parse -> dump -> parse is stable.
    const std::string once = obj.value->dump();
    const auto again = foxo::parse_json_object(once);
    FOXO_FUZZ_CHECK(again.ok());
    FOXO_FUZZ_CHECK(*again.value == *obj.value);
    FOXO_FUZZ_CHECK(again.value->dump() == once);
  }

  if (const auto r = foxo::parse_otp_request(body); r.ok()) {
    const auto& v = *r.value;
    FOXO_FUZZ_CHECK(!foxo::validate_name(v.first_name, "first_name"));
    FOXO_FUZZ_CHECK(!foxo::validate_name(v.last_name, "last_name"));
    FOXO_FUZZ_CHECK(foxo::trim(v.first_name) == v.first_name);
    FOXO_FUZZ_CHECK(foxo::trim(v.last_name) == v.last_name);
    FOXO_FUZZ_CHECK(v.phone.size() > 1 && v.phone[0] == '+' && digits_only(v.phone.substr(1)));
    FOXO_FUZZ_CHECK(foxo::normalise_phone(v.phone).e164 == v.phone);
    FOXO_FUZZ_CHECK(foxo::is_probably_mobile(v.phone));
    FOXO_FUZZ_CHECK(v.challenge_id.size() <= 128);
    // The accepted request, sent again, is accepted as the same request.
    json again{{"team", v.team}, {"first_name", v.first_name}, {"last_name", v.last_name}, {"phone", v.phone}};
    if (!v.challenge_id.empty()) again["challenge_id"] = v.challenge_id;
    const auto r2 = foxo::parse_otp_request(again.dump());
    FOXO_FUZZ_CHECK(r2.ok());
    FOXO_FUZZ_CHECK(r2.value->first_name == v.first_name && r2.value->last_name == v.last_name &&
                    r2.value->phone == v.phone && r2.value->team == v.team &&
                    r2.value->challenge_id == v.challenge_id);
  } else {
    check_error(r);
  }

  if (const auto r = foxo::parse_verify_request(body); r.ok()) {
    FOXO_FUZZ_CHECK(r.value->code.size() == 6 && digits_only(r.value->code));
    FOXO_FUZZ_CHECK(!r.value->challenge_id.empty() && r.value->challenge_id.size() <= 128);
  } else {
    check_error(r);
  }

  if (const auto r = foxo::parse_staff_login(body); r.ok()) {
    const auto& e = r.value->email;
    FOXO_FUZZ_CHECK(!e.empty() && e.size() <= 254 && e.find('@') != std::string::npos);
    for (char c : e) FOXO_FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
    FOXO_FUZZ_CHECK(!r.value->password.empty() && r.value->password.size() <= 1024);
  } else {
    check_error(r);
  }

  if (const auto r = foxo::parse_new_case(body); r.ok()) {
    FOXO_FUZZ_CHECK(!foxo::validate_subject(r.value->subject));
    FOXO_FUZZ_CHECK(foxo::trim(r.value->subject) == r.value->subject);
    const auto r2 = foxo::parse_new_case(
        json{{"team", r.value->team}, {"subject", r.value->subject}, {"identifiers", r.value->identifiers}}.dump());
    FOXO_FUZZ_CHECK(r2.ok());
    FOXO_FUZZ_CHECK(r2.value->subject == r.value->subject && r2.value->identifiers == r.value->identifiers);
  } else {
    check_error(r);
  }

  if (const auto r = foxo::parse_post_message(body); r.ok()) {
    FOXO_FUZZ_CHECK(foxo::valid_client_id(r.value->client_id));
    FOXO_FUZZ_CHECK(!foxo::validate_message_body(r.value->body));
    const auto r2 =
        foxo::parse_post_message(json{{"client_id", r.value->client_id}, {"body", r.value->body}}.dump());
    FOXO_FUZZ_CHECK(r2.ok() && r2.value->body == r.value->body);
  } else {
    check_error(r);
  }

  if (const auto r = foxo::parse_seen(body); r.ok()) FOXO_FUZZ_CHECK(r.value->seq >= 0);
  else check_error(r);

  if (const auto r = foxo::parse_resume(body); r.ok())
    FOXO_FUZZ_CHECK(!r.value->token.empty() && r.value->token.size() <= 128);
  else check_error(r);

  if (const auto r = foxo::parse_identifiers_update(body); r.ok()) {
    const auto& fields = r.value->identifiers;
    FOXO_FUZZ_CHECK(!foxo::validate_identifier_schema(fields));
    // What an admin saved is what the next read of the schema gives back.
    const auto r2 = foxo::parse_identifiers_update(json{{"identifiers", fields}}.dump());
    FOXO_FUZZ_CHECK(r2.ok());
    FOXO_FUZZ_CHECK(r2.value->identifiers.size() == fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto& a = fields[i];
      const auto& b = r2.value->identifiers[i];
      FOXO_FUZZ_CHECK(a.key == b.key && a.label == b.label && a.required == b.required &&
                      a.max_length == b.max_length && a.pattern == b.pattern);
    }
  } else {
    check_error(r);
  }

  if (const auto r = foxo::parse_clock_advance(body); r.ok())
    FOXO_FUZZ_CHECK(r.value->seconds >= 0 && r.value->seconds <= 10LL * 365 * 86400);
  else check_error(r);

  if (const auto r = foxo::parse_load_fixture(body); r.ok())
    FOXO_FUZZ_CHECK(r.value->guests >= 1 && r.value->guests <= 20000);
  else check_error(r);

  if (const auto r = foxo::parse_mfa_code(body); r.ok())
    FOXO_FUZZ_CHECK(!r.value->code.empty() && r.value->code.size() <= 64 && foxo::trim(r.value->code) == r.value->code);
  else check_error(r);

  if (const auto r = foxo::parse_organisation_update(body); r.ok()) FOXO_FUZZ_CHECK(r.value->require_mfa.has_value());
  else check_error(r);
}

// Reading a response: from_json may refuse (json::exception) but what it
// reads must come back unchanged through to_json -> dump -> parse -> from_json.
template <class T>
void check_round_trip(const json& j) {
  T v;
  try {
    v = j.get<T>();
  } catch (const json::exception&) {
    return;
  }
  const json out = v;
  const json reparsed = json::parse(out.dump());
  const T back = reparsed.get<T>();
  FOXO_FUZZ_CHECK(json(back) == out);
}

void check_responses(const json& j) {
  check_round_trip<foxo::TeamRef>(j);
  check_round_trip<foxo::OrganisationRef>(j);
  check_round_trip<foxo::Author>(j);
  check_round_trip<foxo::AttachmentRef>(j);
  check_round_trip<foxo::Message>(j);
  check_round_trip<foxo::Guest>(j);
  check_round_trip<foxo::Assignee>(j);
  check_round_trip<foxo::CaseSummary>(j);
  check_round_trip<foxo::CaseDetail>(j);
  check_round_trip<foxo::StaffInfo>(j);
  check_round_trip<foxo::IdentifierField>(j);
  check_round_trip<foxo::TeamEntry>(j);
  check_round_trip<foxo::OtpChallenge>(j);
  check_round_trip<foxo::QrModules>(j);
  check_round_trip<foxo::MfaEnrolment>(j);
  check_round_trip<foxo::MfaRecoveryCodes>(j);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  check_requests(body);
  // Responses: the object itself and each member (lists and nested objects
  // as the client meets them inside larger answers).
  const auto obj = foxo::parse_json_object(body);
  if (obj.ok()) {
    check_responses(*obj.value);
    for (const auto& [key, member] : obj.value->items()) {
      check_responses(member);
      if (member.is_array())
        for (const auto& element : member) check_responses(element);
    }
  }
  return 0;
}
