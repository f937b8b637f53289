// TwilioConfig (variables, validation) and the gateway's pure helpers.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include <foxo/validation.hpp>

#include "sms/twilio_detail.hpp"
#include "sms/twilio_gateway.hpp"

using namespace std::chrono_literals;
using foxo::sms::SendError;
using foxo::sms::TwilioConfig;
namespace detail = foxo::sms::detail;

namespace {

auto lookup(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const std::string kAccount = "AC0123456789abcdef0123456789abcdef";

}  // namespace

TEST(TwilioConfig, NothingSetMeansNotConfigured) {
  std::string error = "stale";
  EXPECT_FALSE(TwilioConfig::from_lookup(lookup({}), &error));
  EXPECT_EQ(error, "");
}

TEST(TwilioConfig, AccountTokenAndFrom) {
  std::string error;
  auto cfg = TwilioConfig::from_lookup(lookup({{"FOXO_TWILIO_ACCOUNT_SID", kAccount},
                                               {"FOXO_TWILIO_AUTH_TOKEN", "tok"},
                                               {"FOXO_TWILIO_FROM", "+15005550006"}}),
                                       &error);
  ASSERT_TRUE(cfg) << error;
  EXPECT_EQ(cfg->base_url, "https://api.twilio.com");
  EXPECT_EQ(cfg->account_sid, kAccount);
  EXPECT_EQ(cfg->auth_token, "tok");
  EXPECT_EQ(cfg->from_number, "+15005550006");
  EXPECT_EQ(cfg->max_attempts, 4);
}

TEST(TwilioConfig, ApiKeyMessagingServiceAndBaseUrl) {
  std::string error;
  auto cfg = TwilioConfig::from_lookup(
      lookup({{"FOXO_TWILIO_ACCOUNT_SID", kAccount},
              {"FOXO_TWILIO_API_KEY_SID", "SKabc"},
              {"FOXO_TWILIO_API_KEY_SECRET", "secret"},
              {"FOXO_TWILIO_MESSAGING_SERVICE_SID", "MGabc"},
              {"FOXO_TWILIO_BASE_URL", "http://127.0.0.1:4010"}}),
      &error);
  ASSERT_TRUE(cfg) << error;
  EXPECT_EQ(cfg->api_key_sid, "SKabc");
  EXPECT_EQ(cfg->api_key_secret, "secret");
  EXPECT_EQ(cfg->messaging_service_sid, "MGabc");
  EXPECT_EQ(cfg->base_url, "http://127.0.0.1:4010");
}

TEST(TwilioConfig, IncompleteOrContradictoryIsAnError) {
  const std::vector<std::map<std::string, std::string>> bad = {
      {{"FOXO_TWILIO_AUTH_TOKEN", "tok"}, {"FOXO_TWILIO_FROM", "+15005550006"}},  // no account
      {{"FOXO_TWILIO_ACCOUNT_SID", kAccount}, {"FOXO_TWILIO_FROM", "+15005550006"}},  // no credentials
      {{"FOXO_TWILIO_ACCOUNT_SID", kAccount}, {"FOXO_TWILIO_AUTH_TOKEN", "tok"}},  // no sender
      {{"FOXO_TWILIO_ACCOUNT_SID", kAccount},
       {"FOXO_TWILIO_AUTH_TOKEN", "tok"},
       {"FOXO_TWILIO_FROM", "+15005550006"},
       {"FOXO_TWILIO_MESSAGING_SERVICE_SID", "MGabc"}},  // two senders
      {{"FOXO_TWILIO_ACCOUNT_SID", kAccount},
       {"FOXO_TWILIO_AUTH_TOKEN", "tok"},
       {"FOXO_TWILIO_API_KEY_SID", "SKabc"},
       {"FOXO_TWILIO_API_KEY_SECRET", "s"},
       {"FOXO_TWILIO_FROM", "+15005550006"}},  // two auth modes
      {{"FOXO_TWILIO_ACCOUNT_SID", kAccount},
       {"FOXO_TWILIO_API_KEY_SID", "SKabc"},
       {"FOXO_TWILIO_FROM", "+15005550006"}},  // key without secret
      {{"FOXO_TWILIO_ACCOUNT_SID", kAccount},
       {"FOXO_TWILIO_AUTH_TOKEN", "tok"},
       {"FOXO_TWILIO_FROM", "+15005550006"},
       {"FOXO_TWILIO_BASE_URL", "ftp://example.org"}},  // bad base URL
  };
  for (const auto& vars : bad) {
    std::string error;
    EXPECT_FALSE(TwilioConfig::from_lookup(lookup(vars), &error)) << vars.size();
    EXPECT_FALSE(error.empty());
  }
}

// The process environment is read by app::Config (tests/relay/config_test.cpp,
// Config.ReadsTheProcessEnvironment), which keeps FOXO_TWILIO_* for from_lookup.
TEST(TwilioConfig, EnvNamesAreTheVariablesFromLookupReads) {
  std::map<std::string, std::string> vars;
  for (const auto name : TwilioConfig::env_names()) vars[std::string(name)] = "";
  EXPECT_EQ(vars.size(), 7u);
  EXPECT_TRUE(vars.count("FOXO_TWILIO_ACCOUNT_SID"));
  EXPECT_TRUE(vars.count("FOXO_TWILIO_BASE_URL"));
}

TEST(TwilioGatewayCtor, InvalidConfigThrows) {
  TwilioConfig cfg;  // nothing set
  EXPECT_THROW(foxo::sms::TwilioGateway gw(cfg), std::invalid_argument);
}

TEST(SmsHelpers, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(foxo::sms::utf8_length(""), 0u);
  EXPECT_EQ(foxo::sms::utf8_length("abc"), 3u);
  EXPECT_EQ(foxo::sms::utf8_length("\xC3\xA9t\xC3\xA9"), 3u);   // été
  EXPECT_EQ(foxo::sms::utf8_length("\xF0\x9F\x91\x8D"), 1u);    // thumbs up
  EXPECT_EQ(foxo::sms::utf8_length("\xE4\xBD\xA0\xE5\xA5\xBD"), 2u);
}

TEST(SmsHelpers, E164Check) {
  EXPECT_TRUE(foxo::sms::looks_like_e164("+61412345678"));
  EXPECT_TRUE(foxo::sms::looks_like_e164("+15005550006"));
  EXPECT_FALSE(foxo::sms::looks_like_e164("61412345678"));
  EXPECT_FALSE(foxo::sms::looks_like_e164("+0412345678"));
  EXPECT_FALSE(foxo::sms::looks_like_e164("+61 412"));
  EXPECT_FALSE(foxo::sms::looks_like_e164("+1234567890123456"));
}

TEST(SmsHelpers, ErrorNames) {
  EXPECT_EQ(to_string(SendError::none), "none");
  EXPECT_EQ(to_string(SendError::invalid_number), "invalid_number");
  EXPECT_EQ(to_string(SendError::opted_out), "opted_out");
  EXPECT_EQ(to_string(SendError::rejected), "rejected");
  EXPECT_EQ(to_string(SendError::auth_failed), "auth_failed");
  EXPECT_EQ(to_string(SendError::unavailable), "unavailable");
  EXPECT_EQ(to_string(SendError::unknown_outcome), "unknown_outcome");
  EXPECT_EQ(to_string(SendError::body_too_long), "body_too_long");
}

TEST(TwilioDetail, FormEncoding) {
  EXPECT_EQ(detail::form_encode({{"To", "+61412345678"}, {"Body", "a b&c=d"}}),
            "To=%2B61412345678&Body=a%20b%26c%3Dd");
  EXPECT_EQ(detail::form_encode({{"Body", "\xC3\xA9"}}), "Body=%C3%A9");
}

TEST(TwilioDetail, BackoffIsExponentialJitteredAndBounded) {
  const auto base = 100ms, max = 1000ms;
  for (int attempt = 1; attempt <= 12; ++attempt) {
    auto d = std::min<std::chrono::milliseconds>(max, base * (1 << std::min(attempt - 1, 10)));
    for (double j : {0.0, 0.25, 0.5, 0.999, 1.0}) {
      auto w = detail::backoff_delay(attempt, base, max, j, std::nullopt);
      EXPECT_GE(w, d / 2) << attempt << " " << j;
      EXPECT_LE(w, d) << attempt << " " << j;
      EXPECT_LE(w, max);
    }
  }
  EXPECT_EQ(detail::backoff_delay(1, base, max, 0.0, 3000ms), max);   // Retry-After capped
  EXPECT_EQ(detail::backoff_delay(1, base, max, 0.0, 700ms), 700ms);  // and honoured
  EXPECT_EQ(detail::backoff_delay(1, base, max, 1.0, 10ms), 100ms);   // never shorter than backoff
  EXPECT_EQ(detail::backoff_delay(1000000, base, max, 1.0, std::nullopt), max);  // no overflow
}

TEST(TwilioDetail, RetryAfter) {
  EXPECT_EQ(detail::parse_retry_after("3"), std::chrono::seconds(3));
  EXPECT_EQ(detail::parse_retry_after(" 120 "), std::chrono::seconds(120));
  EXPECT_FALSE(detail::parse_retry_after(""));
  EXPECT_FALSE(detail::parse_retry_after("-1"));
  EXPECT_FALSE(detail::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
}

TEST(TwilioDetail, HttpClassification) {
  EXPECT_EQ(detail::classify_http(400, 21211).error, SendError::invalid_number);
  EXPECT_EQ(detail::classify_http(400, 21614).error, SendError::invalid_number);
  EXPECT_EQ(detail::classify_http(400, 21610).error, SendError::opted_out);
  EXPECT_EQ(detail::classify_http(400, 21606).error, SendError::rejected);
  EXPECT_EQ(detail::classify_http(401, 20003).error, SendError::auth_failed);
  EXPECT_EQ(detail::classify_http(422, 0).error, SendError::rejected);
  for (int s : {400, 401, 403, 404, 422, 504}) EXPECT_FALSE(detail::classify_http(s, 0).retry) << s;
  for (int s : {429, 500, 502, 503}) {
    EXPECT_TRUE(detail::classify_http(s, 0).retry) << s;
    EXPECT_EQ(detail::classify_http(s, 0).error, SendError::unavailable) << s;
  }
  EXPECT_EQ(detail::classify_http(504, 0).error, SendError::unknown_outcome);
}

TEST(TwilioDetail, TransportClassification) {
  using F = detail::TransportFault;
  using E = httplib::Error;
  EXPECT_EQ(detail::classify_transport(E::Connection), F::not_sent_retry);
  EXPECT_EQ(detail::classify_transport(E::ConnectionTimeout), F::not_sent_retry);
  EXPECT_EQ(detail::classify_transport(E::SSLConnection), F::not_sent_retry);
  EXPECT_EQ(detail::classify_transport(E::SSLServerVerification), F::not_sent_final);
  EXPECT_EQ(detail::classify_transport(E::SSLLoadingCerts), F::not_sent_final);
  EXPECT_EQ(detail::classify_transport(E::Read), F::maybe_sent);
  EXPECT_EQ(detail::classify_transport(E::Write), F::maybe_sent);
  EXPECT_EQ(detail::classify_transport(E::Unknown), F::maybe_sent);
  EXPECT_EQ(detail::classify_transport(E::Canceled), F::maybe_sent);
}

TEST(TwilioDetail, RedactsPhoneNumbersInProviderText) {
  auto s = detail::redact_phones("The 'To' number +61412345678 is not valid; 61412345678 neither. Code 21211.");
  EXPECT_EQ(s.find("61412345678"), std::string::npos) << s;
  EXPECT_NE(s.find(foxo::mask_phone("+61412345678")), std::string::npos) << s;
  EXPECT_NE(s.find("Code 21211."), std::string::npos) << s;  // short numbers stay
  EXPECT_EQ(detail::redact_phones("no numbers + here"), "no numbers + here");
}

TEST(TwilioDetail, BaseUrlSplit) {
  auto a = detail::split_base_url("https://api.twilio.com");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->scheme_host_port, "https://api.twilio.com");
  EXPECT_EQ(a->path_prefix, "");
  auto b = detail::split_base_url("http://127.0.0.1:4010/mock/");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->scheme_host_port, "http://127.0.0.1:4010");
  EXPECT_EQ(b->path_prefix, "/mock");
  EXPECT_FALSE(detail::split_base_url("api.twilio.com"));
  EXPECT_FALSE(detail::split_base_url("ftp://x"));
  EXPECT_FALSE(detail::split_base_url("https:///x"));
  EXPECT_FALSE(detail::split_base_url("https://user@host"));
}
