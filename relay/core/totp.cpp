#include "core/totp.hpp"

#include <liboath/oath.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include <httplib.h>

namespace foxo::relay::totp {
namespace {

void init_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath failed to initialise");
  });
}

bool six_digits(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kDigits)) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string base32(std::string_view secret) {
  init_once();
  char* out = nullptr;
  std::size_t n = 0;
  if (oath_base32_encode(secret.data(), secret.size(), &out, &n) != OATH_OK)
    throw std::runtime_error("liboath could not encode the secret");
  std::string s(out, n);
  std::free(out);
  while (!s.empty() && s.back() == '=') s.pop_back();  // apps want it unpadded
  return s;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret) {
  const std::string i = httplib::detail::encode_query_param(std::string(issuer));
  const std::string a = httplib::detail::encode_query_param(std::string(account));
  return "otpauth://totp/" + i + ":" + a + "?secret=" + base32(secret) + "&issuer=" + i +
         "&algorithm=SHA1&digits=" + std::to_string(kDigits) + "&period=" + std::to_string(kStepSeconds);
}

std::string code_at(std::string_view secret, std::int64_t unix_seconds) {
  init_once();
  char out[kDigits + 1] = {};
  if (oath_totp_generate2(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kStepSeconds, 0, kDigits,
                          0, out) != OATH_OK)
    throw std::runtime_error("liboath could not compute a code");
  return std::string(out, kDigits);
}

std::optional<std::int64_t> accept(std::string_view secret, std::string_view code, std::int64_t unix_seconds,
                                   std::int64_t last_used_step) {
  if (!six_digits(code)) return std::nullopt;
  init_once();
  const std::string otp(code);
  int position = 0;
  std::uint64_t step = 0;
  const int rc = oath_totp_validate3(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kStepSeconds, 0,
                                     kDriftSteps, &position, &step, otp.c_str());
  if (rc < 0) return std::nullopt;  // OATH_INVALID_OTP or an error
  if (static_cast<std::int64_t>(step) <= last_used_step) return std::nullopt;
  return static_cast<std::int64_t>(step);
}

}  // namespace foxo::relay::totp
