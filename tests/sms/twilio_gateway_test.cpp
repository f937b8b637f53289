// TwilioGateway against an in-process fake Twilio: request shape, auth modes,
// error codes Prism cannot produce, the retry policy and the never-twice rule.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include <foxo/validation.hpp>
#include <nlohmann/json.hpp>

#include "fake_twilio.hpp"
#include "sms/twilio_detail.hpp"
#include "sms/twilio_gateway.hpp"

using namespace std::chrono_literals;
using foxo::sms::SendError;
using foxo::sms::Sms;
using foxo::sms::TwilioConfig;
using foxo::sms::TwilioGateway;
using foxo::sms::testing::FakeTwilio;
using foxo::sms::testing::Scripted;
using foxo::sms::testing::twilio_error_json;
using foxo::sms::testing::twilio_message_json;

namespace {

const std::string kAccount = "AC0123456789abcdef0123456789abcdef";
const std::string kPhone = "+61412345678";

std::string base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += {t[v >> 18], t[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
  }
  return out;
}

// Collects what the gateway's injected hooks see.
struct Probe {
  std::vector<std::chrono::milliseconds> sleeps;
  std::vector<std::string> logs;
  double jitter = 1.0;

  TwilioGateway::Hooks hooks() {
    TwilioGateway::Hooks h;
    h.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    h.jitter01 = [this] { return jitter; };
    h.log = [this](std::string_view line) { logs.emplace_back(line); };
    return h;
  }
  std::string all_logs() const {
    std::string s;
    for (const auto& l : logs) s += l + "\n";
    return s;
  }
};

TwilioConfig config_for(const std::string& base_url) {
  TwilioConfig c;
  c.base_url = base_url;
  c.account_sid = kAccount;
  c.auth_token = "test-auth-token";
  c.from_number = "+15005550006";
  c.max_attempts = 4;
  c.base_backoff = 100ms;
  c.max_backoff = 2000ms;
  c.connect_timeout = 1000ms;
  c.read_timeout = 2000ms;
  return c;
}

// No log line may hold the full number or the message body.
void expect_logs_are_clean(const Probe& p, const std::string& body) {
  ASSERT_FALSE(p.logs.empty());
  for (const auto& line : p.logs) {
    EXPECT_EQ(line.find(kPhone), std::string::npos) << line;
    EXPECT_EQ(line.find("61412345678"), std::string::npos) << line;
    if (!body.empty()) {
      EXPECT_EQ(line.find(body), std::string::npos) << line;
    }
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    for (const char* field : {"event", "phone", "http_status", "code", "attempt"}) {
      EXPECT_TRUE(j.contains(field)) << field << " missing in " << line;
    }
    EXPECT_EQ(j["phone"], foxo::mask_phone(kPhone)) << line;
  }
}

}  // namespace

TEST(TwilioGateway, PostsFormWithAuthTokenAndReturnsSid) {
  FakeTwilio fake;
  ASSERT_GT(fake.port(), 0);
  fake.script({{201, twilio_message_json("SM11111111111111111111111111111111", kPhone)}});
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());
  const std::string body = "Your Foxo code is 123456. A+B=C & more \xF0\x9F\x91\x8D";

  auto r = gw.send(Sms{kPhone, body});

  ASSERT_TRUE(r.ok()) << to_string(r.error) << " " << r.detail;
  EXPECT_EQ(r.provider_id, "SM11111111111111111111111111111111");
  EXPECT_EQ(r.http_status, 201);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(probe.sleeps.empty());
  auto got = fake.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].path, "/2010-04-01/Accounts/" + kAccount + "/Messages.json");
  EXPECT_EQ(got[0].content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(got[0].authorization, "Basic " + base64(kAccount + ":test-auth-token"));
  EXPECT_EQ(got[0].get("To"), kPhone);  // '+' survived the form encoding
  EXPECT_EQ(got[0].get("From"), "+15005550006");
  EXPECT_EQ(got[0].get("Body"), body);
  EXPECT_FALSE(got[0].has("MessagingServiceSid"));
  EXPECT_EQ(got[0].form.size(), 3u);
  ASSERT_EQ(probe.logs.size(), 1u);
  auto j = nlohmann::json::parse(probe.logs[0]);
  EXPECT_EQ(j["event"], "sms_sent");
  EXPECT_EQ(j["http_status"], 201);
  EXPECT_EQ(j["attempt"], 1);
  expect_logs_are_clean(probe, "Your Foxo code");
}

