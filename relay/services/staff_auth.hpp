// Staff sign-in: Argon2id passwords, failure-only rate limits (10 per email and
// 50 per client address per 15 minutes), one answer for unknown email and wrong
// password.
#pragma once
#include <optional>
#include <string>

#include "foxo/errors.hpp"
#include "foxo/protocol.hpp"
#include "services/audit.hpp"
#include "services/sessions.hpp"
#include "store/directory_store.hpp"

namespace foxo::relay::services {

struct StaffLoginLimits {
  int per_email = 10;
  int per_address = 50;
  TimeMs window = minutes(15);
};

struct StaffLoginResult {
  std::optional<Error> error;
  std::int64_t retry_after_s = 0;  // with rate_limited
  StaffInfo staff;
  std::string token;
};

class StaffAuthService {
 public:
  StaffAuthService(store::DirectoryStore& dir, store::AuthStore& auth, SessionService& sessions, Auditor& audit,
                   const Clock& clock, StaffLoginLimits limits = {})
      : dir_(dir), auth_(auth), sessions_(sessions), audit_(audit), clock_(clock), limits_(limits) {}

  StaffLoginResult login(const StaffLoginRequest& req, std::string_view client_address);
  // The staff member's public view.
  std::optional<StaffInfo> info(std::string_view staff_id);

 private:
  store::DirectoryStore& dir_;
  store::AuthStore& auth_;
  SessionService& sessions_;
  Auditor& audit_;
  const Clock& clock_;
  StaffLoginLimits limits_;
};

StaffInfo to_staff_info(const store::StaffRecord& r);

}  // namespace foxo::relay::services
