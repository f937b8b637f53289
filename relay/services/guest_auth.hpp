// Guest verification by SMS code (docs/API.md "Guest verification"): challenges,
// resends, rate limits, code checks, and the guest session that follows.
//
// Policy decisions (expiry, attempts, cooldown, windows) come from
// shared/otp_policy, and what a request or check does from the pure
// functions of services/otp_decisions.hpp; this service reads and writes
// their counters through OtpStore in one transaction each, so parallel
// requests cannot slip past a limit, and sends the SMS through the injected
// gateway.
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "foxo/errors.hpp"
#include "foxo/otp_policy.hpp"
#include "foxo/protocol.hpp"
#include "services/audit.hpp"
#include "services/otp_decisions.hpp"
#include "services/sessions.hpp"
#include "store/directory_store.hpp"
#include "store/otp_store.hpp"

namespace foxo::sms {
class Gateway;
}

namespace foxo::relay::services {

struct OtpStartResult {
  std::optional<Error> error;
  std::int64_t retry_after_s = 0;  // with rate_limited
  OtpChallenge challenge;          // challenge_id, expires_in, resend_in
};

struct OtpVerifyResult {
  std::optional<Error> error;
  int attempts_left = -1;  // with otp_invalid and otp_locked; -1 otherwise
  Guest guest;
  std::string org_id;
  std::string case_id;  // the challenge's case (resume links), or ""
  std::string token;    // the new session's token
};

class GuestAuthService {
 public:
  GuestAuthService(store::DirectoryStore& dir, store::OtpStore& otp, SessionService& sessions, Auditor& audit,
                   sms::Gateway& gateway, const Clock& clock, OtpPolicy policy = {})
      : dir_(dir), otp_(otp), sessions_(sessions), audit_(audit), gateway_(gateway), clock_(clock), policy_(policy) {}

  // POST /api/v1/guest/otp: the team names the organisation; unknown team: not_found.
  OtpStartResult request_code(const OtpRequest& req, std::string_view client_address);
  // Sends a code for an organisation already known (team entry, resume links).
  OtpStartResult send_code(const OtpStartInput& in);
  // POST /api/v1/guest/otp/verify. `previous_token` (the caller's current
  // guest cookie, may be empty) is revoked on success: a new token every time.
  OtpVerifyResult verify(const VerifyRequest& req, std::string_view previous_token);
  // The guest behind a live session, or nullopt.
  std::optional<Guest> guest(std::string_view guest_id);
  // Returns the session's key (its token's hash), to end its event streams.
  std::string logout(std::string_view token);

  const OtpPolicy& policy() const { return policy_; }
  // The relay's public URL: its host goes into the code SMS's autofill line.
  void set_public_url(std::string_view url);

 private:
  store::DirectoryStore& dir_;
  store::OtpStore& otp_;
  SessionService& sessions_;
  Auditor& audit_;
  sms::Gateway& gateway_;
  const Clock& clock_;
  OtpPolicy policy_;
  std::string sms_host() const;
  mutable std::mutex host_mutex_;
  std::string sms_host_;
};

// The code SMS: the code, the organisation and, when `host` is given, the
// WebOTP line that lets the phone offer the code for autofill:
//   "123456 is your Demo Health code. It expires in 10 minutes.\n\n@chat.example.org #123456"
std::string otp_sms_body(std::string_view org_name, std::string_view code, const OtpPolicy& p,
                         std::string_view host = {});
// The host of a URL, without its port ("https://chat.example.org:8443/x" -> "chat.example.org").
std::string host_of(std::string_view url);

}  // namespace foxo::relay::services
