#include "foxo/protocol.hpp"

#include <algorithm>

namespace foxo {

// ---- Parsing helpers -------------------------------------------------------
namespace {

// When a JSON string holds malformed UTF-8, the member it belongs to (the
// last key before it): API.md refuses malformed text with invalid_field
// naming the field, where nlohmann's parser only says "not JSON".
std::optional<std::string> member_with_malformed_text(std::string_view body) {
  std::string last_string, key;
  bool in_string = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (!in_string) {
      if (c == '"') {
        in_string = true;
        start = i + 1;
      } else if (c == ':') {
        key = last_string;
      }
      ++i;
      continue;
    }
    if (c == '\\') {
      i += 2;
    } else if (c == '"') {
      in_string = false;
      last_string = std::string(body.substr(start, i - start));
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      ++i;
    } else {
      char32_t cp;
      if (!next_code_point(body, i, cp)) return key;
    }
  }
  return std::nullopt;
}

}  // namespace

Parsed<json> parse_json_object(std::string_view body) {
  if (body.size() > kMaxJsonBytes) return Parsed<json>::fail(ErrorCode::too_large, "Request body is too large");
  // Bound the nesting depth before parsing: nlohmann's parser recurses.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return Parsed<json>::fail(ErrorCode::invalid_json, "JSON is nested too deeply");
    } else if (c == '}' || c == ']') --depth;
  }
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Only a member name of the contract's form (ASCII snake_case) is named:
    // the error goes back as JSON, and a name holding the malformed bytes
    // itself could not be serialised (the fuzzer found one).
    const auto field = member_with_malformed_text(body);
    const bool nameable = field && !field->empty() && field->size() <= 64 &&
                          std::all_of(field->begin(), field->end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                          });
    if (nameable) return Parsed<json>::fail(ErrorCode::invalid_field, "Text is not valid UTF-8", *field);
    return Parsed<json>::fail(ErrorCode::invalid_json, "Request body is not valid JSON");
  }
  if (!j.is_object()) return Parsed<json>::fail(ErrorCode::invalid_json, "Request body must be a JSON object");
  Parsed<json> p;
  p.value = std::move(j);
  return p;
}

namespace {
// Reads a required string member; sets `err` and returns false when absent or not a string.
bool get_string(const json& j, const char* key, std::string& out, Error& err, bool required = true) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (!required) return true;
    err = Error{ErrorCode::invalid_field, std::string(key) + " is required", key};
    return false;
  }
  if (!it->is_string()) {
    err = Error{ErrorCode::invalid_field, std::string(key) + " must be a string", key};
    return false;
  }
  out = it->get<std::string>();
  return true;
}
bool get_int(const json& j, const char* key, std::int64_t& out, Error& err) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) {
    err = Error{ErrorCode::invalid_field, std::string(key) + " must be a whole number", key};
    return false;
  }
  out = it->get<std::int64_t>();
  return true;
}
// Reads a whole-number member for from_json. nlohmann would also convert a
// floating-point number with a plain cast, which is undefined behaviour when
// it is out of range (1e300); a response with one is refused like any other
// wrong type.
template <class Int>
void get_whole(const json& j, const char* key, Int& out) {
  const json& v = j.at(key);
  if (!v.is_number_integer()) throw json::type_error::create(302, std::string(key) + " must be a whole number", &v);
  out = v.get<Int>();
}
template <class T>
Parsed<T> fail_with(const Error& e) {
  Parsed<T> p;
  p.error = e;
  return p;
}
template <class T>
Parsed<T> success(T v) {
  Parsed<T> p;
  p.value = std::move(v);
  return p;
}
}  // namespace

