// DevService and the fixture numbering (dev.hpp): what only a --dev relay does.
#include "services/dev.hpp"

#include <algorithm>
#include <cassert>
#include <map>

#include "core/crypto.hpp"

namespace foxo::relay::services {

std::int64_t next_fixture_number(std::string_view max_phone) {
  if (max_phone.empty()) return 0;
  return std::stoll(std::string(max_phone.substr(kFixturePhonePrefix.size()))) + 1;
}

std::string fixture_phone(std::int64_t n) {
  assert(n >= 0 && n < kFixturePhones && "load_fixture checks the range before it numbers guests");
  std::string digits = std::to_string(n);
  digits.insert(0, 7 - digits.size(), '0');
  return std::string(kFixturePhonePrefix) + digits;
}

TimeMs DevService::advance_clock(std::int64_t s) {
  clock_.advance(seconds(s));
  if (run_due_jobs_) run_due_jobs_();
  return clock_.now();
}

std::vector<sms::DevOutbox::Record> DevService::sent_sms() const {
  if (!outbox_) return {};
  return outbox_->all();
}

Result<std::vector<FixtureGuestOut>> DevService::load_fixture(const LoadFixtureRequest& req) {
  using R = Result<std::vector<FixtureGuestOut>>;
  const auto team = dir_.team_by_slug(req.team);
  if (!team) return R::fail(Error{ErrorCode::invalid_field, "Unknown team", "team"});
  std::optional<std::string> assignee;
  if (!req.assign.empty()) {
    const auto s = dir_.staff_by_email(req.assign);
    if (!s || std::find(s->team_ids.begin(), s->team_ids.end(), team->id) == s->team_ids.end())
      return R::fail(Error{ErrorCode::invalid_field, "assign must be a staff member of that team", "assign"});
    assignee = s->id;
  }
  const auto org = dir_.org_by_id(team->org_id);
  if (!org) return R::fail(Error{ErrorCode::not_found, "Not found", ""});
  std::map<std::string, std::string> identifiers;
  for (const auto& f : org->identifiers)
    if (f.required) identifiers[f.key] = std::string("Fixture").substr(0, static_cast<std::size_t>(f.max_length));

  const std::int64_t next =
      next_fixture_number(cases_.last_fixture_phone(org->id));
  if (next + req.guests > kFixturePhones) return R::fail(Error{ErrorCode::conflict, "Fixture phone range exhausted", ""});

  std::vector<store::FixtureGuest> guests;
  std::vector<FixtureGuestOut> out;
  guests.reserve(static_cast<std::size_t>(req.guests));
  out.reserve(static_cast<std::size_t>(req.guests));
  for (std::int64_t i = 0; i < req.guests; ++i) {
    const std::string token = random_token(256);
    guests.push_back(
        store::FixtureGuest{"Load", "Guest " + std::to_string(next + i), fixture_phone(next + i), sha256_hex(token)});
    out.push_back(FixtureGuestOut{token, ""});
  }
  const auto ids = cases_.load_fixture(org->id, team->id, assignee, identifiers, guests, clock_.now());
  for (std::size_t i = 0; i < ids.size(); ++i) out[i].case_id = ids[i];
  return R::of(std::move(out));
}

}  // namespace foxo::relay::services
