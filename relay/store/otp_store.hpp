// One-time code challenges and the send counters behind their rate limits.
// Only a hash of each code is stored; counters are rows (otp_sends), so a
// restart never resets a limit.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/time.hpp"

namespace foxo::relay::store {

struct OtpChallengeRecord {
  std::string id;
  std::string org_id, team_id;
  std::string phone;  // E.164
  std::string first_name, last_name;
  std::string code_hash;  // bound to the challenge id; never the code itself
  TimeMs code_issued_at = 0;  // also the challenge's last send
  int wrong_attempts = 0;
  bool used = false;
  std::string case_id;  // set when the challenge came from a resume link
  TimeMs created_at = 0;
};

// What the relay knows about recent sends, read in the same transaction that
// records a new one.
struct OtpSendCounters {
  std::vector<TimeMs> number_sends;   // sends to the number since the window start
  std::vector<TimeMs> address_sends;  // sends asked from the address since the window start
  std::optional<OtpChallengeRecord> challenge;  // the challenge being resent, if any
};

// The verdict of a send decision: nothing, or record a send and write this
// challenge (a new one, or the resent one with its new code hash).
struct OtpSendWrite {
  bool allowed = false;
  OtpChallengeRecord challenge;
  bool is_new = true;
};

enum class OtpCheck { none, wrong_attempt, consume };

class OtpStore {
 public:
  virtual ~OtpStore() = default;

  // In one transaction: reads the counters (sends to `phone` after
  // `number_since`, from `address` after `address_since`, and the challenge
  // `resend_id` when not empty), asks `decide`, and when it allows, records
  // the send and writes the challenge. Returns the verdict and the id of the
  // send row (0 when refused), so a failed delivery can be taken back.
  struct SendOutcome {
    OtpSendWrite write;
    std::int64_t send_id = 0;
    std::optional<OtpChallengeRecord> before;  // the resent challenge as it was
  };
  virtual SendOutcome record_send(std::string_view phone, std::string_view address, TimeMs number_since,
                                  TimeMs address_since, std::string_view resend_id, TimeMs now,
                                  const std::function<OtpSendWrite(const OtpSendCounters&)>& decide) = 0;

  // Takes back a send whose SMS never left: deletes its counter row, and
  // deletes a new challenge or restores a resent one to `restore`.
  virtual void cancel_send(std::int64_t send_id, const OtpSendWrite& write,
                           const std::optional<OtpChallengeRecord>& restore) = 0;

  // In one transaction (so parallel guesses cannot exceed the limit): reads
  // the challenge, asks `check`, applies its verdict (one more wrong attempt,
  // or used). Returns the challenge as it is afterwards; nullopt if unknown.
  virtual std::optional<OtpChallengeRecord> check_challenge(
      std::string_view id, const std::function<OtpCheck(const OtpChallengeRecord&)>& check) = 0;
};

}  // namespace foxo::relay::store
