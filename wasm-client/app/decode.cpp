// Index: helpers; errors; cases and messages; guest flow and staff answers.
#include "app/decode.hpp"

namespace foxo::client::decode {

namespace {

// from_json of protocol.hpp throws on a missing member or a wrong type:
// here that reads as "cannot be read".
template <class T>
std::optional<T> read(const json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    return j.get<T>();
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

const json& member(const json& j, const char* key) {
  static const json null;
  if (!j.is_object()) return null;
  const auto it = j.find(key);
  return it != j.end() ? *it : null;
}

std::string text(const json& j, const char* key) {
  const json& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

double number(const json& j, const char* key, double fallback) {
  const json& v = member(j, key);
  return v.is_number() ? v.get<double>() : fallback;
}

ListedCase listed(foxo::CaseSummary wire, CaseStatus state, const Locale& locale) {
  ListedCase c;
  static_cast<foxo::CaseSummary&>(c) = std::move(wire);
  c.state = state;
  c.created_ms = locale.parse_time_ms(c.created_at);
  if (c.guest) c.guest_name = c.guest->first_name + " " + c.guest->last_name;
  return c;
}

}  // namespace

json parse(const std::string& body) { return json::parse(body, nullptr, /*allow_exceptions=*/false); }

// ---- Errors ------------------------------------------------------------------

ErrorReply error_reply(const std::string& body) {
  const json j = parse(body);
  const json& e = member(j, "error");
  ErrorReply out;
  out.code = text(e, "code");
  out.message = text(e, "message");
  out.field = text(e, "field");
  // attempts_left is inside "error" (routes_guest.cpp); a top-level one is read too.
  double left = number(j, "attempts_left", -1);
  if (left < 0) left = number(e, "attempts_left", -1);
  out.attempts_left = static_cast<int>(left);
  out.max_bytes = number(e, "max_bytes", 0);
  return out;
}

// ---- Cases and messages ----------------------------------------------------------

std::optional<ListedCase> listed_case(const json& j, const Locale& locale) {
  auto wire = read<foxo::CaseSummary>(j);
  if (!wire) return std::nullopt;
  const auto state = parse_case_status(wire->status);
  if (!state) return std::nullopt;
  return listed(std::move(*wire), *state, locale);
}

ListedCase listed_case(const CaseDetail& d, const Locale& locale) {
  foxo::CaseSummary wire;
  wire.id = d.id;
  wire.subject = d.subject;
  wire.status = d.status;
  wire.team = d.team;
  wire.created_at = d.created_at;
  wire.guest = Guest{{}, d.guest.first_name, d.guest.last_name, {}};
  wire.identifiers = d.identifiers;
  wire.assignee = d.assignee;
  return listed(std::move(wire), parse_case_status(d.status).value_or(CaseStatus::closed), locale);
}

std::vector<ListedCase> case_list(const std::string& body, const Locale& locale) {
  std::vector<ListedCase> out;
  const json j = parse(body);
  const json& cases = member(j, "cases");
  if (!cases.is_array()) return out;
  for (const auto& c : cases)
    if (auto listed = listed_case(c, locale)) out.push_back(std::move(*listed));
  return out;
}

std::optional<ShownMessage> shown_message(const json& j, const Locale& locale) {
  auto wire = read<foxo::Message>(j);
  if (!wire) return std::nullopt;
  return shown_message(std::move(*wire), locale);
}

ShownMessage shown_message(foxo::Message wire, const Locale& locale) {
  ShownMessage m;
  static_cast<foxo::Message&>(m) = std::move(wire);
  if (const double t = locale.parse_time_ms(m.created_at); t > 0) {
    m.time_text = locale.format_clock(t);
    m.day_key = locale.day_key(t);
    m.day_text = locale.format_day(t);
  }
  return m;
}

std::optional<CaseDetail> case_detail(const std::string& body) { return read<CaseDetail>(parse(body)); }

LiveMessage live_message(const std::string& data, const Locale& locale) {
  const json j = parse(data);
  return LiveMessage{text(j, "case_id"), shown_message(member(j, "message"), locale)};
}

// ---- Guest flow and staff ---------------------------------------------------------

std::optional<TeamEntry> team_entry(const std::string& body) { return read<TeamEntry>(parse(body)); }

OtpChallenge otp_challenge(const std::string& body) {
  const json j = parse(body);
  OtpChallenge c;
  c.challenge_id = text(j, "challenge_id");
  c.expires_in = static_cast<std::int64_t>(number(j, "expires_in", 600));
  c.resend_in = static_cast<std::int64_t>(number(j, "resend_in", 30));
  return c;
}

std::optional<StaffInfo> staff(const std::string& body) { return read<StaffInfo>(member(parse(body), "staff")); }

StaffLoginFlags staff_login_flags(const std::string& body) {
  const json j = parse(body);
  StaffLoginFlags f;
  if (!j.is_object()) return f;
  f.mfa_required = j.value("mfa_required", json()).is_boolean() && j["mfa_required"].get<bool>();
  f.enrolment_required =
      j.value("mfa_enrolment_required", json()).is_boolean() && j["mfa_enrolment_required"].get<bool>();
  return f;
}

std::optional<MfaEnrolment> mfa_enrolment(const std::string& body) { return read<MfaEnrolment>(parse(body)); }

std::vector<std::string> recovery_codes(const std::string& body) {
  return read<MfaRecoveryCodes>(parse(body)).value_or(MfaRecoveryCodes{}).recovery_codes;
}

std::optional<Guest> guest(const std::string& body) {
  const json j = parse(body);
  const json& g = member(j, "guest");
  return read<Guest>(g.is_object() ? g : j);
}

ResumeAnswer resume_answer(const std::string& body) {
  const json j = parse(body);
  ResumeAnswer a;
  a.case_id = text(j, "case_id");
  a.challenge_id = text(j, "challenge_id");
  a.phone_hint = text(j, "phone_hint");
  a.authenticated = member(j, "authenticated").is_boolean() && member(j, "authenticated").get<bool>();
  a.expires_in = number(j, "expires_in", 600);
  a.resend_in = number(j, "resend_in", 30);
  return a;
}

std::string next_cursor(const std::string& body) { return text(parse(body), "next"); }

std::vector<ColleagueTeam> colleagues(const std::string& body) {
  return read<foxo::Colleagues>(parse(body)).value_or(foxo::Colleagues{}).teams;
}

bool health_dev(const std::string& body) {
  const json j = parse(body);
  const json& dev = member(j, "dev");
  return dev.is_boolean() && dev.get<bool>();
}

}  // namespace foxo::client::decode