TEST(TwilioGateway, ApiKeyAuthAndMessagingService) {
  FakeTwilio fake;
  Probe probe;
  auto cfg = config_for(fake.base_url());
  cfg.auth_token.clear();
  cfg.api_key_sid = "SK0123456789abcdef0123456789abcdef";
  cfg.api_key_secret = "key-secret";
  cfg.from_number.clear();
  cfg.messaging_service_sid = "MG0123456789abcdef0123456789abcdef";
  TwilioGateway gw(cfg, probe.hooks());

  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});

  ASSERT_TRUE(r.ok()) << r.detail;
  auto got = fake.received();
  ASSERT_EQ(got.size(), 1u);
  // The API key authenticates; the account SID still names the account in the path.
  EXPECT_EQ(got[0].authorization, "Basic " + base64(cfg.api_key_sid + ":key-secret"));
  EXPECT_EQ(got[0].path, "/2010-04-01/Accounts/" + kAccount + "/Messages.json");
  EXPECT_EQ(got[0].get("MessagingServiceSid"), cfg.messaging_service_sid);
  EXPECT_FALSE(got[0].has("From"));
  EXPECT_EQ(got[0].get("To"), kPhone);
  EXPECT_EQ(got[0].get("Body"), "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA");
}

TEST(TwilioGateway, BaseUrlPathPrefixIsKept) {
  FakeTwilio fake;
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url() + "/proxy/"), probe.hooks());
  ASSERT_TRUE(gw.send(Sms{kPhone, "\u8C22\u8C22 \U0001F44D\U0001F3FD"}).ok());
  ASSERT_EQ(fake.received().size(), 1u);
  EXPECT_EQ(fake.received()[0].path, "/proxy/2010-04-01/Accounts/" + kAccount + "/Messages.json");
}

TEST(TwilioGateway, InvalidNumber21211IsNotRetried) {
  FakeTwilio fake;
  fake.script({{400, twilio_error_json(400, 21211, "The 'To' number " + kPhone + " is not a valid phone number.")}});
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());

  auto r = gw.send(Sms{kPhone, "Your Foxo code is 123456"});

  EXPECT_EQ(r.error, SendError::invalid_number);
  EXPECT_EQ(r.provider_code, 21211);
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(fake.received().size(), 1u);
  EXPECT_TRUE(probe.sleeps.empty());
  // Twilio's message names the number: the detail keeps it masked.
  EXPECT_EQ(r.detail.find("61412345678"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find(foxo::mask_phone(kPhone)), std::string::npos) << r.detail;
  ASSERT_EQ(probe.logs.size(), 1u);
  auto j = nlohmann::json::parse(probe.logs[0]);
  EXPECT_EQ(j["event"], "sms_failed");
  EXPECT_EQ(j["code"], 21211);
  EXPECT_EQ(j["error"], "invalid_number");
  expect_logs_are_clean(probe, "Your Foxo code");
}

TEST(TwilioGateway, OptedOut21610IsNotRetried) {
  FakeTwilio fake;
  fake.script({{400, twilio_error_json(400, 21610, "Attempt to send to unsubscribed recipient")}});
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());

  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});

  EXPECT_EQ(r.error, SendError::opted_out);
  EXPECT_EQ(r.provider_code, 21610);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(fake.received().size(), 1u);
  EXPECT_TRUE(probe.sleeps.empty());
  expect_logs_are_clean(probe, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA");
}

