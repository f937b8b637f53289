// The --dev demo data (seed.hpp).
#include "services/seed.hpp"

#include "core/crypto.hpp"

namespace foxo::relay::services {

bool seed_demo_data(store::DirectoryStore& dir, const Clock& clock) {
  if (!dir.empty()) return false;
  const TimeMs now = clock.now();
  const std::vector<std::string> subjects{"Missing Report", "Request Call back", "Referral question", "Results query",
                                          "Other"};
  const auto demo = dir.create_org("demo-health", "Demo Health",
                                   {{"provider_number", "Provider number", false, 16, ""},
                                    {"practice_name", "Practice name", true, 120, ""}},
                                   now);
  const auto intake = dir.create_team(demo->id, "intake", "Intake Team", subjects, now);
  const auto results = dir.create_team(demo->id, "results", "Results Team",
                                       {"Results query", "Missing Report", "Request Call back", "Other"}, now);
  // One hash for all demo accounts: Argon2id is deliberately slow.
  const std::string pw = hash_password("demo-password");
  dir.create_staff(demo->id, "intake1@demo.test", "Ivy Intake", pw, false, {intake->id}, now);
  dir.create_staff(demo->id, "intake2@demo.test", "Ian Intake", pw, false, {intake->id}, now);
  dir.create_staff(demo->id, "results1@demo.test", "Rita Results", pw, false, {results->id}, now);
  dir.create_staff(demo->id, "admin@demo.test", "Ada Admin", pw, true, {intake->id, results->id}, now);
  const auto other = dir.create_org("other-clinic", "Other Clinic", {}, now);
  const auto other_team = dir.create_team(other->id, "other", "Other Team", subjects, now);
  dir.create_staff(other->id, "other1@demo.test", "Otto Other", pw, false, {other_team->id}, now);
  return true;
}

}  // namespace foxo::relay::services