// ---- to_json / from_json ---------------------------------------------------
void to_json(json& j, const TeamRef& v) { j = json{{"slug", v.slug}, {"name", v.name}}; }
void to_json(json& j, const OrganisationRef& v) { j = json{{"slug", v.slug}, {"name", v.name}}; }
void to_json(json& j, const Author& v) { j = json{{"kind", v.kind}, {"name", v.name}}; }
void to_json(json& j, const AttachmentRef& v) {
  j = json{{"id", v.id}, {"name", v.name}, {"size", v.size}, {"content_type", v.content_type}};
}
void to_json(json& j, const Message& v) {
  j = json{{"seq", v.seq},       {"client_id", v.client_id}, {"author", v.author},
           {"body", v.body},     {"attachment", nullptr},    {"created_at", v.created_at},
           {"internal", v.internal}};
  if (v.attachment) j["attachment"] = *v.attachment;
}
void to_json(json& j, const Guest& v) {
  j = json{{"id", v.id}, {"first_name", v.first_name}, {"last_name", v.last_name}, {"phone", v.phone}};
}
void to_json(json& j, const Assignee& v) { j = json{{"id", v.id}, {"name", v.name}}; }
void to_json(json& j, const CaseSummary& v) {
  j = json{{"id", v.id},           {"subject", v.subject},       {"status", v.status}, {"team", v.team},
           {"created_at", v.created_at}, {"updated_at", v.updated_at}, {"unread", v.unread}};
  if (v.guest) {
    j["guest"] = {{"first_name", v.guest->first_name}, {"last_name", v.guest->last_name}};
    j["identifiers"] = v.identifiers;
    j["assignee"] = nullptr;
    if (v.assignee) j["assignee"] = *v.assignee;
    j["last_activity_at"] = v.last_activity_at;
  }
  if (v.queue_position) j["queue_position"] = *v.queue_position;
}
void to_json(json& j, const SeenMarks& v) { j = json{{"guest", v.guest}, {"staff", v.staff}}; }
void to_json(json& j, const CannedReply& v) {
  j = json{{"id", v.id}, {"team", v.team}, {"title", v.title}, {"body", v.body}};
}
void to_json(json& j, const CaseDetail& v) {
  j = json{{"id", v.id},
           {"subject", v.subject},
           {"status", v.status},
           {"team", v.team},
           {"guest", {{"first_name", v.guest.first_name}, {"last_name", v.guest.last_name}, {"phone", v.guest.phone}}},
           {"identifiers", v.identifiers},
           {"assignee", nullptr},
           {"created_at", v.created_at},
           {"closed_at", nullptr},
           {"messages", v.messages},
           {"seen", v.seen}};
  if (v.assignee) j["assignee"] = *v.assignee;
  if (v.closed_at) j["closed_at"] = *v.closed_at;
  if (v.queue_position) j["queue_position"] = *v.queue_position;
}
void to_json(json& j, const StaffInfo& v) {
  j = json{{"id", v.id}, {"name", v.name}, {"email", v.email}, {"teams", v.teams}, {"admin", v.admin}};
}
void to_json(json& j, const IdentifierField& v) {
  j = json{{"key", v.key}, {"label", v.label}, {"required", v.required}, {"max_length", v.max_length}};
  if (!v.pattern.empty()) j["pattern"] = v.pattern;
}
void to_json(json& j, const TeamEntry& v) {
  j = json{{"organisation", v.organisation}, {"team", v.team}, {"identifiers", v.identifiers}, {"subjects", v.subjects}};
}
void to_json(json& j, const OtpChallenge& v) {
  j = json{{"challenge_id", v.challenge_id}, {"expires_in", v.expires_in}, {"resend_in", v.resend_in}};
}
void to_json(json& j, const QrModules& v) { j = json{{"size", v.size}, {"modules", v.modules}}; }
void to_json(json& j, const MfaEnrolment& v) {
  j = json{{"secret", v.secret}, {"otpauth_uri", v.otpauth_uri}, {"qr", v.qr}};
}
void to_json(json& j, const MfaRecoveryCodes& v) { j = json{{"recovery_codes", v.recovery_codes}}; }
void to_json(json& j, const Colleague& v) { j = json{{"id", v.id}, {"name", v.name}}; }
void to_json(json& j, const ColleagueTeam& v) { j = json{{"slug", v.slug}, {"name", v.name}, {"members", v.members}}; }
void to_json(json& j, const Colleagues& v) { j = json{{"teams", v.teams}}; }