TEST(TwilioGateway, OtherClientErrorsAreRejectedAndAuthFailuresNamed) {
  FakeTwilio fake;
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());

  fake.script({{400, twilio_error_json(400, 21606, "The From phone number is not a valid, SMS-capable inbound phone number")}});
  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});
  EXPECT_EQ(r.error, SendError::rejected);
  EXPECT_EQ(r.provider_code, 21606);
  EXPECT_EQ(r.attempts, 1);

  fake.script({{401, twilio_error_json(401, 20003, "Authenticate")}});
  r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});
  EXPECT_EQ(r.error, SendError::auth_failed);
  EXPECT_EQ(r.http_status, 401);
  EXPECT_EQ(r.attempts, 1);

  fake.script({{404, "not json at all"}});
  r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});
  EXPECT_EQ(r.error, SendError::rejected);
  EXPECT_EQ(r.provider_code, 0);

  EXPECT_EQ(fake.received().size(), 3u);
  EXPECT_TRUE(probe.sleeps.empty());
}

TEST(TwilioGateway, RateLimitedThenSentHonoursRetryAfter) {
  FakeTwilio fake;
  fake.script({
      {429, twilio_error_json(429, 20429, "Too Many Requests"), {{"Retry-After", "1"}}},
      {201, twilio_message_json("SM22222222222222222222222222222222", kPhone)},
  });
  Probe probe;
  probe.jitter = 0.0;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());

  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});

  ASSERT_TRUE(r.ok()) << r.detail;
  EXPECT_EQ(r.provider_id, "SM22222222222222222222222222222222");
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(fake.received().size(), 2u);
  ASSERT_EQ(probe.sleeps.size(), 1u);
  EXPECT_EQ(probe.sleeps[0], 1000ms);  // Retry-After: 1 beats the 50 ms backoff
  ASSERT_EQ(probe.logs.size(), 2u);
  auto retry = nlohmann::json::parse(probe.logs[0]);
  EXPECT_EQ(retry["event"], "sms_retry");
  EXPECT_EQ(retry["http_status"], 429);
  EXPECT_EQ(retry["attempt"], 1);
  EXPECT_EQ(retry["delay_ms"], 1000);
  EXPECT_EQ(nlohmann::json::parse(probe.logs[1])["attempt"], 2);
  expect_logs_are_clean(probe, "");
}

TEST(TwilioGateway, RetryAfterIsCappedAndBackoffIsJittered) {
  FakeTwilio fake;
  Probe probe;
  auto cfg = config_for(fake.base_url());
  TwilioGateway gw(cfg, probe.hooks());

  // A huge Retry-After is capped by max_backoff.
  fake.script({{429, "{}", {{"Retry-After", "3600"}}}, {201, twilio_message_json("SM1", kPhone)}});
  ASSERT_TRUE(gw.send(Sms{kPhone, "a"}).ok());
  ASSERT_EQ(probe.sleeps.size(), 1u);
  EXPECT_EQ(probe.sleeps[0], cfg.max_backoff);

  // Without Retry-After: equal jitter in [base/2, base].
  probe.sleeps.clear();
  probe.jitter = 0.5;
  fake.script({{429, "{}"}, {201, twilio_message_json("SM2", kPhone)}});
  ASSERT_TRUE(gw.send(Sms{kPhone, "a"}).ok());
  ASSERT_EQ(probe.sleeps.size(), 1u);
  EXPECT_EQ(probe.sleeps[0], 75ms);
}

TEST(TwilioGateway, ServerErrorsExhaustRetriesWithBoundedBackoff) {
  FakeTwilio fake;
  fake.script({{500, twilio_error_json(500, 20500, "Internal Server Error")}});
  Probe probe;
  probe.jitter = 1.0;
  auto cfg = config_for(fake.base_url());
  cfg.max_backoff = 300ms;
  TwilioGateway gw(cfg, probe.hooks());

  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});

  EXPECT_EQ(r.error, SendError::unavailable);
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(r.attempts, 4);
  EXPECT_EQ(fake.received().size(), 4u);
  // 100, 200, then 400 capped to 300.
  ASSERT_EQ(probe.sleeps.size(), 3u);
  EXPECT_EQ(probe.sleeps[0], 100ms);
  EXPECT_EQ(probe.sleeps[1], 200ms);
  EXPECT_EQ(probe.sleeps[2], 300ms);
  EXPECT_NE(r.detail.find("gave up after 4 attempts"), std::string::npos) << r.detail;
  EXPECT_EQ(nlohmann::json::parse(probe.logs.back())["event"], "sms_failed");
  expect_logs_are_clean(probe, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA");
}

