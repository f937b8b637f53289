// Process-level behaviour: health, page routes, static files, flags, errors.
#include <gtest/gtest.h>

#include <cstdlib>

#include "relay_process.hpp"

using namespace foxo::test;

TEST(System, HealthReportsStoreAndStreams) {
  RelayProcess relay;
  const auto r = relay.get("/api/v1/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["status"], "ok");
  EXPECT_EQ(r.body["store"], relay.store_url().empty() ? "sqlite" : "postgresql");
  EXPECT_TRUE(r.body["dev"].get<bool>());
  EXPECT_GT(r.body["max_streams"].get<int>(), 0);
  EXPECT_TRUE(r.body.contains("uptime_s"));
  EXPECT_FALSE(r.body["version"].get<std::string>().empty());
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

TEST(System, PageRoutesServeTheShellAndWasmHasItsType) {
  RelayProcess relay;
  for (const char* path : {"/", "/t/intake", "/staff", "/r/sometoken"}) {
    const auto r = relay.get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_NE(r.header("Content-Type").find("text/html"), std::string::npos) << path;
    EXPECT_NE(r.raw.find("<canvas"), std::string::npos) << path;
  }
  const auto wasm = relay.get("/foxo_client.wasm");
  ASSERT_EQ(wasm.status, 200);
  EXPECT_EQ(wasm.header("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm.raw.substr(0, 4), std::string("\0asm", 4));
  EXPECT_EQ(relay.get("/foxo_client.js").status, 200);
}

TEST(System, UnknownPathsAndTraversalAre404InContractFormat) {
  RelayProcess relay;
  for (const char* path : {"/api/v1/nope", "/..%2f..%2fetc%2fpasswd", "/nothing.js", "/t/a/b"}) {
    const auto r = relay.get(path);
    EXPECT_EQ(r.status, 404) << path;
  }
  EXPECT_EQ(relay.get("/api/v1/nope").error_code(), "not_found");
}

TEST(System, MalformedJsonIs400AndCrossOriginIs403) {
  RelayProcess relay;
  auto r = relay.post_raw("/api/v1/staff/login", "{", "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_json");
  r = relay.post("/api/v1/staff/login", {{"email", "intake1@demo.test"}, {"password", "demo-password"}}, "",
                 {{"Origin", "https://evil.example"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "bad_origin");
  r = relay.post("/api/v1/staff/login", {{"email", "intake1@demo.test"}, {"password", "demo-password"}}, "",
                 {{"Origin", relay.base_url()}});
  EXPECT_EQ(r.status, 200);
}

// A production relay: Twilio configured (pointing nowhere), no seed, no dev routes.
RelayProcess::Options production_options() {
  RelayProcess::Options o;
  o.dev = false;
  o.extra_args = {"--host", "127.0.0.1", "--public-url", "https://chat.example.org"};
  o.env = {{"FOXO_TWILIO_ACCOUNT_SID", "ACtest"},
           {"FOXO_TWILIO_AUTH_TOKEN", "token"},
           {"FOXO_TWILIO_FROM", "+61400000000"},
           {"FOXO_TWILIO_BASE_URL", "http://127.0.0.1:9"}};
  return o;
}

TEST(System, DevRoutesAndSeedAbsentWithoutDev) {
  RelayProcess relay(production_options());
  EXPECT_FALSE(relay.get("/api/v1/health").body["dev"].get<bool>());
  EXPECT_EQ(relay.get("/api/v1/dev/sms").status, 404);
  EXPECT_EQ(relay.post("/api/v1/dev/clock/advance", {{"seconds", 1}}).status, 404);
  EXPECT_EQ(relay.post("/api/v1/dev/load-fixture", {{"team", "intake"}, {"guests", 1}}).status, 404);
  const auto login = relay.post("/api/v1/staff/login", {{"email", "intake1@demo.test"}, {"password", "demo-password"}});
  EXPECT_EQ(login.status, 401);
}

TEST(System, BadFlagsPrintUsageAndExitNonZero) {
  const std::string bin = relay_binary();
  EXPECT_NE(std::system((bin + " --bogus >/dev/null 2>&1").c_str()), 0);
  EXPECT_NE(std::system((bin + " --dev --port 99999 --data /tmp/x >/dev/null 2>&1").c_str()), 0);
  EXPECT_NE(std::system((bin + " --dev --host 0.0.0.0 --port 0 --data /tmp/x >/dev/null 2>&1").c_str()), 0);
  EXPECT_NE(std::system((bin + " --dev --port 0 >/dev/null 2>&1").c_str()), 0);
  EXPECT_EQ(std::system((bin + " --help >/dev/null 2>&1").c_str()), 0);
}

TEST(System, DurabilityPragmasAreSet) {
  RelayProcess relay;
  const std::string cmd = "sqlite3 " + relay.data_dir() + "/foxo.db 'PRAGMA journal_mode' | grep -qx wal";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}