void from_json(const json& j, TeamRef& v) { j.at("slug").get_to(v.slug); j.at("name").get_to(v.name); }
void from_json(const json& j, OrganisationRef& v) { j.at("slug").get_to(v.slug); j.at("name").get_to(v.name); }
void from_json(const json& j, Author& v) { j.at("kind").get_to(v.kind); j.at("name").get_to(v.name); }
void from_json(const json& j, AttachmentRef& v) {
  j.at("id").get_to(v.id); j.at("name").get_to(v.name); get_whole(j, "size", v.size);
  j.at("content_type").get_to(v.content_type);
}
void from_json(const json& j, Message& v) {
  get_whole(j, "seq", v.seq); j.at("client_id").get_to(v.client_id); j.at("author").get_to(v.author);
  j.at("body").get_to(v.body); j.at("created_at").get_to(v.created_at);
  v.attachment.reset();
  if (j.contains("attachment") && !j.at("attachment").is_null()) v.attachment = j.at("attachment").get<AttachmentRef>();
  v.internal = j.contains("internal") && j.at("internal").is_boolean() && j.at("internal").get<bool>();
}
void from_json(const json& j, Guest& v) {
  v.id = j.value("id", std::string());
  j.at("first_name").get_to(v.first_name); j.at("last_name").get_to(v.last_name); j.at("phone").get_to(v.phone);
}
void from_json(const json& j, Assignee& v) { j.at("id").get_to(v.id); j.at("name").get_to(v.name); }
void from_json(const json& j, CaseSummary& v) {
  j.at("id").get_to(v.id); j.at("subject").get_to(v.subject); j.at("status").get_to(v.status);
  j.at("team").get_to(v.team); j.at("created_at").get_to(v.created_at); j.at("updated_at").get_to(v.updated_at);
  get_whole(j, "unread", v.unread);
  v.guest.reset();
  v.identifiers.clear();
  if (j.contains("guest") && j.at("guest").is_object()) {
    Guest g;
    j.at("guest").at("first_name").get_to(g.first_name);
    j.at("guest").at("last_name").get_to(g.last_name);
    v.guest = g;
    if (j.contains("identifiers")) j.at("identifiers").get_to(v.identifiers);
  }
  v.assignee.reset();
  if (j.contains("assignee") && j.at("assignee").is_object()) v.assignee = j.at("assignee").get<Assignee>();
  v.last_activity_at.clear();
  if (j.contains("last_activity_at") && j.at("last_activity_at").is_string())
    j.at("last_activity_at").get_to(v.last_activity_at);
  v.queue_position.reset();
  if (j.contains("queue_position") && j.at("queue_position").is_number_integer())
    v.queue_position = j.at("queue_position").get<std::int64_t>();
}
void from_json(const json& j, SeenMarks& v) {
  v = SeenMarks{};
  get_whole(j, "guest", v.guest);
  get_whole(j, "staff", v.staff);
}
void from_json(const json& j, CannedReply& v) {
  j.at("id").get_to(v.id); j.at("team").get_to(v.team); j.at("title").get_to(v.title); j.at("body").get_to(v.body);
}
void from_json(const json& j, CaseDetail& v) {
  j.at("id").get_to(v.id); j.at("subject").get_to(v.subject); j.at("status").get_to(v.status);
  j.at("team").get_to(v.team); j.at("guest").get_to(v.guest); j.at("identifiers").get_to(v.identifiers);
  j.at("created_at").get_to(v.created_at); j.at("messages").get_to(v.messages);
  v.assignee.reset();
  if (j.contains("assignee") && !j.at("assignee").is_null()) v.assignee = j.at("assignee").get<Assignee>();
  v.closed_at.reset();
  if (j.contains("closed_at") && !j.at("closed_at").is_null()) v.closed_at = j.at("closed_at").get<std::string>();
  v.seen = SeenMarks{};
  if (j.contains("seen") && j.at("seen").is_object()) j.at("seen").get_to(v.seen);
  v.queue_position.reset();
  if (j.contains("queue_position") && j.at("queue_position").is_number_integer())
    v.queue_position = j.at("queue_position").get<std::int64_t>();
}
void from_json(const json& j, StaffInfo& v) {
  j.at("id").get_to(v.id); j.at("name").get_to(v.name); j.at("email").get_to(v.email);
  j.at("teams").get_to(v.teams); j.at("admin").get_to(v.admin);
}
void from_json(const json& j, IdentifierField& v) {
  j.at("key").get_to(v.key); j.at("label").get_to(v.label);
  v.required = j.value("required", false);
  v.max_length = 120;
  if (j.contains("max_length")) {
    // Out of range reads as 0 (refused by validate_identifier_schema), as in parse_identifiers_update.
    std::int64_t n = 0;
    get_whole(j, "max_length", n);
    v.max_length = n < 0 || n > 100000 ? 0 : static_cast<int>(n);
  }
  v.pattern = j.value("pattern", std::string());
}
void from_json(const json& j, TeamEntry& v) {
  j.at("organisation").get_to(v.organisation); j.at("team").get_to(v.team);
  j.at("identifiers").get_to(v.identifiers); j.at("subjects").get_to(v.subjects);
}
void from_json(const json& j, OtpChallenge& v) {
  j.at("challenge_id").get_to(v.challenge_id); get_whole(j, "expires_in", v.expires_in);
  get_whole(j, "resend_in", v.resend_in);
}
void from_json(const json& j, QrModules& v) {
  get_whole(j, "size", v.size);
  j.at("modules").get_to(v.modules);
  // A matrix the client can index safely: size*size characters of 0 and 1.
  if (v.size < 0 || v.size > 177 || v.modules.size() != static_cast<std::size_t>(v.size * v.size) ||
      v.modules.find_first_not_of("01") != std::string::npos)
    throw json::type_error::create(302, "qr modules do not match their size", &j);
}
void from_json(const json& j, MfaEnrolment& v) {
  j.at("secret").get_to(v.secret); j.at("otpauth_uri").get_to(v.otpauth_uri);
  v.qr = j.contains("qr") ? j.at("qr").get<QrModules>() : QrModules{};
}
void from_json(const json& j, MfaRecoveryCodes& v) { j.at("recovery_codes").get_to(v.recovery_codes); }
void from_json(const json& j, Colleague& v) { j.at("id").get_to(v.id); j.at("name").get_to(v.name); }
void from_json(const json& j, ColleagueTeam& v) {
  j.at("slug").get_to(v.slug); j.at("name").get_to(v.name); j.at("members").get_to(v.members);
}
void from_json(const json& j, Colleagues& v) { j.at("teams").get_to(v.teams); }

