#include <gtest/gtest.h>

#include <map>

#include "app/config.hpp"

using namespace foxo::relay::app;

namespace {
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