TEST(TwilioGateway, ServiceUnavailableThenSent) {
  FakeTwilio fake;
  fake.script({{503, "{}"}, {502, "{}"}, {201, twilio_message_json("SM3", kPhone)}});
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());
  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});
  ASSERT_TRUE(r.ok()) << r.detail;
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(probe.sleeps.size(), 2u);
}

TEST(TwilioGateway, GatewayTimeout504IsUnknownOutcomeNotRetried) {
  FakeTwilio fake;
  fake.script({{504, "<html>gateway timeout</html>"}});
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());
  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});
  EXPECT_EQ(r.error, SendError::unknown_outcome);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(fake.received().size(), 1u);
  EXPECT_TRUE(probe.sleeps.empty());
}

TEST(TwilioGateway, SuccessWithoutSidIsUnknownOutcome) {
  FakeTwilio fake;
  fake.script({{201, "{}"}});
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());
  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});
  EXPECT_EQ(r.error, SendError::unknown_outcome);
  EXPECT_EQ(fake.received().size(), 1u);
}

TEST(TwilioGateway, BodyOver1600CharactersIsRefusedWithoutARequest) {
  FakeTwilio fake;
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());

  auto r = gw.send(Sms{kPhone, std::string(1601, 'x')});

  EXPECT_EQ(r.error, SendError::body_too_long);
  EXPECT_EQ(r.attempts, 0);
  EXPECT_EQ(fake.received().size(), 0u);
  ASSERT_EQ(probe.logs.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(probe.logs[0])["event"], "sms_refused");

  // Characters, not bytes: 1600 characters in 2500 bytes are fine. (Not all
  // emoji: the fake's httplib server refuses form bodies over 8 KB encoded.)
  std::string emoji(1300, 'x');
  for (int i = 0; i < 300; ++i) emoji += "\xF0\x9F\x91\x8D";
  ASSERT_EQ(emoji.size(), 2500u);
  r = gw.send(Sms{kPhone, emoji});
  EXPECT_TRUE(r.ok()) << r.detail;
  ASSERT_EQ(fake.received().size(), 1u);
  EXPECT_EQ(fake.received()[0].get("Body"), emoji);
  EXPECT_EQ(gw.send(Sms{kPhone, emoji + "x"}).error, SendError::body_too_long);
  EXPECT_EQ(fake.received().size(), 1u);
}

// Any script, byte for byte: each UTF-8 byte is percent-encoded on its own
// (application/x-www-form-urlencoded over UTF-8), so Vietnamese, Chinese,
// Arabic and emoji sequences arrive exactly as the relay wrote them.
TEST(TwilioGateway, AnyScriptArrivesByteForByte) {
  FakeTwilio fake;
  fake.script({{201, twilio_message_json("SM22222222222222222222222222222222", kPhone)}});
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());
  const std::string body =
      "Th\u1EA3o Nguy\u1EC5n (decomposed: Nguye\u0302\u0303n) \u8C22\u8C22 \u738B\u82B3 "
      "\u062D\u0633\u0646 \u05E9\u05DC\u05D5\u05DD "
      "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 \U0001F1E6\U0001F1FA \U0001F44D\U0001F3FD "
      "& 100% = +ok";

  auto r = gw.send(Sms{kPhone, body});

  ASSERT_TRUE(r.ok()) << to_string(r.error) << " " << r.detail;
  const auto got = fake.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].get("Body"), body);
  const std::string& raw = got[0].raw_body;
  for (const char c : raw) EXPECT_TRUE(static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F) << raw;
  for (const char* encoded : {
           "Th%E1%BA%A3o",                                       // ả U+1EA3
           "Nguye%CC%82%CC%83n",                                 // e + U+0302 + U+0303
           "%E8%B0%A2%E8%B0%A2",                                 // 谢谢
           "%D8%AD%D8%B3%D9%86",                                 // حسن
           "%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9%E2%80%8D",         // 👨 ZWJ 👩 ZWJ
           "%F0%9F%87%A6%F0%9F%87%BA",                           // 🇦🇺
           "%F0%9F%91%8D%F0%9F%8F%BD",                           // 👍🏽
           "%26%20100%25%20%3D%20%2Bok",                         // the form's own delimiters
       })
    EXPECT_NE(raw.find(encoded), std::string::npos) << encoded << " in " << raw;
  EXPECT_EQ(foxo::sms::detail::form_encode({{"Body", "Th\u1EA3o"}}), "Body=Th%E1%BA%A3o");
}