json error_body(const Error& e, const json& extra) {
  json inner{{"code", std::string(to_string(e.code))}, {"message", e.message}};
  if (!e.field.empty()) inner["field"] = e.field;
  for (auto it = extra.begin(); it != extra.end(); ++it) inner[it.key()] = it.value();
  return json{{"error", inner}};
}

// ---- Requests --------------------------------------------------------------
bool valid_client_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

Parsed<OtpRequest> parse_otp_request(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<OtpRequest>(j.error);
  OtpRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "team", r.team, e) || !get_string(*j.value, "first_name", r.first_name, e) ||
      !get_string(*j.value, "last_name", r.last_name, e) || !get_string(*j.value, "phone", r.phone, e) ||
      !get_string(*j.value, "challenge_id", r.challenge_id, e, false))
    return fail_with<OtpRequest>(e);
  if (r.challenge_id.size() > 128)
    return fail_with<OtpRequest>(Error{ErrorCode::invalid_field, "challenge_id is not valid", "challenge_id"});
  if (auto err = validate_name(r.first_name, "first_name")) return fail_with<OtpRequest>(*err);
  if (auto err = validate_name(r.last_name, "last_name")) return fail_with<OtpRequest>(*err);
  r.first_name = trim(r.first_name);
  r.last_name = trim(r.last_name);
  const auto phone = normalise_phone(r.phone);
  if (!phone.ok()) return fail_with<OtpRequest>(Error{ErrorCode::invalid_field, phone.error, "phone"});
  if (!is_probably_mobile(phone.e164))
    return fail_with<OtpRequest>(Error{ErrorCode::invalid_field, "Enter a mobile number that can receive SMS", "phone"});
  r.phone = phone.e164;
  return success(std::move(r));
}

