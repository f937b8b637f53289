// app::Config: flags, the FOXO_* environment variables (every one the relay
// reads goes through parse_args or default_store), defaults and refusals.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "app/config.hpp"
#include "sms/twilio_gateway.hpp"

using namespace foxo::relay::app;

namespace {
Getenv lookup(const std::map<std::string, std::string>& env) {
  return [&env](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  };
}
ParseResult parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_args(args, [&env](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}
}  // namespace

TEST(Config, DevDefaults) {
  const auto r = parse({"--dev", "--port", "0", "--data", "/tmp/d"});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->host, "127.0.0.1");
  EXPECT_EQ(r.config->port, 0);
  EXPECT_EQ(r.config->sms, "dev");
  EXPECT_FALSE(r.config->www_dir.empty());
}

TEST(Config, DevRefusesNonLoopback) {
  EXPECT_FALSE(parse({"--dev", "--host", "0.0.0.0", "--data", "/tmp/d"}).config);
  EXPECT_TRUE(parse({"--dev", "--host", "127.0.0.2", "--data", "/tmp/d"}).config);
}

TEST(Config, ProductionNeedsPublicUrlAndRealSms) {
  EXPECT_FALSE(parse({"--data", "/tmp/d"}).config);
  EXPECT_FALSE(parse({"--data", "/tmp/d", "--public-url", "https://x", "--sms", "dev"}).config);
  const auto r = parse({"--data", "/tmp/d", "--public-url", "https://chat.example.org"});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->host, "0.0.0.0");
  EXPECT_EQ(r.config->sms, "twilio");
  EXPECT_FALSE(parse({"--data", "/tmp/d", "--public-url", "chat.example.org"}).config);
}

TEST(Config, BadFlagsExplainThemselves) {
  auto r = parse({"--dev", "--data", "/tmp/d", "--port", "70000"});
  EXPECT_FALSE(r.config);
  EXPECT_NE(r.error.find("--port"), std::string::npos);
  r = parse({"--dev", "--data"});
  EXPECT_NE(r.error.find("--data"), std::string::npos);
  r = parse({"--frobnicate"});
  EXPECT_NE(r.error.find("--frobnicate"), std::string::npos);
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d", "--tls-cert", "c.pem"}).config);
}

TEST(Config, EnvironmentGivesDefaultsFlagsOverride) {
  auto r = parse({"--dev"}, {{"FOXO_DATA", "/tmp/e"}, {"FOXO_PORT", "9000"}});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->data_dir, "/tmp/e");
  EXPECT_EQ(r.config->port, 9000);
  r = parse({"--dev", "--port", "9001"}, {{"FOXO_DATA", "/tmp/e"}, {"FOXO_PORT", "9000"}});
  EXPECT_EQ(r.config->port, 9001);
  EXPECT_FALSE(parse({"--dev"}, {{"FOXO_DATA", "/tmp/e"}, {"FOXO_PORT", "x"}}).config);
}

TEST(Config, AttachmentLimitAndKey) {
  auto r = parse({"--dev", "--data", "/tmp/d"});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->max_attachment_mb, 25);
  EXPECT_EQ(r.config->attachment_key_file, "/tmp/d/attachment.key");
  EXPECT_TRUE(r.config->attachment_key_hex.empty());

  r = parse({"--dev", "--data", "/tmp/d", "--max-attachment-mb", "5", "--attachment-key-file", "/etc/foxo/att.key"});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->max_attachment_mb, 5);
  EXPECT_EQ(r.config->attachment_key_file, "/etc/foxo/att.key");

  r = parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_MAX_ATTACHMENT_MB", "7"}, {"FOXO_ATTACHMENT_KEY_FILE", "/k"}});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->max_attachment_mb, 7);
  EXPECT_EQ(r.config->attachment_key_file, "/k");
  r = parse({"--dev", "--data", "/tmp/d", "--max-attachment-mb", "9"}, {{"FOXO_MAX_ATTACHMENT_MB", "7"}});
  EXPECT_EQ(r.config->max_attachment_mb, 9);

  for (const char* bad : {"0", "101", "x", "-1"}) {
    r = parse({"--dev", "--data", "/tmp/d", "--max-attachment-mb", bad});
    EXPECT_FALSE(r.config) << bad;
    EXPECT_NE(r.error.find("--max-attachment-mb"), std::string::npos) << bad;
  }
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_MAX_ATTACHMENT_MB", "500"}}).config);
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d", "--attachment-key-file"}).config);

  const std::string hex(64, 'a');
  r = parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_ATTACHMENT_KEY", hex}});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->attachment_key_hex, hex);
  // One source for the key, never two that could disagree.
  r = parse({"--dev", "--data", "/tmp/d", "--attachment-key-file", "/k"}, {{"FOXO_ATTACHMENT_KEY", hex}});
  EXPECT_FALSE(r.config);
  EXPECT_NE(r.error.find("FOXO_ATTACHMENT_KEY"), std::string::npos);

  const std::string help = usage();
  EXPECT_NE(help.find("--max-attachment-mb"), std::string::npos);
  EXPECT_NE(help.find("--attachment-key-file"), std::string::npos);
  EXPECT_NE(help.find("FOXO_ATTACHMENT_KEY"), std::string::npos);
}

