// One-time code policy as decisions over explicit times and counters.
// The relay persists the counters and passes them in; nothing here reads a
// clock or draws randomness.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "foxo/errors.hpp"
#include "foxo/time.hpp"

namespace foxo {

struct OtpPolicy {
  int digits = 6;
  TimeMs code_ttl = minutes(10);
  int max_wrong_attempts = 5;
  TimeMs resend_cooldown = seconds(30);
  int max_sends_per_number = 5;
  TimeMs number_window = hours(1);
  int max_sends_per_address = 30;
  TimeMs address_window = minutes(10);
};

// What the relay knows about earlier sends when a new code is asked for.
struct SendHistory {
  std::vector<TimeMs> number_sends;   // sends to this number (any challenge), any order
  std::vector<TimeMs> address_sends;  // sends asked from this client address
  // The newest send to this number (0: none). The 30 s cooldown is per number,
  // across challenges, so starting a new challenge does not skip it.
  TimeMs last_send_for_challenge = 0;
};

struct SendDecision {
  bool allowed = false;
  ErrorCode error = ErrorCode::rate_limited;
  TimeMs retry_at = 0;  // when refused: the earliest time a send would be allowed
};

SendDecision decide_send(const OtpPolicy& p, const SendHistory& h, TimeMs now);

// A challenge as stored: a code hash is kept elsewhere; here only the counters.
struct ChallengeState {
  TimeMs code_issued_at = 0;
  int wrong_attempts = 0;
  bool used = false;
};

enum class VerifyOutcome { check_code, expired, locked, used };
// Decides, before comparing the code, whether a verification may be tried.
VerifyOutcome decide_verify(const OtpPolicy& p, const ChallengeState& c, TimeMs now);

// After a wrong code: the attempts left (0 means the challenge is now locked).
int attempts_left_after_wrong(const OtpPolicy& p, const ChallengeState& c_after_increment);

// Makes a `digits`-long decimal code from random bytes without modulo bias
// (rejection sampling over 4-byte words). Needs at least 4 * 8 bytes; returns
// an empty string if every word was rejected (astronomically unlikely).
std::string code_from_random(const OtpPolicy& p, const std::uint8_t* bytes, std::size_t n);
constexpr std::size_t kOtpRandomBytes = 32;

}  // namespace foxo
