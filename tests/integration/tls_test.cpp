// HTTPS served by the relay itself: TLS 1.2+ only, HSTS, Secure cookies.
// The protocol checks use the openssl command line client, as a peer
// independent of the relay's own TLS code.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "relay_process.hpp"

using namespace foxo::test;

namespace {

struct Cert {
  std::string dir, cert, key;
  Cert() {
    char t[] = "/tmp/foxo-tls-XXXXXX";
    dir = mkdtemp(t);
    cert = dir + "/cert.pem";
    key = dir + "/key.pem";
    const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "
                            "/CN=127.0.0.1 -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl req failed");
  }
  ~Cert() { std::filesystem::remove_all(dir); }
};

// Runs s_client with extra flags; true when the handshake completed. (s_client
// prints a "Protocol" line even after a failed handshake; the "New, ..."
// line names a cipher only when one was agreed.)
bool handshake(int port, const std::string& flags) {
  const std::string cmd = "echo | timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " " +
                          flags + " 2>&1 | grep -qE '^New, TLSv1\\.[23], Cipher is [A-Z]'";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

TEST(Tls, ServesHttpsWithHstsAndSecureCookies) {
  Cert c;
  RelayProcess relay(RelayProcess::Options{true, {"--tls-cert", c.cert, "--tls-key", c.key}, "", {}});
  EXPECT_EQ(relay.base_url().rfind("https://", 0), 0u);
  const auto health = relay.get("/api/v1/health");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.header("Strict-Transport-Security"), "max-age=31536000");
  const auto login = relay.post("/api/v1/staff/login", {{"email", "intake1@demo.test"}, {"password", "demo-password"}});
  ASSERT_EQ(login.status, 200);
  const std::string cookie = login.header("Set-Cookie");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
}

TEST(Tls, RefusesOldProtocolsAndWeakCiphers) {
  Cert c;
  RelayProcess relay(RelayProcess::Options{true, {"--tls-cert", c.cert, "--tls-key", c.key}, "", {}});
  EXPECT_TRUE(handshake(relay.port(), "-tls1_3"));
  EXPECT_TRUE(handshake(relay.port(), "-tls1_2"));
  // SECLEVEL=0 lets the client offer what it otherwise would not, so a
  // failure here is the relay's refusal.
  EXPECT_FALSE(handshake(relay.port(), "-tls1_1 -cipher DEFAULT@SECLEVEL=0"));
  EXPECT_FALSE(handshake(relay.port(), "-tls1 -cipher DEFAULT@SECLEVEL=0"));
  EXPECT_FALSE(handshake(relay.port(), "-tls1_2 -cipher AES128-SHA:@SECLEVEL=0"));  // no forward secrecy, CBC
  // Plain HTTP on the TLS port gets nowhere.
  httplib::Client plain("127.0.0.1", relay.port());
  const auto r = plain.Get("/api/v1/health");
  EXPECT_TRUE(!r || r->status != 200);
}

TEST(Tls, UnusableCertificateStopsTheStartWithAMessage) {
  Cert c;
  const std::string out = c.dir + "/out.txt";
  const std::string cmd = relay_binary() + " --dev --port 0 --data " + c.dir + "/data --tls-cert " + c.key +
                          " --tls-key " + c.cert + " >" + out + " 2>&1";
  EXPECT_NE(std::system(cmd.c_str()), 0);
  std::FILE* f = std::fopen(out.c_str(), "r");
  ASSERT_TRUE(f);
  std::string text(64 * 1024, '\0');  // all of it: log lines come first (more without a built web root)
  text.resize(std::fread(text.data(), 1, text.size(), f));
  std::fclose(f);
  EXPECT_NE(text.find("--tls-cert"), std::string::npos) << text;
}
