// Sessions and staff sign-in failure counters.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace foxo::relay::store {

class AuthStore {
 public:
  virtual ~AuthStore() = default;
  virtual void create_session(const SessionRecord& s) = 0;
  virtual std::optional<SessionRecord> find_session(std::string_view token_hash) = 0;
  virtual void touch_session(std::string_view token_hash, TimeMs now) = 0;
  // `reason`: why (recorded with it, so that a stream on another relay ends
  // with the right words: services/sessions.hpp, SessionEnd).
  virtual void revoke_session(std::string_view token_hash, std::string_view reason) = 0;
  // The sessions among `token_hashes` that exist (any order; unknown ones are left out).
  virtual std::vector<SessionRecord> find_sessions(const std::vector<std::string>& token_hashes) = 0;

  virtual void record_login_failure(std::string_view email, std::string_view address, TimeMs at) = 0;
  // Failures since `since`, for this email and for this address.
  virtual std::int64_t login_failures_for_email(std::string_view email, TimeMs since) = 0;
  virtual std::int64_t login_failures_for_address(std::string_view address, TimeMs since) = 0;
  // Earliest failure at or after `since` (to say when the window frees up).
  virtual std::optional<TimeMs> oldest_login_failure_for_email(std::string_view email, TimeMs since) = 0;
  virtual std::optional<TimeMs> oldest_login_failure_for_address(std::string_view address, TimeMs since) = 0;
};

}  // namespace foxo::relay::store