Parsed<VerifyRequest> parse_verify_request(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<VerifyRequest>(j.error);
  VerifyRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "challenge_id", r.challenge_id, e) || !get_string(*j.value, "code", r.code, e))
    return fail_with<VerifyRequest>(e);
  if (r.challenge_id.empty() || r.challenge_id.size() > 128)
    return fail_with<VerifyRequest>(Error{ErrorCode::invalid_field, "challenge_id is not valid", "challenge_id"});
  std::string digits;
  for (char c : r.code) {
    if (c >= '0' && c <= '9') digits.push_back(c);
    else if (c != ' ' && c != '-')
      return fail_with<VerifyRequest>(Error{ErrorCode::invalid_field, "The code is 6 digits", "code"});
  }
  if (digits.size() != 6) return fail_with<VerifyRequest>(Error{ErrorCode::invalid_field, "The code is 6 digits", "code"});
  r.code = digits;
  return success(std::move(r));
}

Parsed<StaffLoginRequest> parse_staff_login(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<StaffLoginRequest>(j.error);
  StaffLoginRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "email", r.email, e) || !get_string(*j.value, "password", r.password, e))
    return fail_with<StaffLoginRequest>(e);
  r.email = trim(r.email);
  for (auto& c : r.email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (r.email.empty() || r.email.size() > 254 || r.email.find('@') == std::string::npos)
    return fail_with<StaffLoginRequest>(Error{ErrorCode::invalid_field, "Enter your email address", "email"});
  if (r.password.empty() || r.password.size() > 1024)
    return fail_with<StaffLoginRequest>(Error{ErrorCode::invalid_field, "Enter your password", "password"});
  return success(std::move(r));
}

Parsed<NewCaseRequest> parse_new_case(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<NewCaseRequest>(j.error);
  NewCaseRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "team", r.team, e) || !get_string(*j.value, "subject", r.subject, e))
    return fail_with<NewCaseRequest>(e);
  if (auto err = validate_subject(r.subject)) return fail_with<NewCaseRequest>(*err);
  r.subject = trim(r.subject);
  const auto it = j.value->find("identifiers");
  if (it != j.value->end() && !it->is_null()) {
    if (!it->is_object())
      return fail_with<NewCaseRequest>(Error{ErrorCode::invalid_field, "identifiers must be an object", "identifiers"});
    for (auto f = it->begin(); f != it->end(); ++f) {
      if (!f.value().is_string())
        return fail_with<NewCaseRequest>(Error{ErrorCode::invalid_identifier, f.key() + " must be text", f.key()});
      r.identifiers[f.key()] = f.value().get<std::string>();
    }
  }
  return success(std::move(r));
}

Parsed<PostMessageRequest> parse_post_message(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<PostMessageRequest>(j.error);
  PostMessageRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "client_id", r.client_id, e) || !get_string(*j.value, "body", r.body, e))
    return fail_with<PostMessageRequest>(e);
  if (!valid_client_id(r.client_id))
    return fail_with<PostMessageRequest>(
        Error{ErrorCode::invalid_field, "client_id must be 1-64 letters, digits, - or _", "client_id"});
  if (auto err = validate_message_body(r.body)) return fail_with<PostMessageRequest>(*err);
  return success(std::move(r));
}