TEST(Config, StoreIsSqliteByDefaultOrAPostgresqlUrl) {
  const auto sqlite = parse({"--dev", "--data", "/tmp/d"});
  ASSERT_TRUE(sqlite.config) << sqlite.error;
  EXPECT_TRUE(sqlite.config->store.empty());
  const auto flag = parse({"--dev", "--data", "/tmp/d", "--store", "postgresql://foxo@db:5432/foxo"});
  ASSERT_TRUE(flag.config) << flag.error;
  EXPECT_EQ(flag.config->store, "postgresql://foxo@db:5432/foxo");
  const auto env = parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_STORE", "postgres://h/db"}});
  ASSERT_TRUE(env.config) << env.error;
  EXPECT_EQ(env.config->store, "postgres://h/db");
  // The flag wins over the environment.
  EXPECT_EQ(parse({"--dev", "--data", "/tmp/d", "--store", "postgresql://a/b"}, {{"FOXO_STORE", "postgresql://c/d"}})
                .config->store,
            "postgresql://a/b");
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d", "--store", "sqlite:///tmp/x.db"}).config);
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d", "--store"}).config);
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_STORE", "mysql://h/db"}}).config);
}

TEST(Config, AdminCommandsTakeTheStoreFromTheEnvironment) {
  EXPECT_EQ(default_store(lookup({})), "");
  EXPECT_EQ(default_store(lookup({{"FOXO_STORE", "postgresql://foxo@db/foxo"}})), "postgresql://foxo@db/foxo");
  EXPECT_EQ(default_store(lookup({{"FOXO_STORE", ""}})), "");
}

TEST(Config, MaxPendingPerAddressIsDevOnlyAndInRange) {
  const std::vector<std::string> dev{"--dev", "--data", "/tmp/d"};
  EXPECT_EQ(parse(dev).config->max_pending_per_address, 0u);  // the server's default
  EXPECT_EQ(parse(dev, {{"FOXO_MAX_PENDING_PER_ADDRESS", "3"}}).config->max_pending_per_address, 3u);
  EXPECT_EQ(parse(dev, {{"FOXO_MAX_PENDING_PER_ADDRESS", "1"}}).config->max_pending_per_address, 1u);
  EXPECT_EQ(parse(dev, {{"FOXO_MAX_PENDING_PER_ADDRESS", "100000"}}).config->max_pending_per_address, 100000u);
  EXPECT_EQ(parse(dev, {{"FOXO_MAX_PENDING_PER_ADDRESS", "12x"}}).config->max_pending_per_address, 12u);  // strtol
  // Out of range or not a number: ignored, never a refusal to start.
  for (const char* bad : {"0", "100001", "-5", "many", ""}) {
    const auto r = parse(dev, {{"FOXO_MAX_PENDING_PER_ADDRESS", bad}});
    ASSERT_TRUE(r.config) << bad;
    EXPECT_EQ(r.config->max_pending_per_address, 0u) << bad;
  }
  // Production never lowers its limits from the environment.
  const auto prod = parse({"--data", "/tmp/d", "--public-url", "https://chat.example.org"},
                          {{"FOXO_MAX_PENDING_PER_ADDRESS", "3"}});
  ASSERT_TRUE(prod.config) << prod.error;
  EXPECT_EQ(prod.config->max_pending_per_address, 0u);
}

