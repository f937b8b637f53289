// Twilio Programmable Messaging over its REST API (2010-04-01):
//   POST {base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json
//   application/x-www-form-urlencoded To, From | MessagingServiceSid, Body
//   HTTP Basic auth: AccountSid:AuthToken, or ApiKeySid:ApiKeySecret.
// Retry policy and the "never send twice" rule: see twilio_gateway.cpp and
// docs/SMS.md.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sms/gateway.hpp"

namespace foxo::sms {

struct TwilioConfig {
  // Scheme, host, optional port and optional path prefix. Tests point it at a
  // loopback fake or Prism: "http://127.0.0.1:PORT".
  std::string base_url = "https://api.twilio.com";
  std::string account_sid;  // "AC..." (always in the URL)

  // Auth: either account_sid + auth_token, or api_key_sid + api_key_secret.
  std::string auth_token;
  std::string api_key_sid;  // "SK..."
  std::string api_key_secret;

  // Sender: exactly one of these.
  std::string from_number;            // E.164 or alphanumeric sender id
  std::string messaging_service_sid;  // "MG..."

  int max_attempts = 4;  // HTTP requests per SMS at most (1 = no retry)
  std::chrono::milliseconds base_backoff{250};  // before the 2nd attempt (then x2 each time)
  std::chrono::milliseconds max_backoff{5000};  // cap on every wait, Retry-After included
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{10000};  // also used as the write timeout

  // The variables the config is made of: FOXO_TWILIO_ACCOUNT_SID,
  // FOXO_TWILIO_AUTH_TOKEN, FOXO_TWILIO_API_KEY_SID,
  // FOXO_TWILIO_API_KEY_SECRET, FOXO_TWILIO_FROM,
  // FOXO_TWILIO_MESSAGING_SERVICE_SID, FOXO_TWILIO_BASE_URL. The relay's
  // app::Config reads them from the environment at start.
  static const std::vector<std::string_view>& env_names();
  // Makes the config from those variables, looked up with `get` (an empty
  // value counts as unset):
  // - none of them set: nullopt, *error cleared ("Twilio not configured");
  // - set but incomplete or contradictory: nullopt, *error says why;
  // - otherwise the config (validated).
  static std::optional<TwilioConfig> from_lookup(
      const std::function<std::optional<std::string>(std::string_view name)>& get,
      std::string* error);

  // True when the config can send; otherwise *error says what is missing.
  bool validate(std::string* error) const;
};

class TwilioGateway final : public Gateway {
 public:
  struct Hooks {
    // Waits between attempts. Default: std::this_thread::sleep_for.
    std::function<void(std::chrono::milliseconds)> sleep;
    // Uniform in [0, 1), for backoff jitter. Default: a per-thread PRNG.
    std::function<double()> jitter01;
    // Receives one JSON object per line (no newline). Default: stderr.
    std::function<void(std::string_view json_line)> log;
  };

  // Throws std::invalid_argument when config.validate() fails (a start-up
  // error, not an I/O one).
  explicit TwilioGateway(TwilioConfig config, Hooks hooks = {});

  SendResult send(const Sms& sms) override;
  std::string_view name() const override { return "twilio"; }

  const TwilioConfig& config() const { return config_; }

 private:
  TwilioConfig config_;
  Hooks hooks_;
  std::string scheme_host_port_;  // "https://api.twilio.com"
  std::string path_;              // "/2010-04-01/Accounts/AC.../Messages.json" (with any prefix)
};

}  // namespace foxo::sms