TEST(TwilioGateway, NonE164RecipientIsRefusedWithoutARequest) {
  FakeTwilio fake;
  Probe probe;
  TwilioGateway gw(config_for(fake.base_url()), probe.hooks());
  for (const char* to : {"0412345678", "", "+0412345678", "+61 412 345 678", "+6141234567890123"}) {
    auto r = gw.send(Sms{to, "hello"});
    EXPECT_EQ(r.error, SendError::invalid_number) << to;
    EXPECT_EQ(r.attempts, 0) << to;
  }
  EXPECT_EQ(fake.received().size(), 0u);
}

TEST(TwilioGateway, ConnectionRefusedIsRetriedThenUnavailable) {
  std::string dead_url;
  {
    FakeTwilio fake;  // take a free port, then stop listening on it
    dead_url = fake.base_url();
  }
  Probe probe;
  probe.jitter = 0.0;
  TwilioGateway gw(config_for(dead_url), probe.hooks());

  auto r = gw.send(Sms{kPhone, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA"});

  EXPECT_EQ(r.error, SendError::unavailable);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_EQ(r.attempts, 4);
  ASSERT_EQ(probe.sleeps.size(), 3u);
  EXPECT_EQ(probe.sleeps[0], 50ms);
  EXPECT_EQ(probe.sleeps[1], 100ms);
  EXPECT_EQ(probe.sleeps[2], 200ms);
  EXPECT_NE(r.detail.find("could not connect"), std::string::npos) << r.detail;
  expect_logs_are_clean(probe, "Xin ch\u00E0o \U0001F44B \u0645\u0631\u062D\u0628\u0627 \U0001F1E6\U0001F1FA");
}

TEST(TwilioGateway, ReadTimeoutAfterRequestIsUnknownOutcomeAndNeverResent) {
  FakeTwilio fake;
  // Twilio got the request but answers after our read timeout: it may well
  // have created the message, so a retry could deliver the SMS twice.
  fake.script({{201, twilio_message_json("SM4", kPhone), {}, 800ms}});
  Probe probe;
  auto cfg = config_for(fake.base_url());
  cfg.read_timeout = 200ms;
  TwilioGateway gw(cfg, probe.hooks());

  const auto start = std::chrono::steady_clock::now();
  auto r = gw.send(Sms{kPhone, "Your Foxo code is 123456"});
  const auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_EQ(r.error, SendError::unknown_outcome) << r.detail;
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(probe.sleeps.empty());
  EXPECT_GE(elapsed, 150ms);
  EXPECT_LT(elapsed, 750ms);  // gave up at the read timeout, did not wait for the answer
  fake.stop();                // let the slow handler finish, then count
  EXPECT_EQ(fake.received().size(), 1u);
  ASSERT_EQ(probe.logs.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(probe.logs[0])["event"], "sms_unknown_outcome");
  expect_logs_are_clean(probe, "Your Foxo code");
}

TEST(TwilioGateway, ConcurrentSendsAreIndependent) {
  FakeTwilio fake;
  TwilioGateway::Hooks hooks;
  hooks.log = [](std::string_view) {};
  TwilioGateway gw(config_for(fake.base_url()), hooks);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 5; ++k) ok += gw.send(Sms{kPhone, "\u8C22\u8C22 \U0001F44D\U0001F3FD"}).ok() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 20);
  EXPECT_EQ(fake.received().size(), 20u);
}