TEST(Config, SseKeepaliveIsDevOnlyAndInRange) {
  const std::vector<std::string> dev{"--dev", "--data", "/tmp/d"};
  EXPECT_EQ(parse(dev).config->sse_keepalive_ms, 15000);
  EXPECT_EQ(parse(dev, {{"FOXO_SSE_KEEPALIVE_MS", "200"}}).config->sse_keepalive_ms, 200);
  EXPECT_EQ(parse(dev, {{"FOXO_SSE_KEEPALIVE_MS", "10"}}).config->sse_keepalive_ms, 10);
  EXPECT_EQ(parse(dev, {{"FOXO_SSE_KEEPALIVE_MS", "20000"}}).config->sse_keepalive_ms, 20000);
  for (const char* bad : {"9", "20001", "-1", "soon", ""}) {
    const auto r = parse(dev, {{"FOXO_SSE_KEEPALIVE_MS", bad}});
    ASSERT_TRUE(r.config) << bad;
    EXPECT_EQ(r.config->sse_keepalive_ms, 15000) << bad;
  }
  const auto prod = parse({"--data", "/tmp/d", "--public-url", "https://chat.example.org"},
                          {{"FOXO_SSE_KEEPALIVE_MS", "200"}});
  ASSERT_TRUE(prod.config) << prod.error;
  EXPECT_EQ(prod.config->sse_keepalive_ms, 15000);
}

TEST(Config, TwilioVariablesAreKeptForTheGateway) {
  const std::string account = "AC0123456789abcdef0123456789abcdef";
  const auto r = parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_TWILIO_ACCOUNT_SID", account},
                                                       {"FOXO_TWILIO_AUTH_TOKEN", "tok"},
                                                       {"FOXO_TWILIO_FROM", "+15005550006"},
                                                       {"FOXO_OTHER", "x"}});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->twilio_env.size(), 3u);
  EXPECT_EQ(r.config->twilio_env.at("FOXO_TWILIO_ACCOUNT_SID"), account);
  // Only checked when Twilio is used: a bad value does not stop a dev relay.
  const auto bad = parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_TWILIO_ACCOUNT_SID", "nope"}});
  ASSERT_TRUE(bad.config) << bad.error;
  EXPECT_EQ(bad.config->twilio_env.at("FOXO_TWILIO_ACCOUNT_SID"), "nope");
}

// Was TwilioConfig.FromEnvReadsTheProcessEnvironment (tests/sms) before the
// environment was read by Config only.
TEST(Config, ReadsTheProcessEnvironment) {
  const std::string account = "AC0123456789abcdef0123456789abcdef";
  ::setenv("FOXO_TWILIO_ACCOUNT_SID", account.c_str(), 1);
  ::setenv("FOXO_TWILIO_AUTH_TOKEN", "tok", 1);
  ::setenv("FOXO_TWILIO_FROM", "+15005550006", 1);
  ::setenv("FOXO_STORE", "postgresql://env/db", 1);
  const auto r = parse_args({"--dev", "--data", "/tmp/d"});
  const std::string store = default_store();
  ::unsetenv("FOXO_TWILIO_ACCOUNT_SID");
  ::unsetenv("FOXO_TWILIO_AUTH_TOKEN");
  ::unsetenv("FOXO_TWILIO_FROM");
  ::unsetenv("FOXO_STORE");
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->store, "postgresql://env/db");
  EXPECT_EQ(store, "postgresql://env/db");
  std::string error;
  const auto cfg = foxo::sms::TwilioConfig::from_lookup(
      [&r](std::string_view name) -> std::optional<std::string> {
        const auto it = r.config->twilio_env.find(std::string(name));
        if (it == r.config->twilio_env.end()) return std::nullopt;
        return it->second;
      },
      &error);
  ASSERT_TRUE(cfg) << error;
  EXPECT_EQ(cfg->account_sid, account);
}