Parsed<SeenRequest> parse_seen(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<SeenRequest>(j.error);
  SeenRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_int(*j.value, "seq", r.seq, e)) return fail_with<SeenRequest>(e);
  if (r.seq < 0) return fail_with<SeenRequest>(Error{ErrorCode::invalid_field, "seq must not be negative", "seq"});
  return success(r);
}

Parsed<ResumeRequest> parse_resume(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<ResumeRequest>(j.error);
  ResumeRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "token", r.token, e)) return fail_with<ResumeRequest>(e);
  if (r.token.empty() || r.token.size() > 128)
    return fail_with<ResumeRequest>(Error{ErrorCode::invalid_field, "token is not valid", "token"});
  return success(std::move(r));
}

Parsed<IdentifiersUpdate> parse_identifiers_update(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<IdentifiersUpdate>(j.error);
  const auto it = j.value->find("identifiers");
  if (it == j.value->end() || !it->is_array())
    return fail_with<IdentifiersUpdate>(Error{ErrorCode::invalid_field, "identifiers must be a list", "identifiers"});
  IdentifiersUpdate r;
  for (const auto& f : *it) {
    if (!f.is_object() || !f.contains("key") || !f["key"].is_string() || !f.contains("label") ||
        !f["label"].is_string() || (f.contains("required") && !f["required"].is_boolean()) ||
        (f.contains("max_length") && !f["max_length"].is_number_integer()) ||
        (f.contains("pattern") && !f["pattern"].is_string() && !f["pattern"].is_null()))
      return fail_with<IdentifiersUpdate>(Error{ErrorCode::invalid_field,
                                                "each identifier needs key and label (text), required (true/false), "
                                                "max_length (number) and an optional pattern",
                                                "identifiers"});
    IdentifierField field;
    field.key = f["key"].get<std::string>();
    field.label = trim(f["label"].get<std::string>());
    field.required = f.value("required", false);
    const auto max_len = f.value("max_length", std::int64_t{120});
    field.max_length = max_len < 0 || max_len > 100000 ? 0 : static_cast<int>(max_len);
    if (f.contains("pattern") && f["pattern"].is_string()) field.pattern = f["pattern"].get<std::string>();
    r.identifiers.push_back(std::move(field));
  }
  if (auto err = validate_identifier_schema(r.identifiers)) return fail_with<IdentifiersUpdate>(*err);
  return success(std::move(r));
}

Parsed<ClockAdvance> parse_clock_advance(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<ClockAdvance>(j.error);
  ClockAdvance r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_int(*j.value, "seconds", r.seconds, e)) return fail_with<ClockAdvance>(e);
  if (r.seconds < 0 || r.seconds > 10LL * 365 * 86400)
    return fail_with<ClockAdvance>(Error{ErrorCode::invalid_field, "seconds must be 0 to 10 years", "seconds"});
  return success(r);
}

Parsed<LoadFixtureRequest> parse_load_fixture(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<LoadFixtureRequest>(j.error);
  LoadFixtureRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "team", r.team, e) || !get_string(*j.value, "assign", r.assign, e, false) ||
      !get_int(*j.value, "guests", r.guests, e))
    return fail_with<LoadFixtureRequest>(e);
  if (r.guests < 1 || r.guests > 20000)
    return fail_with<LoadFixtureRequest>(Error{ErrorCode::invalid_field, "guests must be 1 to 20000", "guests"});
  return success(std::move(r));
}

Parsed<MfaCodeRequest> parse_mfa_code(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<MfaCodeRequest>(j.error);
  MfaCodeRequest r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, "code", r.code, e)) return fail_with<MfaCodeRequest>(e);
  r.code = trim(r.code);
  if (r.code.empty() || r.code.size() > 64)
    return fail_with<MfaCodeRequest>(Error{ErrorCode::invalid_field, "Enter the code from your app", "code"});
  return success(std::move(r));
}

