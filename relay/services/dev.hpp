// What only a --dev relay does, for tests and load runs: move its clock
// forward (and run the jobs that fell due), show the SMS its dev outbox
// "sent", and load a fixture of verified guests with one case each. The
// routes that call it exist only with --dev (http/routes_system.cpp,
// http/routes_cases.cpp); run_relay makes this service only then.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "foxo/protocol.hpp"
#include "services/result.hpp"
#include "sms/dev_outbox.hpp"
#include "store/case_store.hpp"
#include "store/directory_store.hpp"

namespace foxo::relay::services {

struct FixtureGuestOut {
  std::string token, case_id;
};

// Fixture guests have fictitious mobiles kFixturePhonePrefix + 7 digits.
inline constexpr std::string_view kFixturePhonePrefix = "+6149";
inline constexpr std::int64_t kFixturePhones = 10000000;  // 7 digits
// The number after the highest one an earlier fixture used (`max_phone`,
// "" when none): fixtures continue rather than collide.
std::int64_t next_fixture_number(std::string_view max_phone);
// The mobile of fixture guest number `n` (0 <= n < kFixturePhones).
std::string fixture_phone(std::int64_t n);

class DevService {
 public:
  // `outbox` may be null (--dev with Twilio): no SMS to show.
  // `run_due_jobs` is the scheduler's "run what is due now".
  DevService(DevClock& clock, const sms::DevOutbox* outbox, std::function<void()> run_due_jobs,
             store::DirectoryStore& dir, store::CaseStore& cases)
      : clock_(clock), outbox_(outbox), run_due_jobs_(std::move(run_due_jobs)), dir_(dir), cases_(cases) {}

  // Moves the clock forward by `seconds`, runs what fell due, and returns the new time.
  TimeMs advance_clock(std::int64_t seconds);
  // Every SMS the dev outbox sent, oldest first.
  std::vector<sms::DevOutbox::Record> sent_sms() const;
  Result<std::vector<FixtureGuestOut>> load_fixture(const LoadFixtureRequest& req);

 private:
  DevClock& clock_;
  const sms::DevOutbox* outbox_;
  std::function<void()> run_due_jobs_;
  store::DirectoryStore& dir_;
  store::CaseStore& cases_;
};

}  // namespace foxo::relay::services
