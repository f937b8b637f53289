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