Parsed<OrganisationUpdate> parse_organisation_update(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<OrganisationUpdate>(j.error);
  OrganisationUpdate r;
  for (auto it = j.value->begin(); it != j.value->end(); ++it) {
    if (it.key() != "require_mfa") {
      const bool nameable = it.key().size() <= 64 && std::all_of(it.key().begin(), it.key().end(), [](char c) {
                              return (c >= 'a' && c <= 'z') || c == '_';
                            });
      return fail_with<OrganisationUpdate>(
          Error{ErrorCode::invalid_field, "Only require_mfa can be changed here", nameable ? it.key() : ""});
    }
    if (!it.value().is_boolean())
      return fail_with<OrganisationUpdate>(
          Error{ErrorCode::invalid_field, "require_mfa must be true or false", "require_mfa"});
    r.require_mfa = it.value().get<bool>();
  }
  if (!r.require_mfa)
    return fail_with<OrganisationUpdate>(Error{ErrorCode::invalid_field, "require_mfa is required", "require_mfa"});
  return success(std::move(r));
}

namespace {
// A body naming one thing by its id or slug in `key`: ids and slugs have the
// shape of a client_id (1-64 of [A-Za-z0-9_-]); anything else names nothing.
template <class T>
Parsed<T> parse_naming(std::string_view body, const char* key, std::string T::*member, const char* refusal) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<T>(j.error);
  T r;
  Error e{ErrorCode::invalid_field, "", ""};
  if (!get_string(*j.value, key, r.*member, e)) return fail_with<T>(e);
  if (!valid_client_id(r.*member)) return fail_with<T>(Error{ErrorCode::invalid_field, refusal, key});
  return success(std::move(r));
}
}  // namespace

Parsed<AssignRequest> parse_assign(std::string_view body) {
  return parse_naming<AssignRequest>(body, "staff_id", &AssignRequest::staff_id, "staff_id is not a staff id");
}

Parsed<TransferRequest> parse_transfer(std::string_view body) {
  return parse_naming<TransferRequest>(body, "team", &TransferRequest::team, "team is not a team name");
}

Parsed<RepliesUpdate> parse_replies_update(std::string_view body) {
  auto j = parse_json_object(body);
  if (!j.ok()) return fail_with<RepliesUpdate>(j.error);
  const auto it = j.value->find("replies");
  if (it == j.value->end() || !it->is_array())
    return fail_with<RepliesUpdate>(Error{ErrorCode::invalid_field, "replies must be a list", "replies"});
  if (it->size() > kMaxReplies)
    return fail_with<RepliesUpdate>(Error{ErrorCode::invalid_field,
                                          "At most " + std::to_string(kMaxReplies) + " replies per team", "replies"});
  RepliesUpdate r;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& e = (*it)[i];
    const std::string at = "replies[" + std::to_string(i) + "]";
    if (!e.is_object())
      return fail_with<RepliesUpdate>(Error{ErrorCode::invalid_field, "Each reply must be an object", at});
    ReplyDraft d;
    Error err{ErrorCode::invalid_field, "", ""};
    if (!get_string(e, "title", d.title, err)) return fail_with<RepliesUpdate>(Error{err.code, err.message, at + ".title"});
    if (!get_string(e, "body", d.body, err)) return fail_with<RepliesUpdate>(Error{err.code, err.message, at + ".body"});
    if (auto bad = validate_reply_title(d.title, at + ".title")) return fail_with<RepliesUpdate>(*bad);
    if (auto bad = validate_reply_body(d.body, at + ".body")) return fail_with<RepliesUpdate>(*bad);
    d.title = trim(d.title);
    r.replies.push_back(std::move(d));
  }
  return success(std::move(r));
}

}  // namespace foxo
